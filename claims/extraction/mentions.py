"""Who a sentence mentions, from the parse: people's names, the roles written beside them, the
gender their titles show, and which of them is the sentence's subject.

The speaker tracker feeds every sentence through here, so a pronoun or a role noun later in the
article resolves against what the parse showed ("Wikileaks co-founder Julian Assange" makes
"the Wikileaks founder" Assange; "Assange was accused ..." makes him the person a following
"He denied ..." is about), not against whoever was named last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lexicon import _FEMALE_TITLES, _MALE_TITLES, _TITLES

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_SUBJECT_DEPS = frozenset(("nsubj", "nsubjpass"))
# Words that may sit between a role and the name it describes: "Wikileaks co-founder Julian
# Assange", "Deputy Director of Public Prosecution Eva-Marie Persson" stops at "of".
_ROLE_POS = frozenset(("NOUN", "PROPN", "ADJ"))
_MAX_ROLE_WORDS = 5


def _title_word(tok: Token) -> str:
    return tok.lower_.rstrip(".")


def person_names(span: Span) -> list[tuple[str, Span, str | None]]:
    """(name, entity, gender) of each person the span names in full or by surname.

    Leading titles ("Ms", "Deputy Director") are not part of the name; "Ms"/"Mr" before or
    inside the entity give the gender ("f"/"m"), else None.
    """
    out: list[tuple[str, Span, str | None]] = []
    for ent in span.ents:
        if ent.label_ != "PERSON":
            continue
        a, b = ent.start, ent.end
        doc = ent.doc
        gender = None
        before = doc[a - 1] if a > 0 else None
        # Titles and role nouns the entity took in ("Ms", "Farmer Elias Brandt") are not the name.
        while a < b and (_title_word(doc[a]) in _TITLES or doc[a].pos_ in ("PUNCT", "NOUN", "DET")):
            gender = gender or _gender_of(doc[a])
            a += 1
        while b > a and (doc[b - 1].lower_ in ("'s", "’s") or doc[b - 1].pos_ == "PUNCT"):
            b -= 1
        if a >= b or not all(t.pos_ == "PROPN" or t.text == "-" for t in doc[a:b]):
            continue
        if gender is None and before is not None:
            gender = _gender_of(before)
        out.append((doc[a:b].text, ent, gender))
    return out


def _gender_of(tok: Token) -> str | None:
    w = tok.lower_
    if w in _FEMALE_TITLES:
        return "f"
    if w in _MALE_TITLES:
        return "m"
    return None


def roles(ent: Span) -> set[str]:
    """Role nouns written beside a named person, lower-cased lemmas with their proper-noun
    modifiers: "Wikileaks co-founder Julian Assange" -> {founder, co, wikileaks};
    "Jane Doe, head of the fleet," -> {head}; "the minister, Ann Lee," -> {minister}."""
    doc = ent.doc
    out: set[str] = set()
    i = ent.start - 1
    n = 0
    while i >= 0 and n < _MAX_ROLE_WORDS and (doc[i].pos_ in _ROLE_POS or doc[i].text == "-"):
        if doc[i].ent_type_ == "PERSON":
            break
        if doc[i].pos_ in ("NOUN", "PROPN"):
            out.add(doc[i].lemma_.lower())
        i -= 1
        n += 1
    root = ent.root
    for c in root.children:
        if c.dep_ == "appos" and c.pos_ == "NOUN":
            out.add(c.lemma_.lower())
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        out.add(root.head.lemma_.lower())
    return out


_MALE_PRONOUNS = frozenset(("he", "him", "his", "himself"))
_FEMALE_PRONOUNS = frozenset(("she", "her", "hers", "herself"))
_QUOTES = frozenset('"“”«»')


def pronoun_gender(span: Span, after: int) -> str | None:
    """ "Kile said her office would appeal": the gender of the third-person singular pronouns
    after token ``after``, outside quotations, when they all agree (else None)."""
    found: set[str] = set()
    quoted = False
    for tok in span:
        if tok.text in _QUOTES:
            quoted = not quoted
            continue
        if quoted or tok.i <= after:
            continue
        if tok.lower_ in _MALE_PRONOUNS:
            found.add("m")
        elif tok.lower_ in _FEMALE_PRONOUNS:
            found.add("f")
    return found.pop() if len(found) == 1 else None


def subjects(span: Span) -> list[Token]:
    """Subjects of the span's main verbs (the root and the verbs coordinated with it) that are
    names: the people and bodies the sentence is about."""
    out = []
    for tok in span:
        if tok.dep_ not in _SUBJECT_DEPS or tok.pos_ != "PROPN":
            continue
        verb = tok.head
        if verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT"):
            out.append(tok)
    return out


def role_noun(head: Token) -> tuple[str, set[str]] | None:
    """ "the Wikileaks founder": (founder, {wikileaks}) for a definite common-noun speaker.

    Only "the" marks a person already introduced; "a founder" is someone new.
    """
    if head.pos_ != "NOUN":
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None
    mods = {c.lower_ for c in head.children if c.dep_ == "compound" and c.pos_ == "PROPN"}
    return head.lemma_.lower(), mods


def same_sentence_antecedent(pron: Token) -> Token | None:
    """ "Though the Chinese CDC has said ..., it has also acknowledged ...": the subject of a
    clause bound to the pronoun's verb (subordinate or coordinated), before the pronoun, that
    agrees with it (he/she a person; it/they not)."""
    verb = pron.head
    related = [c for c in verb.children if c.dep_ in ("advcl", "conj") and c.i < pron.i]
    if verb.dep_ == "conj" and verb.head.i < pron.i:
        related.append(verb.head)
    person = pron.lower_ in ("he", "she")
    for v in related:
        for c in v.children:
            if c.dep_ not in _SUBJECT_DEPS or c.pos_ not in ("PROPN", "NOUN"):
                continue
            is_person = c.ent_type_ == "PERSON"
            if person == is_person:
                return c
    return None
