"""The building blocks of the dashboard's trigger SQL (tally_sql.py assembles them).

An event is a SELECT of (time, metric, key, type, outlet, ±1); `upsert` adds the signed counts
of a few events to all four grains of their local day. The same event builders serve the row
triggers (NEW/OLD), the moves when a claim's type or an article's outlet changes, and the full
recount, so the three cannot drift apart. A context (`Ctx`) says where a claim's columns come
from: a trigger row, a look-up by id, the whole table or a statement's inserted rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from claims.models import ClaimStatus

TABLE = "claims_deskday"
SENT_BACK_ACTION = "verdict.send_back"
GRAINS = "(SELECT 0 AS g UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)"
# Metrics the dashboard only ever sums over a whole range (never per day or week), keyed by
# something with many values (speaker, outlet, person, hours). Each is also counted per month,
# as `<metric>_m` on the month's first day, so a year reads about 12 rows per key, not 365.
MONTHLY = ("published", "pub_speaker", "verdicts_by", "approved_by", "sent_back_by")
MONTHLY += ("to_verdict", "to_approval")
MONTHLY_SUFFIX = "_m"
_PERIODS = "(SELECT 0 AS m UNION ALL SELECT 1)"
# The statuses in which a claim can be held by an assignee (queue take and release).
ASSIGNABLE = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW, ClaimStatus.AWAITING_APPROVAL)


@dataclass(frozen=True)
class Dialect:
    vendor: str
    zone: str  # SQL expression for the desk's zone

    def day(self, ts: str) -> str:
        if self.vendor == "postgresql":
            return f"CAST(({ts}) AT TIME ZONE {self.zone} AS date)"
        return f"django_datetime_cast_date({ts}, {self.zone}, 'UTC')"

    def month(self, day: str) -> str:
        """The first day of the month of a day expression."""
        if self.vendor == "postgresql":
            return f"CAST(date_trunc('month', {day}) AS date)"
        return f"date({day}, 'start of month')"

    def hours(self, a: str, b: str) -> str:
        if self.vendor == "postgresql":
            return (
                f"CAST(GREATEST(0, floor(extract(epoch FROM ({a} - {b})) / 3600)) AS bigint)::text"
            )
        # The nudge keeps a whole number of hours from landing a hair below itself.
        return (
            f"CAST(CAST(max(0, (julianday({a}) - julianday({b})) * 24 + 1e-7) AS INTEGER) AS TEXT)"
        )

    @property
    def plus(self) -> str:
        return f"{TABLE}.n + EXCLUDED.n" if self.vendor == "postgresql" else "n + excluded.n"


def text_key(col: str) -> str:
    return f"coalesce(CAST({col} AS TEXT), '')"


@dataclass(frozen=True)
class Ctx:
    """Where a claim's columns come from: FROM items, a condition, and expressions."""

    from_: str
    where: str
    cid: str
    created: str
    type: str
    outlet: str


def event_select(ctx: Ctx, src: str, ts: str, metric: str, key: str, sign: int, cond: str) -> str:
    return (
        f"SELECT {ts} AS ts, '{metric}' AS metric, {key} AS key, {ctx.type} AS type,"
        f" {ctx.outlet} AS outlet, {sign} AS d {src} AND ({cond})"
    )


def assignment_event(ctx: Ctx, row: str, sign: int) -> str:
    """A claim someone holds (assigned, not yet published or rejected), on the day it was
    assigned [assignee id]: expired assignments are the ones assigned before a cutoff."""
    assignable = ", ".join(f"'{status.value}'" for status in ASSIGNABLE)
    return event_select(
        ctx,
        f"FROM {ctx.from_} WHERE {ctx.where}",
        f"{row}.assigned_at",
        "assigned",
        text_key(f"{row}.assignee_id"),
        sign,
        f"{row}.assignee_id IS NOT NULL AND {row}.assigned_at IS NOT NULL"
        f" AND {row}.status IN ({assignable})",
    )


