"""A speaker's track record: their checked claims and four aggregate figures.

The four figures are GROUP BYs over one pass of the claims filed under the speaker's records
(the record and those merged into it), read through the mention index; the page lists claims
50 at a time, ordering the narrow id list first and loading only the page's 50 claims.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.db.models.lookups import GreaterThan
from django.utils import timezone

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


def _figure_counts(claims: QuerySet[Claim]) -> list[tuple]:
    """(figure, label, position or month, n) rows: the four groupings of one pass over the
    speaker's claims (a common table expression the database reads once)."""
    rows = (
        claims.annotate(
            r_label=F("current_verdict__rating__label"),
            r_position=F("current_verdict__rating__position"),
            c_type=F("type"),
            c_outlet=F("article__outlet"),
            c_month=TruncMonth("created", tzinfo=desk_tz()),
        )
        .values("r_label", "r_position", "c_type", "c_outlet", "c_month")
        .order_by()
    )
    inner, params = rows.query.sql_with_params()
    sql = f"""
        WITH s AS ({inner})
        SELECT 'mix', r_label, r_position, NULL, COUNT(*) FROM s GROUP BY r_label, r_position
        UNION ALL
        SELECT 'month', r_label, NULL, c_month, COUNT(*) FROM s GROUP BY c_month, r_label
        UNION ALL
        SELECT 'type', c_type, NULL, NULL, COUNT(*) FROM s GROUP BY c_type
        UNION ALL
        SELECT 'outlet', c_outlet, NULL, NULL, COUNT(*) FROM s GROUP BY c_outlet
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _month(value) -> date:
    if isinstance(value, datetime):
        return value.astimezone(desk_tz()).date() if timezone.is_aware(value) else value.date()
    return date.fromisoformat(str(value)[:10])


def speaker_figures(claims: QuerySet[Claim]) -> tuple[list[Figure], int]:
    """The four figures, and how many claims they cover (the listing's count)."""
    counts = _figure_counts(claims)
    mix = sorted(
        ((label, position, n) for fig, label, position, _, n in counts if fig == "mix"),
        key=lambda r: (r[1] if r[1] is not None else 0, r[0] or ""),
    )
    mix_items = [(label, n) for label, _, n in mix]
    total = sum(n for _, n in mix_items)
    months = [(_month(m), label, n) for fig, label, _, m, n in counts if fig == "month"]
    month_keys = sorted({m for m, _, _ in months})
    labels = [f"{m:%b %Y}" for m in month_keys]
    ratings = [label for label, _ in mix_items]
    grid = {r: [0] * len(month_keys) for r in ratings}
    where = {m: i for i, m in enumerate(month_keys)}
    for m, rating, n in months:
        grid.setdefault(rating, [0] * len(month_keys))[where[m]] += n
    types = dict(ClaimType.choices)
    by_type = sorted(
        ((types.get(t, t), n, t) for fig, t, _, _, n in counts if fig == "type"),
        key=lambda r: (-r[1], r[2]),
    )
    by_type = [(label, n) for label, n, _ in by_type]
    outlets = sorted(
        ((o or "", n) for fig, o, _, _, n in counts if fig == "outlet"),
        key=lambda r: (-r[1], r[0]),
    )[:10]
    outlets = [(o or "(no outlet)", n) for o, n in outlets]
    figs = [
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
    return figs, total


class Listing:
    """The speaker's checked claims, newest first, for a Paginator: the count is known from
    the figures, and a page orders only ids before loading its claims with what they show."""

    def __init__(self, claims: QuerySet[Claim], total: int) -> None:
        self.claims = claims
        self.total = total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[Claim]:
        # Ordered by an expression, not the column: with a LIMIT, PostgreSQL would otherwise
        # walk the index of every claim by date until 50 of this speaker's turned up (2.4 s
        # for 1,000 claims of 1,000,000); sorting the speaker's claims takes milliseconds.
        newest = Coalesce("created", "created").desc()
        ids = list(self.claims.order_by(newest, "-id").values_list("id", flat=True)[window])
        rows = Claim.objects.filter(pk__in=ids).select_related("article", "current_verdict__rating")
        by_id = {c.pk: c for c in rows}
        return [by_id[pk] for pk in ids if pk in by_id]
