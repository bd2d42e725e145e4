"""Claims by verdict, for the report pages' chart, and the breakdowns by speaker and outlet."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from claims.models import Claim, ClaimStatus, Rating
from claims.reports.claimreview import approved_claims

UNRATED = "Not yet rated"
REJECTED = "Rejected (not a claim)"
# Geometry of the inline SVG chart, in user units; the template reads these.
LABEL_WIDTH = 150
BAR_MAX = 330
ROW_HEIGHT = 26
BAR_HEIGHT = 18


@dataclass
class Bar:
    label: str
    count: int
    css: str
    width: int = 0
    y: int = 0
    percent: int = 0  # share of all claims in the report
    scale: int = 0  # bar length, percent of the longest bar

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 4


@dataclass
class Scorecard:
    bars: list[Bar]
    total: int
    height: int = 0
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    width: int = LABEL_WIDTH + BAR_MAX + 60

    @property
    def count_x(self) -> int:
        return self.label_width + BAR_MAX + 8


def _css(value: int | None) -> str:
    return f"bar-v{min(value, 5)}" if value is not None else "bar-none"


def scorecard(claims: QuerySet[Claim]) -> Scorecard:
    """Approved claims by rating, every active rating shown even at zero, then the claims
    without an approved verdict, then (if any) the rejected ones."""
    counts = {
        row["current_verdict__rating_id"]: row["n"]
        for row in approved_claims(claims)
        .order_by()
        .values("current_verdict__rating_id")
        .annotate(n=Count("id"))
    }
    totals = claims.order_by().aggregate(
        total=Count("id"), rejected=Count("id", filter=Q(status=ClaimStatus.REJECTED))
    )
    total, rejected = totals["total"], totals["rejected"]
    bars = [
        Bar(label=r.label, count=counts.get(r.pk, 0), css=_css(r.claimreview_value))
        for r in Rating.objects.all()
        if not r.retired or counts.get(r.pk)
    ]
    unrated = total - rejected - sum(counts.values())
    bars.append(Bar(label=UNRATED, count=unrated, css="bar-unrated"))
    if rejected:
        # Spans the desk decided are not claims: counted, but apart from the unrated ones.
        bars.append(Bar(label=REJECTED, count=rejected, css="bar-rejected"))
    top = max((b.count for b in bars), default=0) or 1
    for index, bar in enumerate(bars):
        bar.width = round(BAR_MAX * bar.count / top)
        bar.scale = round(100 * bar.count / top)
        bar.y = index * ROW_HEIGHT + 4
        bar.percent = round(100 * bar.count / total) if total else 0
    return Scorecard(bars=bars, total=total, height=len(bars) * ROW_HEIGHT + 8)


@dataclass
class BreakdownRow:
    name: str
    total: int = 0
    counts: list[int] = field(default_factory=list)


@dataclass
class Breakdown:
    title: str
    column: str
    ratings: list[str]
    rows: list[BreakdownRow]
    more: int = 0


def breakdown(
    claims: QuerySet[Claim], by: str, *, title: str, column: str, limit: int = 25
) -> Breakdown:
    """Approved claims per `by` (speaker or article__outlet) and rating, biggest first."""
    grouped: dict[str, dict[str, int]] = defaultdict(dict)
    for row in (
        approved_claims(claims)
        .order_by()
        .values(by, "current_verdict__rating__label")
        .annotate(n=Count("id"))
    ):
        grouped[row[by] or "—"][row["current_verdict__rating__label"]] = row["n"]
    present = {label for counts in grouped.values() for label in counts}
    ratings = [r for r in Rating.objects.values_list("label", flat=True) if r in present]
    rows = [
        BreakdownRow(
            name=name, total=sum(counts.values()), counts=[counts.get(r, 0) for r in ratings]
        )
        for name, counts in grouped.items()
    ]
    rows.sort(key=lambda r: (-r.total, r.name.casefold()))
    return Breakdown(
        title=title,
        column=column,
        ratings=ratings,
        rows=rows[:limit],
        more=max(0, len(rows) - limit),
    )
