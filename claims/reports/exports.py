"""One row per claim, built in batches and written as CSV, JSON Lines or one JSON document.

Claims come from `values_list` over a server-side cursor (`.iterator(chunk_size=…)`); each
batch's sources and corrections are fetched with one query apiece for the batch's claim ids,
so memory stays flat however many claims are exported and the query count grows with the
number of batches, not of claims. No model instances are built.

Measured with bench/bench_export.py (100,000 claims, PostgreSQL, shared 2-core machine): the
first version ran CSV at ~13,000 rows/s (6.5 s of Python CPU) and ClaimReview at ~16,000. What
moved it to ~29,000 and ~39,000: dates, timestamps, uuids and jsonb sent as text by the
database instead of parsed and printed again; the batch's ids as one array parameter instead
of thousands of placeholders; records as lists in column order instead of dicts for CSV;
sources skipped for ClaimReview and written as JSON by PostgreSQL for CSV; 5,000 claims per
round trip.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from itertools import islice
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils import timezone

from claims.models import Claim, ClaimStatus, Source, Verdict, VerdictState, in_force_q

if TYPE_CHECKING:
    from claims.reports.claimreview import ExportReport

# Claims read per round trip (with their sources and corrections), and rows per chunk of
# output. Bigger read batches mean fewer round trips; smaller output chunks keep the text
# buffers, which dominate memory, small.
BATCH_SIZE = 5000
CHUNK_ROWS = 1000

FORMATS = ("csv", "jsonl", "json", "claimreview")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "claimreview": "application/ld+json; charset=utf-8",
}
EXTENSIONS = {"csv": "csv", "jsonl": "jsonl", "json": "json", "claimreview": "jsonld"}

# The row's keys: the CSV header, and the keys of every JSON / JSON Lines object.
COLUMNS = (
    "article_id",
    "article_title",
    "article_url",
    "article_outlet",
    "article_published",
    "article_added",
    "article_modified",
    "claim_id",
    "public_id",
    "span_start",
    "span_end",
    "claim_text",
    "quote",
    "type",
    "speaker",
    "speaker_basis",
    "speaker_kind",
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
    "draft_rating",
    "draft_status",
    "sources",
    "corrections",
)
# Columns holding lists: JSON text inside a CSV cell.
LIST_COLUMNS = frozenset({"quantities", "sources", "corrections"})

# The claim query's columns, in COLUMNS order (sources and corrections are added after), so
# a database row becomes a record without reshuffling. The x_* ones are annotated below:
# dates, timestamps, the public id and the quantities arrive as text.
_CLAIM_COLUMNS = (
    "article_id",
    "article__title",
    "article__url",
    "article__outlet",
    "x_article_published",
    "x_article_created",
    "x_article_modified",
    "id",
    "x_public_id",
    "start",
    "end",
    "statement",
    "quote",
    "type",
    "speaker",
    "speaker_basis",
    "speaker_kind",
    "x_quantities",
    "status",
    "current_verdict_id",
    "current_verdict__rating__label",
    "current_verdict__rating__claimreview_value",
    "current_verdict__rationale",
    "current_verdict__confidence",
    "current_verdict__reviewer__username",
    "current_verdict__approved_by__username",
    "x_created",
    "x_verdict_created",
    "x_approved_at",
    # Not a column: how the verdict in force stands (_PUBLISHED, _DRAFT or neither); the
    # verdict columns are blank unless it is published.
    "x_verdict_state",
)
# The verdict's rating as approved (Verdict.published_*), for ClaimReview and the public page:
# extra row keys passed as `extra=` to iter_rows, not export columns.
PUBLISHED_COLUMNS = {
    "published_label": "current_verdict__published_label",
    "published_value": "current_verdict__published_value",
    "published_worst": "current_verdict__published_worst",
    "published_best": "current_verdict__published_best",
}
_CLAIM_TIMESTAMPS = {
    "x_article_published": "article__published",
    "x_article_created": "article__created",
    "x_article_modified": "article__metadata_changed",
    "x_created": "created",
    "x_verdict_created": "current_verdict__created",
    "x_approved_at": "current_verdict__approved_at",
}
_CLAIM_ID = COLUMNS.index("claim_id")
# The columns that describe the verdict in force: published, or blank.
_VERDICT_SLICE = slice(COLUMNS.index("verdict_id"), COLUMNS.index("reviewer") + 2)
_VERDICT_TIMES = (COLUMNS.index("verdict_created"), COLUMNS.index("approved_at"))
_QUANTITIES = COLUMNS.index("quantities")
_SOURCE_COLUMNS = (
    "claim_id",
    "id",
    "url",
    "title",
    "publisher",
    "x_published",
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
    "x_old_approved_at",
    "x_approved_at",
    "approved_by__username",
)
_CORRECTION_TIMESTAMPS = {
    "x_old_approved_at": "supersedes__approved_at",
    "x_approved_at": "approved_at",
}


def _iso(value: date | datetime | str | None) -> str | None:
    """Dates as YYYY-MM-DD; timestamps as UTC with microseconds, the form the database
    writes on PostgreSQL (see IsoTimestamp), so both backends export the same text."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value.isoformat()


