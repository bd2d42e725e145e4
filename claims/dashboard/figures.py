"""The dashboard's numbers, each from one or two aggregate queries.

Counts come from DeskDay (daily tallies the database keeps per claim type and outlet, see
tally.py), so no figure reads more than a few thousand rows however many claims there are,
and a filter by type or outlet reads its own rows instead of more. Days are calendar days of
the desk's TIME_ZONE.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import reduce
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from claims.dashboard.tally_events import ASSIGNABLE, MONTHLY_SUFFIX
from claims.models import Claim, ClaimStatus, ClaimType, DeskDay, Rating, Speaker
from claims.services.queue import assignment_cutoff

OPEN = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW)
# Age buckets (lower bound in hours, label) for the open queue and the approval wait.
AGE_BUCKETS = [
    (0, "Under 1 day"),
    (24, "1–3 days"),
    (72, "3–7 days"),
    (168, "1–4 weeks"),
    (672, "4–13 weeks"),
    (2184, "13 weeks or more"),
]
TOP = 10


def desk_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Range:
    """Local days start..end inclusive, shown per day or per (Monday-starting) week."""

    start: date
    end: date
    group: str = "day"

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, desk_tz())

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time.min, desk_tz())

    def periods(self) -> list[date]:
        if self.group == "week":
            first = self.start - timedelta(days=self.start.weekday())
            count = (self.end - first).days // 7 + 1
            return [first + timedelta(weeks=i) for i in range(count)]
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def label(self, period: date) -> str:
        return f"w/c {period:%d %b}" if self.group == "week" else f"{period:%d %b}"

    def table_label(self, period: date) -> str:
        return f"week of {period.isoformat()}" if self.group == "week" else period.isoformat()

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def whole_months(self) -> tuple[date, date]:
        """[first, after): the whole calendar months inside the range (empty when first is
        not before after); the days before first and from after on are the range's ends."""
        first = self.start if self.start.day == 1 else _next_month(self.start)
        after = _next_month(self.end)
        if (after - timedelta(days=1)) != self.end:
            after = self.end.replace(day=1)
        return first, max(first, after)

    def windows(self, metric: str) -> list[tuple[str, date, date]]:
        """(metric name, first day, day after) of a MONTHLY metric's rows over the range: the
        whole months from its monthly rows (MONTHLY_SUFFIX), the days at either end from the
        daily ones. The one rule both spans() and spans_sql() print."""
        first, after = self.whole_months()
        end = self.end + timedelta(days=1)
        if first >= after:
            return [(metric, self.start, end)]
        return [
            (metric, self.start, first),
            (metric + MONTHLY_SUFFIX, first, after),
            (metric, after, end),
        ]

    def spans(self, metrics: list[str]) -> Q:
        """windows() of several metrics as an ORM filter."""
        return reduce(
            operator.or_,
            (
                Q(metric=name, day__gte=start, day__lt=until)
                for metric in metrics
                for name, start, until in self.windows(metric)
            ),
        )

    def spans_sql(self, metric: str) -> tuple[str, list]:
        """windows() of one metric as a WHERE fragment (the raw queries below)."""
        windows = self.windows(metric)
        sql = " OR ".join(["(metric = %s AND day >= %s AND day < %s)"] * len(windows))
        return f"({sql})", [value for window in windows for value in window]


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def base_metric(metric: str) -> str:
    return metric.removesuffix(MONTHLY_SUFFIX)


@dataclass(frozen=True)
class Slice:
    """The claims a dashboard counts: all, one type, one outlet, or both."""

    type: str = ""
    outlet: str = ""

    @property
    def grain(self) -> int:
        return (1 if self.type else 0) + (2 if self.outlet else 0)

    def tally(self, grain: int | None = None, **filters):
        """DeskDay rows of this slice (or of a finer grain of it, for a breakdown)."""
        rows = DeskDay.objects.filter(grain=self.grain if grain is None else grain, **filters)
        if self.type:
            rows = rows.filter(type=self.type)
        if self.outlet:
            rows = rows.filter(outlet=self.outlet)
        if grain is None:
            rows = rows.filter(type=self.type, outlet=self.outlet)
        return rows

    def claims(self):
        claims = Claim.objects.all()
        if self.type:
            claims = claims.filter(type=self.type)
        if self.outlet:
            claims = claims.filter(article__outlet=self.outlet)
        return claims

    def sql(self, table: str = "") -> tuple[str, list[str]]:
        """A WHERE fragment on a table with type and outlet columns."""
        prefix = f"{table}." if table else ""
        parts, params = [], []
        if self.type:
            parts.append(f"{prefix}type = %s")
            params.append(self.type)
        if self.outlet:
            parts.append(f"{prefix}outlet = %s")
            params.append(self.outlet)
        return (" AND ".join(parts) or "1 = 1"), params


