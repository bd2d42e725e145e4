"""Units and counted things of a figure: "300,000 reserve troops", "41.3°C", "$", "euros".

Mostly the words right after the figure; when a verb follows ("the record of 2.1 million set
in 2020") or the figure is an age ("voters over 65", "Jane Roe, 54,"), the words around it.
"""

from __future__ import annotations

import re


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# A unit written straight after the figure: "45C", "41.3°C", "30km", "100MW".
COMPACT_UNIT_RE = re.compile(r"°?[A-Za-z]{1,4}\b|°")
_UNIT_RE = re.compile(
    r"(?:\s+of)?(?:\s+|-)([A-Za-z][A-Za-z'’-]*)(?:\s+([A-Za-z][A-Za-z'’-]*))?"
    r"(?:\s+([A-Za-z][A-Za-z'’-]*))?"
)
CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
    "yen": "JPY", "yuan": "CNY", "rupees": "INR", "francs": "CHF", "lira": "TRY",
    "pesos": "MXN", "rubles": "RUB", "roubles": "RUB", "naira": "NGN", "rand": "ZAR",
    "won": "KRW", "shekels": "ILS", "kronor": "SEK", "krone": "NOK", "reais": "BRL",
}  # fmt: skip
CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_STOP = _set(
    """
    the a an of in on at to for from by with and or but as than that which who whose was were
    is are be been being has have had will would could should may might can do does did not no
    this these those its their his her our your my it they he she we i you there here more less
    fewer most least over under about around nearly almost up down off out per each every daily
    weekly monthly yearly annually ago earlier later long old high wide tall deep away apiece
    last next this since until before after during across into onto among between when while
    s percent times fold year's years' compared against then now so if also just only
    afterward afterwards onward onwards forward backward upward downward apart alone"""
)
_MEASURES = {"degrees": ("celsius", "fahrenheit", "c", "f"), "basis": ("points", "point")}


DURATIONS = _set(
    "day days week weeks month months year years decade decades hours season seasons quarters"
)
_NOT_COUNTED = _set("is has was says does goes remains seems gets")
# Verbs and participles that often follow a figure ("the record of 2.1 million set in 2020",
# "voters over 65 made up"): never the counted thing. Regular "-ed" forms are caught by shape.
VERBS_AFTER = _set(
    """
    set made make makes put cut hit lost left took taken gave given got came come comes went
    go goes gone saw seen held hold holds paid pay pays sold sell sells built spent brought
    bought fell fall falls rose rise rises grew grow grows shown known done said told meant
    ran run runs began begun kept found won't can't thought felt became become becomes stood
    sat sent led read heard met drew drawn broke broken chose chosen drove driven flew flown
    including according compared making taking coming going getting holding paying selling
    falling rising growing remaining representing accounting amounting bringing leaving
    is are was were be been has have had will would could should may might can do does did
    """
)


def _plural(w: str) -> bool:
    return w.endswith("s") and not w.endswith("ss") and w != "measles" and w not in _STOP


def unit_after(s: str, pos: int) -> str | None:
    """The unit or counted thing right after a figure ("300,000 reserve troops" -> troops)."""
    m = _UNIT_RE.match(s, pos)
    if not m:
        return None
    words = [w.rstrip("'’-").removesuffix("'s").removesuffix("’s") for w in m.groups() if w]
    if s[pos] == "-":  # "40-year history": the hyphenated word is the unit
        words = words[:1]
    words = [w for w in words if w]
    if len(words) > 1 and words[0].lower() in ("all", "both"):
        words = words[1:]  # "a third of all ballots": the ballots are counted
    if not words or words[0].lower() in _STOP:
        return None
    first = words[0].lower()
    nxt = words[1].lower() if len(words) > 1 else ""
    third = words[2].lower() if len(words) > 2 else ""
    if (
        third
        and not _plural(first)
        and not _plural(nxt)
        and nxt not in _STOP
        and _plural(third)
        and third not in _STOP
        and third not in _NOT_COUNTED
        and words[1].islower()
    ):
        return third  # "14 disaster recovery centers", "18 early voting sites"
    first_plural = first.endswith("s") and not first.endswith("ss") and first != "measles"
    nxt_plural = nxt.endswith("s") and not nxt.endswith("ss") and nxt not in _STOP
    # The second word is the counted thing in "reserve troops", "measles cases", "walk-in clinics".
    unit = first if first_plural or not nxt_plural or nxt in _NOT_COUNTED else nxt
    if unit in ("year-old", "year-olds"):
        return "years"  # "a 25-year-old man": an age
    if unit in VERBS_AFTER or (len(unit) > 4 and unit.endswith("ed") and not unit.endswith("eed")):
        return None  # "aged 15 to 24 dropped by half": a verb, not a counted thing
    if unit in _MEASURES and len(words) > 1 and words[1].lower() in _MEASURES[unit]:
        unit += " " + words[1]
    return unit


