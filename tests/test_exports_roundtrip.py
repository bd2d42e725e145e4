"""Every export format parsed back and checked against the database: every claim, verdict,
source and correction present, nothing extra."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from claims.models import Claim, ClaimStatus, Source, Verdict
from claims.reports.exports import COLUMNS, LIST_COLUMNS, export_chunks, iter_rows
from claims.reports.filters import filter_claims
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    SourceFactory,
    VerdictFactory,
    approved_correction,
    approved_verdict,
    rating,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(editor, reviewer):
    """Two articles' worth of claims in every state a report has to carry."""
    first = ArticleFactory(outlet="The Daily Example", published=date(2026, 3, 2))
    second = ArticleFactory(outlet="Evening Post", url="", author="")
    body = first.body

    plain = ClaimFactory(article=first, speaker="the mayor")
    SourceFactory(
        claim=plain,
        kind=Source.Kind.PRIMARY,
        published=date(2026, 1, 2),
        # Quotes, a newline, a comma and non-ASCII: the JSON inside a CSV cell must survive.
        excerpt='The council said "no",\nthen approved it — 4.2 bn €.',
    )
    SourceFactory(claim=plain, kind=Source.Kind.SECONDARY, relation=Source.Relation.CONTEXT)
    approved_verdict(plain, label="True", approver=editor, reviewer=reviewer)

    start = body.index("Spending")
    corrected = ClaimFactory(
        article=first, start=start, end=body.index(".", start) + 1, speaker="Council staff"
    )
    SourceFactory(claim=corrected)
    old = approved_verdict(corrected, label="False", approver=editor, reviewer=reviewer)
    middle = approved_correction(
        old,
        label="Mostly false",
        reason="The council published revised figures.",
        approver=editor,
        reviewer=reviewer,
        rationale="Revised figures show a 10% rise.",
    )
    approved_correction(
        middle,
        label="Mostly false",
        reason="Typo in the rationale.",
        approver=editor,
        reviewer=reviewer,
        rationale="Revised figures show an 11% rise.",
    )

    start = body.index("Critics")
    ClaimFactory(
        article=first, start=start, end=len(body), status=ClaimStatus.IN_REVIEW, speaker=""
    )

    # A claim whose text a spreadsheet would run as a formula.
    injected = ClaimFactory(article=second, statement='=HYPERLINK("http://evil")', speaker="")
    approved_verdict(injected, label="Unverifiable", approver=editor, reviewer=reviewer)

    # A draft verdict awaiting approval: not published, so not in any export's verdicts.
    pending = ClaimFactory(article=second, status=ClaimStatus.AWAITING_APPROVAL, speaker="-1 man")
    VerdictFactory(claim=pending, rating=rating("Half true"), reviewer=reviewer)
    # A correction still awaiting approval on an approved claim: not published either.
    VerdictFactory(
        claim=plain,
        rating=rating("Mostly true"),
        supersedes=plain.current_verdict,
        correction_reason="Pending second look.",
        reviewer=reviewer,
    )
    return {"first": first, "second": second}


