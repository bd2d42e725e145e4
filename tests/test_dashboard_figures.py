"""Every dashboard figure against numbers worked out by hand on a small desk.

The desk's TIME_ZONE is New York (UTC-5 in January), so several events fall on a different
day there than in UTC; those are the cases marked "NY".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from claims.dashboard import figures, tally
from claims.dashboard.figures import Range, Slice
from claims.models import Activity, Article, AwaitingClaim, Claim, ClaimStatus, DeskDay
from claims.services import speakers_sync_article
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    VerdictFactory,
    approved_correction,
    approved_verdict,
)

NOW = datetime(2026, 1, 12, 12, 0, tzinfo=UTC)


def at(day: int, hour: int, month: int = 1) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def desk(settings, reviewer, other_reviewer, editor):
    settings.TIME_ZONE = "America/New_York"
    settings.FACTCHECK_ASSIGNMENT_TTL_MINUTES = 60
    # The tallies are counted in the zone they were installed for; recount in New York's.
    assert tally.sync()
    article = ArticleFactory(outlet="The Daily Example")
    c1 = ClaimFactory(article=article, created=at(10, 3), speaker="")  # NY: Jan 9, 22:00
    c2 = ClaimFactory(article=article, created=at(10, 15), speaker="")
    c3 = ClaimFactory(
        article=article,
        created=at(11, 13),
        status=ClaimStatus.IN_REVIEW,
        assignee=reviewer,
        assigned_at=NOW - timedelta(hours=2),
        speaker="",
    )
    c4 = ClaimFactory(article=article, created=at(10, 16), speaker="Karine Jean-Pierre")
    approved_verdict(
        c4,
        label="True",
        approver=editor,
        reviewer=reviewer,
        created=at(10, 19),
        approved_at=at(11, 16),
    )
    c5 = ClaimFactory(article=article, created=at(12, 5), status=ClaimStatus.REJECTED, speaker="")
    c6 = ClaimFactory(
        article=ArticleFactory(outlet="The Evening Sample"),
        created=at(5, 0),
        status=ClaimStatus.AWAITING_APPROVAL,
        speaker="",
        type="policy",
    )  # NY: Jan 4
    VerdictFactory(claim=c6, reviewer=other_reviewer, created=at(8, 9))  # sent back earlier
    VerdictFactory(claim=c6, reviewer=other_reviewer, created=at(12, 2))  # NY: Jan 11, 21:00
    Activity.objects.create(actor=editor, action="verdict.send_back", claim=c6, created=at(9, 12))
    speakers_sync_article(article_id=article.pk)
    return {"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5, "c6": c6}


JAN_9_11 = Range(start=date(2026, 1, 9), end=date(2026, 1, 11))


def test_status_counts_cover_every_status(desk):
    assert figures.status_counts() == {
        "new": 2,
        "in_review": 1,
        "awaiting_approval": 1,
        "approved": 1,
        "rejected": 1,
    }


def test_open_queue_age_median_oldest_and_histogram(desk):
    queue = figures.open_queue_age(NOW)
    # Today is Jan 12 in New York. Open: c1 (extracted Jan 9 in New York: 3 days old, 57 h),
    # c2 (Jan 10: 2 days), c3 (Jan 11: 1 day); the middle one is c2.
    assert queue["total"] == 3
    assert queue["median_days"] == 2
    assert queue["oldest_age"] == timedelta(hours=57)
    assert dict(queue["buckets"]) == {
        "Under 1 day": 0,
        "1–3 days": 2,
        "3–7 days": 1,
        "1–4 weeks": 0,
        "4–13 weeks": 0,
        "13 weeks or more": 0,
    }


def test_awaiting_approval_counts_only_the_newest_verdict(desk):
    waiting = figures.awaiting_approval(NOW)
    assert waiting["total"] == 1
    assert waiting["median_age"] == waiting["oldest_age"] == timedelta(hours=10)
    assert dict(waiting["buckets"])["Under 1 day"] == 1


def test_expired_assignments_by_person(desk):
    expired = figures.expired_assignments(NOW)
    assert expired == {"total": 1, "by_person": [("rita", 1)]}
    assert figures.expired_assignments(NOW - timedelta(hours=1, minutes=30))["total"] == 0


def test_flow_per_day_counts_days_in_the_desk_time_zone(desk):
    flow = figures.flow(JAN_9_11)
    assert flow["claims"] == [1, 2, 1]  # c1 is Jan 9 in New York although Jan 10 in UTC
    assert flow["verdicts"] == [0, 1, 1]  # c6's second verdict is Jan 11 in New York
    assert flow["approved"] == [0, 0, 1]
    assert flow["sent_back"] == [1, 0, 0]
    assert flow["corrections"] == [0, 0, 0]


def test_flow_per_week_starts_weeks_on_monday(desk):
    rng = Range(start=date(2026, 1, 5), end=date(2026, 1, 18), group="week")
    assert rng.periods() == [date(2026, 1, 5), date(2026, 1, 12)]
    flow = figures.flow(rng)
    # c6 (created Jan 4 in New York) is outside; c5 (Jan 12, 00:00 New York) is week two.
    assert flow["claims"] == [4, 1]
    assert flow["verdicts"] == [3, 0]


def test_one_day_range(desk):
    rng = Range(start=date(2026, 1, 10), end=date(2026, 1, 10))
    flow = figures.flow(rng)
    assert flow["claims"] == [2]
    assert flow["verdicts"] == [1]
    assert flow["approved"] == [0]


def test_empty_range_has_zeros_and_no_medians(desk):
    rng = Range(start=date(2025, 1, 1), end=date(2025, 1, 3))
    assert all(values == [0, 0, 0] for values in figures.flow(rng).values())
    times = figures.turnaround(rng)
    assert times["to_verdict"] == {"count": 0, "median_hours": None}
    assert times["to_approval"] == {"count": 0, "median_hours": None}
    assert figures.per_person(rng) == []
    assert figures.published_breakdown(rng) == {"type": [], "outlet": [], "speaker": []}


def test_median_times_to_first_verdict_and_approval(desk):
    times = figures.turnaround(JAN_9_11)
    # c4: extracted 16:00, first verdict 19:00 (3 h), approved the next day 16:00 (24 h).
    assert times["to_verdict"] == {"count": 1, "median_hours": 3}
    assert times["to_approval"] == {"count": 1, "median_hours": 24}


def test_median_time_is_the_lower_middle_of_several(settings, reviewer, editor):
    settings.TIME_ZONE = "UTC"
    for hours in (2, 5, 9, 40):
        claim = ClaimFactory(created=at(10, 0))
        VerdictFactory(claim=claim, reviewer=reviewer, created=at(10, 0) + timedelta(hours=hours))
    rng = Range(start=date(2026, 1, 10), end=date(2026, 1, 12))
    assert figures.turnaround(rng)["to_verdict"] == {"count": 4, "median_hours": 5}


def test_per_person_counts_in_alphabetical_order(desk):
    assert figures.per_person(JAN_9_11) == [
        {"name": "edna", "verdicts": 0, "approved": 1, "sent_back": 1},
        {"name": "rita", "verdicts": 1, "approved": 0, "sent_back": 0},
        {"name": "rob", "verdicts": 1, "approved": 0, "sent_back": 0},
    ]


def test_published_by_rating_type_outlet_and_speaker(desk):
    ratings, by_rating = figures.in_force_by_rating(JAN_9_11)
    true = next(r for r in ratings if r.label == "True")
    assert by_rating[true.pk] == [0, 0, 1]
    assert sum(sum(v) for v in by_rating.values()) == 1
    breakdown = figures.published_breakdown(JAN_9_11)
    assert [(n, c) for n, c, _ in breakdown["type"]] == [("Quantity", 1)]
    assert [(n, c) for n, c, _ in breakdown["outlet"]] == [("The Daily Example", 1)]
    assert [(n, c, s) for n, c, s in breakdown["speaker"]] == [
        ("Karine Jean-Pierre", 1, "karine-jean-pierre")
    ]


def test_a_correction_moves_the_verdict_in_force(desk, editor):
    old = desk["c4"].current_verdict
    approved_correction(old, label="False", reason="New figures.", approved_at=at(11, 20))
    ratings, by_rating = figures.in_force_by_rating(JAN_9_11)
    labels = {r.pk: r.label for r in ratings}
    in_force = {labels[pk]: values for pk, values in by_rating.items() if any(values)}
    assert in_force == {"False": [0, 0, 1]}
    assert figures.flow(JAN_9_11)["corrections"] == [0, 0, 1]
    assert figures.flow(JAN_9_11)["approved"] == [0, 0, 2]


def _tallies() -> set[tuple]:
    return {
        *DeskDay.objects.exclude(n=0).values_list(
            "day", "metric", "grain", "type", "outlet", "key", "n"
        ),
        *AwaitingClaim.objects.values_list("claim_id", "since", "type", "outlet"),
    }


def test_triggers_and_a_rebuild_agree(desk, editor):
    approved_correction(desk["c4"].current_verdict, label="False", reason="New figures.")
    desk["c2"].delete()
    Claim.objects.filter(pk=desk["c1"].pk).update(status=ClaimStatus.AWAITING_APPROVAL)
    VerdictFactory(claim=desk["c1"], created=at(11, 1))
    Claim.objects.filter(pk=desk["c6"].pk).update(status=ClaimStatus.IN_REVIEW)
    assert AwaitingClaim.objects.get().since == at(11, 1)
    kept = _tallies()
    tally.rebuild()
    assert _tallies() == kept
    # Deleting a claim (admins only) takes its verdicts and send-backs out of every count.
    desk["c6"].delete()
    assert figures.flow(JAN_9_11)["sent_back"] == [0, 0, 0]
    kept = _tallies()
    tally.rebuild()
    assert _tallies() == kept


def test_awaiting_approval_median_of_an_even_count_is_the_older_middle(db, settings):
    settings.TIME_ZONE = "UTC"
    for hours in (10, 30, 50, 200):
        claim = ClaimFactory(status=ClaimStatus.AWAITING_APPROVAL)
        VerdictFactory(claim=claim, created=NOW - timedelta(hours=hours))
    waiting = figures.awaiting_approval(NOW)
    assert waiting["total"] == 4
    assert waiting["median_age"] == timedelta(hours=50)
    assert waiting["oldest_age"] == timedelta(hours=200)
    assert [n for _, n in waiting["buckets"]] == [1, 2, 0, 1, 0, 0]


def test_flushing_the_database_leaves_no_stray_tallies(transactional_db, editor):
    from django.core.management import call_command

    approved_verdict(ClaimFactory(), approver=editor)
    call_command("flush", interactive=False, verbosity=0)
    assert not DeskDay.objects.exclude(n=0).exists()


def test_changing_time_zone_recounts_the_days(desk, settings):
    assert figures.flow(JAN_9_11)["claims"] == [1, 2, 1]
    settings.TIME_ZONE = "UTC"
    assert tally.sync()
    # In UTC c1 (03:00 Jan 10) is Jan 10 and c5 (05:00 Jan 12) falls outside the range.
    assert figures.flow(JAN_9_11)["claims"] == [0, 3, 1]
    assert not tally.sync()


def test_day_boundary_is_local_midnight(settings, reviewer):
    settings.TIME_ZONE = "America/New_York"
    tally.sync()
    # 04:59 and 05:00 UTC on Jan 10 are 23:59 on Jan 9 and 00:00 on Jan 10 in New York.
    ClaimFactory(created=datetime(2026, 1, 10, 4, 59, tzinfo=UTC))
    ClaimFactory(created=datetime(2026, 1, 10, 5, 0, tzinfo=UTC))
    assert figures.flow(Range(start=date(2026, 1, 9), end=date(2026, 1, 10)))["claims"] == [1, 1]


# Filters by type and outlet -------------------------------------------------------------

DAILY = Slice(outlet="The Daily Example")
POLICY = Slice(type="policy")


def test_outlet_filter_applies_to_every_figure(desk):
    # c6 is the only claim outside The Daily Example (The Evening Sample).
    assert figures.status_counts(DAILY) == {
        "new": 2,
        "in_review": 1,
        "awaiting_approval": 0,
        "approved": 1,
        "rejected": 1,
    }
    assert figures.open_queue_age(NOW, DAILY)["total"] == 3
    assert figures.awaiting_approval(NOW, DAILY)["total"] == 0
    assert figures.expired_assignments(NOW, DAILY)["total"] == 1
    flow = figures.flow(JAN_9_11, DAILY)
    assert flow["claims"] == [1, 2, 1]
    assert flow["verdicts"] == [0, 1, 0]
    assert flow["sent_back"] == [0, 0, 0]
    assert figures.turnaround(JAN_9_11, DAILY)["to_verdict"] == {"count": 1, "median_hours": 3}
    assert figures.per_person(JAN_9_11, DAILY) == [
        {"name": "edna", "verdicts": 0, "approved": 1, "sent_back": 0},
        {"name": "rita", "verdicts": 1, "approved": 0, "sent_back": 0},
    ]
    breakdown = figures.published_breakdown(JAN_9_11, DAILY)
    assert [(n, c) for n, c, _ in breakdown["outlet"]] == [("The Daily Example", 1)]
    assert [(n, c) for n, c, _ in breakdown["speaker"]] == [("Karine Jean-Pierre", 1)]


def test_type_filter_and_both_filters(desk):
    assert figures.status_counts(POLICY)["awaiting_approval"] == 1
    assert sum(figures.status_counts(POLICY).values()) == 1
    assert figures.awaiting_approval(NOW, POLICY)["total"] == 1
    assert figures.flow(JAN_9_11, POLICY)["sent_back"] == [1, 0, 0]
    assert figures.per_person(JAN_9_11, POLICY) == [
        {"name": "edna", "verdicts": 0, "approved": 0, "sent_back": 1},
        {"name": "rob", "verdicts": 1, "approved": 0, "sent_back": 0},
    ]
    both = Slice(type="policy", outlet="The Daily Example")
    assert sum(figures.status_counts(both).values()) == 0
    assert figures.published_breakdown(JAN_9_11, both) == {"type": [], "outlet": [], "speaker": []}
    quantity = Slice(type="quantity", outlet="The Daily Example")
    _, by_rating = figures.in_force_by_rating(JAN_9_11, quantity)
    assert sum(sum(v) for v in by_rating.values()) == 1


def test_an_unknown_outlet_has_zeros(desk):
    nowhere = Slice(outlet="Nowhere Gazette")
    assert sum(figures.status_counts(nowhere).values()) == 0
    assert figures.open_queue_age(NOW, nowhere)["total"] == 0
    assert figures.open_queue_age(NOW, nowhere)["median_days"] is None
    assert all(v == [0, 0, 0] for v in figures.flow(JAN_9_11, nowhere).values())


def test_changing_a_claims_type_moves_all_its_counts(desk):
    c4 = desk["c4"]
    Claim.objects.filter(pk=c4.pk).update(type="policy")
    quantity = figures.published_breakdown(JAN_9_11)["type"]
    assert [(n, c) for n, c, _ in quantity] == [("Policy", 1)]
    assert figures.flow(JAN_9_11, POLICY)["approved"] == [0, 0, 1]
    assert figures.flow(JAN_9_11, Slice(type="quantity"))["approved"] == [0, 0, 0]
    kept = _tallies()
    tally.rebuild()
    assert _tallies() == kept


def test_changing_an_outlet_and_a_speaker_moves_the_counts(desk):
    Article.objects.filter(pk=desk["c4"].article_id).update(outlet="The Renamed Example")
    Claim.objects.filter(pk=desk["c4"].pk).update(speaker="Someone Else")
    speakers_sync_article(article_id=desk["c4"].article_id)
    breakdown = figures.published_breakdown(JAN_9_11)
    assert [(n, c) for n, c, _ in breakdown["outlet"]] == [("The Renamed Example", 1)]
    assert [(n, c) for n, c, _ in breakdown["speaker"]] == [("Someone Else", 1)]
    assert figures.status_counts(DAILY)["new"] == 0
    assert figures.status_counts(Slice(outlet="The Renamed Example"))["new"] == 2
    kept = _tallies()
    tally.rebuild()
    assert _tallies() == kept


def test_first_verdict_follows_inserts_and_deletes_out_of_order(settings, reviewer):
    settings.TIME_ZONE = "UTC"
    tally.sync()
    claim = ClaimFactory(created=at(10, 0))
    later = VerdictFactory(claim=claim, reviewer=reviewer, created=at(10, 9))
    rng = Range(start=date(2026, 1, 10), end=date(2026, 1, 10))
    assert figures.turnaround(rng)["to_verdict"] == {"count": 1, "median_hours": 9}
    # A verdict dated earlier (an import) becomes the first; deleting it restores the other.
    earlier = VerdictFactory(claim=claim, reviewer=reviewer, created=at(10, 2))
    assert figures.turnaround(rng)["to_verdict"] == {"count": 1, "median_hours": 2}
    kept = _tallies()
    tally.rebuild()
    assert _tallies() == kept
    earlier.delete()
    assert figures.turnaround(rng)["to_verdict"] == {"count": 1, "median_hours": 9}
    later.delete()
    assert figures.turnaround(rng)["to_verdict"] == {"count": 0, "median_hours": None}


def test_expired_assignments_older_than_the_cutoff_day_come_from_the_tallies(desk, other_reviewer):
    # Assigned days before the cutoff (counted from the daily tallies), on the cutoff's own day
    # (c3, read from the claims), released again, and published: only the held ones count.
    held = ClaimFactory(
        article=desk["c1"].article,
        status=ClaimStatus.IN_REVIEW,
        assignee=other_reviewer,
        assigned_at=at(5, 12),
    )
    released = ClaimFactory(
        status=ClaimStatus.IN_REVIEW, assignee=other_reviewer, assigned_at=at(6, 9)
    )
    Claim.objects.filter(pk=released.pk).update(assignee=None, assigned_at=None)
    published = ClaimFactory(
        status=ClaimStatus.IN_REVIEW, assignee=other_reviewer, assigned_at=at(7, 9)
    )
    Claim.objects.filter(pk=published.pk).update(status=ClaimStatus.APPROVED)
    expired = figures.expired_assignments(NOW)
    assert expired == {"total": 2, "by_person": [("rita", 1), ("rob", 1)]}
    assert figures.expired_assignments(NOW, DAILY) == expired
    assert figures.expired_assignments(NOW, POLICY)["total"] == 0
    # Taking the claim over moves it to the new assignee's day; the recount agrees.
    Claim.objects.filter(pk=held.pk).update(assignee=desk["c3"].assignee, assigned_at=at(8, 1))
    assert figures.expired_assignments(NOW)["by_person"] == [("rita", 2)]
    kept = _tallies()
    tally.rebuild()
    assert _tallies() == kept


def test_a_range_of_whole_months_reads_monthly_rows_and_the_days_at_its_ends(settings, editor):
    settings.TIME_ZONE = "UTC"
    # Verdicts approved in a range's first partial month, a whole month and its last days.
    for when in (at(20, 10, 12), at(3, 10), at(31, 10), at(2, 10, 2), at(9, 10, 2)):
        when = when.replace(year=2025) if when.month == 12 else when
        claim = ClaimFactory(created=when - timedelta(hours=5), speaker="Karine Jean-Pierre")
        approved_verdict(
            claim, approver=editor, created=when - timedelta(hours=2), approved_at=when
        )
        speakers_sync_article(article_id=claim.article_id)
    rng = Range(start=date(2025, 12, 15), end=date(2026, 2, 5))
    assert rng.whole_months() == (date(2026, 1, 1), date(2026, 2, 1))
    monthly = DeskDay.objects.filter(grain=0, metric="published_m")
    assert dict(monthly.values_list("day", "n")) == {
        date(2025, 12, 1): 1,
        date(2026, 1, 1): 2,
        date(2026, 2, 1): 2,
    }
    breakdown = figures.published_breakdown(rng)
    assert [(n, c) for n, c, _ in breakdown["speaker"]] == [("Karine Jean-Pierre", 4)]
    assert [c for _, c, _ in breakdown["type"]] == [4]
    assert figures.per_person(rng)[0]["approved"] == 4
    assert figures.turnaround(rng)["to_approval"] == {"count": 4, "median_hours": 5}
    # Within one month the daily rows alone answer.
    jan = Range(start=date(2026, 1, 2), end=date(2026, 1, 30))
    assert jan.whole_months()[0] >= jan.whole_months()[1]
    assert figures.per_person(jan)[0]["approved"] == 1


def test_one_insert_of_many_claims_counts_as_a_recount_does(db, settings):
    # A folder import inserts a batch's claims in one statement (COPY on PostgreSQL, where the
    # statement trigger sums equal events before dating them): claims at the same instant and
    # at instants on either side of New York's midnight, of two outlets, several types and
    # statuses, each land on their own day, grain and key.
    settings.TIME_ZONE = "America/New_York"
    assert tally.sync()
    daily, evening = ArticleFactory(outlet="The Daily Example"), ArticleFactory(outlet="")
    rows = []
    for n in range(24):
        rows.append(
            Claim(
                article=daily if n % 2 else evening,
                start=0,
                end=5,
                quote="Claim",
                statement=f"Claim {n}",
                type=["quantity", "causal", "prediction"][n % 3],
                status=[ClaimStatus.NEW, ClaimStatus.REJECTED][n % 4 == 0],
                created=at(10, 4) if n < 12 else at(10, 6),  # NY: Jan 9, 23:00 / Jan 10, 01:00
            )
        )
    Claim.objects.bulk_create(rows)
    kept = _tallies()
    assert figures.flow(JAN_9_11)["claims"] == [12, 12, 0]
    tally.rebuild()
    assert _tallies() == kept
