"""Turning what a person brings (pasted text, a file, a URL) into article text and metadata.

Nothing here writes to the database: a draft is built and validated first, so bad input is
refused before anything is stored. The stored body is always plain text; HTML goes through
trafilatura, which keeps the article's words and drops markup, scripts and handlers.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import PurePath

import trafilatura
from charset_normalizer import from_bytes
from django.conf import settings

from claims.fetch import FetchedPage, FetchError, fetch_url
from claims.text_rules import strip_hidden

TEXT_EXTENSIONS = frozenset({".txt", ".md"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
UPLOAD_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS
MIN_HTML_WORDS = 8

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_LATIN_FAMILY = frozenset(
    {
        "cp1250",
        "cp1252",
        "cp1257",
        "cp775",
        "cp850",
        "cp852",
        "cp437",
        "latin_1",
        "iso8859_2",
        "iso8859_4",
        "iso8859_10",
        "iso8859_13",
        "iso8859_15",
        "iso8859_16",
        "mac_latin2",
        "mac_roman",
    }
)
# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_XML_NOT_HTML = re.compile(
    r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+(svg|rss|feed)|<(svg|rss|feed|[a-z]+:))",
    re.I | re.S,
)
_LOOKS_LIKE_HTML = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<p[ >])", re.I)


class IngestError(Exception):
    """The input cannot become an article; the message says why, for the person."""


@dataclass(frozen=True)
class ArticleDraft:
    text: str
    title: str = ""
    outlet: str = ""
    author: str = ""
    url: str = ""
    published: date | None = None

    def with_overrides(self, **values: object) -> ArticleDraft:
        """The draft with each non-empty value the person typed taking precedence."""
        return replace(self, **{k: v for k, v in values.items() if v not in (None, "")})


def normalise_body(text: str) -> str:
    """One newline convention and no control characters, so stored offsets match what the
    browser renders (HTML parsing turns CR LF into LF)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return _CONTROL.sub("", text).strip()


