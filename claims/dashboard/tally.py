"""The triggers that keep claims_desktally current, and a rebuild from the rows themselves.

Each tally row counts events in one UTC hour; the dashboard groups hours into days of the
desk's TIME_ZONE when it reads them, so changing TIME_ZONE needs no rebuild (a zone whose
offset is not a whole number of hours would split hours; the dashboard documents this).

Metrics (key in brackets):
  claims      claims by the hour they were created [current status]
  verdicts    verdicts saved [reviewer id]
  approved    verdicts approved, by approval hour [approver id]
  corrections approved verdicts that correct an earlier one [approver id]
  in_force    approved verdicts not withdrawn, by approval hour [rating id]
  sent_back   verdicts sent back to review [editor id]
  to_verdict  claims' first verdicts, by when saved [whole hours since the claim was created]
  to_approval first approvals (not corrections), by approval hour [whole hours since created]

claims_awaitingclaim holds one row per claim awaiting approval with the time of its newest
verdict; claims_publishedverdict one row per approved verdict in force with its claim's type,
outlet and speaker record, kept in step when any of those change.

The two durations are events as they happened: deleting a verdict later (only an admin can,
with its claim) does not take them back, while every other tally follows the rows.

The triggers are (re)installed after every `migrate` (claims.apps): SQLite drops a table's
triggers when Django rebuilds the table for a later migration, and a missing trigger means
a tally that no longer adds up, so reinstalling one also rebuilds the tallies.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections, transaction

TABLE = "claims_desktally"
SENT_BACK_ACTION = "verdict.send_back"

# PostgreSQL -------------------------------------------------------------------------------

_PG_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION claims_tally_add(h timestamptz, m text, k text, d integer)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO {TABLE} (hour, metric, key, n)
  VALUES (date_trunc('hour', h, 'UTC'), m, coalesce(k, ''), d)
  ON CONFLICT (hour, metric, key) DO UPDATE SET n = {TABLE}.n + EXCLUDED.n
$$;

CREATE OR REPLACE FUNCTION claims_tally_approval(
  approved_at timestamptz, approver bigint, supersedes bigint, withdrawn timestamptz,
  rating bigint, d integer
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF approved_at IS NULL THEN RETURN; END IF;
  PERFORM claims_tally_add(approved_at, 'approved', approver::text, d);
  IF supersedes IS NOT NULL THEN
    PERFORM claims_tally_add(approved_at, 'corrections', approver::text, d);
  END IF;
  IF withdrawn IS NULL THEN
    PERFORM claims_tally_add(approved_at, 'in_force', rating::text, d);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION claims_tally_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM claims_tally_add(NEW.created, 'claims', NEW.status, 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM claims_tally_add(OLD.created, 'claims', OLD.status, -1);
  ELSIF OLD.status < NEW.status THEN
    -- Rows are always touched in key order, so two status changes cannot deadlock.
    PERFORM claims_tally_add(OLD.created, 'claims', OLD.status, -1);
    PERFORM claims_tally_add(NEW.created, 'claims', NEW.status, 1);
  ELSE
    PERFORM claims_tally_add(NEW.created, 'claims', NEW.status, 1);
    PERFORM claims_tally_add(OLD.created, 'claims', OLD.status, -1);
  END IF;
  RETURN NULL;
END $$;

-- A bulk insert (a folder import COPYs thousands of claims created in the same hour) adds
-- each (hour, status) once: a row trigger would update the same tally row once per claim,
-- and every further update of one row in one transaction costs more than the last.
CREATE OR REPLACE FUNCTION claims_tally_claims_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {TABLE} (hour, metric, key, n)
  SELECT date_trunc('hour', created, 'UTC'), 'claims', coalesce(status, ''), count(*)
  FROM new_rows GROUP BY 1, 3 ORDER BY 1, 3
  ON CONFLICT (hour, metric, key) DO UPDATE SET n = {TABLE}.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION claims_tally_claims_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {TABLE} (hour, metric, key, n)
  SELECT date_trunc('hour', created, 'UTC'), 'claims', coalesce(status, ''), -count(*)
  FROM old_rows GROUP BY 1, 3 ORDER BY 1, 3
  ON CONFLICT (hour, metric, key) DO UPDATE SET n = {TABLE}.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION claims_tally_hours(a timestamptz, b timestamptz)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT GREATEST(0, floor(extract(epoch FROM (a - b)) / 3600))::bigint::text
$$;

CREATE OR REPLACE FUNCTION claims_tally_verdict() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  claim_created timestamptz;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF TG_OP = 'DELETE' OR OLD.created IS DISTINCT FROM NEW.created
        OR OLD.reviewer_id IS DISTINCT FROM NEW.reviewer_id THEN
      PERFORM claims_tally_add(OLD.created, 'verdicts', OLD.reviewer_id::text, -1);
    END IF;
    PERFORM claims_tally_approval(OLD.approved_at, OLD.approved_by_id, OLD.supersedes_id,
                                  OLD.withdrawn_at, OLD.rating_id, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    IF TG_OP = 'INSERT' OR OLD.created IS DISTINCT FROM NEW.created
        OR OLD.reviewer_id IS DISTINCT FROM NEW.reviewer_id THEN
      PERFORM claims_tally_add(NEW.created, 'verdicts', NEW.reviewer_id::text, 1);
    END IF;
    PERFORM claims_tally_approval(NEW.approved_at, NEW.approved_by_id, NEW.supersedes_id,
                                  NEW.withdrawn_at, NEW.rating_id, 1);
    SELECT created INTO claim_created FROM claims_claim WHERE id = NEW.claim_id;
    IF TG_OP = 'INSERT' AND NOT EXISTS (
        SELECT 1 FROM claims_verdict WHERE claim_id = NEW.claim_id AND id <> NEW.id) THEN
      PERFORM claims_tally_add(NEW.created, 'to_verdict',
        claims_tally_hours(NEW.created, claim_created), 1);
    END IF;
    IF NEW.approved_at IS NOT NULL AND NEW.supersedes_id IS NULL
        AND (TG_OP = 'INSERT' OR OLD.approved_at IS NULL) THEN
      PERFORM claims_tally_add(NEW.approved_at, 'to_approval',
        claims_tally_hours(NEW.approved_at, claim_created), 1);
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION claims_published_sync(verdict bigint) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM claims_publishedverdict WHERE verdict_id = verdict;
  INSERT INTO claims_publishedverdict (verdict_id, claim_id, approved_at, type, outlet, speaker_id)
  SELECT v.id, c.id, v.approved_at, c.type, a.outlet, m.speaker_id
  FROM claims_verdict v JOIN claims_claim c ON c.id = v.claim_id
  JOIN claims_article a ON a.id = c.article_id
  LEFT JOIN claims_speakermention m ON m.claim_id = c.id
  WHERE v.id = verdict AND v.approved_at IS NOT NULL AND v.withdrawn_at IS NULL
$$;

CREATE OR REPLACE FUNCTION claims_published_verdict() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM claims_publishedverdict WHERE verdict_id = OLD.id;
  ELSE
    PERFORM claims_published_sync(NEW.id);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION claims_published_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE claims_publishedverdict SET type = NEW.type WHERE claim_id = NEW.id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION claims_published_article() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE claims_publishedverdict SET outlet = NEW.outlet
  WHERE claim_id IN (SELECT id FROM claims_claim WHERE article_id = NEW.id);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION claims_published_mention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE claims_publishedverdict SET speaker_id = NULL WHERE claim_id = OLD.claim_id;
  ELSE
    UPDATE claims_publishedverdict SET speaker_id = NEW.speaker_id WHERE claim_id = NEW.claim_id;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION claims_awaiting_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status = 'awaiting_approval'
      AND (TG_OP = 'DELETE' OR NEW.status <> 'awaiting_approval') THEN
    DELETE FROM claims_awaitingclaim WHERE claim_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.status = 'awaiting_approval'
      AND (TG_OP = 'INSERT' OR OLD.status <> 'awaiting_approval') THEN
    INSERT INTO claims_awaitingclaim (claim_id, since)
    VALUES (NEW.id, COALESCE(
      (SELECT MAX(created) FROM claims_verdict WHERE claim_id = NEW.id), NEW.updated))
    ON CONFLICT (claim_id) DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION claims_awaiting_verdict() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE claims_awaitingclaim
  SET since = (SELECT MAX(created) FROM claims_verdict WHERE claim_id = NEW.claim_id)
  WHERE claim_id = NEW.claim_id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION claims_tally_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM claims_tally_add(NEW.created, 'sent_back', NEW.actor_id::text, 1);
  RETURN NULL;
END $$;
"""

