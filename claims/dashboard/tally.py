"""The triggers that keep claims_deskday current, and a rebuild from the rows themselves.

Each DeskDay row counts events on one calendar day of the desk's TIME_ZONE, four times over
(grain 0: all claims; 1: per claim type; 2: per outlet; 3: per type and outlet), so a year of
the dashboard, filtered or not, sums a few thousand rows. The zone the rows were counted in
is kept in claims_tallystate; `sync()` (after every migrate, and before the dashboard reads)
recounts everything when TIME_ZONE or the trigger code changed.

Metrics (key in brackets), each on the local day of the time given:
  claims       claims by the day they were created [current status]
  verdicts     verdicts saved (verdicts_by: [reviewer id])
  approved     verdicts approved, by approval day (approved_by: [approver id])
  corrections  approved verdicts that correct an earlier one
  in_force     approved verdicts not withdrawn, by approval day [rating id]
  published    the same, unsplit (for the type and outlet breakdowns)
  pub_speaker  the same [speaker record id the claim is filed under]
  sent_back    verdicts sent back to review (sent_back_by: [editor id])
  to_verdict   claims' first verdicts, by when saved [whole hours since the claim was created]
  to_approval  first approvals (not corrections), by approval day [whole hours since created]
  assigned     claims held by someone (new, in review or awaiting approval), by the day
               they were assigned [assignee id]

The metrics only ever summed over a whole range (tally_events.MONTHLY) are counted per month
too, as `<metric>_m` on the first of the month: figures.Range.spans() reads whole months from
those rows and only the days at either end from the daily ones.

Every count follows the rows and its claim's current type, outlet and speaker record:
changing a claim's type or an article's outlet moves the claim's counts, deleting a claim
(admins only) takes its verdicts and send-backs out, and `rebuild()` always agrees with what
the triggers kept.

claims_awaitingclaim holds one row per claim awaiting approval with the time of its newest
verdict and the claim's type and outlet.

On SQLite the day is computed by Django's own `django_datetime_cast_date` function, which
Django registers on every connection it opens; a write from outside Django (the sqlite3 shell)
to claims, verdicts, articles or activities fails with "no such function" instead of
counting wrongly. SQLite drops a table's triggers when Django rebuilds the table for a later
migration; `sync()` after every migrate puts them back and recounts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

from claims.dashboard.tally_events import (
    TABLE,
    TABLE_CTX,
    Dialect,
    assignment_event,
    children,
    claim_row_event,
    upsert,
)
from claims.dashboard.tally_sql import TRIGGERS, ddl, version

# Triggers of earlier versions of the dashboard (hourly tallies, the published-verdict table).
_OLD_PG_FUNCTIONS = [
    "claims_tally_add(timestamptz, text, text, integer)",
    "claims_tally_approval(timestamptz, bigint, bigint, timestamptz, bigint, integer)",
    "claims_tally_claim()",
    "claims_tally_hours(timestamptz, timestamptz)",
    "claims_tally_verdict()",
    "claims_tally_activity()",
    "claims_published_sync(bigint)",
    "claims_published_verdict()",
    "claims_published_claim()",
    "claims_published_article()",
    "claims_published_mention()",
    "claims_awaiting_claim()",
    "claims_awaiting_verdict()",
]
_PREFIXES = ("claims_tally_", "claims_published_", "claims_awaiting_", "claims_day_")


def _existing_triggers(cursor, vendor: str) -> set[str]:
    if vendor == "postgresql":
        cursor.execute(
            "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE NOT t.tgisinternal"
        )
        rows = cursor.fetchall()
    else:
        cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
        rows = cursor.fetchall()
    return {(name, table) for name, table in rows if name.startswith(_PREFIXES)}


def sync(using: str = DEFAULT_DB_ALIAS, *, force: bool = False) -> bool:
    """Install the triggers and recount when the zone, the code or a trigger is missing.

    Returns True when it recounted. Cheap when nothing changed: one row read, and on SQLite
    one look at the trigger list (a table rebuild may have dropped some)."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in {"postgresql", "sqlite"}:
        return False
    zone = settings.TIME_ZONE
    try:
        # A savepoint of its own: a missing table must not spoil the caller's transaction.
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute("SELECT zone, version FROM claims_tallystate")
            state = cursor.fetchall()
    except DatabaseError:  # not migrated yet, or migrated back before the dashboard
        state = None
    if state is None:
        _drop_triggers(using)
        return False
    code = version(vendor)
    if not force and vendor == "postgresql" and [tuple(r) for r in state] == [(zone, code)]:
        # PostgreSQL keeps triggers through table rewrites: the state row is enough.
        return False
    with transaction.atomic(using=using), connection.cursor() as cursor:
        names = {name for name, _ in _existing_triggers(cursor, vendor)}
        current = [tuple(row) for row in state] == [(zone, code)] and names == set(TRIGGERS)
        if current and not force:
            return False
        _drop_triggers(using)
        for sql in ddl(vendor):
            cursor.execute(sql)
        cursor.execute("DELETE FROM claims_tallystate")
        cursor.execute(
            "INSERT INTO claims_tallystate (zone, version) VALUES (%s, %s)", [zone, code]
        )
        _rebuild(cursor, vendor, zone)
    return True


def _drop_triggers(using: str) -> None:
    connection = connections[using]
    vendor = connection.vendor
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for name, table in _existing_triggers(cursor, vendor):
            on = f" ON {table}" if vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")
        if vendor == "postgresql":
            for fn in _OLD_PG_FUNCTIONS:
                cursor.execute(f"DROP FUNCTION IF EXISTS {fn}")


def rebuild(using: str = DEFAULT_DB_ALIAS) -> None:
    """Recount every tally from the rows (after a bulk load that bypassed the triggers)."""
    if not sync(using, force=False):
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            _rebuild(cursor, connections[using].vendor, settings.TIME_ZONE)


def _rebuild(cursor, vendor: str, zone: str) -> None:
    quoted = "'" + zone.replace("'", "''") + "'"
    d = Dialect(vendor, quoted)
    cursor.execute("DELETE FROM claims_awaitingclaim")
    cursor.execute(
        "INSERT INTO claims_awaitingclaim (claim_id, since, type, outlet) SELECT c.id, COALESCE("
        "(SELECT MAX(v.created) FROM claims_verdict v WHERE v.claim_id = c.id), c.updated),"
        " c.type, coalesce(a.outlet, '') FROM claims_claim c JOIN claims_article a"
        " ON a.id = c.article_id WHERE c.status = 'awaiting_approval'"
    )
    cursor.execute(f"DELETE FROM {TABLE}")
    # One statement per source keeps each GROUP BY to one table's rows.
    cursor.execute(upsert(d, [claim_row_event(TABLE_CTX, "c.status", 1)]))
    cursor.execute(upsert(d, [assignment_event(TABLE_CTX, "c", 1)]))
    for event in children(d, TABLE_CTX, 1):
        cursor.execute(upsert(d, [event]))