class IsoDate(Func):
    output_field = CharField()
    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"


class IsoTimestamp(Func):
    """A timestamp as ISO 8601 text in UTC, written by PostgreSQL. Parsing every timestamp
    into a datetime only to print it again took a third of a large export's time."""

    output_field = CharField()
    template = (
        "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"
    )


# Fields the database formats itself on PostgreSQL; the others are formatted by _iso.
_DATE_FIELDS = frozenset({"article__published", "published"})


def _timestamps(names: dict[str, str]) -> dict[str, Func | F]:
    if connection.vendor != "postgresql":
        return {alias: F(field) for alias, field in names.items()}
    return {
        alias: IsoDate(field) if field in _DATE_FIELDS else IsoTimestamp(field)
        for alias, field in names.items()
    }


def _as_text(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows with dates and timestamps as text: PostgreSQL sends them so already."""
    if connection.vendor == "postgresql":
        return rows if isinstance(rows, list) else list(rows)
    return [tuple(_text(v) for v in row) for row in rows]


def _text(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return _iso(value)
    if isinstance(value, UUID):
        return str(value)
    return value


def _claim_in(model: type[Source] | type[Verdict], claim_ids: list[int]) -> Q | RawSQL:
    """`claim_id IN (…)` for one batch. On PostgreSQL the ids go as one array parameter:
    psycopg's client-side binding scans the SQL once per placeholder, and two thousand
    placeholders per batch cost more than the query itself."""
    if connection.vendor != "postgresql":
        return Q(claim_id__in=claim_ids)
    column = f'"{model._meta.db_table}"."claim_id"'
    return RawSQL(f"{column} = ANY(%s)", (claim_ids,), output_field=BooleanField())


def _sources_by_claim(claim_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = (
        Source.objects.published()
        .filter(_claim_in(Source, claim_ids))
        .annotate(**_timestamps({"x_published": "published"}))
        .order_by("claim_id", "created", "id")
        .values_list(*_SOURCE_COLUMNS)
    )
    for claim_id, pk, url, title, publisher, published, relation, kind, excerpt in _as_text(rows):
        grouped[claim_id].append(
            {
                "id": pk,
                "url": url,
                "title": title,
                "publisher": publisher,
                "published": published,
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
            _claim_in(Verdict, claim_ids),
            supersedes__isnull=False,
            approved_at__isnull=False,
            retracted_at__isnull=True,
        )
        .annotate(**_timestamps(_CORRECTION_TIMESTAMPS))
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
    ) in _as_text(rows):
        grouped[claim_id].append(
            {
                "verdict_id": pk,
                "supersedes_id": old_pk,
                "from_rating": old_rating,
                "to_rating": new_rating,
                "rating_changed": old_rating != new_rating,
                "rationale_changed": old_rationale != new_rationale,
                "reason": reason,
                "originally_approved_at": old_approved,
                "corrected_at": approved,
                "approver": approver,
            }
        )
    return grouped


_PUBLISHED, _DRAFT = 1, 2
_STATUS = COLUMNS.index("status")
_RATING = COLUMNS.index("rating")
# A draft verdict's status in the draft_status column (VerdictState values).
_DRAFT_STATUS = {
    ClaimStatus.AWAITING_APPROVAL: VerdictState.AWAITING.value,
    ClaimStatus.IN_REVIEW: VerdictState.SENT_BACK.value,
}


def _drafts_elsewhere(claim_ids: list[int]) -> dict[int, str]:
    """The rating of each listed claim's draft verdict (see VerdictQuerySet.drafts)."""
    rows = (
        Verdict.objects.drafts()
        .filter(_claim_in(Verdict, claim_ids))
        .order_by("claim_id", "created", "id")
        .values_list("claim_id", "rating__label")
    )
    return dict(rows)  # the latest per claim wins


def _claim_annotations() -> dict[str, Any]:
    return {
        "x_verdict_state": Case(
            When(in_force_q("current_verdict__"), then=Value(_PUBLISHED)),
            When(current_verdict__approved_at__isnull=True, then=Value(_DRAFT)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        **_timestamps(_CLAIM_TIMESTAMPS),
        # jsonb and uuid as the database prints them: CSV needs the text anyway, and
        # decoding then re-encoding every claim's quantities cost more than it bought.
        "x_quantities": Cast("quantities", TextField()),
        "x_public_id": (
            Cast("public_id", CharField()) if connection.vendor == "postgresql" else F("public_id")
        ),
    }


def _sources_json_by_claim(claim_ids: list[int]) -> dict[int, str]:
    """Each claim's sources as JSON text, for CSV cells. On PostgreSQL the database writes
    it: two thirds of the rows read are sources, and turning them into dicts only to encode
    them again was a quarter of a CSV export's time."""
    if connection.vendor != "postgresql":
        return {pk: _encode(items) for pk, items in _sources_by_claim(claim_ids).items()}
    sql = f"""
        SELECT claim_id, '[' || string_agg(
            json_build_object(
                'id', id, 'url', url, 'title', title, 'publisher', publisher,
                'published', to_char(published, 'YYYY-MM-DD'), 'relation', relation,
                'kind', kind, 'excerpt', excerpt
            )::text, ',' ORDER BY created, id) || ']'
        FROM "{Source._meta.db_table}"
        WHERE claim_id = ANY(%s) AND staged <> '{Source.Staged.ADD}' GROUP BY claim_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [claim_ids])
        return dict(cursor.fetchall())


def iter_records(
    claims: QuerySet[Claim],
    *,
    batch_size: int = BATCH_SIZE,
    with_sources: bool = True,
    sources_as_json: bool = False,
    with_corrections: bool = True,
    stream: bool = True,
    extra: dict[str, str] | None = None,
) -> Iterator[list[Any]]:
    """Export records for `claims` (lists in COLUMNS order, quantities as JSON text), in
    reading order: article, then position in the article.

    ClaimReview carries no sources, so it skips them (`with_sources=False`): they are two
    thirds of the rows read. CSV takes them as JSON text (`sources_as_json=True`). A caller
    that knows none of the claims has a correction (no verdict of theirs supersedes another)
    skips that read (`with_corrections=False`). `stream=False`, for a claim or a few, reads
    them in one plain query instead of a server-side cursor (DECLARE, FETCH and CLOSE, and
    outside a transaction a copy of the result held for the cursor). `extra` fields
    (key: lookup) are appended after the COLUMNS values, in their order."""
    extra_fields = tuple((extra or {}).values())
    width = len(_CLAIM_COLUMNS)
    rows = (
        claims.annotate(**_claim_annotations())
        .order_by("article_id", "start", "id")
        .values_list(*_CLAIM_COLUMNS, *extra_fields)
    )
    cursor = rows.iterator(chunk_size=batch_size) if stream else iter(rows)
    none: list[Any] = []
    while batch := list(islice(cursor, batch_size)):
        batch = _as_text(batch)
        ids = [row[_CLAIM_ID] for row in batch]
        if not with_sources:
            sources: dict[int, Any] = {}
        elif sources_as_json:
            sources = _sources_json_by_claim(ids)
        else:
            sources = _sources_by_claim(ids)
        corrections = _corrections_by_claim(ids) if with_corrections else {}
        # A draft that is the claim's current verdict is in the row already; others (a
        # correction worked on beside a published verdict) need one query, only if any.
        elsewhere = [
            row[_CLAIM_ID]
            for row in batch
            if row[_STATUS] in _DRAFT_STATUS and not (row[width - 1] == _DRAFT and row[_RATING])
        ]
        drafts = _drafts_elsewhere(elsewhere) if elsewhere else {}
        for row in batch:
            record = list(row[:width])
            state = record.pop()
            pk = row[_CLAIM_ID]
            draft_status = _DRAFT_STATUS.get(record[_STATUS])
            draft_rating = (
                record[_RATING] if state == _DRAFT and record[_RATING] else drafts.get(pk)
            )
            if state != _PUBLISHED:
                # A draft or withdrawn verdict is not published: nothing of it goes out as
                # the claim's verdict.
                record[_VERDICT_SLICE] = [None] * (_VERDICT_SLICE.stop - _VERDICT_SLICE.start)
                for i in _VERDICT_TIMES:
                    record[i] = None
            if draft_rating is not None and draft_status is not None:
                record.extend((draft_rating, draft_status))
            else:
                record.extend((None, None))
            record.append(sources.get(pk, none))
            record.append(corrections.get(pk, none))
            if extra_fields:
                record.extend(row[width:])
            yield record


def iter_rows(
    claims: QuerySet[Claim],
    *,
    batch_size: int = BATCH_SIZE,
    with_sources: bool = True,
    with_corrections: bool = True,
    stream: bool = True,
    extra: dict[str, str] | None = None,
) -> Iterator[dict[str, Any]]:
    """Export rows for `claims` as dicts keyed by COLUMNS (and `extra`), quantities decoded;
    the options are iter_records'."""
    loads = json.loads
    keys = COLUMNS + tuple(extra or {})
    for record in iter_records(
        claims,
        batch_size=batch_size,
        with_sources=with_sources,
        with_corrections=with_corrections,
        stream=stream,
        extra=extra,
    ):
        row = dict(zip(keys, record, strict=True))
        row["quantities"] = loads(row["quantities"]) if row["quantities"] else []
        yield row


# CSV ------------------------------------------------------------------------------------

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Columns that can hold text people typed; the others are numbers, dates and choice values
# the workbench writes itself, and lists, which are written as JSON and start with "[".
TEXT_COLUMNS = frozenset(
    {
        "article_title",
        "article_url",
        "article_outlet",
        "claim_text",
        "quote",
        "speaker",
        "rating",
        "rationale",
        "reviewer",
        "approver",
        "draft_rating",
    }
)
_TEXT_INDEXES = tuple(i for i, key in enumerate(COLUMNS) if key in TEXT_COLUMNS)
_LIST_INDEXES = tuple(
    i for i, key in enumerate(COLUMNS) if key in LIST_COLUMNS and key != "quantities"
)
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def csv_safe(value: str) -> str:
    """Defuse a text cell a spreadsheet would run as a formula, by prefixing a quote."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_values(record: list[Any]) -> list[Any]:
    """A record's CSV cells, in place: lists as JSON text, typed text defused. None is
    written empty by the csv module; quantities, and sources from PostgreSQL, arrive as JSON
    text already."""
    for i in _TEXT_INDEXES:
        value = record[i]
        if value and value.startswith(_FORMULA_STARTS):
            record[i] = "'" + value
    for i in _LIST_INDEXES:
        value = record[i]
        if not isinstance(value, str):
            record[i] = _encode(value) if value else "[]"
    return record


def iter_csv(records: Iterable[list[Any]], *, batch_size: int = CHUNK_ROWS) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    records = iter(records)
    for batch in iter(lambda: list(islice(records, batch_size)), []):
        writer.writerows(map(csv_values, batch))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


# JSON -----------------------------------------------------------------------------------


_dumps = _encode


def iter_jsonl(rows: Iterable[dict[str, Any]], *, batch_size: int = CHUNK_ROWS) -> Iterator[str]:
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
    batch_size: int = CHUNK_ROWS,
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
    report: ExportReport | None = None,
) -> Iterator[str]:
    """The export as text chunks. The web views, the command and the benchmark all call this.

    For "claimreview" only valid documents are written; `report` (filled in as the iterator
    runs) says which claims were left out and why, and which went out with warnings.
    """
    from claims.reports.claimreview import approved_claims, iter_claimreview

    if fmt == "claimreview":
        if not base_url:
            raise ValueError("ClaimReview needs the public site's base URL for its url fields.")
        return iter_claimreview(
            iter_rows(approved_claims(claims), with_sources=False, extra=PUBLISHED_COLUMNS),
            base_url=base_url,
            require_domain=require_domain,
            report=report,
        )
    if fmt == "csv":
        return iter_csv(iter_records(claims, sources_as_json=True))
    rows = iter_rows(claims)
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
