"""The dashboard's numbers, each from a handful of aggregate queries.

Counts over time come from DeskTally (hourly tallies the database keeps, see tally.py), so
no figure reads more than a few thousand rows however many claims there are. Days are days
of the desk's TIME_ZONE: an hour's tally belongs to the local day its start falls in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Min, Sum
from django.db.models.functions import TruncDay, TruncWeek
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from claims.models import Claim, ClaimStatus, DeskTally, Rating, Speaker
from claims.services.queue import assignment_cutoff

OPEN = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW)
ASSIGNABLE = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW, ClaimStatus.AWAITING_APPROVAL)
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


def default_range(today: date | None = None) -> Range:
    today = today or timezone.localdate(timezone=desk_tz())
    return Range(start=today - timedelta(days=29), end=today)


def _trunc(group: str):
    kind = TruncWeek if group == "week" else TruncDay
    return kind("hour", tzinfo=desk_tz())


def _as_date(value) -> date:
    return value.astimezone(desk_tz()).date() if isinstance(value, datetime) else value


def _aware(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def _db_dt(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


# Work waiting ----------------------------------------------------------------------------


def status_counts() -> dict[str, int]:
    rows = (
        DeskTally.objects.filter(metric="claims")
        .values("key")
        .annotate(total=Sum("n"))
        .values_list("key", "total")
    )
    found = dict(rows)
    return {status: int(found.get(status) or 0) for status in ClaimStatus.values}


def _bucket_edges(now: datetime) -> list[tuple[datetime, datetime | None]]:
    """(oldest, newest) created-hour bounds for each age bucket, newest bucket first."""
    edges = []
    for i, (hours, _) in enumerate(AGE_BUCKETS):
        upper = now - timedelta(hours=hours)
        lower = now - timedelta(hours=AGE_BUCKETS[i + 1][0]) if i + 1 < len(AGE_BUCKETS) else None
        edges.append((lower, upper))
    return edges


def open_queue_age(now: datetime) -> dict:
    """Ages of open claims (new, in review), to the hour: median, oldest, and a histogram."""
    edges = _bucket_edges(now)
    cases = []
    params: list = []
    for lower, upper in edges:
        cond = "hour <= %s" + (" AND hour > %s" if lower else "")
        params += [_db_dt(upper)] + ([_db_dt(lower)] if lower else [])
        cases.append(f"SUM(CASE WHEN {cond} THEN s ELSE 0 END)")
    sql = f"""
        WITH t AS (
            SELECT hour, SUM(n) AS s FROM claims_desktally
            WHERE metric = 'claims' AND key IN (%s, %s) GROUP BY hour HAVING SUM(n) > 0
        ), c AS (
            SELECT hour, s, SUM(s) OVER (ORDER BY hour) AS cum, SUM(s) OVER () AS total FROM t
        )
        SELECT MIN(hour), (SELECT MIN(hour) FROM c WHERE 2 * cum >= total), MAX(total),
               {", ".join(cases)}
        FROM c
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*OPEN, *params])
        row = cursor.fetchone()
    oldest_hour, median_hour, total = _aware(row[0]), _aware(row[1]), int(row[2] or 0)
    oldest = None
    if oldest_hour is not None:
        oldest = Claim.objects.filter(
            status__in=OPEN, created__gte=oldest_hour, created__lt=oldest_hour + timedelta(hours=1)
        ).aggregate(m=Min("created"))["m"]
    return {
        "total": total,
        "median_age": now - median_hour if median_hour else None,
        "oldest_age": now - oldest if oldest else None,
        "oldest": oldest,
        "buckets": [
            (label, int(n or 0)) for (_, label), n in zip(AGE_BUCKETS, row[3:], strict=True)
        ],
    }