_PG_TRIGGERS = {
    "claims_tally_claim_added": (
        "AFTER INSERT ON claims_claim REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
        " EXECUTE FUNCTION claims_tally_claims_added()"
    ),
    "claims_tally_claim_removed": (
        "AFTER DELETE ON claims_claim REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
        " EXECUTE FUNCTION claims_tally_claims_removed()"
    ),
    "claims_tally_claim_status": (
        "AFTER UPDATE OF status, created ON claims_claim FOR EACH ROW"
        " WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.created IS DISTINCT FROM NEW.created)"
        " EXECUTE FUNCTION claims_tally_claim()"
    ),
    "claims_tally_verdict_rows": (
        "AFTER INSERT OR DELETE ON claims_verdict FOR EACH ROW"
        " EXECUTE FUNCTION claims_tally_verdict()"
    ),
    "claims_tally_verdict_change": (
        "AFTER UPDATE ON claims_verdict FOR EACH ROW WHEN ("
        "OLD.created IS DISTINCT FROM NEW.created OR OLD.reviewer_id IS DISTINCT FROM"
        " NEW.reviewer_id OR OLD.approved_at IS DISTINCT FROM NEW.approved_at OR"
        " OLD.approved_by_id IS DISTINCT FROM NEW.approved_by_id OR OLD.withdrawn_at IS"
        " DISTINCT FROM NEW.withdrawn_at OR OLD.rating_id IS DISTINCT FROM NEW.rating_id OR"
        " OLD.supersedes_id IS DISTINCT FROM NEW.supersedes_id)"
        " EXECUTE FUNCTION claims_tally_verdict()"
    ),
    "claims_published_verdict_rows": (
        "AFTER INSERT OR DELETE ON claims_verdict FOR EACH ROW"
        " EXECUTE FUNCTION claims_published_verdict()"
    ),
    "claims_published_verdict_change": (
        "AFTER UPDATE OF approved_at, withdrawn_at, claim_id ON claims_verdict FOR EACH ROW"
        " EXECUTE FUNCTION claims_published_verdict()"
    ),
    "claims_published_claim_type": (
        "AFTER UPDATE OF type ON claims_claim FOR EACH ROW"
        " WHEN (OLD.type IS DISTINCT FROM NEW.type) EXECUTE FUNCTION claims_published_claim()"
    ),
    "claims_published_article_outlet": (
        "AFTER UPDATE OF outlet ON claims_article FOR EACH ROW"
        " WHEN (OLD.outlet IS DISTINCT FROM NEW.outlet)"
        " EXECUTE FUNCTION claims_published_article()"
    ),
    "claims_published_mention_rows": (
        "AFTER INSERT OR UPDATE OR DELETE ON claims_speakermention FOR EACH ROW"
        " EXECUTE FUNCTION claims_published_mention()"
    ),
    # The WHEN spares an insert of claims that do not await approval (all of an import's)
    # the call of the function.
    "claims_awaiting_claim_added": (
        "AFTER INSERT ON claims_claim FOR EACH ROW WHEN (NEW.status = 'awaiting_approval')"
        " EXECUTE FUNCTION claims_awaiting_claim()"
    ),
    "claims_awaiting_claim_change": (
        "AFTER DELETE OR UPDATE OF status ON claims_claim FOR EACH ROW"
        " EXECUTE FUNCTION claims_awaiting_claim()"
    ),
    "claims_awaiting_verdict_rows": (
        "AFTER INSERT ON claims_verdict FOR EACH ROW EXECUTE FUNCTION claims_awaiting_verdict()"
    ),
    "claims_tally_activity_rows": (
        "AFTER INSERT ON claims_activity FOR EACH ROW"
        f" WHEN (NEW.action = '{SENT_BACK_ACTION}') EXECUTE FUNCTION claims_tally_activity()"
    ),
}