def verdict_events(ctx: Ctx, src: str, v: str, sign: int) -> list[str]:
    """The counts one verdict row (alias or NEW/OLD `v`) adds, durations aside."""
    approved = f"{v}.approved_at IS NOT NULL"
    in_force = f"{approved} AND {v}.withdrawn_at IS NULL"
    mention = (
        "(SELECT CAST(m.speaker_id AS TEXT) FROM claims_speakermention m"
        f" WHERE m.claim_id = {ctx.cid})"
    )
    return [
        event_select(ctx, src, f"{v}.created", "verdicts", "''", sign, "1 = 1"),
        event_select(
            ctx, src, f"{v}.created", "verdicts_by", text_key(f"{v}.reviewer_id"), sign, "1 = 1"
        ),
        event_select(ctx, src, f"{v}.approved_at", "approved", "''", sign, approved),
        event_select(
            ctx,
            src,
            f"{v}.approved_at",
            "approved_by",
            text_key(f"{v}.approved_by_id"),
            sign,
            approved,
        ),
        event_select(
            ctx,
            src,
            f"{v}.approved_at",
            "corrections",
            "''",
            sign,
            f"{approved} AND {v}.supersedes_id IS NOT NULL",
        ),
        event_select(
            ctx, src, f"{v}.approved_at", "in_force", text_key(f"{v}.rating_id"), sign, in_force
        ),
        event_select(ctx, src, f"{v}.approved_at", "published", "''", sign, in_force),
        event_select(
            ctx,
            src,
            f"{v}.approved_at",
            "pub_speaker",
            mention,
            sign,
            f"{in_force} AND {mention} IS NOT NULL",
        ),
    ]


def to_verdict_event(d: Dialect, ctx: Ctx, src: str, v: str, sign: int, first: str) -> str:
    return event_select(
        ctx, src, f"{v}.created", "to_verdict", d.hours(f"{v}.created", ctx.created), sign, first
    )


def to_approval_event(d: Dialect, ctx: Ctx, src: str, v: str, sign: int, cond: str) -> str:
    return event_select(
        ctx,
        src,
        f"{v}.approved_at",
        "to_approval",
        d.hours(f"{v}.approved_at", ctx.created),
        sign,
        f"{v}.approved_at IS NOT NULL AND {v}.supersedes_id IS NULL AND {cond}",
    )


_FIRST_VERDICT = (
    "NOT EXISTS (SELECT 1 FROM claims_verdict w WHERE w.claim_id = v.claim_id"
    " AND (w.created < v.created OR (w.created = v.created AND w.id < v.id)))"
)


JOIN_OTHER_VERDICT = " JOIN claims_verdict v ON v.claim_id = c.id AND v.id <> {row}.id"


def earlier(a: str, b: str) -> str:
    """Row a comes before row b: created earlier, or at the same instant with a lower id."""
    return f"({a}.created < {b}.created OR ({a}.created = {b}.created AND {a}.id < {b}.id))"


def is_earliest(row: str) -> str:
    """The trigger row is (or was) the claim's first verdict: none other dated before it."""
    return (
        f"NOT EXISTS (SELECT 1 FROM claims_verdict w WHERE w.claim_id = {row}.claim_id"
        f" AND w.id <> {row}.id AND {earlier('w', row)})"
    )


def first_except(row: str) -> str:
    """v is the first of the claim's verdicts other than the trigger row."""
    return (
        "NOT EXISTS (SELECT 1 FROM claims_verdict w WHERE w.claim_id = v.claim_id"
        f" AND w.id <> {row}.id AND {earlier('w', 'v')})"
    )


def claim_row_event(ctx: Ctx, status: str, sign: int) -> str:
    return event_select(
        ctx, f"FROM {ctx.from_} WHERE {ctx.where}", ctx.created, "claims", status, sign, "1 = 1"
    )


def children(d: Dialect, ctx: Ctx, sign: int) -> list[str]:
    """Everything counted for a claim's verdicts and send-backs (not the claim row itself)."""
    vsrc = f"FROM {ctx.from_} JOIN claims_verdict v ON v.claim_id = {ctx.cid} WHERE {ctx.where}"
    xsrc = (
        f"FROM {ctx.from_} JOIN claims_activity x ON x.claim_id = {ctx.cid} WHERE {ctx.where}"
        f" AND x.action = '{SENT_BACK_ACTION}'"
    )
    return [
        *verdict_events(ctx, vsrc, "v", sign),
        to_verdict_event(d, ctx, vsrc, "v", sign, _FIRST_VERDICT),
        to_approval_event(d, ctx, vsrc, "v", sign, "1 = 1"),
        event_select(ctx, xsrc, "x.created", "sent_back", "''", sign, "1 = 1"),
        event_select(ctx, xsrc, "x.created", "sent_back_by", text_key("x.actor_id"), sign, "1 = 1"),
    ]


