"""The SQL of the dashboard's triggers, built once per database vendor (see tally.py).

Every trigger body is one or two statements: an INSERT … SELECT that adds the signed counts
of a few events to all four grains of their local day (`upsert`), and upkeep of
claims_awaitingclaim. An event is a SELECT of (time, metric, key, type, outlet, ±1); the same
event builders serve the row triggers (NEW/OLD), the moves when a claim's type or an
article's outlet changes, and the full recount, so the three cannot drift apart.
"""

from __future__ import annotations

import functools
import hashlib
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


def _key(col: str) -> str:
    return f"coalesce(CAST({col} AS TEXT), '')"


@dataclass(frozen=True)
class _Ctx:
    """Where a claim's columns come from: FROM items, a condition, and expressions."""

    from_: str
    where: str
    cid: str
    created: str
    type: str
    outlet: str


def _event(ctx: _Ctx, src: str, ts: str, metric: str, key: str, sign: int, cond: str) -> str:
    return (
        f"SELECT {ts} AS ts, '{metric}' AS metric, {key} AS key, {ctx.type} AS type,"
        f" {ctx.outlet} AS outlet, {sign} AS d {src} AND ({cond})"
    )


def assignment_event(ctx: _Ctx, row: str, sign: int) -> str:
    """A claim someone holds (assigned, not yet published or rejected), on the day it was
    assigned [assignee id]: expired assignments are the ones assigned before a cutoff."""
    assignable = ", ".join(f"'{status.value}'" for status in ASSIGNABLE)
    return _event(
        ctx,
        f"FROM {ctx.from_} WHERE {ctx.where}",
        f"{row}.assigned_at",
        "assigned",
        _key(f"{row}.assignee_id"),
        sign,
        f"{row}.assignee_id IS NOT NULL AND {row}.assigned_at IS NOT NULL"
        f" AND {row}.status IN ({assignable})",
    )


def _verdict_events(ctx: _Ctx, src: str, v: str, sign: int) -> list[str]:
    """The counts one verdict row (alias or NEW/OLD `v`) adds, durations aside."""
    approved = f"{v}.approved_at IS NOT NULL"
    in_force = f"{approved} AND {v}.withdrawn_at IS NULL"
    mention = (
        "(SELECT CAST(m.speaker_id AS TEXT) FROM claims_speakermention m"
        f" WHERE m.claim_id = {ctx.cid})"
    )
    return [
        _event(ctx, src, f"{v}.created", "verdicts", "''", sign, "1 = 1"),
        _event(ctx, src, f"{v}.created", "verdicts_by", _key(f"{v}.reviewer_id"), sign, "1 = 1"),
        _event(ctx, src, f"{v}.approved_at", "approved", "''", sign, approved),
        _event(
            ctx, src, f"{v}.approved_at", "approved_by", _key(f"{v}.approved_by_id"), sign, approved
        ),
        _event(
            ctx,
            src,
            f"{v}.approved_at",
            "corrections",
            "''",
            sign,
            f"{approved} AND {v}.supersedes_id IS NOT NULL",
        ),
        _event(ctx, src, f"{v}.approved_at", "in_force", _key(f"{v}.rating_id"), sign, in_force),
        _event(ctx, src, f"{v}.approved_at", "published", "''", sign, in_force),
        _event(
            ctx,
            src,
            f"{v}.approved_at",
            "pub_speaker",
            mention,
            sign,
            f"{in_force} AND {mention} IS NOT NULL",
        ),
    ]


def _to_verdict(d: Dialect, ctx: _Ctx, src: str, v: str, sign: int, first: str) -> str:
    return _event(
        ctx, src, f"{v}.created", "to_verdict", d.hours(f"{v}.created", ctx.created), sign, first
    )