# Triggers an earlier version installed under these names, dropped wherever found.
_PG_RETIRED = {
    "claims_tally_claim_rows": "claims_claim",
    "claims_awaiting_claim_rows": "claims_claim",
}

# SQLite -------------------------------------------------------------------------------------


def _sq_add(hour: str, metric: str, key: str, delta: int, when: str = "1") -> str:
    # INSERT … SELECT … WHERE keeps SQLite's parser from reading ON CONFLICT as a join.
    return (
        f"INSERT INTO {TABLE} (hour, metric, key, n) "
        f"SELECT strftime('%Y-%m-%d %H:00:00', {hour}), '{metric}', "
        f"coalesce(CAST({key} AS TEXT), ''), {delta} WHERE {when} "
        "ON CONFLICT (hour, metric, key) DO UPDATE SET n = n + excluded.n;"
    )


def _sq_approval(row: str, delta: int) -> str:
    approved = f"{row}.approved_at IS NOT NULL"
    return " ".join(
        [
            _sq_add(f"{row}.approved_at", "approved", f"{row}.approved_by_id", delta, approved),
            _sq_add(
                f"{row}.approved_at",
                "corrections",
                f"{row}.approved_by_id",
                delta,
                f"{approved} AND {row}.supersedes_id IS NOT NULL",
            ),
            _sq_add(
                f"{row}.approved_at",
                "in_force",
                f"{row}.rating_id",
                delta,
                f"{approved} AND {row}.withdrawn_at IS NULL",
            ),
        ]
    )