def awaiting_approval(now: datetime) -> dict:
    """Verdicts waiting for an editor (the newest verdict of each claim awaiting approval).

    One pass: count, oldest, the lower median (the older of the two middle verdicts when the
    count is even) and the histogram all come from the same numbered rows."""
    cases = []
    params: list = []
    for lower, upper in _bucket_edges(now):
        cond = "created <= %s" + (" AND created > %s" if lower else "")
        params += [_db_dt(upper)] + ([_db_dt(lower)] if lower else [])
        cases.append(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)")
    sql = f"""
        WITH w AS (
            -- Kept by triggers: each claim awaiting approval and its newest verdict's time.
            SELECT since AS created FROM claims_awaitingclaim
        ), r AS (
            SELECT created, ROW_NUMBER() OVER (ORDER BY created DESC) AS rn,
                   COUNT(*) OVER () AS n
            FROM w WHERE created IS NOT NULL
        )
        SELECT MAX(n), MIN(created), MAX(CASE WHEN rn = n / 2 + 1 THEN created END),
               {", ".join(cases)}
        FROM r
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    oldest, median = _aware(row[1]), _aware(row[2])
    return {
        "total": int(row[0] or 0),
        "oldest_age": now - oldest if oldest else None,
        "median_age": now - median if median else None,
        "buckets": [
            (label, int(n or 0)) for (_, label), n in zip(AGE_BUCKETS, row[3:], strict=True)
        ],
    }


def expired_assignments(now: datetime) -> dict:
    # Grouped by id, not name, so PostgreSQL answers from claim_assigned_open_idx alone.
    rows = dict(
        Claim.objects.filter(
            status__in=ASSIGNABLE, assignee__isnull=False, assigned_at__lt=assignment_cutoff(now)
        )
        .values_list("assignee_id")
        .annotate(n=Count("assignee_id"))
        .order_by()
    )
    names = dict(get_user_model().objects.filter(pk__in=list(rows)).values_list("pk", "username"))
    by_person = sorted(
        ((names.get(pk, f"user #{pk}"), n) for pk, n in rows.items()),
        key=lambda r: r[0].casefold(),
    )
    return {"total": sum(rows.values()), "by_person": by_person}


# Throughput ------------------------------------------------------------------------------

FLOW_METRICS = [
    ("claims", "Claims extracted"),
    ("verdicts", "Verdicts saved"),
    ("approved", "Approved"),
    ("sent_back", "Sent back"),
    ("corrections", "Corrections issued"),
]


def _tally(rng: Range):
    return DeskTally.objects.filter(hour__gte=rng.start_at, hour__lt=rng.end_at)


def flow(rng: Range) -> dict[str, list[int]]:
    """Per period counts of each flow metric; one query."""
    index = {p: i for i, p in enumerate(rng.periods())}
    out = {metric: [0] * len(index) for metric, _ in FLOW_METRICS}
    rows = (
        _tally(rng)
        .filter(metric__in=list(out))
        .annotate(period=_trunc(rng.group))
        .values("metric", "period")
        .annotate(total=Sum("n"))
        .values_list("metric", "period", "total")
    )
    for metric, period, total in rows:
        i = index.get(_as_date(period))
        if i is not None:
            out[metric][i] += int(total)
    return out


def _median_hours(rng: Range, metric: str) -> tuple[int, float | None]:
    """How many events, and the median of their whole-hour durations (lower median)."""
    sql = """
        WITH t AS (
            SELECT CAST(key AS INTEGER) AS h, SUM(n) AS s FROM claims_desktally
            WHERE metric = %s AND hour >= %s AND hour < %s GROUP BY CAST(key AS INTEGER)
            HAVING SUM(n) > 0
        ), c AS (SELECT h, SUM(s) OVER (ORDER BY h) AS cum, SUM(s) OVER () AS total FROM t)
        SELECT MAX(total), (SELECT MIN(h) FROM c WHERE 2 * cum >= total) FROM c
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [metric, _db_dt(rng.start_at), _db_dt(rng.end_at)])
        total, median = cursor.fetchone()
    return int(total or 0), median