def _to_approval(d: Dialect, ctx: _Ctx, src: str, v: str, sign: int, cond: str) -> str:
    return _event(
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


_JOIN_V = " JOIN claims_verdict v ON v.claim_id = c.id AND v.id <> {row}.id"


def _before(a: str, b: str) -> str:
    return f"({a}.created < {b}.created OR ({a}.created = {b}.created AND {a}.id < {b}.id))"


def _earliest(row: str) -> str:
    """The trigger row is (or was) the claim's first verdict: none other dated before it."""
    return (
        f"NOT EXISTS (SELECT 1 FROM claims_verdict w WHERE w.claim_id = {row}.claim_id"
        f" AND w.id <> {row}.id AND {_before('w', row)})"
    )


def _first_except(row: str) -> str:
    """v is the first of the claim's verdicts other than the trigger row."""
    return (
        "NOT EXISTS (SELECT 1 FROM claims_verdict w WHERE w.claim_id = v.claim_id"
        f" AND w.id <> {row}.id AND {_before('w', 'v')})"
    )


def claim_row_event(ctx: _Ctx, status: str, sign: int) -> str:
    return _event(
        ctx, f"FROM {ctx.from_} WHERE {ctx.where}", ctx.created, "claims", status, sign, "1 = 1"
    )


def children(d: Dialect, ctx: _Ctx, sign: int) -> list[str]:
    """Everything counted for a claim's verdicts and send-backs (not the claim row itself)."""
    vsrc = f"FROM {ctx.from_} JOIN claims_verdict v ON v.claim_id = {ctx.cid} WHERE {ctx.where}"
    xsrc = (
        f"FROM {ctx.from_} JOIN claims_activity x ON x.claim_id = {ctx.cid} WHERE {ctx.where}"
        f" AND x.action = '{SENT_BACK_ACTION}'"
    )
    return [
        *_verdict_events(ctx, vsrc, "v", sign),
        _to_verdict(d, ctx, vsrc, "v", sign, _FIRST_VERDICT),
        _to_approval(d, ctx, vsrc, "v", sign, "1 = 1"),
        _event(ctx, xsrc, "x.created", "sent_back", "''", sign, "1 = 1"),
        _event(ctx, xsrc, "x.created", "sent_back_by", _key("x.actor_id"), sign, "1 = 1"),
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


def _row_ctx(claim: str, type_: str | None = None, article: str | None = None) -> _Ctx:
    """A claim given as a trigger row (NEW/OLD), its article looked up."""
    return _Ctx(
        from_="claims_article a",
        where=f"a.id = {article or claim}.article_id",
        cid=f"{claim}.id",
        created=f"{claim}.created",
        type=type_ or f"{claim}.type",
        outlet="a.outlet",
    )


_BY_CLAIM_ID = "FROM claims_claim c JOIN claims_article a ON a.id = c.article_id WHERE c.id = {}"
TABLE_CTX = _Ctx(
    from_="claims_claim c JOIN claims_article a ON a.id = c.article_id",
    where="1 = 1",
    cid="c.id",
    created="c.created",
    type="c.type",
    outlet="a.outlet",
)


def _by_id_ctx(claim_id: str) -> tuple[_Ctx, str]:
    ctx = _Ctx(
        from_="claims_claim c JOIN claims_article a ON a.id = c.article_id",
        where=f"c.id = {claim_id}",
        cid="c.id",
        created="c.created",
        type="c.type",
        outlet="a.outlet",
    )
    return ctx, _BY_CLAIM_ID.format(claim_id)


def _article_ctx(outlet: str) -> _Ctx:
    return _Ctx(
        from_="claims_claim c",
        where="c.article_id = NEW.id",
        cid="c.id",
        created="c.created",
        type="c.type",
        outlet=outlet,
    )


_AWAITING_ADD = (
    "INSERT INTO claims_awaitingclaim (claim_id, since, type, outlet) SELECT NEW.id, COALESCE("
    "(SELECT MAX(created) FROM claims_verdict WHERE claim_id = NEW.id), NEW.updated), NEW.type,"
    " coalesce((SELECT outlet FROM claims_article WHERE id = NEW.article_id), '') WHERE {when}"
    " ON CONFLICT (claim_id) DO NOTHING;"
)
_AWAITING_MOVE = (
    "UPDATE claims_awaitingclaim SET type = NEW.type, outlet = coalesce((SELECT outlet FROM"
    " claims_article WHERE id = NEW.article_id), '') WHERE claim_id = NEW.id;"
)
_AWAITING_SINCE = (
    "UPDATE claims_awaitingclaim SET since = (SELECT MAX(created) FROM claims_verdict"
    " WHERE claim_id = NEW.claim_id) WHERE claim_id = NEW.claim_id;"
)
_VERDICT_COLUMNS = (
    "created",
    "reviewer_id",
    "approved_at",
    "approved_by_id",
    "withdrawn_at",
    "rating_id",
    "supersedes_id",
    "claim_id",
)


def _statements(d: Dialect) -> dict[str, list[str]]:
    """Each trigger's statements, by the event that fires it (vendor-neutral bodies)."""
    new_v, new_src = _by_id_ctx("NEW.claim_id")
    old_v, old_src = _by_id_ctx("OLD.claim_id")

    def pub(row: str, sign: int) -> str:
        # A claim filed under another speaker record: its verdicts in force move with it.
        return (
            f"SELECT v.approved_at AS ts, 'pub_speaker' AS metric,"
            f" CAST({row}.speaker_id AS TEXT) AS key, c.type AS type, a.outlet AS outlet,"
            f" {sign} AS d FROM claims_claim c JOIN claims_article a ON a.id = c.article_id"
            f" JOIN claims_verdict v ON v.claim_id = c.id WHERE c.id = {row}.claim_id"
            " AND v.approved_at IS NOT NULL AND v.withdrawn_at IS NULL"
        )

    act_cond = f"NEW.action = '{SENT_BACK_ACTION}'"
    act_ctx, act_src = _by_id_ctx("NEW.claim_id")
    gone_ctx, gone_src = _by_id_ctx("OLD.claim_id")
    return {
        "claim_insert": [
            upsert(
                d,
                [
                    claim_row_event(_row_ctx("NEW"), "NEW.status", 1),
                    assignment_event(_row_ctx("NEW"), "NEW", 1),
                ],
            ),
            _AWAITING_ADD.format(when="NEW.status = 'awaiting_approval'"),
        ],
        "claim_delete": [
            upsert(
                d,
                [
                    claim_row_event(_row_ctx("OLD"), "OLD.status", -1),
                    assignment_event(_row_ctx("OLD"), "OLD", -1),
                    *children(d, _row_ctx("OLD"), -1),
                ],
            ),
            "DELETE FROM claims_awaitingclaim WHERE claim_id = OLD.id;",
        ],
        # status, created, type, article or assignment changed: the claim row's counts move.
        "claim_update": [
            upsert(
                d,
                [
                    claim_row_event(_row_ctx("OLD"), "OLD.status", -1),
                    claim_row_event(_row_ctx("NEW"), "NEW.status", 1),
                    assignment_event(_row_ctx("OLD"), "OLD", -1),
                    assignment_event(_row_ctx("NEW"), "NEW", 1),
                ],
            ),
            "DELETE FROM claims_awaitingclaim WHERE claim_id = OLD.id"
            " AND NEW.status <> 'awaiting_approval';",
            _AWAITING_ADD.format(when="NEW.status = 'awaiting_approval'"),
        ],
        # type or article changed: everything counted for the claim's verdicts moves too.
        "claim_move": [
            upsert(
                d,
                [
                    *children(
                        d,
                        _Ctx(
                            "claims_article a",
                            "a.id = OLD.article_id",
                            "NEW.id",
                            "NEW.created",
                            "OLD.type",
                            "a.outlet",
                        ),
                        -1,
                    ),
                    *children(
                        d,
                        _Ctx(
                            "claims_article a",
                            "a.id = NEW.article_id",
                            "NEW.id",
                            "NEW.created",
                            "NEW.type",
                            "a.outlet",
                        ),
                        1,
                    ),
                ],
            ),
            _AWAITING_MOVE,
        ],
        "article_outlet": [
            upsert(
                d,
                [
                    claim_row_event(_article_ctx("OLD.outlet"), "c.status", -1),
                    assignment_event(_article_ctx("OLD.outlet"), "c", -1),
                    *children(d, _article_ctx("OLD.outlet"), -1),
                    claim_row_event(_article_ctx("NEW.outlet"), "c.status", 1),
                    assignment_event(_article_ctx("NEW.outlet"), "c", 1),
                    *children(d, _article_ctx("NEW.outlet"), 1),
                ],
            ),
            "UPDATE claims_awaitingclaim SET outlet = NEW.outlet WHERE claim_id IN"
            " (SELECT id FROM claims_claim WHERE article_id = NEW.id);",
        ],
        "verdict_insert": [
            upsert(
                d,
                [
                    *_verdict_events(new_v, new_src, "NEW", 1),
                    _to_approval(d, new_v, new_src, "NEW", 1, "1 = 1"),
                ],
            ),
            _AWAITING_SINCE,
        ],
        # Which verdict is a claim's first, row by row (see TRIGGERS: BEFORE on PostgreSQL).
        "verdict_first_insert": [
            upsert(
                d,
                [
                    _to_verdict(d, new_v, new_src, "NEW", 1, _earliest("NEW")),
                    # A verdict dated before the claim's first one takes its place.
                    _to_verdict(
                        d,
                        new_v,
                        new_src.replace(" WHERE", _JOIN_V.format(row="NEW") + " WHERE"),
                        "v",
                        -1,
                        f"{_first_except('NEW')} AND {_before('NEW', 'v')} AND {_earliest('NEW')}",
                    ),
                ],
            )
        ],
        "verdict_delete": [
            upsert(
                d,
                [
                    *_verdict_events(old_v, old_src, "OLD", -1),
                    _to_approval(d, old_v, old_src, "OLD", -1, "1 = 1"),
                ],
            )
        ],
        "verdict_first_delete": [
            upsert(
                d,
                [
                    _to_verdict(d, old_v, old_src, "OLD", -1, _earliest("OLD")),
                    # The claim's next verdict becomes its first.
                    _to_verdict(
                        d,
                        old_v,
                        old_src.replace(" WHERE", _JOIN_V.format(row="OLD") + " WHERE"),
                        "v",
                        1,
                        f"{_first_except('OLD')} AND {_before('OLD', 'v')} AND {_earliest('OLD')}",
                    ),
                ],
            )
        ],
        "verdict_update": [
            upsert(
                d,
                [
                    *_verdict_events(old_v, old_src, "OLD", -1),
                    *_verdict_events(new_v, new_src, "NEW", 1),
                    _to_approval(d, old_v, old_src, "OLD", -1, "1 = 1"),
                    _to_approval(d, new_v, new_src, "NEW", 1, "1 = 1"),
                ],
            )
        ],
        "mention_insert": [upsert(d, [pub("NEW", 1)])],
        "mention_delete": [upsert(d, [pub("OLD", -1)])],
        "mention_update": [upsert(d, [pub("OLD", -1), pub("NEW", 1)])],
        "activity_insert": [
            upsert(
                d,
                [
                    _event(act_ctx, act_src, "NEW.created", "sent_back", "''", 1, act_cond),
                    _event(
                        act_ctx,
                        act_src,
                        "NEW.created",
                        "sent_back_by",
                        _key("NEW.actor_id"),
                        1,
                        act_cond,
                    ),
                ],
            )
        ],
        # Deleting a claim first detaches its audit rows (SET_NULL): its send-backs go with it.
        "activity_detach": [
            upsert(
                d,
                [
                    _event(gone_ctx, gone_src, "OLD.created", "sent_back", "''", -1, "1 = 1"),
                    _event(
                        gone_ctx,
                        gone_src,
                        "OLD.created",
                        "sent_back_by",
                        _key("OLD.actor_id"),
                        -1,
                        "1 = 1",
                    ),
                ],
            )
        ],
    }


_CLAIM_COLUMNS = ("status", "created", "type", "article_id", "assignee_id", "assigned_at")
_CLAIM_CHANGED = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _CLAIM_COLUMNS)
_CLAIM_MOVED = (
    "OLD.type IS DISTINCT FROM NEW.type OR OLD.article_id IS DISTINCT FROM NEW.article_id"
)
_VERDICT_CHANGED = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _VERDICT_COLUMNS)
_SENT_BACK = (
    f"OLD.action = '{SENT_BACK_ACTION}' AND OLD.claim_id IS NOT NULL AND NEW.claim_id IS NULL"
)

