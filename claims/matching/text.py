"""Text signals a fact-checker looks at when deciding two claims are the same: the terms, the
named people and organisations, the figures with their units, and the dates.

Plain Python, no Django: the benchmark and the training script use exactly these functions.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

# The usual English stop words (the Glasgow list, as scikit-learn ships it), plus web noise.
_STOP = """
    a about above across after afterwards again against all almost alone along already
    also although always am among amongst amoungst amount an and another any anyhow anyone
    anything anyway anywhere are around as at back be became because become becomes
    becoming been before beforehand behind being below beside besides between beyond bill
    both bottom but by call can cannot cant co con could couldnt cry de describe detail do
    done down due during each eg eight either eleven else elsewhere empty enough etc even
    ever every everyone everything everywhere except few fifteen fifty fill find fire
    first five for former formerly forty found four from front full further get give go
    had has hasnt have he hence her here hereafter hereby herein hereupon hers herself him
    himself his how however hundred i ie if in inc indeed interest into is it its itself
    keep last latter latterly least less ltd made many may me meanwhile might mill mine
    more moreover most mostly move much must my myself name namely neither never
    nevertheless next nine no nobody none noone nor not nothing now nowhere of off often
    on once one only onto or other others otherwise our ours ourselves out over own part
    per perhaps please put rather re same see seem seemed seeming seems serious several
    she should show side since sincere six sixty so some somehow someone something
    sometime sometimes somewhere still such system take ten than that the their them
    themselves then thence there thereafter thereby therefore therein thereupon these they
    thick thin third this those though three through throughout thru thus to together too
    top toward towards twelve twenty two un under until up upon us very via was we well
    were what whatever when whence whenever where whereafter whereas whereby wherein
    whereupon wherever whether which while whither who whoever whole whom whose why will
    with within without would yet you your yours yourself yourselves
"""
STOPWORDS = frozenset(_STOP.split()) | {
    "said",
    "says",
    "say",
    "just",
    "like",
    "pic",
    "twitter",
    "com",
    "https",
    "http",
    "www",
    "amp",
    "rt",
}
_WORD = re.compile(r"[#@]?[\w']+", re.UNICODE)
_NAME = re.compile(r"\b[A-Z][\w'’.-]*[A-Za-z](?:\s+[A-Z][\w'’.-]*[A-Za-z])*")
# The lookahead only lets a match start at a currency sign or a digit (the same matches and
# groups; the optional prefix otherwise made the engine try every position of the text).
_FIGURE = re.compile(
    r"(?=[$£€\d])(?P<cur>[$£€])?\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s?(?P<unit>%|percent\b|per cent\b|"
    r"million\b|billion\b|trillion\b|thousand\b|m\b|bn\b|k\b)?",
    re.IGNORECASE,
)
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
_SCALE["trillion"] = 1e12
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_DATE_MDY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_DATE_DMY = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
_DATE_COMPACT = re.compile(r"\b(\d{4})(\d{2})(\d{2})(?:_|\b)")
_DATE_UNDERSCORE = re.compile(r"\b(\d{4})_([A-Za-z]{3})_(\d{1,2})")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u2019", "'").replace("\u2018", "'")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A light suffix stripper: enough for "taxes"/"tax", "increased"/"increase"."""
    for suffix, keep in (
        ("ies", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: len(word) - len(suffix)] + keep
    return word


@lru_cache(maxsize=200_000)
def _term(raw: str) -> str:
    """One lower-cased word as a term, or "" for a stop word (cached: the matcher calls terms()
    for thousands of candidates an article, over a vocabulary far smaller than that)."""
    word = raw.strip("#@'").replace("'s", "")
    if len(word) < 2 or word in STOPWORDS or word.isdigit():
        return ""
    return stem(word)


def terms(text: str) -> list[str]:
    """Content words, lower-cased, stop words removed, lightly stemmed, in order."""
    return [t for t in map(_term, _WORD.findall(fold(text).lower())) if t]


def search_terms(text: str, limit: int = 32) -> list[str]:
    """Distinct words for a full-text OR query: letters and digits only (safe to quote for
    FTS5 and tsquery), stop words dropped, the original forms (the engines stem themselves)."""
    seen: dict[str, None] = {}
    for raw in _WORD.findall(fold(text).lower()):
        word = re.sub(r"[^0-9a-z]", "", raw)
        if len(word) < 2 or word in STOPWORDS:
            continue
        seen.setdefault(word, None)
        if len(seen) >= limit:
            break
    return list(seen)


def names(text: str) -> set[str]:
    """Capitalised word runs (people, organisations, places), lower-cased; a run's last word
    (a surname) counts too, so "President Obama" and "Barack Obama" share "obama"."""
    found: set[str] = set()
    for match in _NAME.finditer(fold(text)):
        words = [w.strip(".'’-").lower() for w in match.group(0).split()]
        words = [w for w in words if w and w not in STOPWORDS and len(w) > 1]
        if not words:
            continue
        found.update(words)
    return found


def figures(text: str) -> set[str]:
    """Numbers with their units, normalised: "$4.2 billion" -> "$4200000000", "12 percent" ->
    "12%". Years are kept too: "in 2019" is a figure a fact-checker compares."""
    found: set[str] = set()
    for match in _FIGURE.finditer(fold(text)):
        raw = match.group("num").replace(",", "")
        try:
            value = float(raw)
        except ValueError:
            continue
        unit = (match.group("unit") or "").lower()
        if unit in {"percent", "per cent"}:
            unit = "%"
        value *= _SCALE.get(unit, 1)
        unit = "%" if unit == "%" else ""
        shown = f"{value:.6g}"
        found.add(f"{match.group('cur') or ''}{shown}{unit}")
    return found


def parse_date(text: str | None) -> date | None:
    """The first date in a string, in the forms fact-check feeds use ("2019-10-22",
    "October 22, 2019", "22 Oct 2019", "stated on October 22, 2019 in …", "20191022_…")."""
    if not text:
        return None
    text = str(text)
    for pattern, order in (
        (_DATE_ISO, "ymd"),
        (_DATE_MDY, "mdy"),
        (_DATE_DMY, "dmy"),
        (_DATE_COMPACT, "ymd"),
        (_DATE_UNDERSCORE, "ymd"),
    ):
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups(), strict=True))
            month = parts["m"]
            if not month.isdigit():
                month = _MONTHS.get(month.lower()[:9], _MONTHS.get(month.lower()[:3], 0))
            try:
                return date(int(parts["y"]), int(month), int(parts["d"]))
            except (TypeError, ValueError):
                continue
    return None