def _sq_hours(a: str, b: str) -> str:
    # The nudge keeps a whole number of hours from landing a hair below itself in floating point.
    return f"CAST(max(0, (julianday({a}) - julianday({b})) * 24 + 1e-7) AS INTEGER)"


_CLAIM_CREATED = "(SELECT created FROM claims_claim WHERE id = NEW.claim_id)"
_TO_VERDICT = _sq_add(
    "NEW.created",
    "to_verdict",
    _sq_hours("NEW.created", _CLAIM_CREATED),
    1,
    "NOT EXISTS (SELECT 1 FROM claims_verdict WHERE claim_id = NEW.claim_id AND id <> NEW.id)",
)


def _sq_to_approval(when: str) -> str:
    return _sq_add(
        "NEW.approved_at",
        "to_approval",
        _sq_hours("NEW.approved_at", _CLAIM_CREATED),
        1,
        f"NEW.approved_at IS NOT NULL AND NEW.supersedes_id IS NULL AND {when}",
    )


_PUBLISHED_SELECT = (
    "SELECT {v}.id, c.id, {v}.approved_at, c.type, a.outlet, m.speaker_id"
    " FROM claims_claim c JOIN claims_article a ON a.id = c.article_id"
    " LEFT JOIN claims_speakermention m ON m.claim_id = c.id"
)