# name: (event, table, condition or None, statements key)
TRIGGERS = {
    "claims_day_claim_ins": ("INSERT", "claims_claim", None, "claim_insert"),
    "claims_day_claim_del": ("DELETE", "claims_claim", None, "claim_delete"),
    "claims_day_claim_upd": (
        f"UPDATE OF {', '.join(_CLAIM_COLUMNS)}",
        "claims_claim",
        _CLAIM_CHANGED,
        "claim_update",
    ),
    "claims_day_claim_move": (
        "UPDATE OF type, article_id",
        "claims_claim",
        _CLAIM_MOVED,
        "claim_move",
    ),
    "claims_day_article_outlet": (
        "UPDATE OF outlet",
        "claims_article",
        "OLD.outlet IS DISTINCT FROM NEW.outlet",
        "article_outlet",
    ),
    "claims_day_verdict_ins": ("INSERT", "claims_verdict", None, "verdict_insert"),
    "claims_day_verdict_del": ("DELETE", "claims_verdict", None, "verdict_delete"),
    "claims_day_verdict_first_ins": ("INSERT", "claims_verdict", None, "verdict_first_insert"),
    "claims_day_verdict_first_del": ("DELETE", "claims_verdict", None, "verdict_first_delete"),
    "claims_day_verdict_upd": (
        f"UPDATE OF {', '.join(_VERDICT_COLUMNS)}",
        "claims_verdict",
        _VERDICT_CHANGED,
        "verdict_update",
    ),
    "claims_day_mention_ins": ("INSERT", "claims_speakermention", None, "mention_insert"),
    "claims_day_mention_del": ("DELETE", "claims_speakermention", None, "mention_delete"),
    "claims_day_mention_upd": (
        "UPDATE",
        "claims_speakermention",
        "OLD.speaker_id IS DISTINCT FROM NEW.speaker_id"
        " OR OLD.claim_id IS DISTINCT FROM NEW.claim_id",
        "mention_update",
    ),
    "claims_day_activity_ins": (
        "INSERT",
        "claims_activity",
        f"NEW.action = '{SENT_BACK_ACTION}'",
        "activity_insert",
    ),
    "claims_day_activity_detach": (
        "UPDATE OF claim_id",
        "claims_activity",
        _SENT_BACK,
        "activity_detach",
    ),
}


