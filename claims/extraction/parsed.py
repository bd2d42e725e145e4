"""What the dependency parse says about a claim: who reports it, and of what kind the speaker is.

The engine's spans come from its own segmenter; the parse is one ``Doc`` per paragraph-sized
piece. ``ParsedText.tokens(a, b)`` gives the parsed tokens inside a span, and the functions
here read relations, not word order:

* the speaker is the subject (``nsubj``/``nsubjpass``) of a reporting verb that governs a
  clause or an object ("X said ...", "..., X said", "said X", "X told reporters ...",
  "X was quoted as saying"), the object of "according to", or, for a participle
  ("..., saying ...") with no subject, the subject of the verb it hangs from;
* the noun phrase is the subject's head with its compounds, flat name parts, determiner,
  possessor and "of/for/at" complement, never its appositive or relative clause, so
  "Admiral Jane Doe, head of the fleet, told ..." gives "Admiral Jane Doe";
* a time phrase, a number or a clause is never a speaker.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from . import rules
from .lexicon import _TITLES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Lemmas of verbs that report what someone said, wrote, found or expects.
REPORTING_LEMMAS = _set(
    """
    say tell add claim reveal cite urge comment expect pledge state announce report note warn
    argue explain insist stress emphasise emphasize predict estimate confirm deny acknowledge
    admit suggest write assure contend maintain allege testify declare indicate conclude
    project forecast promise vow assert recall tweet post respond reply mention disclose
    anticipate caution complain believe think show find argue quote describe concede see
    rule
    """
)
# "Home Depot sees sales growth of 1.8 percent": present-tense "see" with an economic measure
# as its object is a forecast (guidance); "the company saw a rise" is an event.
FORECAST_OBJECTS = _set(
    "growth sales revenue revenues earnings profit profits loss losses decline declines "
    "increase increases rise fall demand inflation margin margins income deficit surplus"
)
# Verbs whose subject is the source only when they govern a clause ("researchers think
# that ..."), not with a plain object ("she thinks the world of him", "it shows a cat").
_CLAUSE_ONLY = _set(
    "think believe show find describe mention post add admit deny quote report respond reply"
)
_FRAMING_MARKS = _set("after before when since because until once though although if unless")
_CLAUSE_DEPS = _set("ccomp xcomp parataxis advcl")
_SUBJECT_DEPS = _set("nsubj nsubjpass")
_NP_LEFT = _set("compound flat det poss amod nmod case nummod quantmod")
_NP_RIGHT = _set("compound flat case")
_OF_PREPS = _set("of for at from with by")
_NOT_SPEAKER_ENTS = _set("DATE TIME CARDINAL ORDINAL PERCENT MONEY QUANTITY")
_RELATIVE = _set("who that which")
_PERSON_ENTS = _set("PERSON")
_ORG_ENTS = _set("ORG GPE NORP FAC")
DOCUMENT_NOUNS = _set(
    "review report study statement filing survey document release analysis poll memo letter "
    "website paper review complaint indictment lawsuit ruling audit journal article"
)
# Common nouns for one person ("the doctor said"): a person, not an organisation, as author.
PERSON_NOUNS = _set(
    "doctor nurse teacher farmer resident witness reporter lawyer scientist researcher expert "
    "worker owner victim mother father woman man student pilot driver neighbour neighbor"
)
DATA_NOUNS = _set("data figures statistics records estimates numbers census count tally")


class ParsedText:
    """The parsed pieces of one text: ``starts[i]`` is where ``docs[i]`` begins."""

    __slots__ = ("docs", "starts")

    def __init__(self, starts: list[int], docs: list[Doc]) -> None:
        self.starts = starts
        self.docs = docs

    def offset(self, a: int) -> int:
        """Where the piece holding character ``a`` starts (token ``idx`` is relative to it)."""
        i = bisect_right(self.starts, a) - 1
        return self.starts[i] if i >= 0 else 0

    def span(self, a: int, b: int) -> Span | None:
        """The parsed tokens inside characters [a, b) as a ``Span`` (None when none)."""
        i = bisect_right(self.starts, a) - 1
        if i < 0:
            return None
        off = self.starts[i]
        return self.docs[i].char_span(a - off, b - off, alignment_mode="contract")

    def tokens(self, a: int, b: int) -> list[Token]:
        span = self.span(a, b)
        return list(span) if span is not None else []


def _np_bounds(head: Token) -> tuple[int, int]:
    """Token index range [lo, hi] of the speaker noun phrase around ``head``."""
    lo = hi = head.i
    for c in head.lefts:
        if c.dep_ in _NP_LEFT and c.lower_ not in _PRECONJ:
            lo = min(lo, c.left_edge.i)
    for c in head.rights:
        if c.i != hi + 1:
            break
        if c.dep_ == "cc" and rules.on("speaker.coordinated"):
            # "Both Acme and Zenith said": the speakers are both names, never "Both Acme"
            conj = next((g for g in head.rights if g.dep_ == "conj" and g.i > c.i), None)
            if conj is None or conj.pos_ not in ("PROPN", "NOUN"):
                break
            hi = conj.right_edge.i
            break
        if c.dep_ in _NP_RIGHT:
            hi = c.right_edge.i
        elif c.dep_ == "prep" and _names_a_body(head, c):
            hi = c.right_edge.i  # "a spokeswoman for the ministry", "Wee of the Times"
            break
        else:
            break
    return lo, hi


_PRECONJ = _set("both either neither")


def _names_a_body(head: Token, prep: Token) -> bool:
    """The prepositional phrase is part of the name or says whom the speaker speaks for.

    A proper name keeps any preposition with a proper object ("National Institute on Drug
    Abuse"); a common noun keeps "for/at/from/by" ("a spokeswoman for the ministry") and "of"
    only with a proper object ("Wee of the Times", not "a review of football finance").
    """
    objs = [g for g in prep.children if g.dep_ == "pobj"]
    if not objs:
        return False
    proper = objs[0].pos_ == "PROPN"
    if head.pos_ == "PROPN":
        return proper
    if prep.lower_ == "of":
        return proper
    return prep.lower_ in _OF_PREPS and objs[0].pos_ in ("PROPN", "NOUN")


def _publisher(head: Token) -> Token:
    """ "The report, published by the Institute for Fiscal Studies, said": the publisher.

    A document's named owner speaks for it too: "Deloitte's annual review" -> Deloitte.
    """
    if head.lemma_.lower() in DOCUMENT_NOUNS or head.lemma_.lower() in DATA_NOUNS:
        for c in head.children:
            if c.dep_ == "poss" and c.pos_ == "PROPN":
                return c
        for c in head.children:
            if c.dep_ == "acl":
                for g in c.children:
                    if g.dep_ == "agent":
                        for o in g.children:
                            if o.dep_ == "pobj" and o.pos_ in ("PROPN", "NOUN"):
                                return o
    return head


def _speaker_head(tok: Token) -> Token | None:
    if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl":
        tok = tok.head.head  # "..., said Ann Lee, who added that ...": the noun it describes
    if tok.pos_ not in ("NOUN", "PROPN", "PRON") or tok.ent_type_ in _NOT_SPEAKER_ENTS:
        return None
    if tok.pos_ == "PRON" and tok.lower_ not in ("he", "she", "they", "it", "we"):
        return None
    if tok.lower_ in ("it", "we") and tok.dep_ != "nsubj":
        return None
    return tok


def _reporting_subject(verb: Token) -> Token | None:
    lemma = verb.lemma_.lower()
    if lemma not in REPORTING_LEMMAS or verb.pos_ not in ("VERB", "AUX"):
        return None
    if (
        verb.dep_ == "advcl"
        and rules.on("speaker.subordinate_report")
        and any(c.dep_ == "mark" and c.lower_ in _FRAMING_MARKS for c in verb.children)
    ):
        # "Prices fell after sources said the deal was off": a report inside a time or cause
        # clause dates the main clause; it does not attribute it.
        return None
    deps = {c.dep_ for c in verb.children}
    if lemma == "see" and (
        not rules.on("speaker.forecast_see")
        or verb.tag_ not in ("VBZ", "VBP")
        or not any(c.dep_ == "dobj" and c.lemma_.lower() in FORECAST_OBJECTS for c in verb.children)
    ):
        return None
    governs_clause = not _CLAUSE_DEPS.isdisjoint(deps) or verb.dep_ == "parataxis"
    if lemma == "quote" and rules.on("speaker.quoted_as_saying"):
        # "X was quoted as saying ...": the clause hangs from "as saying"
        governs_clause = governs_clause or any(
            c.dep_ == "prep" and c.lower_ == "as" and any(g.lemma_ == "say" for g in c.children)
            for c in verb.children
        )
    if lemma == "rule" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children):
        # "ruled out a rise" states a position; "the panel ruled that ..." is the event the
        # article reports (a court's decision), not a source's claim.
        return None
    if not governs_clause:
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        governs_clause = subj is not None and _closing(verb, subj)
    # A reporting verb inside a relative clause describes its noun ("Assange, who denies the
    # accusation, ..."); it attributes the sentence only when it governs a clause itself.
    # "Health authorities are reporting a death" reports; "Twelve states reported increases"
    # counts states: a numbered subject is what the figures are about.
    if (
        (lemma in _CLAUSE_ONLY or verb.dep_ in ("relcl", "acl", "amod"))
        and not governs_clause
        and not (lemma == "report" and "dobj" in deps and not _counted_subject(verb))
    ):
        return None
    if not (governs_clause or "dobj" in deps or verb.dep_ == "ROOT" or "prep" in deps):
        return None
    for c in verb.children:
        if c.dep_ == "nsubjpass" and lemma != "quote":
            # "a case was reported", "investors have been told": the passive subject is
            # what is reported or who heard it; only "X was quoted as saying" names a speaker.
            return None
        if c.dep_ in _SUBJECT_DEPS:
            if lemma == "quote" and c.dep_ != "nsubjpass":
                return None  # "X quoted Y as saying": Y speaks, found from "saying"
            return _speaker_head(c)
    if verb.dep_ in ("advcl", "xcomp", "conj") and verb.tag_ in ("VBG", "VBN", "VBD", "VBZ"):
        return _reporting_subject_of_head(verb.head)  # "..., saying ..." / "and added ..."
    return None


_QUOTE_MARKS = frozenset('"“”«»')


def _frames_quote(verb: Token) -> bool:
    """The verb reports a direct quotation: a quotation mark opens its clause before it."""
    return any(t.text in _QUOTE_MARKS for t in verb.subtree if t.i < verb.i)


def _counted_subject(verb: Token) -> bool:
    return any(
        c.dep_ == "nsubj" and any(g.dep_ == "nummod" for g in c.children) for c in verb.children
    )


def _reporting_subject_of_head(head: Token) -> Token | None:
    for c in head.children:
        if c.dep_ in _SUBJECT_DEPS:
            return _speaker_head(c)
    return None


def _according_to(tok: Token) -> Token | None:
    if tok.lower_ == "according":
        for c in tok.children:
            if c.lower_ == "to":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return _speaker_head(g)
    elif tok.lower_ == "per" and tok.dep_ == "prep" and tok.i <= tok.sent.start + 1 + 4:
        for g in tok.children:
            if g.dep_ == "pobj" and g.ent_type_ in ("ORG", "PERSON"):
                return _speaker_head(g)  # "Per the WHO, ..."; never "per capita"
    return None


def _depth(tok: Token, limit: int = 32) -> int:
    d = 0
    while tok.head.i != tok.i and d < limit:
        tok = tok.head
        d += 1
    return d


def _named_appositive(head: Token) -> Token:
    """ "Carlineo's attorney, Sonya Zoghlin, said": the name in apposition to a role noun."""
    if head.pos_ == "NOUN":
        for c in head.rights:
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                return c
    return head


def _named(head: Token) -> bool:
    """A proper name or a document with a named owner; "a research note" names nobody, so a
    named speaker elsewhere in the sentence outranks it."""
    return head.pos_ == "PROPN" or any(
        c.dep_ == "poss" and c.pos_ == "PROPN" for c in head.children
    )


def _closing(verb: Token, subject: Token) -> bool:
    """ "..., the company reported." ending the span: an attribution of everything before it.

    The subject follows a comma and only adverbials and the final stop follow the verb.
    """
    if verb.lower_ in ("according", "per"):
        return False
    left = subject.left_edge.i
    if left == 0 or verb.doc[left - 1].text != ",":
        return False
    return all(t.dep_ in _CLOSING_TAIL for t in verb.rights)


_CLOSING_TAIL = _set("punct npadvmod advmod prep")


def find_speaker(tokens: list[Token]) -> tuple[str, Token] | None:
    """The speaker noun phrase of a span (text, head token), from the parse, or None.

    "According to X" wins; otherwise the reporting relation highest in the tree (then the
    first): in "He asked about X and said Y, the prosecutor's office said" the closing
    attribution governs the whole sentence. Tokens outside the span (a neighbouring sentence
    in the same piece) are never used.
    """
    if not tokens:
        return None
    first, last = tokens[0].i, tokens[-1].i
    doc = tokens[0].doc
    best: tuple[int, Token] | None = None
    for tok in tokens:
        head = _according_to(tok) if tok.lower_ in ("according", "per") else None
        if (
            head is not None
            and rules.on("speaker.outlet_channel")
            and _frames_quote(tok.head)
            and _reporting_subject(tok.head) is not None
        ):
            # '"...," he said, according to the Intelligencer': a quotation belongs to who
            # spoke it; "according to" names where it was reported. ("Farmers said they would
            # plant less, according to the Grain Council": the council is the source.)
            continue
        if head is None and tok.pos_ in ("VERB", "AUX"):
            head = _reporting_subject(tok)
        if head is None or not first <= head.i <= last:
            continue
        # A closing "according to X" names the source of the whole sentence; an opening one
        # ("According to the audit, the minister said ...") frames a speaker named after it.
        d = _depth(tok)
        if _closing(tok, head) or (
            tok.lower_ in ("according", "per") and tok.i > tok.sent.root.i and _named(head)
        ):
            d = -1
        if best is None or d < best[0]:
            best = (d, head)
    if best is None:
        return None
    head = _publisher(_named_appositive(best[1]))
    lo, hi = _np_bounds(head)
    lo, hi = max(lo, first), min(hi, last)
    text = doc[lo : hi + 1].text
    return text.removesuffix("'s").removesuffix("’s"), head


def is_noun_phrase(tokens: list[Token], np: str) -> bool:
    """A speaker found by word patterns must end in a noun or pronoun of the span, not "At the"."""
    words = np.split()
    last = words[-1].strip(".,;:'’\"“”()") if words else ""
    first = words[0].strip(".,;:'’\"“”()") if words else ""
    for k, t in enumerate(tokens):
        if t.text == last or (last and t.text.startswith(last)):
            if t.pos_ not in ("NOUN", "PROPN", "PRON") or t.ent_type_ in _NOT_SPEAKER_ENTS:
                return False
            if not rules.on("speaker.np_subtree") or len(words) < 2:
                return True
            # "Prices fell after sources": the words must hang from the head noun, not be a
            # clause that ends in one.
            start = next((u for u in reversed(tokens[:k]) if u.text == first), None)
            if start is None:
                return True
            # One constituent headed by a noun: exactly one word's head lies outside the words
            # (the tree's root counts as outside), and that word is a noun or pronoun.
            words_of = t.doc[start.i : t.i + 1]
            heads = [u for u in words_of if u.head.i == u.i or not start.i <= u.head.i <= t.i]
            if len(heads) == 1:
                return heads[0].pos_ in ("NOUN", "PROPN", "PRON")
            # "a new study reports.": the tagger read the closing verb as a noun, so the
            # words all hang from it; they are still one phrase.
            return len({u.head.i for u in heads}) == 1 and heads[0].head.i == t.i + 1
    return True  # the parse tokenised it differently: keep the pattern's answer


def speaker_kind(head: Token | None, name: str, is_person: bool) -> str:
    """person, organization, document or data: what ClaimReview names as the author."""
    words = name.lower().split()
    last = words[-1] if words else ""
    if last not in DATA_NOUNS and last.endswith("s") and last[:-1] in DOCUMENT_NOUNS:
        last = last[:-1]  # "court filings", "the reports": documents too
    # "state labor data" is data; "the Office for National Statistics" is the body that keeps it.
    proper = bool(name.split()) and name.split()[-1][:1].isupper()
    if last in DATA_NOUNS and not proper:
        return "data"
    if last in DOCUMENT_NOUNS and not proper:
        return "document"
    if head is not None and head.ent_type_ in _PERSON_ENTS:
        return "person"
    # NER often takes an unfamiliar person's name for an organisation; a full name the tracker
    # knows as a person's outranks it, a single word does not.
    if head is not None and head.ent_type_ in _ORG_ENTS and (len(words) < 2 or not is_person):
        return "organization"
    if is_person:
        return "person"
    if not proper and (last in _TITLES or last in PERSON_NOUNS):
        return "person"  # "the governor", "the company's spokeswoman": one person's role
    if head is not None and head.ent_type_ in _ORG_ENTS:
        return "organization"
    return "person" if is_person else "organization"