def turnaround(rng: Range) -> dict:
    first_n, first_h = _median_hours(rng, "to_verdict")
    appr_n, appr_h = _median_hours(rng, "to_approval")
    return {
        "to_verdict": {"count": first_n, "median_hours": first_h},
        "to_approval": {"count": appr_n, "median_hours": appr_h},
    }


def per_person(rng: Range) -> list[dict]:
    """Verdicts saved, approved and sent back per person in the range, by username."""
    rows = (
        _tally(rng)
        .filter(metric__in=["verdicts", "approved", "sent_back"])
        .exclude(key="")
        .values("metric", "key")
        .annotate(total=Sum("n"))
        .values_list("metric", "key", "total")
    )
    counts: dict[int, dict[str, int]] = {}
    for metric, key, total in rows:
        counts.setdefault(int(key), {})[metric] = int(total)
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


def in_force_by_rating(rng: Range) -> tuple[list[Rating], dict[int, list[int]]]:
    """Verdicts approved in each period that are still in force, per rating."""
    index = {p: i for i, p in enumerate(rng.periods())}
    ratings = list(Rating.objects.order_by("position", "id"))
    out = {r.pk: [0] * len(index) for r in ratings}
    rows = (
        _tally(rng)
        .filter(metric="in_force")
        .annotate(period=_trunc(rng.group))
        .values("key", "period")
        .annotate(total=Sum("n"))
        .values_list("key", "period", "total")
    )
    for key, period, total in rows:
        i = index.get(_as_date(period))
        if i is not None and int(key) in out:
            out[int(key)][i] += int(total)
    return ratings, out


def published_breakdown(rng: Range) -> dict[str, list[tuple[str, int, str]]]:
    """Top types, outlets and speakers of verdicts approved in the range and in force.

    One index-only scan of claims_publishedverdict (kept by triggers), grouped three ways."""
    sql = """
        WITH pub AS (
            SELECT type, outlet, speaker_id FROM claims_publishedverdict
            WHERE approved_at >= %s AND approved_at < %s
        ), g AS (
            SELECT 'type' AS dim, type AS val, COUNT(*) AS n FROM pub GROUP BY type
            UNION ALL
            SELECT 'outlet', outlet, COUNT(*) FROM pub GROUP BY outlet
            UNION ALL
            SELECT 'speaker', CAST(COALESCE(s.merged_into_id, s.id) AS TEXT), SUM(p.n)
            FROM (SELECT speaker_id, COUNT(*) AS n FROM pub WHERE speaker_id IS NOT NULL
                  GROUP BY speaker_id) p
            JOIN claims_speaker s ON s.id = p.speaker_id
            GROUP BY COALESCE(s.merged_into_id, s.id)
        ), r AS (
            SELECT dim, val, n, ROW_NUMBER() OVER (PARTITION BY dim ORDER BY n DESC, val) AS rn
            FROM g
        )
        SELECT dim, val, n FROM r WHERE rn <= %s ORDER BY dim, rn
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [_db_dt(rng.start_at), _db_dt(rng.end_at), TOP])
        rows = cursor.fetchall()
    from claims.models import ClaimType

    types = dict(ClaimType.choices)
    out: dict[str, list[tuple[str, int, str]]] = {"type": [], "outlet": [], "speaker": []}
    speaker_ids = [int(val) for dim, val, _ in rows if dim == "speaker"]
    speakers = {s.pk: s for s in Speaker.objects.filter(pk__in=speaker_ids).only("name", "slug")}
    for dim, val, n in rows:
        if dim == "type":
            out["type"].append((types.get(val, val), int(n), ""))
        elif dim == "outlet":
            out["outlet"].append((val or "(no outlet)", int(n), ""))
        elif int(val) in speakers:
            s = speakers[int(val)]
            out["speaker"].append((s.name, int(n), s.slug))
    return out