# A folder import inserts thousands of claims in one statement (COPY): a row trigger would add
# to the same few day rows once per claim, and each further update of one row inside one
# transaction costs more than the last (import storage fell to 21 articles/s). On PostgreSQL the
# claim insert is counted once per statement from its transition table, by the same builders.
_PG_STATEMENT_LEVEL = {"claims_day_claim_ins": "claim_insert_rows"}
# The whole-table recount's context, read from the statement's inserted rows instead.
_NEW_ROWS_CTX = replace(TABLE_CTX, from_="new_rows c JOIN claims_article a ON a.id = c.article_id")
_AWAITING_ADD_ROWS = (
    "INSERT INTO claims_awaitingclaim (claim_id, since, type, outlet) SELECT c.id, COALESCE("
    "(SELECT MAX(created) FROM claims_verdict WHERE claim_id = c.id), c.updated), c.type,"
    " coalesce(a.outlet, '') FROM new_rows c JOIN claims_article a ON a.id = c.article_id"
    " WHERE c.status = 'awaiting_approval' ORDER BY c.id ON CONFLICT (claim_id) DO NOTHING;"
)


def _pg_statement_level(d: Dialect) -> dict[str, list[str]]:
    return {
        "claim_insert_rows": [
            upsert(
                d,
                [
                    claim_row_event(_NEW_ROWS_CTX, "c.status", 1),
                    assignment_event(_NEW_ROWS_CTX, "c", 1),
                ],
                grouped=True,
            ),
            _AWAITING_ADD_ROWS,
        ]
    }