def is_verb(word: str) -> bool:
    """A word shaped or listed as a verb ("dropped", "set", "made"): no counted thing."""
    w = word.lower()
    return w in VERBS_AFTER or (len(w) > 4 and w.endswith("ed") and not w.endswith("eed"))


_WORD_AFTER_RE = re.compile(r"\s+([A-Za-z]+)\b")
# "the previous record of 2.1 million set in 2020": the noun the figure measures.
_NOUN_OF_RE = re.compile(r"\b([a-z]{3,})\s+of\s+$")
_NOT_NOUN_OF = _set(
    "total sum number average maximum minimum rate level figure amount tally share part "
    "out because instead ahead most some none all each one any many much both half"
)


def verb_after(s: str, pos: int) -> bool:
    """True when a verb follows the figure (so ``unit_after`` found no counted thing)."""
    m = _WORD_AFTER_RE.match(s, pos)
    return m is not None and is_verb(m.group(1))


def noun_before(s: str, start: int) -> str | None:
    """The noun in "NOUN of <figure>" before ``start``, when it names what was measured."""
    m = _NOUN_OF_RE.search(s, max(0, start - 30), start)
    if m is None or m.group(1) in _STOP or m.group(1) in _NOT_NOUN_OF or is_verb(m.group(1)):
        return None
    return m.group(1)


def currency(cur: str) -> str:
    """ISO code of a currency prefix: "C$" is Canadian, "Rs" Indian, a bare "$" US."""
    if cur[0] in "Rr":
        return "INR"
    if cur[-1] == "$" and len(cur) > 1:
        return _DOLLAR_PREFIXES.get(cur[:-1].upper(), "USD")
    return CURRENCY_SIGNS.get(cur[-1], "USD")


_DOLLAR_PREFIXES = {"US": "USD", "C": "CAD", "A": "AUD", "NZ": "NZD", "HK": "HKD", "S": "SGD"}


# "voters over 65", "adults under 30": a bound on age after a noun for people.
_PERSONS_BEFORE_RE = re.compile(
    r"(?i)\b(?:voters|people|adults|residents|patients|citizens|workers|drivers|women|men|"
    r"children|those|anyone|everyone|americans|britons|respondents|users|members)\s+$"
)
_NAME_COMMA_RE = re.compile(r"[A-Z][\w'’-]+,\s$")


def context_unit(
    s: str, start: int, end: int, value: float, bound: bool, digits: bool
) -> str | None:
    """A unit from the words around a count that has none after it, or None.

    "Jane Holloway, 54, said" and "voters over 65" give ages; "the record of 2.1 million set
    in 2020" gives the measured noun, since the verb after the figure counts nothing.
    """
    if (
        digits
        and value < 120
        and s.startswith(",", end)
        and _NAME_COMMA_RE.search(s, max(0, start - 30), start)
    ):
        return "years"
    if bound and value <= 120 and _PERSONS_BEFORE_RE.search(s, max(0, start - 24), start):
        return "years"
    if verb_after(s, end):
        return noun_before(s, start)
    return None
