"""Reading fact-check archives, streaming: schema.org ClaimReview JSON-LD (one document, an
array, an @graph, or a DataFeed of dataFeedElement items, as fact-check feeds publish them)
and CSV with the header in CSV_COLUMNS.

Each record comes out as (row number, dict of FactCheck fields) or (row number, error);
nothing here touches the database. A JSON array or feed is decoded one element at a time, so
a large archive never sits in memory as one parsed document.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from typing import IO, Any

from claims.matching.text import parse_date

# The CSV header (order free; claim_reviewed and review_url are required).
CSV_COLUMNS = (
    "claim_reviewed",
    "review_url",
    "rating_label",
    "rating_value",
    "best_rating",
    "worst_rating",
    "publisher",
    "published",
    "claimant",
    "language",
    "title",
)
REQUIRED = ("claim_reviewed", "review_url")
_READ = 256 * 1024
Record = tuple[int, dict[str, Any] | str]


class ArchiveFormatError(Exception):
    """The file as a whole cannot be read (not JSON, no CSV header, …)."""


def sniff(head: bytes) -> str:
    text = head.lstrip(codecs.BOM_UTF8).lstrip()
    return "json" if text[:1] in (b"{", b"[") else "csv"


def read_archive(stream: IO[bytes]) -> Iterator[Record]:
    buffered = io.BufferedReader(stream) if not hasattr(stream, "peek") else stream
    head = buffered.peek(64)[:64]  # type: ignore[union-attr]
    if sniff(head) == "json":
        yield from read_claimreview_json(buffered)
    else:
        yield from read_csv(buffered)


# CSV --------------------------------------------------------------------------------------


def read_csv(stream: IO[bytes]) -> Iterator[Record]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.DictReader(text)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ArchiveFormatError(
            "Not a ClaimReview JSON file, and the CSV header lacks "
            + ", ".join(missing)
            + ". The header is: "
            + ",".join(CSV_COLUMNS)
        )
    reader.fieldnames = header
    for number, row in enumerate(reader, start=2):
        yield number, _clean({k: v for k, v in row.items() if k in CSV_COLUMNS})


# JSON-LD ----------------------------------------------------------------------------------


def _decode_stream(stream: IO[bytes]) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    while chunk := stream.read(_READ):
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


class _Scanner:
    """A text buffer over the stream that decodes one JSON value at a time."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._chunks = _decode_stream(stream)
        self.buf = ""
        self.pos = 0
        self.eof = False
        self._decoder = json.JSONDecoder()

    def _more(self) -> bool:
        if self.eof:
            return False
        try:
            self.buf = self.buf[self.pos :] + next(self._chunks)
            self.pos = 0
        except StopIteration:
            self.eof = True
            return False
        return True

    def skip_ws(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def value(self) -> Any:
        while True:
            try:
                value, end = self._decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError:
                if not self._more():
                    raise
                continue
            # A number or literal at the end of the buffer may continue in the next chunk.
            if end >= len(self.buf) and not self.eof and self._more():
                continue
            self.pos = end
            return value

    def find_near(self, needle: str, limit: int = 1024 * 1024) -> bool:
        """Move past `needle` if it occurs within `limit` characters; else stay put."""
        while True:
            at = self.buf.find(needle, self.pos)
            if at >= 0 and at - self.pos <= limit:
                self.pos = at + len(needle)
                return True
            if at >= 0 or len(self.buf) - self.pos > limit or not self._more():
                return False

    def array_items(self) -> Iterator[Any]:
        """Decode the elements of the array whose "[" is next, one at a time."""
        if self.skip_ws() != "[":
            raise ArchiveFormatError("Expected a JSON array.")
        self.pos += 1
        while True:
            ch = self.skip_ws()
            if ch == "]":
                self.pos += 1
                return
            if ch == ",":
                self.pos += 1
                continue
            if ch == "":
                raise ArchiveFormatError("The JSON file ends in the middle of an array.")
            yield self.value()


def read_claimreview_json(stream: IO[bytes]) -> Iterator[Record]:
    scanner = _Scanner(stream)
    first = scanner.skip_ws()
    try:
        if first == "[":
            items: Iterator[Any] = scanner.array_items()
        else:
            # A feed names its elements near the top; anything else is one small document.
            if scanner.find_near('"dataFeedElement"') and scanner.find_near(":", 16):
                items = scanner.array_items()
            else:
                items = iter([scanner.value()])
        number = 0
        for item in items:
            for review in _reviews(item):
                number += 1
                yield number, review
    except json.JSONDecodeError as exc:
        raise ArchiveFormatError(f"The JSON is not valid: {exc.msg} (position {exc.pos}).") from exc


def _reviews(item: Any) -> Iterator[dict[str, Any] | str]:
    """The ClaimReviews in one element: itself, a DataFeedItem's "item", an @graph."""
    if isinstance(item, list):
        for sub in item:
            yield from _reviews(sub)
        return
    if not isinstance(item, dict):
        yield "An element of the archive is not a JSON object."
        return
    if "@graph" in item:
        yield from _reviews(item["@graph"])
        return
    types = item.get("@type")
    types = types if isinstance(types, list) else [types]
    if "DataFeedItem" in types or ("item" in item and "ClaimReview" not in types):
        yield from _reviews(item.get("item"))
        return
    if "DataFeed" in types:
        yield from _reviews(item.get("dataFeedElement") or [])
        return
    if "ClaimReview" not in types:
        yield f"Not a ClaimReview (@type {item.get('@type')!r})."
        return
    yield _clean(_from_claimreview(item))


def _name(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        return str(value.get("name") or value.get("alternateName") or "")
    return str(value or "")


def _from_claimreview(doc: dict[str, Any]) -> dict[str, Any]:
    rating = doc.get("reviewRating") or {}
    if isinstance(rating, list):
        rating = rating[0] if rating else {}
    reviewed = doc.get("itemReviewed") or {}
    if isinstance(reviewed, list):
        reviewed = reviewed[0] if reviewed else {}
    return {
        "claim_reviewed": doc.get("claimReviewed") or "",
        "review_url": doc.get("url") or "",
        "rating_label": (rating.get("alternateName") or rating.get("name") or "")
        if isinstance(rating, dict)
        else "",
        "rating_value": rating.get("ratingValue") if isinstance(rating, dict) else None,
        "best_rating": rating.get("bestRating") if isinstance(rating, dict) else None,
        "worst_rating": rating.get("worstRating") if isinstance(rating, dict) else None,
        "publisher": _name(doc.get("author") or doc.get("publisher")),
        "published": doc.get("datePublished") or "",
        "claimant": _name(reviewed.get("author")) if isinstance(reviewed, dict) else "",
        "language": _name(doc.get("inLanguage")),
        "title": doc.get("headline") or doc.get("name") or "",
    }


def _number(value: Any) -> float | str | None:
    if value in (None, ""):
        return None
    try:
        return float(str(value).strip())
    except ValueError:
        return f"is not a number ({str(value)[:40]!r})"


LIMITS = {"title": 500, "rating_label": 200, "publisher": 300, "claimant": 300, "language": 20}


def _clean(raw: dict[str, Any]) -> dict[str, Any] | str:
    """Trimmed, typed FactCheck fields, or the reason the record is skipped."""
    out: dict[str, Any] = {}
    for key in CSV_COLUMNS:
        value = raw.get(key)
        out[key] = "" if value is None else value
    for key in ("claim_reviewed", "review_url", "title", "rating_label", "publisher"):
        out[key] = " ".join(str(out[key]).split())
    for key in ("claimant", "language"):
        out[key] = " ".join(str(out[key]).split())
    if not out["claim_reviewed"]:
        return "No claim reviewed (claimReviewed / claim_reviewed is empty)."
    url = out["review_url"]
    if not url.startswith(("http://", "https://")) or len(url) > 2000 or " " in url:
        return f"The review URL is missing or not an http(s) URL ({url[:80]!r})."
    for key in ("rating_value", "best_rating", "worst_rating"):
        number = _number(out[key])
        if isinstance(number, str):
            return f"{key} {number}."
        out[key] = number
    published = out["published"]
    out["published"] = parse_date(str(published)) if published else None
    if published and out["published"] is None:
        return f"The date {str(published)[:40]!r} could not be read."
    for key, limit in LIMITS.items():
        out[key] = out[key][:limit]
    return out
