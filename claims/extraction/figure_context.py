"""The context of a figure that decides what it is: codes and phone numbers, a bound on one
unit ("less than a week"), a change between two figures ("rose from 2.1% to 2.6%"), a named
currency, pounds of weight, a vote tally. Regexes only, each anchored or searched in a window
of a few dozen characters, so the cost per figure is constant.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Protocol, TypeVar

from .figure_words import (
    EMERGENCY_NUMBERS,
    LABEL_NOUNS,
    MONEY_OF_NOUNS,
    NAMED_CURRENCIES,
    WEIGHT_CUES,
)


class _Figure(Protocol):
    start: int
    end: int
    value: float | None
    unit: str | None
    kind: str
    change: str | None


Q = TypeVar("Q", bound=_Figure)


# "the number eight", "No. 10": a numeral named as a symbol or a label.
SYMBOL_BEFORE_RE = re.compile(r"(?i)\b(?:the\s+)?(?:number|numeral|digit|no\.)\s+$")
# Lower-case nouns that a number names rather than counts: "section 230", "flight 370".
_LABEL_NOUNS_RE = re.compile(rf"(?i)\b(?:{'|'.join(LABEL_NOUNS)})\s+$")
# The part of a code before a hyphen holds a letter: "A321-200", "B-52", "MH-17".
_CODE_HEAD_RE = re.compile(r"[A-Za-z][\w]*-$")
_CALLS_AFTER_RE = re.compile(r"(?i)\s+(?:calls?|callers?|lines?|operators?|services?|numbers?)\b")


def is_code(s: str, start: int, end: int, digits: str) -> bool:
    """A number that names or dials something: codes, phone and emergency numbers, sections."""
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
        return True  # "0800", "020 7946 0000": a leading zero never starts an amount
    if s.startswith("-", start - 1, start) and _CODE_HEAD_RE.search(s, max(0, start - 12), start):
        return True
    if "," not in digits and (
        _PHONE_BEFORE_RE.search(s, max(0, start - 20), start)
        or (len(digits) == 3 and _PHONE_AFTER_RE.match(s, end))
    ):
        return True
    if digits in EMERGENCY_NUMBERS and _CALLS_AFTER_RE.match(s, end):
        return True
    if "," in digits or "." in digits:
        return False
    return _LABEL_NOUNS_RE.search(s, max(0, start - 16), start) is not None


# "less than a week", "more than a year": a bound on one unit of time or distance; "more than
# a year ago" dates the claim instead.
_A_UNIT_RE = re.compile(
    r"(?i)\b(less|more|fewer)\s+than\s+an?\s+(day|week|month|year|decade|century|hour|minute|"
    r"mile|kilometre|kilometer|metre|meter|foot|inch|quarter)\b"
    r"(?!\s+(?:ago|after|later|earlier|before|since|from|of|or)\b|-)"
)
_PLURALS = {"century": "centuries", "foot": "feet", "inch": "inches"}


def a_unit_bounds(s: str) -> list[tuple[str, float | None, float | None, str, int, int]]:
    """(text, low, high, unit, start, end) of each "less than a week"-style bound in ``s``."""
    out = []
    for m in _A_UNIT_RE.finditer(s):
        unit = m.group(2).lower()
        unit = _PLURALS.get(unit, unit + "s")
        low, high = (None, 1.0) if m.group(1).lower() != "more" else (1.0, None)
        out.append((m.group(), low, high, unit, m.start(), m.end()))
    return out


_CHANGE_VERBS = (
    r"ros[e]|rises?|rising|risen|fell|falls?|falling|fallen|increased?|increases|increasing|"
    r"decreased?|decreases|decreasing|declined?|declines|declining|dropped|drops?|dropping|"
    r"grew|grows?|growing|grown|jumped|jumps?|climbed|climbs?|cut|cuts|raised?|raises|lowered|"
    r"reduced?|slashed|boosted|went|gone|moved|changed|shifted|slipped|slid|sank|soared|surged|"
    r"plunged|plummeted|tumbled|edged|swelled|shrank|shrunk|up|down|increase|decrease|decline|"
    r"jump|rise|fall|drop|cut|change|shift|swing"
)
# A change verb shortly before "from X" / "by X" / "to X": "rose sharply from", "was cut by".
CHANGE_BEFORE_RE = re.compile(
    rf"(?i)\b(?:{_CHANGE_VERBS})\s+(?:[a-z]+\s+){{0,2}}?(from|by)\s+(?:a\s+|an\s+)?$"
)
_CHANGE_TO_BEFORE_RE = re.compile(
    rf"(?i)\b(?:{_CHANGE_VERBS})\s+(?:[a-z]+\s+){{0,2}}?(from|by|to)\s+(?:a\s+|an\s+)?$"
)
_UP_RE = re.compile(
    r"(?i)\b(?:ros|ris|increas|grew|grow|jump|climb|rais|boost|soar|surg|swell|edged\s+up|up\b)"
)
_DOWN_RE = re.compile(
    r"(?i)\b(?:fell|fall|decreas|declin|drop|cut|lower|reduc|slash|slip|slid|sank|plung|"
    r"plummet|tumbl|shr[iau]nk|down\b)"
)
_BETWEEN_CHANGE_RE = re.compile(
    r"(?i)(?:\s+(?!to\b|from\b)[a-z]+){0,3}\s*(?:,\s*)?(to|from)\s+(?:a\s+|an\s+)?"
)


def mark_changes(s: str, qs: list[Q], offset: int) -> list[Q]:
    """Two figures of one change: "rose from 2.1% to 2.6%", "fell by 0.3 points to 4.1%",
    "fell to $96 million from $140 million"; each gets its role and the direction."""
    out = list(qs)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.change is not None:
            continue
        a0, a1, b0 = a.start - offset, a.end - offset, b.start - offset
        bm = _BETWEEN_CHANGE_RE.fullmatch(s, a1, b0)
        if bm is None:
            continue
        cm = _CHANGE_TO_BEFORE_RE.search(s, max(0, a0 - 48), a0)
        if cm is None:
            continue
        first, second = cm.group(1).lower(), bm.group(1).lower()
        if first == second or (first == "by" and second == "from"):
            continue
        verb = s[cm.start() : cm.end()]
        if _UP_RE.match(verb):
            direction: str | None = "up"
        elif _DOWN_RE.match(verb):
            direction = "down"
        else:
            direction = None
        if direction is None and first != "by" and a.value is not None and b.value is not None:
            lo, hi = (a, b) if first == "from" else (b, a)
            direction = "up" if lo.value < hi.value else "down" if lo.value > hi.value else None
        unit_a, kind_a = a.unit, a.kind
        if unit_a is None and a.kind == "count" and b.kind in ("percent", "money", "count"):
            unit_a, kind_a = b.unit, b.kind  # "from 2.1 to 2.6 percent": the unit is shared
        out[i] = replace(a, unit=unit_a, kind=kind_a, change=first, direction=direction)
        out[i + 1] = replace(b, change=second, direction=direction)
    return out


NAMED_CURRENCY_RE = re.compile(
    r"(?i)\s+("
    + "|".join(re.escape(k) for k in sorted(NAMED_CURRENCIES, key=len, reverse=True))
    + r")\b"
)
_WEIGHT_OF_RE = re.compile(r"(?i)\s+pounds\s+of\s+(?:the\s+|raw\s+|illegal\s+)?([a-z]+)")
# The groups of a phone number: "0800 555 0100", "020 7946 0000", "555-0100".
_PHONE_BEFORE_RE = re.compile(r"(?<![\d,.])(?:0\d+|\(\d{3}\))(?:\s\d{2,4})?\s$")
_PHONE_AFTER_RE = re.compile(r"[-.]\d{4}\b(?![.,]\d)|\s0\d{2,}\b")
_WORDS_RE = re.compile(r"[a-z]+(?:-[a-z]+)?")
VOTE_BEFORE_RE = re.compile(r"(?i)\bvotes?\s+of\s+(?:[\d,]+\s*(?:to|-|–)\s*)?$")


def is_weight(s: str, start: int, end: int) -> bool:
    """ "pounds" after a figure is a weight, not sterling, by its context."""
    if "£" in s:
        return False
    m = _WEIGHT_OF_RE.match(s, end)
    if m and m.group(1).lower() not in MONEY_OF_NOUNS:
        return True  # "pounds of cocaine"
    window = s[max(0, start - 80) : end + 60].lower()
    return not WEIGHT_CUES.isdisjoint(_WORDS_RE.findall(window))
