"""Figure atoms: number words, scales, fractions, multipliers and the regex that finds them.

``quantities`` scans with ``_ATOM_RE`` and reads each match's value with ``_atom_value``; the
context around the atom (scale, range, bound, unit) is its business.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12,
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,  # Indian scales ("Rs 500 crore")
}  # fmt: skip
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}
_MULTIPLIERS = {
    "doubl": 2.0,
    "twice": 2.0,
    "tripl": 3.0,
    "thrice": 3.0,
    "quadrupl": 4.0,
    "halv": 0.5,
}
# Vague plurals: "tens of thousands" means at least two tens, so 20,000 to 99,999.
_VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2e3, 9999),
    "millions": (2e6, 999999999), "billions": (2e9, 999999999999),
}  # fmt: skip

_W = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|"
    r"six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|dozen"
)
_SC = r"hundred|thousand|million|billion|trillion"
_CUR = r"(?:US|A|C|NZ|HK|S)?\$|€|£|¥|₹|Rs\.?\s?(?=\d)"

# The leading look-behind and look-ahead reject most positions (inside words, spaces) with two
# cheap checks before the alternation is tried; that alone makes the scan three times faster.
_ATOM_PATTERN = rf"""

    (?P<cur>{_CUR})?
    (?:
      \b(?P<ratio>(?P<rnum>\d{{1,2}}|one|two|three|four|five|six|seven|eight|nine)
                   [\s-]+(?:in|out[\s-]+of)[\s-]+(?:every\s+)?(?P<rden>\d{{1,3}}|{_W}))\b
      | (?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\d,]*\d)
                  |\d+(?:\.\d+)?(?=(?:k|m|mn|bn|b|tn)?\b|°|[a-z]{{1,4}}\b))
      | \b(?P<frac>(?P<fnum>a|one|two|three)[\s-](?:third|quarter|fifth|tenth)s?
                   (?=\s+(?:of|more|less|fewer|higher|lower|as|from|since|to|over|compared)\b|\s*[,.;:)]|\s*$)
                   |half(?=\s+(?:of|the)\b)|(?<=\b(?:by|in)\s)half
                   |(?<=\babout\s)half|(?<=\b(?:nearly|almost|around)\s)half|(?<=\broughly\s)half)\b
      | \b(?P<vague>(?:tens|hundreds|dozens)\s+of\s+(?:thousands|millions|billions)
                  |dozens|scores|hundreds|thousands|millions|billions)\b
                  (?=\s+(?:of|are|were|have|had|more|remain|remained|still|died|fled)\b|\s*[,.;])
      | \b(?P<aor>an?\s+(?P<aunit>hour|day|week|month|year|decade)\s+or\s+two)\b
      | \b(?P<words>(?:(?:{_W})(?:(?:\s+|-)(?:and\s+)?(?:{_W}|{_SC}))*
                     |(?:half\s+)?(?:a|an)\s+(?:dozen|hundred|thousand|million|billion)
                      (?:\s+(?:{_SC}))*))\b
      | \b(?P<mult>(?:doubl|tripl|quadrupl|halv)(?:ed|es|e|ing)|twice|thrice
                   |(?:two|three|four|five|ten)-?fold)\b
    )
    """
_ATOM_RE = re.compile(r"(?ix)(?<![\w.,])(?=[\d$€£¥₹usacnhbdefmoqtz]|rs\.?\s?\d)" + _ATOM_PATTERN)
# Most claims hold figures only in digits or currency signs (their tokens say so): starting
# only at those characters skips the word alternatives at every other word, twice as fast.
_DIGIT_ATOM_RE = re.compile(
    r"(?ix)(?<![\w.,])(?=[\d$€£¥₹]|(?:US|A|C|NZ|HK|S)\$|rs\.?\s?\d)" + _ATOM_PATTERN
)


def _words_value(s: str) -> float:
    if s[:4].lower() == "half":
        return 0.5 * _words_value(s[4:].strip())
    total = 0.0
    current = 0.0
    for w in re.split(r"[\s-]+", s.lower()):
        if w == "and":
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w == "hundred" or w == "dozen":
            current = (current or 1) * (100 if w == "hundred" else 12)
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w]
            current = 0.0
    return total + current


def _atom_value(m: re.Match[str]) -> tuple[float, float | None, str] | None:
    """(value, high for vague ranges, kind) of one atom, or None when it is not a figure."""
    if m.group("digits"):
        return float(m.group("digits").replace(",", "")), None, "count"
    if m.group("words"):
        return _words_value(m.group("words")), None, "count"
    if m.group("aor"):
        return 1.0, 2.0, "count"  # "a year or two": one to two years
    if m.group("vague"):
        v = m.group("vague").lower().split()
        if len(v) == 3:  # "tens of thousands"
            base = {"tens": 10, "hundreds": 100, "dozens": 12}[v[0]] * _SCALES[v[2][:-1]]
            return 2 * base, 10 * base - 1, "count"
        lo, hi = _VAGUE[v[0]]
        return float(lo), float(hi), "count"
    if m.group("ratio"):
        num, den = m.group("rnum"), m.group("rden")
        n = float(num) if num[0].isdigit() else _words_value(num)
        d = float(den) if den[0].isdigit() else _words_value(den)
        return (n / d if d else 0.0), None, "fraction"
    if m.group("mult"):
        w = m.group("mult").lower()
        for stem, val in _MULTIPLIERS.items():
            if w.startswith(stem):
                return val, None, "multiplier"
        return _words_value(w.replace("fold", "").strip("-")), None, "multiplier"
    f = m.group("frac").lower()
    denom = _FRACTIONS[f.split()[-1].split("-")[-1].rstrip("s")] if f != "half" else 0.5
    num = _UNITS.get((m.group("fnum") or "a").lower(), 1)
    return num * denom, None, "fraction"
