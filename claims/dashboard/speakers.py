"""A speaker's track record: their checked claims and four aggregate figures.

Every figure is a GROUP BY over the claims filed under the speaker's records (the record and
those merged into it), through the mention index; the page lists claims 50 at a time.
"""

from __future__ import annotations

from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncMonth
from django.db.models.lookups import GreaterThan

from claims.dashboard import charts
from claims.dashboard.charts import Figure, Table
from claims.dashboard.figures import desk_tz
from claims.models import Claim, ClaimType, Speaker
from claims.reports.claimreview import approved_claims


def record_ids(speaker: Speaker) -> list[int]:
    return [speaker.pk, *speaker.merged.values_list("pk", flat=True)]


def checked_claims(ids: list[int], *, public: bool) -> QuerySet[Claim]:
    """Claims with a verdict in force; on the public page only approved, unwithdrawn ones."""
    claims = Claim.objects.filter(speaker_mention__speaker_id__in=ids)
    if public:
        return approved_claims(claims)
    # "+ 0" keeps PostgreSQL from reading every claim with a verdict through the
    # current_verdict index and hashing them against the speaker's few: it walks the mention
    # index and looks each claim up instead (1 s -> ~10 ms for 1,000 claims of 1,000,000).
    return claims.filter(GreaterThan(F("current_verdict_id") + 0, 0))


def speaker_figures(claims: QuerySet[Claim]) -> list[Figure]:
    mix = list(
        claims.values_list("current_verdict__rating__label", "current_verdict__rating__position")
        .annotate(n=Count("id"))
        .order_by("current_verdict__rating__position", "current_verdict__rating__label")
    )
    mix_items = [(label, n) for label, _, n in mix]
    months = list(
        claims.annotate(month=TruncMonth("created", tzinfo=desk_tz()))
        .values_list("month", "current_verdict__rating__label")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    month_keys = sorted({m.date() for m, _, _ in months})
    labels = [f"{m:%b %Y}" for m in month_keys]
    ratings = [label for label, _ in mix_items]
    grid = {r: [0] * len(month_keys) for r in ratings}
    for m, rating, n in months:
        grid.setdefault(rating, [0] * len(month_keys))[month_keys.index(m.date())] += n
    types = dict(ClaimType.choices)
    by_type = [
        (types.get(t, t), n)
        for t, n in claims.values_list("type").annotate(n=Count("id")).order_by("-n", "type")
    ]
    outlets = [
        (o or "(no outlet)", n)
        for o, n in claims.values_list("article__outlet")
        .annotate(n=Count("id"))
        .order_by("-n", "article__outlet")[:10]
    ]
    return [
        Figure(
            "mix",
            "Verdict mix",
            charts.horizontal_bars("Verdicts by rating", mix_items),
            Table(["Rating", "Claims"], [list(i) for i in mix_items]),
        ),
        Figure(
            "over-time",
            "Over time",
            charts.columns(
                "Checked claims per month, by rating",
                labels,
                [(r, grid[r]) for r in ratings],
            ),
            Table(
                ["Month", *ratings],
                [[label, *(grid[r][i] for r in ratings)] for i, label in enumerate(labels)],
            ),
            note="By the month the claim was added to the workbench.",
        ),
        Figure(
            "by-type",
            "By type of claim",
            charts.horizontal_bars("Checked claims by type", by_type),
            Table(["Type", "Claims"], [list(i) for i in by_type]),
        ),
        Figure(
            "outlets",
            "Where they were quoted",
            charts.horizontal_bars("Checked claims by outlet", outlets),
            Table(["Outlet", "Claims"], [list(i) for i in outlets]),
            note="The ten outlets quoting them most." if len(outlets) == 10 else "",
        ),
    ]
