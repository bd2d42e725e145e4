"""The SQL of the dashboard's triggers, built once per database vendor (see tally.py).

Every trigger body is one or two statements: an INSERT … SELECT that adds the signed counts
of a few events to all four grains of their local day (`upsert`), and upkeep of
claims_awaitingclaim. The events and contexts they are made of are tally_events.py's; this
module says which trigger counts what, and writes the DDL.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import replace

from claims.dashboard.tally_events import (
    AWAITING_ADD,
    AWAITING_MOVE,
    AWAITING_SINCE,
    JOIN_OTHER_VERDICT,
    SENT_BACK_ACTION,
    TABLE_CTX,
    VERDICT_COLUMNS,
    Ctx,
    Dialect,
    article_ctx,
    assignment_event,
    by_id_ctx,
    children,
    claim_row_event,
    earlier,
    event_select,
    first_except,
    is_earliest,
    row_ctx,
    text_key,
    to_approval_event,
    to_verdict_event,
    upsert,
    verdict_events,
)


def _statements(d: Dialect) -> dict[str, list[str]]:
    """Each trigger's statements, by the event that fires it (vendor-neutral bodies)."""
    new_v, new_src = by_id_ctx("NEW.claim_id")
    old_v, old_src = by_id_ctx("OLD.claim_id")

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
    act_ctx, act_src = by_id_ctx("NEW.claim_id")
    gone_ctx, gone_src = by_id_ctx("OLD.claim_id")
    return {
        "claim_insert": [
            upsert(
                d,
                [
                    claim_row_event(row_ctx("NEW"), "NEW.status", 1),
                    assignment_event(row_ctx("NEW"), "NEW", 1),
                ],
            ),
            AWAITING_ADD.format(when="NEW.status = 'awaiting_approval'"),
        ],
        "claim_delete": [
            upsert(
                d,
                [
                    claim_row_event(row_ctx("OLD"), "OLD.status", -1),
                    assignment_event(row_ctx("OLD"), "OLD", -1),
                    *children(d, row_ctx("OLD"), -1),
                ],
            ),
            "DELETE FROM claims_awaitingclaim WHERE claim_id = OLD.id;",
        ],
        # status, created, type, article or assignment changed: the claim row's counts move.
        "claim_update": [
            upsert(
                d,
                [
                    claim_row_event(row_ctx("OLD"), "OLD.status", -1),
                    claim_row_event(row_ctx("NEW"), "NEW.status", 1),
                    assignment_event(row_ctx("OLD"), "OLD", -1),
                    assignment_event(row_ctx("NEW"), "NEW", 1),
                ],
            ),
            "DELETE FROM claims_awaitingclaim WHERE claim_id = OLD.id"
            " AND NEW.status <> 'awaiting_approval';",
            AWAITING_ADD.format(when="NEW.status = 'awaiting_approval'"),
        ],
        # type or article changed: everything counted for the claim's verdicts moves too.
        "claim_move": [
            upsert(
                d,
                [
                    *children(
                        d,
                        Ctx(
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
                        Ctx(
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
            AWAITING_MOVE,
        ],
        "article_outlet": [
            upsert(
                d,
                [
                    claim_row_event(article_ctx("OLD.outlet"), "c.status", -1),
                    assignment_event(article_ctx("OLD.outlet"), "c", -1),
                    *children(d, article_ctx("OLD.outlet"), -1),
                    claim_row_event(article_ctx("NEW.outlet"), "c.status", 1),
                    assignment_event(article_ctx("NEW.outlet"), "c", 1),
                    *children(d, article_ctx("NEW.outlet"), 1),
                ],
            ),
            "UPDATE claims_awaitingclaim SET outlet = NEW.outlet WHERE claim_id IN"
            " (SELECT id FROM claims_claim WHERE article_id = NEW.id);",
        ],
        "verdict_insert": [
            upsert(
                d,
                [
                    *verdict_events(new_v, new_src, "NEW", 1),
                    to_approval_event(d, new_v, new_src, "NEW", 1, "1 = 1"),
                ],
            ),
            AWAITING_SINCE,
        ],
        # Which verdict is a claim's first, row by row (see TRIGGERS: BEFORE on PostgreSQL).
        "verdict_first_insert": [
            upsert(
                d,
                [
                    to_verdict_event(d, new_v, new_src, "NEW", 1, is_earliest("NEW")),
                    # A verdict dated before the claim's first one takes its place.
                    to_verdict_event(
                        d,
                        new_v,
                        new_src.replace(" WHERE", JOIN_OTHER_VERDICT.format(row="NEW") + " WHERE"),
                        "v",
                        -1,
                        f"{first_except('NEW')} AND {earlier('NEW', 'v')} AND {is_earliest('NEW')}",
                    ),
                ],
            )
        ],
        "verdict_delete": [
            upsert(
                d,
                [
                    *verdict_events(old_v, old_src, "OLD", -1),
                    to_approval_event(d, old_v, old_src, "OLD", -1, "1 = 1"),
                ],
            )
        ],
        "verdict_first_delete": [
            upsert(
                d,
                [
                    to_verdict_event(d, old_v, old_src, "OLD", -1, is_earliest("OLD")),
                    # The claim's next verdict becomes its first.
                    to_verdict_event(
                        d,
                        old_v,
                        old_src.replace(" WHERE", JOIN_OTHER_VERDICT.format(row="OLD") + " WHERE"),
                        "v",
                        1,
                        f"{first_except('OLD')} AND {earlier('OLD', 'v')} AND {is_earliest('OLD')}",
                    ),
                ],
            )
        ],
        "verdict_update": [
            upsert(
                d,
                [
                    *verdict_events(old_v, old_src, "OLD", -1),
                    *verdict_events(new_v, new_src, "NEW", 1),
                    to_approval_event(d, old_v, old_src, "OLD", -1, "1 = 1"),
                    to_approval_event(d, new_v, new_src, "NEW", 1, "1 = 1"),
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
                    event_select(act_ctx, act_src, "NEW.created", "sent_back", "''", 1, act_cond),
                    event_select(
                        act_ctx,
                        act_src,
                        "NEW.created",
                        "sent_back_by",
                        text_key("NEW.actor_id"),
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
                    event_select(gone_ctx, gone_src, "OLD.created", "sent_back", "''", -1, "1 = 1"),
                    event_select(
                        gone_ctx,
                        gone_src,
                        "OLD.created",
                        "sent_back_by",
                        text_key("OLD.actor_id"),
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
_VERDICT_CHANGED = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in VERDICT_COLUMNS)
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
        f"UPDATE OF {', '.join(VERDICT_COLUMNS)}",
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