def _sq_published(row: str) -> str:
    return (
        "INSERT INTO claims_publishedverdict"
        " (verdict_id, claim_id, approved_at, type, outlet, speaker_id) "
        + _PUBLISHED_SELECT.format(v=row)
        + f" WHERE c.id = {row}.claim_id AND {row}.approved_at IS NOT NULL"
        f" AND {row}.withdrawn_at IS NULL;"
    )


_SQ_AWAITING_ADD = (
    "INSERT INTO claims_awaitingclaim (claim_id, since) SELECT NEW.id, COALESCE("
    "(SELECT MAX(created) FROM claims_verdict WHERE claim_id = NEW.id), NEW.updated) WHERE 1"
    " ON CONFLICT (claim_id) DO NOTHING;"
)

_VERDICT_COLUMNS = (
    "created",
    "reviewer_id",
    "approved_at",
    "approved_by_id",
    "withdrawn_at",
    "rating_id",
    "supersedes_id",
)
_VERDICT_MOVED = "OLD.created IS NOT NEW.created OR OLD.reviewer_id IS NOT NEW.reviewer_id"

_SQLITE_TRIGGERS = {
    "claims_tally_claim_ins": (
        "AFTER INSERT ON claims_claim BEGIN "
        + _sq_add("NEW.created", "claims", "NEW.status", 1)
        + " END"
    ),
    "claims_tally_claim_del": (
        "AFTER DELETE ON claims_claim BEGIN "
        + _sq_add("OLD.created", "claims", "OLD.status", -1)
        + " END"
    ),
    "claims_tally_claim_upd": (
        "AFTER UPDATE OF status, created ON claims_claim"
        " WHEN OLD.status IS NOT NEW.status OR OLD.created IS NOT NEW.created BEGIN "
        + _sq_add("OLD.created", "claims", "OLD.status", -1)
        + _sq_add("NEW.created", "claims", "NEW.status", 1)
        + " END"
    ),
    "claims_tally_verdict_ins": (
        "AFTER INSERT ON claims_verdict BEGIN "
        + _sq_add("NEW.created", "verdicts", "NEW.reviewer_id", 1)
        + _sq_approval("NEW", 1)
        + _TO_VERDICT
        + _sq_to_approval("1")
        + " END"
    ),
    "claims_tally_verdict_del": (
        "AFTER DELETE ON claims_verdict BEGIN "
        + _sq_add("OLD.created", "verdicts", "OLD.reviewer_id", -1)
        + _sq_approval("OLD", -1)
        + " END"
    ),
    "claims_tally_verdict_upd": (
        f"AFTER UPDATE OF {', '.join(_VERDICT_COLUMNS)} ON claims_verdict WHEN "
        + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _VERDICT_COLUMNS)
        + " BEGIN "
        + _sq_add("OLD.created", "verdicts", "OLD.reviewer_id", -1, _VERDICT_MOVED)
        + _sq_add("NEW.created", "verdicts", "NEW.reviewer_id", 1, _VERDICT_MOVED)
        + _sq_approval("OLD", -1)
        + _sq_approval("NEW", 1)
        + _sq_to_approval("OLD.approved_at IS NULL")
        + " END"
    ),
    "claims_published_verdict_ins": (
        "AFTER INSERT ON claims_verdict BEGIN " + _sq_published("NEW") + " END"
    ),
    "claims_published_verdict_upd": (
        "AFTER UPDATE OF approved_at, withdrawn_at, claim_id ON claims_verdict BEGIN "
        "DELETE FROM claims_publishedverdict WHERE verdict_id = OLD.id; "
        + _sq_published("NEW")
        + " END"
    ),
    "claims_published_verdict_del": (
        "AFTER DELETE ON claims_verdict BEGIN "
        "DELETE FROM claims_publishedverdict WHERE verdict_id = OLD.id; END"
    ),
    "claims_published_claim_type": (
        "AFTER UPDATE OF type ON claims_claim WHEN OLD.type IS NOT NEW.type BEGIN "
        "UPDATE claims_publishedverdict SET type = NEW.type WHERE claim_id = NEW.id; END"
    ),
    "claims_published_article_outlet": (
        "AFTER UPDATE OF outlet ON claims_article WHEN OLD.outlet IS NOT NEW.outlet BEGIN "
        "UPDATE claims_publishedverdict SET outlet = NEW.outlet WHERE claim_id IN "
        "(SELECT id FROM claims_claim WHERE article_id = NEW.id); END"
    ),
    "claims_published_mention_ins": (
        "AFTER INSERT ON claims_speakermention BEGIN UPDATE claims_publishedverdict"
        " SET speaker_id = NEW.speaker_id WHERE claim_id = NEW.claim_id; END"
    ),
    "claims_published_mention_upd": (
        "AFTER UPDATE ON claims_speakermention BEGIN UPDATE claims_publishedverdict"
        " SET speaker_id = NEW.speaker_id WHERE claim_id = NEW.claim_id; END"
    ),
    "claims_published_mention_del": (
        "AFTER DELETE ON claims_speakermention BEGIN UPDATE claims_publishedverdict"
        " SET speaker_id = NULL WHERE claim_id = OLD.claim_id; END"
    ),
    "claims_awaiting_claim_ins": (
        "AFTER INSERT ON claims_claim WHEN NEW.status = 'awaiting_approval' BEGIN "
        + _SQ_AWAITING_ADD
        + " END"
    ),
    "claims_awaiting_claim_upd": (
        "AFTER UPDATE OF status ON claims_claim WHEN OLD.status IS NOT NEW.status BEGIN "
        "DELETE FROM claims_awaitingclaim WHERE claim_id = OLD.id"
        " AND NEW.status <> 'awaiting_approval'; "
        + _SQ_AWAITING_ADD.replace("WHERE 1", "WHERE NEW.status = 'awaiting_approval'")
        + " END"
    ),
    "claims_awaiting_claim_del": (
        "AFTER DELETE ON claims_claim BEGIN "
        "DELETE FROM claims_awaitingclaim WHERE claim_id = OLD.id; END"
    ),
    "claims_awaiting_verdict_ins": (
        "AFTER INSERT ON claims_verdict BEGIN UPDATE claims_awaitingclaim SET since ="
        " (SELECT MAX(created) FROM claims_verdict WHERE claim_id = NEW.claim_id)"
        " WHERE claim_id = NEW.claim_id; END"
    ),
    "claims_tally_activity_ins": (
        f"AFTER INSERT ON claims_activity WHEN NEW.action = '{SENT_BACK_ACTION}' BEGIN "
        + _sq_add("NEW.created", "sent_back", "NEW.actor_id", 1)
        + " END"
    ),
}


