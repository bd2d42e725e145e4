"""One row per claim, built in batches and written as CSV, JSON Lines or one JSON document.

Rows come from `values_list` over a server-side cursor (`.iterator(chunk_size=…)`), and each
batch's sources and corrections are fetched with one query apiece for the batch's claim ids:
memory stays flat however many claims are exported, and the query count grows with the number
of batches, not of claims. Model instances are never built; that alone was most of the cost
(see bench/bench_export.py).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from claims.models import Claim, Source, Verdict

BATCH_SIZE = 2000

FORMATS = ("csv", "jsonl", "json", "claimreview")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "claimreview": "application/ld+json; charset=utf-8",
}
EXTENSIONS = {"csv": "csv", "jsonl": "jsonl", "json": "json", "claimreview": "jsonld"}

# The claim query's columns, in the order the row builder unpacks them.
_CLAIM_COLUMNS = (
    "id",
    "public_id",
    "article_id",
    "article__title",
    "article__url",
    "article__outlet",
    "article__published",
    "article__created",
    "start",
    "end",
    "statement",
    "quote",
    "type",
    "speaker",
    "quantities",
    "status",
    "created",
    "current_verdict_id",
    "current_verdict__rating__label",
    "current_verdict__rating__claimreview_value",
    "current_verdict__rationale",
    "current_verdict__confidence",
    "current_verdict__reviewer__username",
    "current_verdict__approved_by__username",
    "current_verdict__created",
    "current_verdict__approved_at",
)
_SOURCE_COLUMNS = (
    "claim_id",
    "id",
    "url",
    "title",
    "publisher",
    "published",
    "relation",
    "kind",
    "excerpt",
)
_CORRECTION_COLUMNS = (
    "claim_id",
    "id",
    "supersedes_id",
    "supersedes__rating__label",
    "rating__label",
    "supersedes__rationale",
    "rationale",
    "correction_reason",
    "supersedes__approved_at",
    "approved_at",
    "approved_by__username",
)

# The row's keys: the CSV header, and the keys of every JSON / JSON Lines object.
COLUMNS = (
    "article_id",
    "article_title",
    "article_url",
    "article_outlet",
    "article_published",
    "article_added",
    "claim_id",
    "public_id",
    "span_start",
    "span_end",
    "claim_text",
    "quote",
    "type",
    "speaker",
    "quantities",
    "status",
    "verdict_id",
    "rating",
    "rating_value",
    "rationale",
    "confidence",
    "reviewer",
    "approver",
    "claim_created",
    "verdict_created",
    "approved_at",
    "sources",
    "corrections",
)
# Columns holding lists: JSON text inside a CSV cell.
LIST_COLUMNS = frozenset({"quantities", "sources", "corrections"})


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _sources_by_claim(claim_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = (
        Source.objects.filter(claim_id__in=claim_ids)
        .order_by("claim_id", "created", "id")
        .values_list(*_SOURCE_COLUMNS)
    )
    for claim_id, pk, url, title, publisher, published, relation, kind, excerpt in rows:
        grouped[claim_id].append(
            {
                "id": pk,
                "url": url,
                "title": title,
                "publisher": publisher,
                "published": _iso(published),
                "relation": relation,
                "kind": kind,
                "excerpt": excerpt,
            }
        )
    return grouped


def _corrections_by_claim(claim_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Approved corrections only: a correction still awaiting approval has not been published,
    so the verdict it would replace is still the one in force."""
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = (
        Verdict.objects.filter(
            claim_id__in=claim_ids, supersedes__isnull=False, approved_at__isnull=False
        )
        .order_by("claim_id", "approved_at", "id")
        .values_list(*_CORRECTION_COLUMNS)
    )
    for (
        claim_id,
        pk,
        old_pk,
        old_rating,
        new_rating,
        old_rationale,
        new_rationale,
        reason,
        old_approved,
        approved,
        approver,
    ) in rows:
        grouped[claim_id].append(
            {
                "verdict_id": pk,
                "supersedes_id": old_pk,
                "from_rating": old_rating,
                "to_rating": new_rating,
                "rating_changed": old_rating != new_rating,
                "rationale_changed": old_rationale != new_rationale,
                "reason": reason,
                "originally_approved_at": _iso(old_approved),
                "corrected_at": _iso(approved),
                "approver": approver,
            }
        )
    return grouped