def _iso(value: date | datetime | None) -> str | None:
    """Exports write timestamps in UTC with microseconds, whatever the backend."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    return value.isoformat() if value is not None else None


def expected_rows() -> dict[int, dict[str, Any]]:
    """The export rows, built from model instances independently of the exporter."""
    expected: dict[int, dict[str, Any]] = {}
    claims = Claim.objects.select_related(
        "article",
        "current_verdict__rating",
        "current_verdict__reviewer",
        "current_verdict__approved_by",
    )
    for claim in claims:
        # Only a published verdict is the claim's verdict in an export; a draft has its own
        # columns.
        verdict = claim.published_verdict
        draft = Verdict.objects.drafts().filter(claim=claim).order_by("created", "id").last()
        draft_state = claim.draft_state() if draft else None
        corrections = [
            {
                "verdict_id": v.pk,
                "supersedes_id": v.supersedes_id,
                "from_rating": v.supersedes.rating.label,
                "to_rating": v.rating.label,
                "rating_changed": v.supersedes.rating_id != v.rating_id,
                "rationale_changed": v.supersedes.rationale != v.rationale,
                "reason": v.correction_reason,
                "originally_approved_at": _iso(v.supersedes.approved_at),
                "corrected_at": _iso(v.approved_at),
                "approver": v.approved_by.username,
            }
            for v in claim.verdicts.filter(
                supersedes__isnull=False, approved_at__isnull=False, retracted_at__isnull=True
            )
            .select_related("supersedes__rating", "rating", "approved_by")
            .order_by("approved_at", "id")
        ]
        expected[claim.pk] = {
            "article_id": claim.article_id,
            "article_title": claim.article.title,
            "article_url": claim.article.url,
            "article_outlet": claim.article.outlet,
            "article_published": _iso(claim.article.published),
            "article_added": _iso(claim.article.created),
            "article_modified": _iso(claim.article.metadata_changed),
            "claim_id": claim.pk,
            "public_id": str(claim.public_id),
            "span_start": claim.start,
            "span_end": claim.end,
            "claim_text": claim.statement,
            "quote": claim.quote,
            "type": claim.type,
            "speaker": claim.speaker,
            "speaker_basis": claim.speaker_basis,
            "speaker_kind": claim.speaker_kind,
            "quantities": claim.quantities,
            "status": claim.status,
            "verdict_id": verdict.pk if verdict else None,
            "rating": verdict.rating.label if verdict else None,
            "rating_value": verdict.rating.claimreview_value if verdict else None,
            "rationale": verdict.rationale if verdict else None,
            "confidence": verdict.confidence if verdict else None,
            "reviewer": verdict.reviewer.username if verdict else None,
            "approver": verdict.approved_by.username if verdict else None,
            "claim_created": _iso(claim.created),
            "verdict_created": _iso(verdict.created) if verdict else None,
            "approved_at": _iso(verdict.approved_at) if verdict else None,
            "draft_rating": draft.rating.label if draft_state else None,
            "draft_status": draft_state.value if draft_state else None,
            "sources": [
                {
                    "id": s.pk,
                    "url": s.url,
                    "title": s.title,
                    "publisher": s.publisher,
                    "published": _iso(s.published),
                    "relation": s.relation,
                    "kind": s.kind,
                    "excerpt": s.excerpt,
                }
                for s in claim.sources.published().order_by("created", "id")
            ],
            "corrections": corrections,
        }
    return expected


def published_verdict_ids() -> set[int]:
    return set(Verdict.objects.filter(approved_at__isnull=False).values_list("id", flat=True))


def verdict_ids_in(rows: list[dict[str, Any]]) -> set[int]:
    found: set[int] = set()
    for row in rows:
        if row["verdict_id"] is not None:
            found.add(row["verdict_id"])
        for correction in row["corrections"]:
            found.update({correction["verdict_id"], correction["supersedes_id"]})
    return found


def _text(fmt: str, **options: Any) -> str:
    options.setdefault("claims", filter_claims({}))
    options.setdefault("used_filter", {})
    return "".join(export_chunks(fmt, **options))


def _uncsv(key: str, value: str) -> Any:
    """A CSV cell back to the JSON value: lists from JSON, the formula guard removed."""
    if key in LIST_COLUMNS:
        return json.loads(value)
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value


def _as_csv(row: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value if key in LIST_COLUMNS else ("" if value is None else str(value))
        for key, value in row.items()
    }


def test_csv_round_trip_matches_the_database(desk):
    reader = csv.DictReader(io.StringIO(_text("csv")))
    assert tuple(reader.fieldnames) == COLUMNS
    rows = [{k: _uncsv(k, v) for k, v in row.items()} for row in reader]
    expected = expected_rows()
    assert sorted(int(r["claim_id"]) for r in rows) == sorted(expected)
    for row in rows:
        assert row == _as_csv(expected[int(row["claim_id"])])
    typed = [{**r, "verdict_id": int(r["verdict_id"]) if r["verdict_id"] else None} for r in rows]
    assert verdict_ids_in(typed) == published_verdict_ids()
    exported_sources = {s["id"] for r in rows for s in r["sources"]}
    assert exported_sources == set(Source.objects.values_list("id", flat=True))


def test_jsonl_round_trip_matches_the_database(desk):
    lines = _text("jsonl").splitlines()
    rows = [json.loads(line) for line in lines]
    expected = expected_rows()
    assert len(rows) == len(expected) == Claim.objects.count()
    assert {r["claim_id"]: r for r in rows} == expected
    assert verdict_ids_in(rows) == published_verdict_ids()
    corrections = [c for r in rows for c in r["corrections"]]
    assert (
        len(corrections)
        == Verdict.objects.filter(supersedes__isnull=False, approved_at__isnull=False).count()
    )


def test_rows_come_in_reading_order(desk):
    rows = list(iter_rows(filter_claims({})))
    keys = [(r["article_id"], r["span_start"], r["claim_id"]) for r in rows]
    assert keys == sorted(keys)


def test_json_document_carries_filter_time_and_every_row(desk):
    before = timezone.now()
    used = {"status": "approved"}
    document = json.loads(_text("json", claims=filter_claims(used), used_filter=used))
    assert document["filter"] == used
    assert before - timedelta(seconds=1) <= datetime.fromisoformat(document["exported_at"])
    approved = {
        pk: row for pk, row in expected_rows().items() if row["status"] == ClaimStatus.APPROVED
    }
    assert document["count"] == len(document["claims"]) == len(approved) == 3
    assert {r["claim_id"]: r for r in document["claims"]} == approved


def test_json_document_with_no_rows_is_still_valid_json(db):
    document = json.loads(_text("json"))
    assert document["claims"] == [] and document["count"] == 0


def test_corrections_say_what_changed_and_why(desk):
    row = next(r for r in iter_rows(filter_claims({})) if len(r["corrections"]) == 2)
    first, second = row["corrections"]
    assert (first["from_rating"], first["to_rating"]) == ("False", "Mostly false")
    assert first["rating_changed"] and first["rationale_changed"]
    assert first["reason"] == "The council published revised figures."
    assert not second["rating_changed"] and second["rationale_changed"]
    assert second["supersedes_id"] == first["verdict_id"]
    assert row["verdict_id"] == second["verdict_id"]


def test_csv_defuses_formula_cells(desk):
    text = _text("csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    injected = next(r for r in rows if "HYPERLINK" in r["claim_text"])
    assert injected["claim_text"].startswith("'=")
    risky = next(r for r in rows if r["speaker"].endswith("1 man"))
    assert risky["speaker"] == "'-1 man"
    # Numbers are left alone: only text cells get the guard.
    assert all(not r["span_start"].startswith("'") for r in rows)


def test_export_queries_do_not_grow_with_the_number_of_claims(desk, django_assert_max_num_queries):
    article = desk["first"]
    for offset in range(40):
        claim = ClaimFactory(article=article, start=offset, end=offset + 5)
        SourceFactory(claim=claim)
        approved_verdict(claim, label="Half true")
    # One query each for the claims, sources, corrections and drafts per batch (the desk has
    # a correction in progress, so the drafts query runs).
    with django_assert_max_num_queries(4):
        rows = list(iter_rows(filter_claims({})))
    assert len(rows) == Claim.objects.count() > 40


def test_small_batches_give_the_same_rows(desk, django_assert_max_num_queries):
    whole = list(iter_rows(filter_claims({})))
    # Five claims in batches of two: three batches of at most four queries each.
    with django_assert_max_num_queries(12):
        batched = list(iter_rows(filter_claims({}), batch_size=2))
    assert batched == whole
