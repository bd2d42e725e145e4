"""Bounds around a figure: "more than", "nearly", "up to", "exceed", "fell below".

``_BOUND_RE`` looks back a few characters from a figure; ``_approx`` turns the bound word into
the low/high interval the figure stands for.
"""

from __future__ import annotations

import re


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_BOUND_RE = re.compile(
    r"(?i)\b(more\s+than|greater\s+than|higher\s+than|fewer\s+than|less\s+than|lower\s+than|"
    r"just\s+over|just\s+under|over|above|exceeding|under|below|at\s+least|at\s+most|up\s+to|"
    r"as\s+(?:many|much|high)\s+as|no\s+more\s+than|upwards\s+of|nearly|almost|just\s+shy\s+of|"
    r"about|around|roughly|approximately|some|an\s+estimated|estimated|close\s+to|"
    r"between|from)\s+(?:a\s+|an\s+)?$"
)
# Verbs that bound a figure: "expect turnout to exceed 5 million", "sales topped $2bn",
# "inflation fell below 2%". A separate regex, tried only after these words, keeps the
# common bounds above cheap.
_VERB_BOUND_RE = re.compile(
    r"(?i)\b(exceeds?|exceeded|surpass(?:es|ed|ing)?|tops|topped|topping|(?<=to\s)top|"
    r"(?<=will\s)top|(?<=could\s)top|(?<=would\s)top|(?<=may\s)top|(?<=might\s)top)"
    r"\s+(?:a\s+|an\s+)?$"
)
_FALL_BOUND_RE = re.compile(
    r"(?i)\b((?:falls?|fell|fallen|falling|drops?|dropped|dips?|dipped|slips?|slipped)\s+"
    r"(?:below|under))\s+(?:a\s+|an\s+)?$"
)
_VERB_ENDINGS = _set(
    "exceed exceeds exceeded surpass surpasses surpassed surpassing top tops topped topping"
)
# Last words of the bounds above: only these send the window through a regex.
_BOUND_ENDINGS = (
    _set(
        "than over under above below exceeding least most to as of nearly almost about around "
        "roughly approximately some estimated between from"
    )
    | _VERB_ENDINGS
)


def find_bound(s: str, start: int, prev: str) -> re.Match[str] | None:
    """The bound right before the figure at ``start`` (group 1 is its words), or None.

    ``prev`` is ``_prev_word(s, start)``; the caller checks it is in ``_BOUND_ENDINGS``
    first, so most figures never pay for the call.
    """
    lo = max(0, start - 24)
    if prev in _VERB_ENDINGS:
        return _VERB_BOUND_RE.search(s, lo, start)
    if prev in ("below", "under"):
        m = _FALL_BOUND_RE.search(s, lo, start)
        if m is not None:
            return m
    return _BOUND_RE.search(s, lo, start)


def _prev_word(s: str, start: int) -> str:
    """The word before ``start``, skipping an article ("more than a dozen")."""
    words = s[max(0, start - 24) : start].split()
    if words and words[-1].lower() in ("a", "an"):
        words.pop()
    return words[-1].lower() if words else ""


def _approx(bound: str, v: float, digits: bool = False) -> tuple[float | None, float | None]:
    """low/high implied by a bound word around the figure v (written in digits or not)."""
    b = " ".join(bound.lower().split())
    if b in ("more than", "greater than", "higher than", "over", "above", "exceeding",
             "at least", "upwards of", "just over"):  # fmt: skip
        return v, None
    if b.startswith(("exceed", "surpass", "top")):
        return v, None
    if b.endswith(("below", "under")):
        return None, v  # "fell below 3%"
    if b in ("fewer than", "less than", "lower than", "under", "below", "just under"):
        return None, v
    if b in ("up to", "at most", "no more than"):
        return None, v
    if b.startswith("as "):
        return v, v
    step = _approx_step(v) if digits else abs(v) * 0.1
    if b in ("nearly", "almost", "just shy of", "close to"):
        return v - step, v
    return v - step, v + step  # about, around, roughly, some, estimated


# An approximate figure is as precise as it is written: "about 2,300" is rounded to the
# hundred (2,250 to 2,350), "about $44.2 million" to the hundred thousand: the values that
# round to it, half a unit of its last significant digit either side, never more than a tenth
# of the figure ("about 50": 45 to 55).
APPROX_BY_PRECISION = True


def _approx_step(v: float) -> float:
    a = abs(v)
    if not APPROX_BY_PRECISION or a == 0 or a >= 1e15:
        return a * 0.1
    digits = f"{a:.6f}".rstrip("0").rstrip(".")
    whole, _, frac = digits.partition(".")
    if frac:
        place = 10.0 ** -len(frac)
    else:
        stripped = whole.rstrip("0")
        place = 10.0 ** (len(whole) - len(stripped))
    return min(a * 0.1, place / 2)


_BETWEEN_RE = re.compile(r"(?i)\bbetween\s+$")
_PCT_RANGE_RE = re.compile(
    r"(?i)\s*(?:to|-|–|—|and)\s*(\d+(?:\.\d+)?)\s*(?:%|percent\b|per\s?cent\b)"
)


def _percent_range(
    s: str, start: int, end: int, value: float, second: float | None, pos: int
) -> tuple[float | None, int, int]:
    """The upper figure of "10% to 15%" / "between 10% and 15%" after the first percent."""
    rm = _PCT_RANGE_RE.match(s, end)
    if rm is None:
        return second, end, pos
    if rm.group().strip()[:3].lower() == "and" and not _BETWEEN_RE.search(
        s, max(0, start - 12), start
    ):
        return second, end, pos  # "10% and 15%" without "between": two figures
    v2 = float(rm.group(1))
    if v2 <= value:
        return second, end, pos
    return v2, rm.end(), rm.end()
