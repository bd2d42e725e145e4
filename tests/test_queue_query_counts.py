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


# Session, user, roles, ratings, the maintained counts and the page.
BROAD = 6


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
    # Session, user, roles; the pick (SKIP LOCKED on PostgreSQL), the guarded UPDATE and the
    # audit row, inside a savepoint and its release (the test's transaction around the
    # view's). No ratings without a verdict filter, no re-read of the claim after the write.
    # PostgreSQL adds one SET LOCAL: the assignment's commit does not wait for the disk.
    postgres = connection.vendor == "postgresql"
    with django_assert_max_num_queries(9 if postgres else 8) as ctx:
        response = reviewer_client.post("/queue/next/")
    assert response.status_code == 302
    if postgres:
        assert "SET LOCAL synchronous_commit TO OFF" in [q["sql"] for q in ctx.captured_queries]


def test_claim_page_statements_are_pinned(editor_client, editor, django_assert_max_num_queries):
    claim = ClaimFactory(status=ClaimStatus.AWAITING_APPROVAL)
    claim.current_verdict = VerdictFactory(claim=claim, reviewer=editor)
    claim.save()
    for _ in range(3):
        SourceFactory(claim=claim)
        CommentFactory(claim=claim, author=editor)
    # Session, user, roles, the claim with its article and assignee, verdicts (the one in
    # force among them), sources, ratings, comments, history; plus, for an editor, the
    # public-page preview's ClaimReview row (no corrections to read: no verdict supersedes
    # another). The assignee choices open on demand.
    with django_assert_max_num_queries(10):
        response = editor_client.get(f"/claims/{claim.pk}/")
    assert response.status_code == 200
