"""Paragraphs, sentences, quotations and clauses, all as character offsets into the text.

News text has one paragraph per line, so a line break always ends a sentence. Inside a line a
sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus closing quotes or brackets) followed by
whitespace and an opening quote, bracket, capital letter or digit, unless the word before the
period is a known abbreviation or an initial. Each candidate boundary is checked by looking
back at one word only, so the work is linear in the text length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_PARA_RE = re.compile(r"[^\n\r\u2028\u2029]+")
# Possessive runs and the look-behind keep a long run of dots from being rescanned at every
# position (which would make the scan quadratic).
_BOUNDARY_RE = re.compile(r"(?<![.!?…])[.!?…]++[\"”’'»)\]]*+(?=\s+[\"“‘'«(\[]?[A-Z0-9À-Þ])")
_NONSPACE_RE = re.compile(r"\S")
_ABBREVIATIONS = _set(
    """
    mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep st mt ft jr sr rev hon pres
    inc corp co ltd plc bros dept univ assn est approx vs etc no nos vol fig jan feb mar apr jun
    jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun ave blvd rd al
    ala ariz ark calif colo conn fla ga ill ind kan kans ky la md mass mich minn miss mo mont
    neb nev okla ore pa tenn tex va vt wash wis wyo"""
)
# After an acronym such as "U.S." these words still start a new sentence.
_STARTERS = _set(
    "The A An He She It They We I But And In On At This That These Those His Her Their Its "
    "Officials Police However Meanwhile"
)
_ATTRIBUTION_START_RE = re.compile(
    r"\s+(?:[A-Z][\w.'’-]*\s+){1,4}(?:said|says|asked|asks|added|told|wrote|replied|shouted|"
    r"continued|insisted|warned|cried)\b"
)
_WIRE_TAGS = ("(AP)", "(Reuters)", "(AFP)", "(UPI)", "(CNN)")
_QUOTE_RE = re.compile(r"[\"“”«»]")
_OPENERS = "“«"
_CLOSERS = "”»"


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, with surrounding whitespace trimmed."""
    for m in _PARA_RE.finditer(text):
        s = m.start()
        seg = m.group()
        stripped = seg.strip()
        if not stripped:
            continue
        s += len(seg) - len(seg.lstrip())
        yield s, s + len(stripped)


def _is_abbreviation(text: str, start: int, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation rather than a sentence."""
    ws = text.rfind(" ", start, dot)
    word = text[(ws + 1 if ws >= 0 else start) : dot].lstrip("\"“‘'([«")
    if not word:
        return False
    low = word.lower()
    if low in _ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial: "John F. Kennedy"
    if "." in word and len(word) <= 6 and all(len(p) <= 2 for p in word.split(".")):
        # "U.S", "e.g": a boundary only if a typical sentence opener follows.
        nxt = text[dot + 1 : dot + 16].split(None, 1)
        return not (nxt and nxt[0] in _STARTERS)
    return text.startswith(_WIRE_TAGS, dot + 2)  # "CEDAR RIDGE, Ariz. (AP) —"


def sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of the sentences in ``text[start:end]`` (one paragraph)."""
    pos = start
    for m in _BOUNDARY_RE.finditer(text, start, end):
        punct = m.group()
        if (
            punct[0] == "."
            and len(punct.rstrip("\"”’'»)]")) == 1
            and _is_abbreviation(text, pos, m.start())
        ):
            continue
        if (
            punct[-1] in '"”»'
            and text[pos] in '"“«'
            and _ATTRIBUTION_START_RE.match(text, m.end(), end)
        ):
            continue  # “Why now?” Lutz asked. — the attribution belongs to the quotation
        yield pos, m.end()
        nm = _NONSPACE_RE.search(text, m.end(), end)
        if nm is None:
            return
        pos = nm.start()
    if pos < end:
        yield pos, end


def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(open, close) positions of quotation marks in one paragraph.

    ``close`` is the index of the closing mark, or ``end`` when the quote runs on to the end of
    the paragraph (a quote continued in the next paragraph has no closing mark).
    """
    spans: list[tuple[int, int]] = []
    open_at = -1
    for m in _QUOTE_RE.finditer(text, start, end):
        i = m.start()
        c = m.group()
        if open_at < 0:
            if c in _CLOSERS:
                continue  # a stray closing mark
            if c == '"' and i > start and text[i - 1].isalnum():
                continue  # inch marks and the like: 5"
            open_at = i
        elif c in _OPENERS:
            open_at = i  # unbalanced: restart at the newer opening mark
        else:
            spans.append((open_at, i))
            open_at = -1
    if open_at >= 0:
        spans.append((open_at, end))
    return spans


# Independent clauses joined by ", and" / ", but" / ";" / ", while" / ", even as": the split
# is only made when both sides are long enough to stand as claims of their own.
_CLAUSE_RE = re.compile(r"(?:,|;)\s+(?:and|but|while|whereas|even\s+as|yet)\s+|;\s+")
_MIN_CLAUSE_WORDS = 5
# The right side must open with a subject, not continue a list ("apples, and pears").
_SUBJECT_RE = re.compile(
    r"(?:I|we|he|she|they|it|there|now|the|this|that|these|those|his|her|their|its|our|"
    r"[a-z]+s|[A-Z][\w’'-]*|tens|hundreds|thousands|millions|\d)\b",
)


# At least _MIN_CLAUSE_WORDS words: matched from the start of a range, so the cost of the
# check does not grow with the length of the rest of the sentence.
_ENOUGH_WORDS_RE = re.compile(rf"\s*+(?:\S++\s++){{{_MIN_CLAUSE_WORDS - 1}}}\S")


def _enough_words(text: str, a: int, b: int) -> bool:
    return _ENOUGH_WORDS_RE.match(text, a, b) is not None


def clauses(
    text: str,
    start: int,
    end: int,
    joins_clauses: Callable[[int, int], bool] | None = None,
) -> list[tuple[int, int]]:
    """Split one sentence into independent clauses (offsets); usually a single span.

    ``joins_clauses(cut_start, cut_end)``, when given (the engine passes the parse's answer),
    must confirm that a candidate cut separates two clauses with their own subjects and verbs,
    so a list ("a scientist at NASA, and American University") or a subject and its verb are
    never split.
    """
    if end - start < 40:
        return [(start, end)]
    cuts: list[tuple[int, int]] = []
    for m in _CLAUSE_RE.finditer(text, start, end):
        if not _SUBJECT_RE.match(text, m.end()):
            continue
        if joins_clauses is not None and not joins_clauses(m.start(), m.end()):
            continue
        cuts.append((m.start(), m.end()))
    if not cuts:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    cur = start
    for cut_start, cut_end in cuts:
        if _enough_words(text, cur, cut_start) and _enough_words(text, cut_end, end):
            out.append((cur, cut_start))
            cur = cut_end
    out.append((cur, end))
    return out