ALL = Slice()


def default_range(today: date | None = None) -> Range:
    today = today or timezone.localdate(timezone=desk_tz())
    return Range(start=today - timedelta(days=29), end=today)


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _aware(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def _db_dt(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


# Work waiting ----------------------------------------------------------------------------


def status_counts(sl: Slice = ALL) -> dict[str, int]:
    rows = (
        sl.tally(metric="claims").values("key").annotate(total=Sum("n")).values_list("key", "total")
    )
    found = dict(rows)
    return {status: int(found.get(status) or 0) for status in ClaimStatus.values}


# Age buckets in whole days for the open queue (counted by the day a claim was extracted).
DAY_BUCKETS = [hours // 24 for hours, _ in AGE_BUCKETS]


def open_queue_age(now: datetime, sl: Slice = ALL) -> dict:
    """Ages of open claims (new, in review) in days: median, oldest, and a histogram.

    A claim extracted today is 0 days old, yesterday 1 day, counted in local days; the
    oldest claim's age is exact (one indexed look-up within its day)."""
    today = timezone.localtime(now, desk_tz()).date()
    cases = []
    params: list = []
    for i, low in enumerate(DAY_BUCKETS):
        newest = today - timedelta(days=low)
        cond = "day <= %s"
        params.append(newest)
        if i + 1 < len(DAY_BUCKETS):
            cond += " AND day > %s"
            params.append(today - timedelta(days=DAY_BUCKETS[i + 1]))
        cases.append(f"SUM(CASE WHEN {cond} THEN s ELSE 0 END)")
    sql = f"""
        WITH t AS (
            SELECT day, SUM(n) AS s FROM claims_deskday
            WHERE grain = %s AND type = %s AND outlet = %s AND metric = 'claims'
              AND key IN (%s, %s)
            GROUP BY day HAVING SUM(n) > 0
        ), c AS (
            SELECT day, s, SUM(s) OVER (ORDER BY day DESC) AS cum, SUM(s) OVER () AS total
            FROM t
        )
        SELECT MIN(day), (SELECT MAX(day) FROM c WHERE 2 * cum >= total), MAX(total),
               {", ".join(cases)}
        FROM c
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [sl.grain, sl.type, sl.outlet, *OPEN, *params])
        row = cursor.fetchone()
    oldest_day, median_day = _day(row[0]), _day(row[1])
    oldest = None
    if oldest_day is not None:
        start = datetime.combine(oldest_day, time.min, desk_tz())
        oldest = (
            sl.claims()
            .filter(status__in=OPEN, created__gte=start, created__lt=start + timedelta(days=1))
            .aggregate(m=Min("created"))["m"]
        )
    return {
        "total": int(row[2] or 0),
        "median_days": (today - median_day).days if median_day else None,
        "oldest_age": now - oldest if oldest else None,
        "oldest": oldest,
        "buckets": [
            (label, int(n or 0)) for (_, label), n in zip(AGE_BUCKETS, row[3:], strict=True)
        ],
    }


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _bucket_edges(now: datetime) -> list[tuple[datetime | None, datetime]]:
    """(oldest, newest) bounds for each age bucket, newest bucket first."""
    edges = []
    for i, (hours, _) in enumerate(AGE_BUCKETS):
        upper = now - timedelta(hours=hours)
        lower = now - timedelta(hours=AGE_BUCKETS[i + 1][0]) if i + 1 < len(AGE_BUCKETS) else None
        edges.append((lower, upper))
    return edges


def awaiting_approval(now: datetime, sl: Slice = ALL) -> dict:
    """Verdicts waiting for an editor (the newest verdict of each claim awaiting approval).

    One pass for the count, the oldest and the histogram; the lower median (the older of the
    two middle verdicts when the count is even) is one look along the `since` index."""
    cases = []
    params: list = []
    for lower, upper in _bucket_edges(now):
        cond = "since <= %s" + (" AND since > %s" if lower else "")
        params += [_db_dt(upper)] + ([_db_dt(lower)] if lower else [])
        cases.append(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)")
    where, where_params = sl.sql()
    # Kept by triggers: each claim awaiting approval and its newest verdict's time.
    sql = f"SELECT COUNT(*), MIN(since), {', '.join(cases)} FROM claims_awaitingclaim WHERE {where}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *where_params])
        row = cursor.fetchone()
        total = int(row[0] or 0)
        # Always asked, so the page's number of queries does not depend on the data.
        cursor.execute(
            f"SELECT since FROM claims_awaitingclaim WHERE {where}"
            " ORDER BY since DESC LIMIT 1 OFFSET %s",
            [*where_params, total // 2],
        )
        found = cursor.fetchone()
        median = _aware(found[0]) if found else None
    oldest = _aware(row[1])
    return {
        "total": total,
        "oldest_age": now - oldest if oldest else None,
        "median_age": now - median if median else None,
        "buckets": [
            (label, int(n or 0)) for (_, label), n in zip(AGE_BUCKETS, row[2:], strict=True)
        ],
    }


def expired_assignments(now: datetime, sl: Slice = ALL) -> dict:
    """Claims still held by someone assigned before the cutoff, per person.

    The days before the cutoff's local day come from the `assigned` tallies (an exact count,
    however many there are); only that one day's assignments are read from the claims."""
    cutoff = assignment_cutoff(now)
    day = timezone.localtime(cutoff, desk_tz()).date()
    counts: dict[int, int] = {}
    held = sl.tally(metric="assigned", day__lt=day).exclude(key="").values("key")
    for key, n in held.annotate(total=Sum("n")).values_list("key", "total"):
        counts[int(key)] = int(n)
    same_day = (
        sl.claims()
        .filter(
            status__in=ASSIGNABLE,
            assignee__isnull=False,
            assigned_at__gte=datetime.combine(day, time.min, desk_tz()),
            assigned_at__lt=cutoff,
        )
        .values_list("assignee_id")
        .annotate(n=Count("assignee_id"))
        .order_by()
    )
    for pk, n in same_day:
        counts[pk] = counts.get(pk, 0) + n
    counts = {pk: n for pk, n in counts.items() if n}
    names = dict(get_user_model().objects.filter(pk__in=list(counts)).values_list("pk", "username"))
    by_person = sorted(
        ((names.get(pk, f"user #{pk}"), n) for pk, n in counts.items()),
        key=lambda r: r[0].casefold(),
    )
    return {"total": sum(counts.values()), "by_person": by_person}


# Throughput ------------------------------------------------------------------------------

FLOW_METRICS = [
    ("claims", "Claims extracted"),
    ("verdicts", "Verdicts saved"),
    ("approved", "Approved"),
    ("sent_back", "Sent back"),
    ("corrections", "Corrections issued"),
]


def _in_range(rows, rng: Range):
    return rows.filter(day__gte=rng.start, day__lte=rng.end)


def _periods(rows, rng: Range):
    """Rows grouped by period: the day, or the Monday starting its week."""
    if rng.group == "week":
        return rows.annotate(period=TruncWeek("day"))
    return rows.annotate(period=F("day"))


def flow(rng: Range, sl: Slice = ALL, metrics: list[str] | None = None) -> dict[str, list[int]]:
    """Per period counts of each flow metric (or of the ones asked for); one query."""
    index = {p: i for i, p in enumerate(rng.periods())}
    wanted = metrics or [metric for metric, _ in FLOW_METRICS]
    out = {metric: [0] * len(index) for metric in wanted}
    rows = (
        _periods(_in_range(sl.tally(metric__in=list(out)), rng), rng)
        .values("metric", "period")
        .annotate(total=Sum("n"))
        .values_list("metric", "period", "total")
    )
    for metric, period, total in rows:
        i = index.get(_as_date(period))
        if i is not None:
            out[metric][i] += int(total)
    return out


def _median_hours(rng: Range, metric: str, sl: Slice) -> tuple[int, float | None]:
    """How many events, and the median of their whole-hour durations (lower median)."""
    span, span_params = rng.spans_sql(metric)
    sql = f"""
        WITH t AS (
            SELECT CAST(key AS INTEGER) AS h, SUM(n) AS s FROM claims_deskday
            WHERE grain = %s AND type = %s AND outlet = %s AND {span}
            GROUP BY CAST(key AS INTEGER) HAVING SUM(n) > 0
        ), c AS (SELECT h, SUM(s) OVER (ORDER BY h) AS cum, SUM(s) OVER () AS total FROM t)
        SELECT MAX(total), (SELECT MIN(h) FROM c WHERE 2 * cum >= total) FROM c
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [sl.grain, sl.type, sl.outlet, *span_params])
        total, median = cursor.fetchone()
    return int(total or 0), median


def turnaround(rng: Range, sl: Slice = ALL) -> dict:
    first_n, first_h = _median_hours(rng, "to_verdict", sl)
    appr_n, appr_h = _median_hours(rng, "to_approval", sl)
    return {
        "to_verdict": {"count": first_n, "median_hours": first_h},
        "to_approval": {"count": appr_n, "median_hours": appr_h},
    }


PERSON_METRICS = {"verdicts_by": "verdicts", "approved_by": "approved", "sent_back_by": "sent_back"}


def per_person(rng: Range, sl: Slice = ALL) -> list[dict]:
    """Verdicts saved, approved and sent back per person in the range, by username."""
    rows = (
        sl.tally()
        .filter(rng.spans(list(PERSON_METRICS)))
        .exclude(key="")
        .values("metric", "key")
        .annotate(total=Sum("n"))
        .values_list("metric", "key", "total")
    )
    counts: dict[int, dict[str, int]] = {}
    for metric, key, total in rows:
        person = counts.setdefault(int(key), {})
        name = PERSON_METRICS[base_metric(metric)]
        person[name] = person.get(name, 0) + int(total)
    names = dict(get_user_model().objects.filter(pk__in=list(counts)).values_list("pk", "username"))
    people = [
        {
            "name": names.get(pk, f"user #{pk}"),
            "verdicts": c.get("verdicts", 0),
            "approved": c.get("approved", 0),
            "sent_back": c.get("sent_back", 0),
        }
        for pk, c in counts.items()
        if any(c.values())
    ]
    return sorted(people, key=lambda p: p["name"].casefold())


# What we published -----------------------------------------------------------------------


def in_force_by_rating(rng: Range, sl: Slice = ALL) -> tuple[list[Rating], dict[int, list[int]]]:
    """Verdicts approved in each period that are still in force, per rating."""
    index = {p: i for i, p in enumerate(rng.periods())}
    ratings = list(Rating.objects.order_by("position", "id"))
    out = {r.pk: [0] * len(index) for r in ratings}
    rows = (
        _periods(_in_range(sl.tally(metric="in_force"), rng), rng)
        .values("key", "period")
        .annotate(total=Sum("n"))
        .values_list("key", "period", "total")
    )
    for key, period, total in rows:
        i = index.get(_as_date(period))
        if i is not None and int(key) in out:
            out[int(key)][i] += int(total)
    return ratings, out


def published_breakdown(rng: Range, sl: Slice = ALL) -> dict[str, list[tuple[str, int, str]]]:
    """Top types, outlets and speakers of verdicts approved in the range and in force.

    One statement over DeskDay: types from the per-type rows, outlets from the per-outlet
    rows (each narrowed by the slice's own filter), speakers from the slice's rows, with
    merged speaker records counted under the record they were merged into."""
    by_type, by_outlet = sl.grain | 1, sl.grain | 2
    where, where_params = sl.sql()
    published, published_params = rng.spans_sql("published")
    speakers, speakers_params = rng.spans_sql("pub_speaker")
    sql = f"""
        WITH g AS (
            SELECT 'type' AS dim, type AS val, SUM(n) AS n FROM claims_deskday
            WHERE grain = %s AND {where} AND {published}
            GROUP BY type
            UNION ALL
            SELECT 'outlet', outlet, SUM(n) FROM claims_deskday
            WHERE grain = %s AND {where} AND {published}
            GROUP BY outlet
            UNION ALL
            SELECT 'speaker', CAST(COALESCE(s.merged_into_id, s.id) AS TEXT), SUM(p.n)
            FROM (SELECT key, SUM(n) AS n FROM claims_deskday
                  WHERE grain = %s AND type = %s AND outlet = %s AND {speakers}
                  GROUP BY key) p
            JOIN claims_speaker s ON CAST(s.id AS TEXT) = p.key
            GROUP BY COALESCE(s.merged_into_id, s.id)
        ), r AS (
            SELECT dim, val, n, ROW_NUMBER() OVER (PARTITION BY dim ORDER BY n DESC, val) AS rn
            FROM g WHERE n > 0
        )
        SELECT dim, val, n FROM r WHERE rn <= %s ORDER BY dim, rn
    """
    params = [
        by_type,
        *where_params,
        *published_params,
        by_outlet,
        *where_params,
        *published_params,
        sl.grain,
        sl.type,
        sl.outlet,
        *speakers_params,
        TOP,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    types = dict(ClaimType.choices)
    out: dict[str, list[tuple[str, int, str]]] = {"type": [], "outlet": [], "speaker": []}
    speaker_ids = [int(val) for dim, val, _ in rows if dim == "speaker"]
    speakers = {s.pk: s for s in Speaker.objects.filter(pk__in=speaker_ids).only("name", "slug")}
    for dim, val, n in rows:
        if dim == "type":
            out["type"].append((types.get(val, val), int(n), val))
        elif dim == "outlet":
            out["outlet"].append((val or "(no outlet)", int(n), val))
        elif int(val) in speakers:
            s = speakers[int(val)]
            out["speaker"].append((s.name, int(n), s.slug))
    return out
