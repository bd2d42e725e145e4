""" "Review next": handing out claims, expiry, filters, and no collisions under concurrency."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from claims.models import Activity, Claim, ClaimStatus, ClaimType
from claims.services.queue import NothingLeft, QueueFilters, review_next
from tests.concurrency import run_in_threads
from tests.factories import ClaimFactory, UserFactory


def _needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency with row locks (SKIP LOCKED) is only meaningful on PostgreSQL.")


@pytest.mark.django_db
def test_review_next_assigns_the_top_claim_and_opens_it(reviewer_client, reviewer):
    ClaimFactory(score=0.3)
    top = ClaimFactory(score=0.95)
    response = reviewer_client.post("/queue/next/")
    assert response.status_code == 302
    assert response["Location"] == f"/claims/{top.pk}/"
    top.refresh_from_db()
    assert top.assignee == reviewer
    assert top.assigned_at is not None
    assert top.status == ClaimStatus.IN_REVIEW
    assert top.version == 2
    assert Activity.objects.filter(claim=top, action="claim.assign").exists()


@pytest.mark.django_db
def test_review_next_htmx_redirects_the_browser_to_the_claim(reviewer_client, htmx_headers):
    claim = ClaimFactory()
    response = reviewer_client.post("/queue/next/", headers=htmx_headers)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/claims/{claim.pk}/"


@pytest.mark.django_db
def test_review_next_respects_the_filters(reviewer_client):
    ClaimFactory(score=0.99, type=ClaimType.EVENT)
    policy = ClaimFactory(score=0.1, type=ClaimType.POLICY)
    response = reviewer_client.post("/queue/next/", {"type": "policy"})
    assert response["Location"] == f"/claims/{policy.pk}/"


@pytest.mark.django_db
def test_review_next_skips_claims_assigned_to_someone_else(reviewer_client, other_reviewer):
    ClaimFactory(score=0.99, assignee=other_reviewer, assigned_at=timezone.now())
    free = ClaimFactory(score=0.5)
    response = reviewer_client.post("/queue/next/")
    assert response["Location"] == f"/claims/{free.pk}/"


@pytest.mark.django_db
def test_expired_assignment_returns_to_the_queue_and_is_cleared_when_taken(
    reviewer_client, reviewer, other_reviewer, settings
):
    settings.FACTCHECK_ASSIGNMENT_TTL_MINUTES = 30
    stale = ClaimFactory(
        score=0.99,
        status=ClaimStatus.IN_REVIEW,
        assignee=other_reviewer,
        assigned_at=timezone.now() - timedelta(minutes=31),
    )
    response = reviewer_client.post("/queue/next/")
    assert response["Location"] == f"/claims/{stale.pk}/"
    stale.refresh_from_db()
    assert stale.assignee == reviewer
    assert stale.assigned_at > timezone.now() - timedelta(minutes=1)


@pytest.mark.django_db
def test_claims_awaiting_approval_are_not_handed_out(reviewer_client):
    ClaimFactory(status=ClaimStatus.AWAITING_APPROVAL)
    response = reviewer_client.post("/queue/next/", follow=True)
    assert b"No unassigned claim matches these filters" in response.content


@pytest.mark.django_db
def test_nothing_left_redirects_back_to_the_filtered_queue_with_a_message(reviewer_client):
    response = reviewer_client.post("/queue/next/", {"type": "policy"})
    assert response.status_code == 302
    assert response["Location"] == "/queue/?type=policy"
    page = reviewer_client.get(response["Location"])
    assert b"No unassigned claim matches these filters" in page.content


@pytest.mark.django_db
def test_nothing_left_htmx_says_so_in_the_live_region_and_swaps_nothing(
    reviewer_client, htmx_headers
):
    response = reviewer_client.post("/queue/next/", headers=htmx_headers)
    assert response.status_code == 200
    assert response["HX-Reswap"] == "none"
    content = response.content.decode()
    assert '<div id="messages" hx-swap-oob="innerHTML">' in content
    assert "No unassigned claim" in content


@pytest.mark.django_db
def test_outsider_cannot_take_claims(outsider_client):
    claim = ClaimFactory()
    assert outsider_client.post("/queue/next/").status_code == 403
    claim.refresh_from_db()
    assert claim.assignee is None


@pytest.mark.django_db
def test_anonymous_cannot_take_claims(client):
    ClaimFactory()
    response = client.post("/queue/next/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_review_next_is_post_only(reviewer_client):
    assert reviewer_client.get("/queue/next/").status_code == 405


@pytest.mark.django_db
def test_editor_can_take_claims_too(editor_client, editor):
    claim = ClaimFactory()
    editor_client.post("/queue/next/")
    claim.refresh_from_db()
    assert claim.assignee == editor


@pytest.mark.django_db
def test_two_sequential_calls_never_return_the_same_claim(reviewer, other_reviewer):
    ClaimFactory.create_batch(2)
    first = review_next(user=reviewer, filters=QueueFilters())
    second = review_next(user=other_reviewer, filters=QueueFilters())
    assert first.pk != second.pk
    with pytest.raises(NothingLeft):
        review_next(user=reviewer, filters=QueueFilters())


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_review_next_calls_over_twenty_claims_assign_twenty_distinct():
    _needs_postgres()
    ClaimFactory.create_batch(20)
    users = [UserFactory(username=f"desk{i}", role="reviewer") for i in range(50)]
    results: list[tuple[str, int | None]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(50)

    def work(user) -> None:
        try:
            client = Client()
            client.force_login(user)
            # Hand the pooled connection back before waiting, or 50 waiting threads would
            # hold the pool's connections that the others need to reach the barrier.
            connection.close()
            barrier.wait(timeout=60)
            response = client.post("/queue/next/")
            location = response["Location"] if response.status_code == 302 else ""
            pk = int(location.split("/")[2]) if location.startswith("/claims/") else None
            with lock:
                results.append((location, pk))
        finally:
            connection.close()

    run_in_threads(work, users)
    assigned = [pk for _, pk in results if pk is not None]
    refused = [loc for loc, pk in results if pk is None]
    assert len(results) == 50
    assert len(assigned) == 20
    assert len(set(assigned)) == 20
    assert refused == ["/queue/"] * 30
    assert Claim.objects.filter(assignee__isnull=False).count() == 20
    owners = Claim.objects.values_list("assignee_id", flat=True)
    assert len(set(owners)) == 20