def _pg_dialect() -> Dialect:
    return Dialect("postgresql", "(SELECT zone FROM claims_tallystate LIMIT 1)")


def _sqlite_dialect() -> Dialect:
    return Dialect("sqlite", "(SELECT zone FROM claims_tallystate LIMIT 1)")


# PostgreSQL runs AFTER ROW triggers once the whole statement is done, so with several
# verdicts of a claim deleted (or inserted) in one statement each would see the others gone
# already; a BEFORE ROW trigger sees the rows processed before it, as SQLite's row triggers do.
_BEFORE_ON_PG = {"claims_day_verdict_first_ins": "NEW", "claims_day_verdict_first_del": "OLD"}


def ddl(vendor: str) -> list[str]:
    """CREATE statements for every trigger (and, on PostgreSQL, its function)."""
    out = []
    if vendor == "postgresql":
        statements = _statements(_pg_dialect()) | _pg_statement_level(_pg_dialect())
        for name, (event, table, cond, key) in TRIGGERS.items():
            if name in _PG_STATEMENT_LEVEL:
                body = "\n".join(statements[_PG_STATEMENT_LEVEL[name]])
                out.append(
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                    f"BEGIN\n{body}\nRETURN NULL;\nEND $$"
                )
                out.append(
                    f"CREATE TRIGGER {name} AFTER {event} ON {table}"
                    f" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
                    f" EXECUTE FUNCTION {name}()"
                )
                continue
            body = "\n".join(statements[key])
            # A BEFORE trigger returning NULL would cancel the row's insert or delete.
            result = _BEFORE_ON_PG.get(name, "NULL")
            timing = "BEFORE" if name in _BEFORE_ON_PG else "AFTER"
            out.append(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                f"BEGIN\n{body}\nRETURN {result};\nEND $$"
            )
            when = f" WHEN ({cond})" if cond else ""
            out.append(
                f"CREATE TRIGGER {name} {timing} {event} ON {table} FOR EACH ROW{when}"
                f" EXECUTE FUNCTION {name}()"
            )
    else:
        statements = _statements(_sqlite_dialect())
        for name, (event, table, cond, key) in TRIGGERS.items():
            when = f" WHEN {cond.replace('IS DISTINCT FROM', 'IS NOT')}" if cond else ""
            out.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when} BEGIN "
                + " ".join(statements[key])
                + " END"
            )
    return out


@functools.cache
def version(vendor: str) -> str:
    return hashlib.sha256("\n".join(ddl(vendor)).encode()).hexdigest()[:16]
