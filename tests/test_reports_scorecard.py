"""The scorecard's counts and the desk report's breakdowns."""

from __future__ import annotations

import pytest
from django.utils import timezone

from claims.models import Claim, ClaimStatus, Verdict
from claims.reports.scorecard import REJECTED, UNRATED, breakdown, scorecard
from tests.factories import ArticleFactory, ClaimFactory, approved_verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(editor):
    daily = ArticleFactory(outlet="The Daily Example")
    post = ArticleFactory(outlet="Evening Post")
    approved_verdict(ClaimFactory(article=daily, speaker="the mayor"), label="True")
    approved_verdict(ClaimFactory(article=daily, speaker="the mayor"), label="False")
    approved_verdict(ClaimFactory(article=post, speaker="the governor"), label="False")
    ClaimFactory(article=post, status=ClaimStatus.IN_REVIEW)
    ClaimFactory(article=post, status=ClaimStatus.REJECTED, speaker="")
    withdrawn = approved_verdict(ClaimFactory(article=post, speaker="the governor"))
    Verdict.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())


def test_scorecard_counts_approved_verdicts_by_rating_and_the_rest_as_unrated(claims):
    card = scorecard(Claim.objects.all())
    counts = {bar.label: bar.count for bar in card.bars}
    assert card.total == 6
    assert counts["True"] == 1 and counts["False"] == 2 and counts["Half true"] == 0
    # The in-review claim and the one whose verdict was withdrawn have no verdict in force.
    assert counts[UNRATED] == 2
    assert counts[REJECTED] == 1
    assert sum(counts.values()) == card.total


def test_scorecard_bars_scale_to_the_largest_count(claims):
    card = scorecard(Claim.objects.all())
    widths = {bar.label: bar.width for bar in card.bars}
    assert widths["False"] == max(widths.values()) > 0
    assert widths["True"] == round(widths["False"] / 2)
    assert widths["Half true"] == 0
    assert [bar.y for bar in card.bars] == sorted(bar.y for bar in card.bars)


def test_scorecard_of_nothing_has_empty_bars(db):
    card = scorecard(Claim.objects.none())
    assert card.total == 0 and all(bar.width == 0 for bar in card.bars)
    assert REJECTED not in {bar.label for bar in card.bars}


def test_breakdown_by_speaker_counts_each_rating(claims):
    table = breakdown(Claim.objects.all(), "speaker", title="By speaker", column="Speaker")
    assert table.ratings == ["True", "False"]
    rows = {row.name: (row.counts, row.total) for row in table.rows}
    assert rows == {"the mayor": ([1, 1], 2), "the governor": ([0, 1], 1)}
    assert table.rows[0].name == "the mayor"  # biggest first


def test_breakdown_by_outlet_limits_rows_and_says_how_many_more(claims):
    table = breakdown(
        Claim.objects.all(), "article__outlet", title="By outlet", column="Outlet", limit=1
    )
    assert [row.name for row in table.rows] == ["The Daily Example"]
    assert table.more == 1
