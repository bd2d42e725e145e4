"""Figures in a sentence: digits, number words, ranges, bounds, money, percentages, multipliers.

The scan finds "atoms" (a figure in digits or words, a vague plural such as "tens of
thousands", a multiplier such as "doubled", a fraction such as "a third") with one regex and
then looks at the few characters around each atom with anchored regexes (``match(s, pos)``)
for a scale word, a range partner, a percent sign, a bound ("more than") and a unit. Every
regex is anchored or bounded, so the cost stays linear in the sentence length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .bounds import _BETWEEN_RE, _BOUND_ENDINGS, _approx, _percent_range, _prev_word, find_bound
from .figure_context import (
    CHANGE_BEFORE_RE,
    NAMED_CURRENCY_RE,
    SYMBOL_BEFORE_RE,
    VOTE_BEFORE_RE,
    a_unit_bounds,
    is_code,
    is_weight,
    mark_changes,
)
from .figure_words import NAMED_CURRENCIES, RULES
from .numwords import (
    _ATOM_PATTERN,
    _ATOM_RE,
    _DIGIT_ATOM_RE,
    _SC,
    _SCALES,
    _UNITS,
    _atom_value,
)
from .units import (
    COMPACT_UNIT_RE,
    CURRENCY_WORDS,
    DURATIONS,
    context_unit,
    currency,
    unit_after,
)


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Indian scales ("Rs 500 crore") only after a figure: in the number-word scan they cost time.
_SCALE_RE = re.compile(rf"(?i)(?:\s+|-)?({_SC}|lakhs?|crores?)\b|(k|m|mn|bn|b|tn)\b")
_PERCENT_RE = re.compile(r"(?i)\s*(%|percent(?:age[\s-]+points?)?\b|per\s?cent\b)")
_RANGE_RE = re.compile(r"(?i)\s*(?:to|-|–|—|and|or)\s*")
_POINT_FRACTION_RE = re.compile(r"(?i)\s+(?:of\s+)?an?\s+percentage\s+points?\b")
_TIMES_RE = re.compile(r"(?i)\s+times\b|-fold\b")
# A vote tally or score: "voted 4-1", "ruled 2-1", "won 3-2" (the first figure is the larger).
_TALLY_RE = re.compile(r"[-–](\d{1,3})(?!\d|[.,]\d|%|[-–]\d|\s*(?:percent|per\s?cent)\b)")
# "double counting", "a triple threat": the bare forms are figures only as verbs.
_MULT_VERB_BEFORE = _set(
    "will would could may might can to nearly almost more than could expected set likely "
    "did does do not"
)
_MULT_NOUN_AFTER_RE = re.compile(
    r"\s+(?!(?:in|by|to|from|since|over|within|the|its|their|his|"
    r"her|our|that|this|again|and|or|if|when|after|before)\b)[a-z]"
)
# "recovered to 85% of 2019 levels": a year qualifying a measure, not a count of levels.
_YEAR_NOUNS = _set(
    "levels figures prices rates highs lows peaks numbers totals standards values averages "
    "budgets targets"
)
_AGE_BEFORE_RE = re.compile(r"(?i)\b(?:aged|ages|age)\s+(?:between\s+|of\s+)?$")
# The rest of a year range or date after a year: "2023-24", "2019–2021", "2024/25".
_YEAR_TAIL_RE = re.compile(r"\s?[-–/]\s?(?:\d{4}|\d{2})(?!\d|[.,]\d|%)")
_DATE_RE = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$"
)
_DAY_RANGE_RE = re.compile(r"[-–]\d{1,2}\b(?![.,]\d)")
_MONTH_AFTER_RE = re.compile(
    r"(?i)\s*(?:st|nd|rd|th)?\s+(?:of\s+)?(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\b|(?:st|nd|rd|th)\b|:\d|"
    r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|'?s\b|"  # ordinals, times, decades ("1990s")
    r"\s*(?:GMT|UTC|BST|CET|CEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT)\b"  # "by 1145 GMT"
)


# A real claim holds a handful of figures; beyond this it is a table or noise, so stop.
MAX_QUANTITIES = 64


@dataclass(frozen=True, slots=True)
class Quantity:
    """One figure: ``value`` for a point, ``low``/``high`` for ranges and bounds."""

    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    kind: str  # count, money, percent, multiplier or fraction
    start: int = 0  # offsets into the sentence the figure was found in
    end: int = 0
    # In a change ("rose from 2.1% to 2.6%"): the figure's role, "from", "to" or "by", and the
    # direction of the change, "up" or "down"; None for a figure that is not part of one.
    change: str | None = None
    direction: str | None = None

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = {
            "text": self.text,
            "value": _num(self.value),
            "low": _num(self.low),
            "high": _num(self.high),
            "unit": self.unit,
            "kind": self.kind,
        }
        if self.change is not None:
            d["change"] = self.change
            d["direction"] = self.direction
        return d


_PRECISE_KINDS = frozenset({"count", "money", "percent"})
_FACTOR_RE = re.compile(r"(?i)\bfactor\s+of\s+$")


def _scaled(v: float, scale: float) -> float:
    """v times a scale without binary noise: 4.1 * 1e9 is 4099999999.9999995."""
    return float(f"{v * scale:.12g}")


def _num(x: float | None) -> float | int | None:
    if x is None:
        return None
    r = round(x, 6)
    return int(r) if r == int(r) and abs(r) < 1e15 else r


_PLURAL_NEXT_RE = re.compile(r"\s+(?:[a-z]+s|people|children|men|women|staff)\b")


def _suffix_scale_ok(s: str, sm: re.Match[str]) -> bool:
    """A bare suffix scales the figure for "bn"/"tn", or "2m people"-style counts."""
    suffix = sm.group(2).lower()
    return suffix in ("bn", "tn") or (
        suffix in ("m", "k") and bool(_PLURAL_NEXT_RE.match(s, sm.end()))
    )


def _ends_with_scale(m: re.Match[str]) -> bool:
    w = m.group("words")
    return bool(w) and w.split()[-1].lower() in _SCALES


_REFERENCE_RE = re.compile(
    r"(?i)\b(?:the|these|those|both|his|her|their|its|our|my|your|all)\s+"
    r"(?:(?:first|last|other|earlier|previous|next|remaining|latest|initial|final|latter|former|"
    r"same|top|two|three)\s+)?$"
)
# "one of the two main forms": the figure states how many there are, so it is a count.
_ONE_OF_THE_RE = re.compile(r"(?i)\bone\s+of\s+the\s+(?:[a-z]+\s+)?$")
# "more than one night", "at least one death": a bound makes a bare "one" a figure.
_ONE_BOUND_RE = re.compile(r"(?i)\b(?:more|fewer|less)\s+than\s+$|\bat\s+least\s+$")
_LABEL_BEFORE_RE = re.compile(r"(?:[A-Z][\w&.-]*|[A-Z&]{2,})\s$")


def _is_label(s: str, start: int, digits: str) -> bool:
    """A bare integer right after a capitalised word inside the sentence names something."""
    if "," in digits or "." in digits or start < 2:
        return False
    m = _LABEL_BEFORE_RE.search(s, max(0, start - 20), start)
    if m is None or m.start() == 0 or not s[m.start() - 1].isspace():
        return False
    word = m.group().strip().lower()
    return word not in _BOUND_WORDS and word not in _UNITS and word not in _MONTHS


_BOUND_WORDS = _set("about around over under nearly almost some roughly approximately just only")
_MONTHS = _set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)


def find_quantities(s: str, offset: int = 0, words: bool | frozenset[str] = True) -> list[Quantity]:
    """Every figure in ``s``; offsets are relative to ``s`` plus ``offset``.

    ``words`` may also be the set of letters number words can start with in ``s``
    (``word_figure_letters``): the scan then starts only there.

    ``words=False`` (the caller's tokens show no number word) looks at digits and currency
    signs only.
    """
    if isinstance(words, frozenset):
        atom_re = _atom_re_for(words) if words else _DIGIT_ATOM_RE
    else:
        atom_re = _ATOM_RE if words else _DIGIT_ATOM_RE
    out: list[Quantity] = []
    pos = 0
    n = len(s)
    while pos < n and len(out) < MAX_QUANTITIES:
        m = atom_re.search(s, pos)
        if m is None:
            break
        pos = m.end()
        parsed = _atom_value(m)
        if parsed is None:
            continue
        value, vague_high, kind = parsed
        start, end = m.span()
        if value == 0 and RULES["zero_compound"] and s.startswith("-", end, end + 1):
            continue  # "zero-hours contracts", "zero-emission cars": a kind, not a count
        # Named-group lookups are not free: fetch the ones used below once per atom.
        g_digits, g_words = m.group("digits", "words")
        if g_digits and "." not in g_digits:
            tm_ = _TALLY_RE.match(s, end)
            if tm_ and value > float(tm_.group(1)) and value < 1000:
                pos = tm_.end()
                continue  # a tally records an outcome; its figures are not amounts
        mult = m.group("mult")
        if (
            mult
            and mult[-1] in "eE"
            and mult.lower() not in ("twice", "thrice")  # never adjectives
            and _prev_word(s, start) not in _MULT_VERB_BEFORE
            and _MULT_NOUN_AFTER_RE.match(s, end)
        ):
            continue  # "double counting": an adjective
        # Dates, times and ordinals are not figures worth checking on their own.
        if g_digits and (
            _MONTH_AFTER_RE.match(s, end) or _DATE_RE.search(s, max(0, start - 12), start)
        ):
            dm = _DAY_RANGE_RE.match(s, end)
            if dm:
                pos = dm.end()  # "Sept. 19-24": the second day is part of the date
            continue
        low = high = None
        unit: str | None = None
        cur = m.group("cur")
        sm = _SCALE_RE.match(s, end)
        if sm and not (sm.group(1) or cur or _suffix_scale_ok(s, sm)):
            sm = None  # "100m sprint": metres, not millions
        if sm and (g_digits or g_words):
            value = _scaled(value, _SCALES[(sm.group(1) or sm.group(2)).lower()])
            end = sm.end()
        elif (
            value == 1
            and g_words
            and not _RANGE_RE.match(s, end)
            and not (RULES["bound_one"] and _ONE_BOUND_RE.search(s, max(0, start - 16), start))
        ):
            continue  # bare "one": rarely a figure worth checking ("one of the", "One man")
        if g_digits and not cur and not sm:
            digits = g_digits
            if len(digits) == 4 and 1800 <= value <= 2100 and "." not in digits:
                u = unit_after(s, end)
                if u is None or not u.endswith("s") or u in _YEAR_NOUNS:
                    ym = _YEAR_TAIL_RE.match(s, end)
                    if ym:
                        pos = ym.end()  # "the 2023-24 school year": no "24 school"
                    continue  # a year
        # A range: "five to six thousand", "8 to 10 degrees", "$1m-$2m".
        rm = _RANGE_RE.match(s, end)
        second = None
        change_by = False
        if rm and RULES["direction"] and rm.group().strip().lower() == "to":
            cbm = CHANGE_BEFORE_RE.search(s, max(0, start - 48), start)
            if cbm and cbm.group(1).lower() == "from":
                rm = None  # "rose from 2.1 to 2.6": two levels of a change, not a range
            change_by = cbm is not None
        if (
            rm
            and rm.group().strip().lower() == "and"
            and not _BETWEEN_RE.search(s, max(0, start - 12), start)
        ):
            rm = None  # "£3m and 4bn" are two figures; "between 3 and 4" is a range
        if rm and kind == "count":
            m2 = _ATOM_RE.match(s, rm.end())
            if m2 and m2.group("words") and rm.group() == "-" and m2.group()[0].isupper():
                pos = m2.end()
                continue  # "7-Eleven": a name, not a range
            if m2 and (m2.group("digits") or m2.group("words")):
                p2 = _atom_value(m2)
                if p2 is not None:
                    v2, end2 = p2[0], m2.end()
                    scale = 1.0
                    sm2 = _SCALE_RE.match(s, end2)
                    if sm2 and (sm2.group(1) or m2.group("cur") or cur):
                        scale = _SCALES[(sm2.group(1) or sm2.group(2)).lower()]
                        v2 = _scaled(v2, scale)
                        end2 = sm2.end()
                    elif m2.group("words"):
                        scale = _SCALES.get(m2.group("words").split()[-1].lower(), 1.0)
                    if scale > 1 and not sm and not _ends_with_scale(m) and value * scale <= v2:
                        value = _scaled(value, scale)  # shared: "five to six thousand"
                    if change_by and v2 >= 3 * value:
                        pass  # "fell by 0.3 to 4.1": the change and the new level
                    elif value < v2:
                        second = v2
                        end = end2
                        cur = cur or m2.group("cur")
                        pos = end
        pm = _PERCENT_RE.match(s, end)
        if pm and kind == "count":
            kind = "percent"
            unit = "percent" if "point" not in pm.group(1).lower() else "percentage points"
            end = pm.end()
            cpm = CHANGE_BEFORE_RE.search(s, max(0, start - 48), start) if second is None else None
            if second is None and not (
                RULES["direction"] and cpm is not None and cpm.group(1).lower() == "from"
            ):
                # "10% to 15%", "between 10% and 15%": the sign repeats inside the range
                second, end, pos = _percent_range(s, start, end, value, second, pos)
        elif kind == "fraction":
            fp = _POINT_FRACTION_RE.match(s, end)
            if fp:  # "by half a percentage point": a change of 0.5 points, not a share
                kind, unit, end = "percent", "percentage points", fp.end()
        tm = _TIMES_RE.match(s, end) if kind == "count" else None
        if tm:
            kind = "multiplier"
            end = tm.end()
        if cur:
            kind = "money"
            unit = currency(cur)
        elif (
            kind == "count"
            and s.endswith("of ", 0, start)
            and _FACTOR_RE.search(s, max(0, start - 16), start)
        ):
            kind = "multiplier"  # "rose by a factor of three"
        prev = _prev_word(s, start)
        bm = find_bound(s, start, prev) if prev in _BOUND_ENDINGS else None
        bound = bm.group(1) if bm else ""
        if bm and bm.group(1).lower() not in ("between", "from"):
            start = bm.start()
        if (
            unit is None
            and kind == "count"
            and end < len(s)
            and (s[end].isalpha() or s[end] == "°")
        ):
            cm = COMPACT_UNIT_RE.match(s, end)
            if cm:
                if cm.group() == "p":
                    kind, unit = "money", "pence"  # "64p of every £1"
                elif len(cm.group()) == 1 and cm.group() not in "CFK":
                    continue  # "5G", "3D": a name, not a figure
                else:
                    unit = cm.group()
                end = cm.end()
        ncm = (
            NAMED_CURRENCY_RE.match(s, end)
            if unit is None and kind == "count" and RULES["named_currency"]
            else None
        )
        if ncm:
            kind, unit = "money", NAMED_CURRENCIES[" ".join(ncm.group(1).lower().split())]
            end = ncm.end()
        if unit is None and kind in ("count", "fraction"):
            unit = unit_after(s, end)
            if unit == "pounds" and RULES["weight_pounds"] and is_weight(s, start, end):
                pass  # "200 pounds of cocaine": a weight
            elif unit in CURRENCY_WORDS:
                kind, unit = "money", CURRENCY_WORDS[unit]
        if bound and bound.lower() in ("over", "under") and unit in DURATIONS:
            bound = ""  # "over two years" is a period, not "more than two years"
            start = m.start()
        elif unit is None and kind == "count":
            unit = context_unit(s, start, end, value, bool(bound), bool(g_digits))
            if (
                unit is None
                and RULES["vote_tally"]
                and VOTE_BEFORE_RE.search(s, max(0, start - 40), start)
            ):
                unit = "votes"  # "by a vote of 312 to 287"
        if m.group("aor"):
            unit = m.group("aunit").lower() + "s"
        elif (
            unit is None and kind == "count" and _AGE_BEFORE_RE.search(s, max(0, start - 16), start)
        ):
            unit = "years"  # "people aged 15 to 24"
        if second is not None:
            low, high = value, second
            value = None
        elif vague_high is not None:
            low, high = value, vague_high
            if bound:
                low, high = (low, None) if _approx(bound, 1)[1] is None else (low, high)
            value = None
        elif bound and bound.lower() not in ("between", "from"):
            low, high = _approx(bound, value, bool(g_digits) and kind in _PRECISE_KINDS)
            if low is None or high is None:
                value = None  # an open bound is not a point figure
            elif unit == "percent" and value <= 100 and high is not None and high > 100:
                high = 100.0  # "about 93%" of a whole cannot go past all of it
        if kind == "count" and not bound and second is None and vague_high is None:
            if (
                g_words
                and value <= 20
                and unit not in DURATIONS  # "over the last five days": a period
                and _REFERENCE_RE.search(s, max(0, start - 24), start)
                and not (
                    RULES["one_of_the"] and _ONE_OF_THE_RE.search(s, max(0, start - 28), start)
                )
            ):
                continue  # "the two candidates", "the first two cases": a reference, not a count
            if RULES["symbols"] and SYMBOL_BEFORE_RE.search(s, max(0, start - 12), start):
                continue  # "the number eight is lucky": a symbol, not an amount
            if g_digits and RULES["codes"] and is_code(s, start, end, g_digits):
                continue  # "A321-200", "0800 555 0100", "999 calls", "section 230": names
            if g_digits and not sm and _is_label(s, start, g_digits):
                continue  # "S&P 500", "Boeing 737", "Route 66": part of a name
            if start >= 2 and s[start - 1] == "-" and s[start - 2].isalpha():
                continue  # "COVID-19", "F-35": part of a name
        out.append(
            Quantity(s[start:end], value, low, high, unit, kind, start + offset, end + offset)
        )
    if RULES["direction"] and len(out) > 1:
        out = mark_changes(s, out, offset)
    if RULES["a_unit_bound"] and "than a" in s and len(out) < MAX_QUANTITIES:
        extra = [
            Quantity(t, None, lo, hi, u, "count", a + offset, b + offset)
            for t, lo, hi, u, a, b in a_unit_bounds(s)
        ]
        if extra:
            out = sorted(out + extra, key=lambda q: q.start)[:MAX_QUANTITIES]
    return out


_FIGURE_TOKENS = _set(
    """
    0 $ € £ ¥ ₹ zero one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand million billion trillion dozen dozens hundreds thousands
    millions billions tens scores double doubled doubles doubling triple tripled triples
    tripling quadruple quadrupled halve halved halves halving twice thrice half third thirds
    quarter quarters fifth fifths tenth tenths twofold threefold fourfold fivefold tenfold
    """
)


_WORD_FIGURE_TOKENS = _FIGURE_TOKENS - {"0", "$", "€", "£", "¥", "₹"}


# Number words that can follow "a"/"an" inside an atom ("a third", "a dozen", "a year or two").
_AFTER_A = _set("dozen hundred thousand million billion trillion third thirds quarter quarters "
                "fifth fifths tenth tenths two half")  # fmt: skip


def word_figure_letters(tokens: set[str] | frozenset[str]) -> frozenset[str]:
    """First letters of the number words among ``tokens`` (plus "a" where "a third" may be)."""
    present = _WORD_FIGURE_TOKENS.intersection(tokens)
    if not present:
        return frozenset()
    letters = {w[0] for w in present}
    if not _AFTER_A.isdisjoint(present):
        letters.add("a")
    return frozenset(letters)


@lru_cache(maxsize=256)
def _atom_re_for(letters: frozenset[str]) -> re.Pattern[str]:
    """The atom scan starting only at digits, currency signs and the given letters."""
    chars = "".join(sorted(letters))
    return re.compile(
        rf"(?ix)(?<![\w.,])(?=[\d$€£¥₹{chars}]|(?:US|A|C|NZ|HK|S)\$|rs\.?\s?\d)" + _ATOM_PATTERN
    )


def has_word_figure(tokens: set[str] | frozenset[str]) -> bool:
    """True when a figure may be written in words ("two", "doubled", "a third")."""
    return not _WORD_FIGURE_TOKENS.isdisjoint(tokens)


def has_figure(tokens: set[str] | frozenset[str]) -> bool:
    """Cheap pre-check on a claim's tokens (``checkworthiness.featurize``) before the scan."""
    return not _FIGURE_TOKENS.isdisjoint(tokens)
