"""The queue's status counts: kept by database triggers, exact through every kind of write,
filtered like the list, and marked approximate only where the planner estimated them."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from claims.models import Claim, ClaimStatus, ClaimType, QueueCount
from claims.services import queue as queue_service
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory, rating

pytestmark = pytest.mark.django_db


def _maintained() -> Counter:
    counts: Counter = Counter()
    for row in QueueCount.objects.all():
        counts[(row.status, row.type, row.verdict_rating)] += row.n
    return +counts  # drops keys whose count went back to zero


def _actual() -> Counter:
    counts: Counter = Counter()
    for claim in Claim.objects.select_related("current_verdict"):
        verdict = claim.current_verdict
        counts[(claim.status, claim.type, verdict.rating_id if verdict else 0)] += 1
    return counts


def _page_counts(client, query: str = "") -> dict[str, int]:
    response = client.get(f"/queue/?{query}")
    return {s["value"]: s["count"] for s in response.context["status_counts"]}


def test_counts_follow_inserts_updates_and_deletes(reviewer):
    article = ArticleFactory()
    ClaimFactory.create_batch(3, article=article)
    Claim.objects.bulk_create(
        [
            Claim(article=article, start=0, end=5, quote="x", statement="y", type=ClaimType.EVENT)
            for _ in range(4)
        ]
    )
    assert _maintained() == _actual()

    Claim.objects.filter(type=ClaimType.EVENT).update(status=ClaimStatus.REJECTED)
    claim = Claim.objects.filter(type=ClaimType.QUANTITY).first()
    verdict = VerdictFactory(claim=claim, rating=rating("False"), reviewer=reviewer)
    Claim.objects.filter(pk=claim.pk).update(
        current_verdict=verdict, status=ClaimStatus.AWAITING_APPROVAL
    )
    assert _maintained() == _actual()

    # A statement edit changes no key, so it takes no lock on the counts and changes nothing.
    before = _maintained()
    Claim.objects.update(statement="edited")
    assert _maintained() == before

    claim.refresh_from_db()
    claim.delete()
    assert _maintained() == _actual()
    article.delete()
    assert _maintained() == _actual() == Counter()


def test_counts_move_when_a_verdict_in_force_changes_rating(reviewer):
    claim = ClaimFactory(status=ClaimStatus.APPROVED)
    verdict = VerdictFactory(claim=claim, rating=rating("True"), reviewer=reviewer)
    Claim.objects.filter(pk=claim.pk).update(current_verdict=verdict)
    type(verdict).objects.filter(pk=verdict.pk).update(rating=rating("False"))
    assert _maintained() == _actual()
    assert _maintained()[(ClaimStatus.APPROVED, claim.type, rating("False").pk)] == 1


def test_page_counts_follow_type_and_verdict_filters(reviewer_client, reviewer):
    ClaimFactory.create_batch(2, type=ClaimType.QUANTITY)
    ClaimFactory(type=ClaimType.POLICY)
    rated = ClaimFactory(type=ClaimType.POLICY, status=ClaimStatus.APPROVED)
    verdict = VerdictFactory(claim=rated, rating=rating("Misleading"), reviewer=reviewer)
    rated.current_verdict = verdict
    rated.save()

    assert _page_counts(reviewer_client)[ClaimStatus.NEW] == 3
    assert _page_counts(reviewer_client, "type=policy")[ClaimStatus.NEW] == 1
    by_rating = _page_counts(reviewer_client, f"status=all&verdict={rating('Misleading').pk}")
    assert by_rating == {**dict.fromkeys(ClaimStatus.values, 0), ClaimStatus.APPROVED: 1}
    assert _page_counts(reviewer_client, "verdict=none")[ClaimStatus.APPROVED] == 0


def test_unassigned_counts_leave_out_live_assignments_only(reviewer_client, reviewer):
    now = timezone.now()
    ClaimFactory.create_batch(2)
    ClaimFactory(status=ClaimStatus.IN_REVIEW, assignee=reviewer, assigned_at=now)
    # An assignment past its time counts as unassigned again.
    ClaimFactory(
        status=ClaimStatus.IN_REVIEW, assignee=reviewer, assigned_at=now - timedelta(days=2)
    )
    unassigned = _page_counts(reviewer_client, "assignee=unassigned")
    assert (unassigned[ClaimStatus.NEW], unassigned[ClaimStatus.IN_REVIEW]) == (2, 1)
    mine = _page_counts(reviewer_client, "assignee=me")
    assert (mine[ClaimStatus.NEW], mine[ClaimStatus.IN_REVIEW]) == (0, 1)


def test_narrow_filters_count_exactly(reviewer_client):
    ClaimFactory.create_batch(2, article=ArticleFactory(outlet="Harbour Times"))
    ClaimFactory(article=ArticleFactory(outlet="Other"))
    response = reviewer_client.get("/queue/?outlet=Harbour+Times")
    counts = {s["value"]: s["count"] for s in response.context["status_counts"]}
    assert counts[ClaimStatus.NEW] == 2
    assert not response.context["page"].total_approximate
    assert "~" not in response.content.decode().split('id="queue-results"')[1].split("</nav>")[0]


def _needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Planner estimates and the stored search vector are PostgreSQL's.")


@pytest.mark.postgres
def test_broad_search_shows_an_estimate_marked_as_such(reviewer_client, monkeypatch):
    _needs_postgres()
    monkeypatch.setattr(queue_service, "EXACT_LIMIT", 3)
    ClaimFactory.create_batch(6, statement="Spending on schools rose sharply.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    response = reviewer_client.get("/queue/?q=schools")
    assert response.context["page"].total_approximate
    counts = {s["value"]: s["count"] for s in response.context["status_counts"]}
    # Never fewer than the exact look already saw.
    assert counts[ClaimStatus.NEW] >= 4
    content = response.content.decode()
    assert 'class="status-count">~' in content
    assert "of about " in content


@pytest.mark.postgres
def test_search_reads_the_stored_vector_and_stems_words(reviewer_client):
    _needs_postgres()
    ClaimFactory(statement="Hospitals were closing across the region.")
    ClaimFactory(statement="Wages kept rising.")
    response = reviewer_client.get("/queue/?q=hospital+closed")
    assert [c.statement for c in response.context["page"].claims] == [
        "Hospitals were closing across the region."
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM claims_claim WHERE statement LIKE 'Wages%%'"
        )
        assert "wage" in cursor.fetchone()[0]


def test_sqlite_triggers_come_back_after_a_migrate_rebuilds_the_table():
    if connection.vendor != "sqlite":
        pytest.skip("Only SQLite drops triggers when a migration rebuilds a table.")
    from django.core.management.sql import emit_post_migrate_signal

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER claims_queuecount_ins")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    ClaimFactory()
    assert _maintained() == _actual()
