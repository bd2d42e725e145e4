"""The read paths' SQL statement counts are pinned: the queue under each kind of filter,
"Review next", and the claim page, session and authentication included."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from claims.models import ClaimStatus
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    CommentFactory,
    SourceFactory,
    VerdictFactory,
    rating,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(reviewer, editor):
    article = ArticleFactory(outlet="Harbour Times")
    for i in range(40):
        claim = ClaimFactory(
            article=article,
            speaker=f"Speaker {i % 4}",
            assignee=reviewer if i % 5 == 0 else None,
            assigned_at=timezone.now() if i % 5 == 0 else None,
            status=ClaimStatus.IN_REVIEW if i % 5 == 0 else ClaimStatus.NEW,
        )
        if i % 3 == 0:
            claim.current_verdict = VerdictFactory(claim=claim, reviewer=editor)
            claim.status = ClaimStatus.APPROVED
            claim.save()
    return article


# Session, the user with the roles (claims.auth), ratings, the maintained counts and the page.
BROAD = 5


@pytest.mark.parametrize(
    ("query", "limit"),
    [
        ("", BROAD),
        ("status=all&sort=updated", BROAD),
        ("status=approved&sort=newest", BROAD),
        ("type=quantity", BROAD),
        ("verdict=none", BROAD),
        ("status=all&verdict=RATING", BROAD),
        # The live assignments are counted apart, then subtracted or shown.
        ("assignee=unassigned", BROAD + 1),
        ("assignee=me", BROAD),
        # Outside the maintained keys: the planner's estimate (PostgreSQL), then one exact
        # look at up to EXACT_LIMIT matches when it expects few.
        ("outlet=Harbour+Times", BROAD + 1),
        # PostgreSQL looks up the speaker texts that match first (claims_speakername).
        ("speaker=Speaker+1", BROAD + 2),
        ("q=budget", BROAD + 1),
        ("article=ARTICLE&status=all", BROAD + 1),
    ],
)
def test_queue_page_statements_are_pinned(
    reviewer_client, desk, query, limit, django_assert_max_num_queries
):
    query = query.replace("RATING", str(rating("True").pk)).replace("ARTICLE", str(desk.pk))
    with django_assert_max_num_queries(limit):
        response = reviewer_client.get(f"/queue/?{query}")
    assert response.status_code == 200


def test_review_next_statements_are_pinned(reviewer_client, desk, django_assert_max_num_queries):
    # Session, the user with the roles; the pick (SKIP LOCKED on PostgreSQL), the guarded
    # UPDATE and the audit row, inside a savepoint and its release (the test's transaction
    # around the view's). No ratings without a verdict filter, no re-read of the claim
    # after the write. On PostgreSQL the pick also tells the commit not to wait for the disk.
    postgres = connection.vendor == "postgresql"
    with django_assert_max_num_queries(7) as ctx:
        response = reviewer_client.post("/queue/next/")
    assert response.status_code == 302
    if postgres:
        (pick,) = [q["sql"] for q in ctx.captured_queries if "SKIP LOCKED" in q["sql"]]
        assert "set_config('synchronous_commit', 'off', true)" in pick
        with connection.cursor() as cursor:
            # Still inside the test's transaction, which the view's savepoint was part of.
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "off"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="synchronous_commit is PostgreSQL's.")
def test_only_the_assignments_transaction_skips_the_wait_for_the_disk(transactional_db, reviewer):
    from django.db import transaction

    from claims.services.queue import review_next
    from claims.views.queue import QueueFilterForm

    ClaimFactory()
    form = QueueFilterForm({}, ratings=[])
    form.is_valid()

    def setting() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    with transaction.atomic():
        review_next(user=reviewer, filters=form.filters())
        inside = setting()
    assert (inside, setting()) == ("off", "on")


def test_claim_page_statements_are_pinned(editor_client, editor, django_assert_max_num_queries):
    claim = ClaimFactory(status=ClaimStatus.AWAITING_APPROVAL)
    claim.current_verdict = VerdictFactory(claim=claim, reviewer=editor)
    claim.save()
    for _ in range(3):
        SourceFactory(claim=claim)
        CommentFactory(claim=claim, author=editor)
    # Session, the user with the roles, the claim with its article and assignee, verdicts (the
    # one in force among them), sources, ratings, comments, history. The assignee choices and
    # the editor's public-page preview load on their own requests.
    with django_assert_max_num_queries(8):
        response = editor_client.get(f"/claims/{claim.pk}/")
    assert response.status_code == 200


def test_public_page_preview_statements_are_pinned(
    editor_client, editor, django_assert_max_num_queries
):
    claim = ClaimFactory(status=ClaimStatus.AWAITING_APPROVAL)
    claim.current_verdict = VerdictFactory(claim=claim, reviewer=editor)
    claim.save()
    # Session, the user with the roles, the claim, its verdicts, the ratings and the
    # ClaimReview row (no corrections to read: no verdict supersedes another).
    with django_assert_max_num_queries(6):
        response = editor_client.get(
            f"/claims/{claim.pk}/publication/", headers={"HX-Request": "true"}
        )
    assert response.status_code == 200
