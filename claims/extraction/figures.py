"""Figures read on the dependency parse: what a number counts, and which numbers only name.

``quantities.find_quantities`` finds the figures in the text; this stage looks at each one's
tokens in the parse and

* drops numbers that name, not count: ages as labels ("The 48-year-old Australian"), years the
  parse marks as dates, and a bare number before a singular noun ("the 747 fleet");
* gives a count the noun it counts: the head of its ``nummod`` relation ("Two European Union
  officials" -> officials, not "european"), the object of its "of" ("eight of its Hong Kong
  shares", "half of the county's polling stations"), or, for a level reached by a change verb,
  the subject ("the backlog of undecided claims had grown to 84,000" -> claims);
* reads a bound figure about people as an age ("Most of the victims were over 75");
* adds "decades" used as an amount ("he could face decades in jail": at least 20 years).

Each rule has a switch in ``figure_words.RULES``. Every look-up is a bounded walk over a
token's children or head, so the stage stays linear in the claim's length.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .figure_words import AGGREGATE_NOUNS, CHANGE_VERBS, PERSON_NOUNS, RULES
from .quantities import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Token


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FRACTION_WORDS = _set("half third thirds quarter quarters fifth fifths tenth tenths")
# Singular nouns a number measures in ("a 5 mile walk", "20 percent"): never a label.
_SINGULAR_MEASURES = _set(
    """
    percent cent point mile kilometre kilometer km metre meter foot inch yard pound ton tonne
    gram kilogram kg degree hour minute second day week month year decade acre hectare dollar
    euro yen yuan mph gallon litre liter barrel share vote
    """
)
_AGE_PREPS = _set("over under above below")
_LEVEL_PREPS = _set("to from at by")
_VAGUE_TIMES = {"decades": (20.0, "years"), "centuries": (200.0, "years")}
# Words that make a figure only on the parse: the engine runs this stage for them too.
PARSE_FIGURE_WORDS = frozenset(_VAGUE_TIMES)
_AMOUNT_DEPS = _set("dobj nsubj nsubjpass attr")


def _anchor(q: Quantity, tokens: list[Token], offset: int) -> Token | None:
    """The token that carries the figure: its last number word or fraction inside the span."""
    found = None
    for t in tokens:
        a = t.idx + offset
        if a >= q.end:
            break
        if a >= q.start and (t.like_num or t.pos_ == "NUM" or t.lower_ in _FRACTION_WORDS):
            found = t
    return found


def _first_number(q: Quantity, tokens: list[Token], offset: int) -> Token | None:
    for t in tokens:
        a = t.idx + offset
        if a >= q.end:
            break
        if a >= q.start and (t.like_num or t.pos_ == "NUM"):
            return t
    return None


def _age_label(num: Token) -> bool:
    """ "The 48-year-old Australian", "Patrick Carlineo Jr., 55, of Addison": an age as a label."""
    doc = num.doc
    nxt = doc[num.i + 1 : num.i + 5]
    if len(nxt) >= 4 and [t.lower_ for t in nxt] == ["-", "year", "-", "old"]:
        return True
    return num.dep_ == "appos" and num.head.ent_type_ == "PERSON"


def _year(num: Token) -> bool:
    """ "fiscal year 2019 sales": a year the parse marks as a date is never a quantity."""
    t = num.text
    return len(t) == 4 and t.isdigit() and 1900 <= int(t) <= 2100 and num.ent_type_ == "DATE"


def _label_number(q: Quantity, num: Token) -> bool:
    """ "the 747 fleet", "a 999 call": a bare number right before a singular noun names it."""
    if q.kind != "count" or q.value is None or q.value <= 1 or q.low is not None:
        return False
    if not num.text.isdigit():
        return False  # "1,000 strong", "2.5": written as amounts
    head = num.head
    if head.i != num.i + 1 or num.dep_ not in ("nummod", "compound"):
        return False
    if head.pos_ != "NOUN" or head.tag_ != "NN" or head.lower_ in _SINGULAR_MEASURES:
        return False
    prev = num.doc[num.i - 1] if num.i > 0 else None
    return prev is not None and (prev.dep_ in ("det", "poss") or prev.tag_ in ("DT", "PRP$"))


def _noun_phrase_unit(noun: Token) -> str:
    """The counted noun with its noun compounds: "polling stations", "reserve troops"."""
    parts = [c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    parts = [c for c in parts if c.i >= noun.i - 3]
    return " ".join([*(c.lower_ for c in parts), noun.lower_])


def _of_object(tok: Token) -> Token | None:
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN"):
                    return g
    return None


def _counted_subject(subj: Token) -> str | None:
    """What a subject counts: "the backlog of undecided claims" -> claims, "arrests" -> arrests."""
    if subj.lemma_.lower() in AGGREGATE_NOUNS:
        obj = _of_object(subj)
        if obj is not None and obj.pos_ == "NOUN":
            return _noun_phrase_unit(obj)
        return None
    if subj.pos_ == "NOUN" and subj.tag_ == "NNS":
        return _noun_phrase_unit(subj)
    return None


def _subject_of(verb: Token) -> Token | None:
    for _ in range(3):  # "had grown", "is expected to rise": climb aux and xcomp chains
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c
        if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
            verb = verb.head
        else:
            return None
    return None


def _level_unit(num: Token) -> str | None:
    """ "claims had grown to 84,000", "the number of claims totalled 84,000": the subject."""
    if num.dep_ == "pobj" and num.head.lower_ in _LEVEL_PREPS:
        verb = num.head.head
    elif num.dep_ == "dobj":
        verb = num.head
    else:
        return None
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in CHANGE_VERBS:
        return None
    subj = _subject_of(verb)
    return _counted_subject(subj) if subj is not None else None


def _person_subject(tok: Token) -> bool:
    if tok.lemma_.lower() in PERSON_NOUNS or tok.lower_ in PERSON_NOUNS:
        return True
    obj = _of_object(tok)  # "Most of the victims"
    return obj is not None and (obj.lower_ in PERSON_NOUNS or obj.lemma_.lower() in PERSON_NOUNS)


def _age_of_people(q: Quantity, num: Token) -> bool:
    """ "Most of the victims were over 75": a bound figure on a copula about people is an age."""
    if q.kind != "count" or q.value is not None or (q.low or q.high or 0) > 120:
        return False
    if num.dep_ == "pobj" and num.head.lower_ in _AGE_PREPS:
        verb = num.head.head  # "were over 75"
    elif num.dep_ in ("attr", "acomp") and any(c.lower_ in _AGE_PREPS for c in num.lefts):
        verb = num.head  # the parse may hang "over" on the number instead
    else:
        return False
    if verb.lemma_ != "be":
        return False
    subj = _subject_of(verb)
    return subj is not None and _person_subject(subj)


def _vague_times(tokens: list[Token], offset: int, taken: list[Quantity]) -> list[Quantity]:
    out = []
    for t in tokens:
        if t.lower_ not in _VAGUE_TIMES or t.dep_ not in _AMOUNT_DEPS:
            continue
        if any(c.dep_ in ("det", "nummod", "amod", "poss") for c in t.children):
            continue  # "the past two decades", "recent decades": a period, not an amount
        a = t.idx + offset
        if any(q.start <= a < q.end for q in taken):
            continue
        low, unit = _VAGUE_TIMES[t.lower_]
        out.append(Quantity(t.text, None, low, None, unit, "count", a, a + len(t.text)))
    return out


def refine_quantities(quantities: list[Quantity], tokens: list[Token], offset: int) -> list:
    """The figures of one claim, checked and completed on its parsed ``tokens``.

    ``offset`` is where the parsed piece holding the claim starts in the text (token ``idx``
    is relative to it); quantities carry offsets into the whole text.
    """
    if not tokens:
        return quantities
    out: list[Quantity] = []
    for q in quantities:
        num = _first_number(q, tokens, offset)
        anchor = _anchor(q, tokens, offset)
        if num is not None:
            if RULES["age_label"] and _age_label(num):
                continue
            if RULES["parsed_year"] and _year(num):
                continue
            if RULES["label_number"] and _label_number(q, num):
                continue
        if anchor is not None and q.kind in ("count", "fraction"):
            q = _unit_from_parse(q, anchor)
        out.append(q)
    if RULES["vague_decades"] and len(out) < 64:
        extra = _vague_times(tokens, offset, out)
        if extra:
            out = sorted(out + extra, key=lambda q: q.start)
    return out


def _unit_from_parse(q: Quantity, num: Token) -> Quantity:
    if (
        RULES["nummod_unit"]
        and q.kind == "count"
        and num.dep_ == "nummod"
        and num.head.pos_ == "NOUN"
    ):
        unit = num.head.lower_
        if q.unit != unit and (q.unit is None or _is_modifier(num, q.unit)):
            return replace(q, unit=unit)
        return q
    if q.unit is not None:
        return q
    if RULES["of_object_unit"]:
        obj = _of_object(num)
        if obj is not None and obj.pos_ == "NOUN" and obj.tag_ == "NNS":  # not "of the council"
            return replace(q, unit=_noun_phrase_unit(obj))
    if q.kind != "count":
        return q
    if RULES["subject_unit"]:
        unit = _level_unit(num)
        if unit is not None:
            return replace(q, unit=unit)
    if RULES["person_age"] and _age_of_people(q, num):
        return replace(q, unit="years")
    return q


def _is_modifier(num: Token, unit: str) -> bool:
    """The word taken as the unit is a modifier between the number and its noun."""
    for t in num.doc[num.i + 1 : num.head.i]:
        if t.lower_ == unit.split()[0]:
            return t.pos_ in ("ADJ", "PROPN") or t.dep_ in ("amod", "compound")
    return False