def upsert(d: Dialect, events: list[str], *, grouped: bool = False) -> str:
    """One statement adding the events' signed counts to all four grains of their day (and,
    for the MONTHLY metrics, of their month too).

    grouped sums equal events before they are spread over the grains and dated: a statement
    trigger's thousands of rows (one COPY of an import batch, all created at one instant) are
    then a handful of rows to date and fan out, not one per claim."""
    body = " UNION ALL ".join(events)
    if grouped:
        body = (
            f"SELECT ts, metric, key, type, outlet, CAST(SUM(d) AS integer) AS d FROM ({body}) e0"
            " GROUP BY ts, metric, key, type, outlet"
        )
    day = d.day("e.ts")
    monthly = ", ".join(f"'{metric}'" for metric in MONTHLY)
    return (
        f"INSERT INTO {TABLE} (day, metric, grain, type, outlet, key, n)"
        " SELECT day, metric, g, t, o, key, SUM(dn) FROM ("
        f"SELECT CASE WHEN p.m = 1 THEN {d.month(day)} ELSE {day} END AS day,"
        f" CASE WHEN p.m = 1 THEN e.metric || '{MONTHLY_SUFFIX}' ELSE e.metric END AS metric,"
        " gr.g AS g,"
        " CASE WHEN gr.g IN (1, 3) THEN e.type ELSE '' END AS t,"
        " CASE WHEN gr.g >= 2 THEN coalesce(e.outlet, '') ELSE '' END AS o,"
        f" e.key AS key, e.d AS dn FROM ({body}) e CROSS JOIN {GRAINS} gr"
        f" CROSS JOIN {_PERIODS} p WHERE p.m = 0 OR e.metric IN ({monthly})"
        ") x WHERE 1 = 1 GROUP BY day, metric, g, t, o, key HAVING SUM(dn) <> 0"
        # In index order: concurrent writers take row locks in one order (no deadlocks), and
        # a recount lays the rows out as the dashboard reads them.
        " ORDER BY g, t, o, metric, day, key"
        f" ON CONFLICT (grain, type, outlet, metric, day, key) DO UPDATE SET n = {d.plus};"
    )


def row_ctx(claim: str, type_: str | None = None, article: str | None = None) -> Ctx:
    """A claim given as a trigger row (NEW/OLD), its article looked up."""
    return Ctx(
        from_="claims_article a",
        where=f"a.id = {article or claim}.article_id",
        cid=f"{claim}.id",
        created=f"{claim}.created",
        type=type_ or f"{claim}.type",
        outlet="a.outlet",
    )


_BY_CLAIM_ID = "FROM claims_claim c JOIN claims_article a ON a.id = c.article_id WHERE c.id = {}"
TABLE_CTX = Ctx(
    from_="claims_claim c JOIN claims_article a ON a.id = c.article_id",
    where="1 = 1",
    cid="c.id",
    created="c.created",
    type="c.type",
    outlet="a.outlet",
)


def by_id_ctx(claim_id: str) -> tuple[Ctx, str]:
    """The whole-table context narrowed to one claim, and the FROM … WHERE that reads it."""
    return replace(TABLE_CTX, where=f"c.id = {claim_id}"), _BY_CLAIM_ID.format(claim_id)


def article_ctx(outlet: str) -> Ctx:
    return Ctx(
        from_="claims_claim c",
        where="c.article_id = NEW.id",
        cid="c.id",
        created="c.created",
        type="c.type",
        outlet=outlet,
    )


AWAITING_ADD = (
    "INSERT INTO claims_awaitingclaim (claim_id, since, type, outlet) SELECT NEW.id, COALESCE("
    "(SELECT MAX(created) FROM claims_verdict WHERE claim_id = NEW.id), NEW.updated), NEW.type,"
    " coalesce((SELECT outlet FROM claims_article WHERE id = NEW.article_id), '') WHERE {when}"
    " ON CONFLICT (claim_id) DO NOTHING;"
)
AWAITING_MOVE = (
    "UPDATE claims_awaitingclaim SET type = NEW.type, outlet = coalesce((SELECT outlet FROM"
    " claims_article WHERE id = NEW.article_id), '') WHERE claim_id = NEW.id;"
)
AWAITING_SINCE = (
    "UPDATE claims_awaitingclaim SET since = (SELECT MAX(created) FROM claims_verdict"
    " WHERE claim_id = NEW.claim_id) WHERE claim_id = NEW.claim_id;"
)
VERDICT_COLUMNS = (
    "created",
    "reviewer_id",
    "approved_at",
    "approved_by_id",
    "withdrawn_at",
    "rating_id",
    "supersedes_id",
    "claim_id",
)
