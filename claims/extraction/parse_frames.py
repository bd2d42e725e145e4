"""Quotations, clause cuts and organisation names, read from the dependency parse.

* ``quote_speaker``: who a closing quotation mark's framing verb names ('," Okafor continued');
* ``joins_clauses``: whether a ", and" / ";" cut separates two clauses with their own subjects;
* ``organisation_name`` / ``noun_phrase``: the text of a speaker the parse found.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .parsed import REPORTING_LEMMAS, _named_appositive, _np_bounds, _set, _speaker_head

if TYPE_CHECKING:
    from spacy.tokens import Token


# Verbs that frame a quotation only: '"...," Menear continued.' ("prices continued to rise"
# reports nothing, so these never attribute a sentence of their own).
QUOTE_FRAME_LEMMAS = _set("continue go conclude begin ask answer laugh joke shout recall tweet")
# The framing verb follows the closing quote closely, after at most the speaker's description.
_QUOTE_REACH_TOKENS = 40


def quote_speaker(tokens: list[Token]) -> str | None:
    """The speaker noun phrase after a closing quotation mark, from the parse, or None.

    The first verb after the quote frames it ('," X said', '," said X, a ...', '," X, head of
    the fleet, told reporters'): its subject, inside the span, is the speaker. Any other first
    verb means the words after the quote are a sentence of their own.
    """
    if not tokens:
        return None
    first, last = tokens[0].i, tokens[-1].i
    for tok in tokens[:_QUOTE_REACH_TOKENS]:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "auxpass"):
            continue
        lemma = tok.lemma_.lower()
        if lemma not in REPORTING_LEMMAS and lemma not in QUOTE_FRAME_LEMMAS:
            return None
        for c in tok.children:
            if c.dep_ == "nsubj" and first <= c.i <= last:
                head = _speaker_head(c)
                if head is None or (head.pos_ == "PRON" and head.lower_ not in ("he", "she")):
                    return None
                lo, hi = _np_bounds(_named_appositive(head))
                lo, hi = max(lo, first), min(hi, last)
                return head.doc[lo : hi + 1].text.removesuffix("'s").removesuffix("’s")
        return None
    return None


_CLAUSE_LINKS = _set("conj advcl parataxis")


def joins_clauses(tokens: list[Token], offset: int, cut_start: int, cut_end: int) -> bool:
    """The cut at characters [cut_start, cut_end) ("…, and …", "…; …") separates two clauses.

    A verb on the right, with its own subject on the right, is coordinated with, subordinate
    to or set beside a verb on the left that has its own subject on the left. A list of names
    or a subject's appositive has no such pair of verbs.
    """
    left = {t.i for t in tokens if t.idx + offset < cut_start}
    right = {t.i for t in tokens if t.idx + offset >= cut_end}
    if not left or not right:
        return False
    doc = tokens[0].doc
    for i in right:
        v2 = doc[i]
        if not any(c.dep_ in _CLAUSE_SUBJECTS and c.i in right for c in v2.children):
            continue
        if v2.dep_ in _CLAUSE_LINKS and v2.head.i in left:
            candidates = [v2.head]
        elif v2.dep_ in _SIBLING_CLAUSES:
            # "A shrank, and B grew, the treasurer said": two reported clauses of one verb
            candidates = [s for s in v2.head.children if s.dep_ == v2.dep_ and s.i in left]
        else:
            continue
        for v1 in candidates:
            if any(c.dep_ in _CLAUSE_SUBJECTS and c.i in left for c in v1.children):
                return True
    return False


_SIBLING_CLAUSES = _set("ccomp conj advcl")


_CLAUSE_SUBJECTS = _set("nsubj nsubjpass expl csubj")


def organisation_name(head: Token) -> str | None:
    """The organisation entity a proper-noun speaker head belongs to ("Home Depot"), or None."""
    if head.pos_ != "PROPN" or head.ent_type_ != "ORG":
        return None
    for ent in head.doc.ents:
        if ent.start <= head.i < ent.end:
            words = ent.text.split()
            if words and words[0].lower() == "the":
                words = words[1:]
            name = " ".join(words).removesuffix("'s").removesuffix("’s")
            return name or None
    return None


def noun_phrase(head: Token) -> str:
    """The speaker noun phrase around ``head`` as text, without a closing possessive."""
    lo, hi = _np_bounds(head)
    return head.doc[lo : hi + 1].text.removesuffix("'s").removesuffix("’s")