def iter_rows(claims: QuerySet[Claim], *, batch_size: int = BATCH_SIZE) -> Iterator[dict[str, Any]]:
    """Export rows for `claims`, in reading order (article, then position in the article)."""
    cursor = (
        claims.order_by("article_id", "start", "id")
        .values_list(*_CLAIM_COLUMNS)
        .iterator(chunk_size=batch_size)
    )
    while batch := list(islice(cursor, batch_size)):
        ids = [row[0] for row in batch]
        sources = _sources_by_claim(ids)
        corrections = _corrections_by_claim(ids)
        for (
            pk,
            public_id,
            article_id,
            article_title,
            article_url,
            outlet,
            published,
            article_created,
            start,
            end,
            statement,
            quote,
            claim_type,
            speaker,
            quantities,
            status,
            created,
            verdict_id,
            rating,
            rating_value,
            rationale,
            confidence,
            reviewer,
            approver,
            verdict_created,
            approved_at,
        ) in batch:
            yield {
                "article_id": article_id,
                "article_title": article_title,
                "article_url": article_url,
                "article_outlet": outlet,
                "article_published": _iso(published),
                "article_added": _iso(article_created),
                "claim_id": pk,
                "public_id": str(public_id),
                "span_start": start,
                "span_end": end,
                "claim_text": statement,
                "quote": quote,
                "type": claim_type,
                "speaker": speaker,
                "quantities": quantities,
                "status": status,
                "verdict_id": verdict_id,
                "rating": rating,
                "rating_value": rating_value,
                "rationale": rationale,
                "confidence": confidence,
                "reviewer": reviewer,
                "approver": approver,
                "claim_created": _iso(created),
                "verdict_created": _iso(verdict_created),
                "approved_at": _iso(approved_at),
                "sources": sources.get(pk, []),
                "corrections": corrections.get(pk, []),
            }


# CSV ------------------------------------------------------------------------------------

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """Defuse a text cell a spreadsheet would run as a formula, by prefixing a quote."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _csv_cell(key: str, value: Any) -> Any:
    if value is None:
        return ""
    if key in LIST_COLUMNS:
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return csv_safe(value)
    return value


def iter_csv(rows: Iterable[dict[str, Any]], *, batch_size: int = BATCH_SIZE) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    pending = 0
    for row in rows:
        writer.writerow([_csv_cell(key, row[key]) for key in COLUMNS])
        pending += 1
        if pending >= batch_size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue()


# JSON -----------------------------------------------------------------------------------


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def iter_jsonl(rows: Iterable[dict[str, Any]], *, batch_size: int = BATCH_SIZE) -> Iterator[str]:
    lines: list[str] = []
    for row in rows:
        lines.append(_dumps(row))
        if len(lines) >= batch_size:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


def iter_json_document(
    rows: Iterable[dict[str, Any]],
    *,
    used_filter: dict[str, str],
    scope: dict[str, Any] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[str]:
    """One JSON document, streamed: the opening with the filter and export time, the claims,
    then the count in the closing (it is only known at the end)."""
    head = {
        "exported_at": timezone.now().isoformat(),
        "filter": used_filter,
        **({"scope": scope} if scope else {}),
    }
    yield _dumps(head)[:-1] + ',"claims":[\n'
    count = 0
    lines: list[str] = []
    for row in rows:
        lines.append(_dumps(row))
        count += 1
        if len(lines) >= batch_size:
            yield (",\n" if count > len(lines) else "") + ",\n".join(lines)
            lines = []
    if lines:
        yield (",\n" if count > len(lines) else "") + ",\n".join(lines)
    yield f'\n],"count":{count}}}\n'


# Running an export ------------------------------------------------------------------------


def export_filename(fmt: str, used_filter: dict[str, str], *, prefix: str = "verdicts") -> str:
    """verdicts_status-approved_from-2026-01-01.csv: the file says what it holds."""
    from claims.reports.filters import filter_slug

    stem = prefix + ("-claimreview" if fmt == "claimreview" else "")
    slug = filter_slug(used_filter)
    return f"{stem}_{slug}.{EXTENSIONS[fmt]}" if slug else f"{stem}.{EXTENSIONS[fmt]}"


def export_chunks(
    fmt: str,
    *,
    claims: QuerySet[Claim],
    used_filter: dict[str, str],
    base_url: str | None = None,
    require_domain: bool = False,
    scope: dict[str, Any] | None = None,
) -> Iterator[str]:
    """The export as text chunks. The web views, the command and the benchmark all call this.

    For "claimreview" the iterator raises claims.reports.claimreview.ExportRefused at the end
    if any document is invalid, so the caller must hold the output back until it finishes.
    """
    from claims.reports.claimreview import approved_claims, iter_claimreview

    if fmt == "claimreview":
        if not base_url:
            raise ValueError("ClaimReview needs the public site's base URL for its url fields.")
        return iter_claimreview(
            iter_rows(approved_claims(claims)), base_url=base_url, require_domain=require_domain
        )
    rows = iter_rows(claims)
    if fmt == "csv":
        return iter_csv(rows)
    if fmt == "jsonl":
        return iter_jsonl(rows)
    if fmt == "json":
        return iter_json_document(rows, used_filter=used_filter, scope=scope)
    raise ValueError(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")


def write_export(out: Any, fmt: str, **options: Any) -> int:
    """Write the export, UTF-8 encoded, to the binary file `out`; returns the bytes written."""
    written = 0
    for chunk in export_chunks(fmt, **options):
        data = chunk.encode("utf-8")
        out.write(data)
        written += len(data)
    return written