def decode_bytes(data: bytes, *, declared: str | None = None, html: bool = False) -> str:
    """Text from bytes: a BOM wins, then the declared charset (HTTP header or HTML meta),
    then UTF-8, then detection. Binary data and undecodable bytes raise IngestError."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _reject_binary(data[len(bom) :].decode(encoding))
            except UnicodeDecodeError as exc:
                raise IngestError(_undecodable(encoding)) from exc
    if b"\x00" in data:
        raise IngestError(_BINARY)
    candidates: list[str] = []
    if html and (match := _META_CHARSET.search(data[:4096])):
        candidates.append(match.group(1).decode("ascii"))
    if declared:
        candidates.insert(0, declared)
    candidates.append("utf-8")
    for encoding in candidates:
        if not _is_web_charset(encoding):
            continue
        try:
            return _reject_binary(data.decode(encoding))
        except (LookupError, UnicodeError):
            # An unknown or non-text charset name ("undefined", "punycode") in the page or
            # header, or bytes that do not fit it: fall through to the next guess.
            continue
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(_undecodable())
    if best.encoding in _LATIN_FAMILY:
        # Detection cannot tell the Latin code pages apart on short Western text (it reads
        # French "à" as Czech "ŕ"); windows-1252 is the web's own fallback for unlabelled
        # pages, so it wins whenever it can decode the bytes at all.
        try:
            return _reject_binary(data.decode("cp1252"))
        except UnicodeDecodeError:
            pass
    return _reject_binary(str(best))


# Python codecs a page may name that are not character sets of the web: decoding with them
# fails (undefined), or quietly turns plain ASCII into something else (punycode, idna, the
# escape codecs), which would store mojibake.
_NOT_WEB_CHARSETS = frozenset(
    {"undefined", "punycode", "idna", "unicode_escape", "raw_unicode_escape", "utf_7", "mbcs"}
)


def _is_web_charset(name: str) -> bool:
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    return info._is_text_encoding and info.name.replace("-", "_") not in _NOT_WEB_CHARSETS  # type: ignore[attr-defined]


def _reject_binary(text: str) -> str:
    if "\x00" in text or len(_CONTROL.findall(text[:20_000])) > max(5, len(text[:20_000]) // 100):
        raise IngestError(_BINARY)
    return text


_BINARY = "That file looks binary, not text. Upload a .txt, .md or .html file."


def _undecodable(encoding: str | None = None) -> str:
    where = f" as {encoding}" if encoding else ""
    return f"The file's characters could not be read{where}. Save it as UTF-8 and upload it again."


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def draft_from_html(html: str, *, url: str = "") -> ArticleDraft:
    """Main text and metadata of an HTML page."""
    if _XML_NOT_HTML.match(html):
        raise IngestError("That is an XML document or an image (such as SVG), not a web page.")
    try:
        document = trafilatura.bare_extraction(
            html, url=url or None, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:
        # trafilatura, htmldate and lxml raise assorted errors on markup they cannot parse;
        # whatever a remote page contains, the person gets a message, not a 500.
        raise IngestError("That page could not be read as HTML.") from exc
    text = normalise_body(getattr(document, "text", None) or "") if document else ""
    # trafilatura falls back to whatever text a page has, such as a menu; a handful of words
    # is not an article.
    if len(text.split()) < MIN_HTML_WORDS:
        raise IngestError("No article text was found on that page.")
    return ArticleDraft(
        text=text,
        title=strip_hidden(document.title or "").strip()[:500],
        outlet=strip_hidden(document.sitename or document.hostname or "").strip()[:200],
        author=strip_hidden(document.author or "").strip()[:300] or byline_author(text),
        url=url,
        published=_parse_date(document.date),
    )


# A byline: "By Dana Whitfield", "By Dana Whitfield, Staff Writer", "By A. Li and Sam Ortiz".
_NAME = r"[A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z][\w.'’-]*|de|da|van|von|der|bin|al))*"
BYLINE = re.compile(
    rf"By[ \t]+(?P<name>{_NAME}(?:(?:,[ \t]*|[ \t]+)(?:and|&)[ \t]+{_NAME})*)"
    r"(?:[ \t]*[,|–—][ \t]*(?P<role>[A-Za-z][\w .'’&/-]{0,60}?))?[ \t]*\.?"
)
# Bylines sit at the top: only this many lines are looked at for the author.
BYLINE_LINES = 6


def is_byline(text: str) -> bool:
    """The whole text is a byline (and so not a claim)."""
    return BYLINE.fullmatch(text.strip()) is not None


def byline_author(text: str) -> str:
    """The author named by a byline line near the top of the text, or ""."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:BYLINE_LINES]:
        match = BYLINE.fullmatch(line)
        if match:
            return match.group("name")[:300]
    return ""


def title_from_text(text: str, limit: int = 120) -> str:
    """A stand-in title: the first line, cut at a word boundary when it is long."""
    first = text.strip().split("\n", 1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def draft_from_text(text: str) -> ArticleDraft:
    text = normalise_body(text)
    if not text:
        raise IngestError("The article text is empty. Paste the text, upload a file or give a URL.")
    return ArticleDraft(text=text, author=byline_author(text))


def draft_from_upload(name: str, data: bytes) -> ArticleDraft:
    suffix = PurePath(name).suffix.lower()
    if suffix not in UPLOAD_EXTENSIONS:
        raise IngestError(
            f"“{PurePath(name).name}” is not a .txt, .md or .html file; those are the types the "
            "workbench reads."
        )
    limit = settings.FACTCHECK_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise IngestError(f"The file is larger than the {limit // 1024:,} KB limit.")
    if not data.strip():
        raise IngestError("The file is empty.")
    is_html = suffix in HTML_EXTENSIONS
    text = decode_bytes(data, html=is_html)
    return draft_from_html(text) if is_html else draft_from_text(text)


def draft_from_page(page: FetchedPage) -> ArticleDraft:
    text = decode_bytes(page.content, declared=page.charset, html=page.content_type != "text/plain")
    if page.content_type == "text/plain" and not _LOOKS_LIKE_HTML.match(text):
        return replace(draft_from_text(text), url=page.url)
    return draft_from_html(text, url=page.url)


def draft_from_url(url: str, *, fetch: Callable[[str], FetchedPage] | None = None) -> ArticleDraft:
    try:
        page = (fetch or fetch_url)(url)
    except FetchError as exc:
        raise IngestError(f"Could not fetch {url}: {exc}") from exc
    return replace(draft_from_page(page), url=url)