def _existing_triggers(cursor, vendor: str) -> set[str]:
    if vendor == "postgresql":
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'claims_tally_%%'")
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    return {row[0] for row in cursor.fetchall()}


def _trigger_table(body: str) -> str:
    return body.split(" ON ")[1].split()[0]


def install_triggers(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Create any missing trigger; returns True (after rebuilding the tallies) if one was."""
    vendor = connections[using].vendor
    if vendor not in {"postgresql", "sqlite"}:
        return False
    tables = set(connections[using].introspection.table_names())
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        wanted = _PG_TRIGGERS if vendor == "postgresql" else _SQLITE_TRIGGERS
        if not {TABLE, "claims_publishedverdict", "claims_awaitingclaim"} <= tables:
            # Migrated back before the dashboard: triggers writing to its tables must go.
            for name, body in wanted.items():
                on = f" ON {_trigger_table(body)}" if vendor == "postgresql" else ""
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")
            return False
        missing = [name for name in wanted if name not in _existing_triggers(cursor, vendor)]
        if vendor == "postgresql":
            # Always: a changed function body takes effect on the next migrate.
            cursor.execute(_PG_FUNCTIONS)
            for name, table in _PG_RETIRED.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        if not missing:
            return False
        if vendor == "postgresql":
            for name, body in wanted.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {_trigger_table(body)}")
                cursor.execute(f"CREATE TRIGGER {name} {body}")
        else:
            for name, body in wanted.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(f"CREATE TRIGGER {name} {body}")
        _rebuild(cursor, vendor)
    return True


def rebuild(using: str = DEFAULT_DB_ALIAS) -> None:
    """Recount every tally from the rows (after a bulk load that bypassed the triggers)."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        _rebuild(cursor, connections[using].vendor)


def _rebuild(cursor, vendor: str) -> None:
    def hour(col: str) -> str:
        if vendor == "postgresql":
            return f"date_trunc('hour', {col}, 'UTC')"
        return f"strftime('%Y-%m-%d %H:00:00', {col})"

    def key(col: str) -> str:
        return f"coalesce(CAST({col} AS TEXT), '')"

    approved = "approved_at IS NOT NULL"
    parts = [
        ("created", "claims", "status", "claims_claim", "1=1"),
        ("created", "verdicts", "reviewer_id", "claims_verdict", "1=1"),
        ("approved_at", "approved", "approved_by_id", "claims_verdict", approved),
        (
            "approved_at",
            "corrections",
            "approved_by_id",
            "claims_verdict",
            f"{approved} AND supersedes_id IS NOT NULL",
        ),
        (
            "approved_at",
            "in_force",
            "rating_id",
            "claims_verdict",
            f"{approved} AND withdrawn_at IS NULL",
        ),
        ("created", "sent_back", "actor_id", "claims_activity", f"action = '{SENT_BACK_ACTION}'"),
    ]
    if vendor == "postgresql":
        hours = "claims_tally_hours({a}, c.created)"
    else:
        hours = _sq_hours("{a}", "c.created")
    durations = [
        (
            "to_verdict",
            "v.created",
            "NOT EXISTS (SELECT 1 FROM claims_verdict w WHERE w.claim_id = v.claim_id"
            " AND (w.created < v.created OR (w.created = v.created AND w.id < v.id)))",
        ),
        ("to_approval", "v.approved_at", "v.approved_at IS NOT NULL AND v.supersedes_id IS NULL"),
    ]
    cursor.execute("DELETE FROM claims_awaitingclaim")
    cursor.execute(
        "INSERT INTO claims_awaitingclaim (claim_id, since) SELECT c.id, COALESCE("
        "(SELECT MAX(v.created) FROM claims_verdict v WHERE v.claim_id = c.id), c.updated)"
        " FROM claims_claim c WHERE c.status = 'awaiting_approval'"
    )
    cursor.execute("DELETE FROM claims_publishedverdict")
    cursor.execute(
        "INSERT INTO claims_publishedverdict"
        " (verdict_id, claim_id, approved_at, type, outlet, speaker_id) "
        + _PUBLISHED_SELECT.format(v="v")
        + " JOIN claims_verdict v ON v.claim_id = c.id"
        " WHERE v.approved_at IS NOT NULL AND v.withdrawn_at IS NULL"
    )
    cursor.execute(f"DELETE FROM {TABLE}")
    for metric, when, where in durations:
        span = hours.format(a=when)
        cursor.execute(
            f"INSERT INTO {TABLE} (hour, metric, key, n) "
            f"SELECT {hour(when)}, '{metric}', {key(span)}, COUNT(*) FROM claims_verdict v "
            f"JOIN claims_claim c ON c.id = v.claim_id WHERE {where} "
            f"GROUP BY {hour(when)}, {key(span)}"
        )
    for when, metric, key_col, table, where in parts:
        cursor.execute(
            f"INSERT INTO {TABLE} (hour, metric, key, n) "
            f"SELECT {hour(when)}, '{metric}', {key(key_col)}, COUNT(*) FROM {table} "
            f"WHERE {where} GROUP BY {hour(when)}, {key(key_col)}"
        )
