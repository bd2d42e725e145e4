"""Candidate retrieval on the database's own full-text engine.

SQLite: the FTS5 tables of migration 0010, ranked by bm25(), one OR-query of the query's words
per claim (what the quality benchmark measures). PostgreSQL: the stored, GIN-indexed tsvectors
(claims_factcheck.search of 0010, claims_claim.search_vector of 0009, which the queue's text
search reads too), in one statement for a whole batch of queries. Words are letters and digits
only (text.search_terms), so nothing a user typed reaches the SQL except as a bound parameter.

Why PostgreSQL needs more than an OR-query: at a million claims the common words of a claim
("percent", "state", "year") each match tens of thousands of rows, and ranking every row an
OR-query matches took ~400 ms a query. Instead each query's candidate set comes from its
*rarest* words, using the document frequencies PostgreSQL's ANALYZE keeps for tsvector columns
(pg_stats.most_common_elems: the ~1,000 most common lexemes with the share of rows holding
each; a lexeme not listed is rarer than all of them). Rare words are added until their
estimated rows reach a budget (CANDIDATE_BUDGET, DESK_BUDGET), the GIN match is capped (the
*_CAP constants), and only
those rows are ranked by ts_rank against all the query's words.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from claims.matching.rerank import Candidate

# Rows the chosen rare words may match by the statistics' estimate, and the hard cap on rows
# ranked per query (the estimate can be wrong, and the statistics can be stale or missing).
# The archive's budget was chosen on the benchmarks' dev splits; a repeat on the desk is
# near-verbatim, so fewer rare words find it and the million-row desk gets half the rows.
CANDIDATE_BUDGET = 600
CANDIDATE_CAP = 800
DESK_BUDGET = 300
DESK_CAP = 400
# Rare words used at least (even past the budget) and at most per query.
MIN_RARE = 2
MAX_RARE = 20
# A lexeme in more than this share of rows never selects candidates (it still ranks them).
MAX_SHARE = 0.02

# The tables' searchable columns; matching, the queue's text search and the migrations agree.
FACTCHECK_TABLE, FACTCHECK_VECTOR = "claims_factcheck", "search"
CLAIM_TABLE, CLAIM_VECTOR = "claims_claim", "search_vector"


@dataclass(frozen=True)
class DeskQuery:
    """A desk lookup: the words, and what to leave out (the claim itself, its own article: a
    sentence repeated within one article is the extractor's business)."""

    words: list[str]
    exclude_claim: int | None = None
    exclude_article: int | None = None


def _fts5_query(words: list[str]) -> str:
    return " OR ".join(f'"{w}"' for w in words)


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


# PostgreSQL ---------------------------------------------------------------------------------

# The common lexemes of both tables with the share of rows holding each, and the row counts.
_COMMON_SQL = f"""
SELECT s.tablename, e.elem, e.freq, c.reltuples
FROM pg_stats s
JOIN pg_class c ON c.oid = s.tablename::regclass
CROSS JOIN LATERAL unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs)
    AS e(elem, freq)
WHERE s.schemaname = current_schema() AND e.elem IS NOT NULL
  AND ((s.tablename = '{CLAIM_TABLE}' AND s.attname = '{CLAIM_VECTOR}')
    OR (s.tablename = '{FACTCHECK_TABLE}' AND s.attname = '{FACTCHECK_VECTOR}'))
"""
_LEXEMES_SQL = (
    "SELECT w.word, l.lexeme FROM unnest(%s::text[]) AS w(word) CROSS JOIN LATERAL "
    "unnest(tsvector_to_array(to_tsvector('english', w.word))) AS l(lexeme)"
)
# The statistics change only when ANALYZE runs (autovacuum, after a share of a table changed),
# so a process reads them once a minute rather than once a batch.
STATS_SECONDS = 60.0


@dataclass
class _Stats:
    """Per table: the share of rows holding each common lexeme, the share assumed for any
    other (half the least listed one) and the table's rows (0: never analysed)."""

    share: dict[str, dict[str, float]]
    unlisted: dict[str, float]
    rows: dict[str, float]
    read_at: float


_cached: _Stats | None = None
# Word -> its lexeme ("" if the english configuration drops it): fixed for the configuration.
_lexemes: dict[str, str] = {}


def _stats() -> _Stats:
    global _cached
    now = time.monotonic()
    if _cached is not None and now - _cached.read_at < STATS_SECONDS:
        return _cached
    out = _Stats({CLAIM_TABLE: {}, FACTCHECK_TABLE: {}}, {}, {}, now)
    with connection.cursor() as cursor:
        cursor.execute(_COMMON_SQL)
        for table, elem, freq, rows in cursor.fetchall():
            out.share[table][elem] = float(freq)
            out.rows[table] = max(float(rows or 0), 0.0)
    for table, shares in out.share.items():
        out.unlisted[table] = min(shares.values(), default=0.0) / 2
    _cached = out
    return out


def stats_forget() -> None:
    """Read the statistics afresh next time (after an ANALYZE the caller ran)."""
    global _cached
    _cached = None


def _lexemes_of(words: set[str]) -> dict[str, str]:
    missing = sorted(words - _lexemes.keys())
    if missing:
        if len(_lexemes) > 200_000:
            _lexemes.clear()
        with connection.cursor() as cursor:
            cursor.execute(_LEXEMES_SQL, [missing])
            found = dict(cursor.fetchall())
        _lexemes.update({w: found.get(w, "") for w in missing})
    return {w: _lexemes[w] for w in words}


def rare_lexemes(
    lexemes: list[str],
    share: dict[str, float],
    unlisted: float,
    rows: float,
    budget: int = CANDIDATE_BUDGET,
    cap: int = CANDIDATE_CAP,
) -> list[str]:
    """The query's rarest lexemes, rarest first, until their estimated rows reach the budget
    (at least MIN_RARE, at most MAX_RARE; common ones only if nothing rarer is there). A
    table under `cap` rows (or never analysed: `rows` 0) is searched with them all."""
    if rows < cap:
        return list(lexemes)
    order = sorted(enumerate(lexemes), key=lambda p: (share.get(p[1], unlisted), -len(p[1]), p[0]))
    chosen: list[str] = []
    estimate = 0.0
    for _i, lexeme in order:
        s = share.get(lexeme, unlisted)
        if len(chosen) >= MIN_RARE and (
            s > MAX_SHARE or len(chosen) >= MAX_RARE or estimate + s * rows > budget
        ):
            break
        chosen.append(lexeme)
        estimate += s * rows
    return chosen


def _tsquery(lexemes: Sequence[str]) -> str:
    # Lexemes are [0-9a-z] (search_terms), so quoting them is enough for the tsquery syntax.
    return " | ".join(f"'{lx}'" for lx in lexemes)


def _pg_queries(
    table: str, word_lists: Sequence[list[str]], budget: int, cap: int
) -> list[tuple[str, str] | None]:
    """Per query: (candidate tsquery of its rare words, ranking tsquery of all its words)."""
    stats = _stats()
    lexeme = _lexemes_of({w for words in word_lists for w in words})
    share, unlisted = stats.share[table], stats.unlisted.get(table, 0.0)
    rows = stats.rows.get(table, 0.0)
    out: list[tuple[str, str] | None] = []
    for words in word_lists:
        lexemes = list(dict.fromkeys(lexeme[w] for w in words if lexeme[w]))
        if not lexemes:
            out.append(None)
            continue
        rare = rare_lexemes(lexemes, share, unlisted, rows, budget, cap)
        out.append((_tsquery(rare), _tsquery(lexemes)))
    return out


def _pg_ranked(
    sql: str, slots: list[tuple], cap: int, limit: int, n: int
) -> list[list[tuple[int, float]]]:
    results: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    if not slots:
        return results
    columns = list(zip(*slots, strict=True))
    with transaction.atomic(), connection.cursor() as cursor:
        # The planner prices the batch at JIT cost (its row estimate for a tsquery it cannot
        # see is 0.5% of the table per lookup); compiling took longer than the query.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, [*map(list, columns), cap, limit])
        for slot, i, s in cursor.fetchall():
            results[slot].append((int(i), float(s)))
    return results


_FACTCHECK_SQL = f"""
SELECT q.slot, r.id, r.s
FROM unnest(%s::int[], %s::tsquery[], %s::tsquery[]) AS q(slot, pick, rank_by)
CROSS JOIN LATERAL (
    SELECT c.id, ts_rank(c.v, q.rank_by) AS s FROM (
        SELECT f.id, f.{FACTCHECK_VECTOR} AS v FROM {FACTCHECK_TABLE} f
        WHERE f.{FACTCHECK_VECTOR} @@ q.pick LIMIT %s
    ) c ORDER BY s DESC, c.id LIMIT %s
) r
"""

_DESK_SQL = f"""
SELECT q.slot, r.id, r.s
FROM unnest(%s::int[], %s::tsquery[], %s::tsquery[], %s::bigint[], %s::bigint[])
    AS q(slot, pick, rank_by, not_claim, not_article)
CROSS JOIN LATERAL (
    SELECT c.id, ts_rank(c.v, q.rank_by) AS s FROM (
        SELECT d.id, d.{CLAIM_VECTOR} AS v FROM {CLAIM_TABLE} d
        WHERE d.{CLAIM_VECTOR} @@ q.pick AND d.status <> 'rejected'
          AND d.id <> q.not_claim AND d.article_id <> q.not_article
        LIMIT %s
    ) c ORDER BY s DESC, c.id LIMIT %s
) r
"""


# The batch API ------------------------------------------------------------------------------


def factcheck_candidates_many(
    word_lists: Sequence[list[str]], limit: int
) -> list[list[tuple[int, float]]]:
    """Per query: (fact-check id, engine score: higher is better) of its best `limit`."""
    if connection.vendor == "postgresql":
        queries = _pg_queries(FACTCHECK_TABLE, word_lists, CANDIDATE_BUDGET, CANDIDATE_CAP)
        slots = [(i, *q) for i, q in enumerate(queries) if q]
        return _pg_ranked(_FACTCHECK_SQL, slots, CANDIDATE_CAP, limit, len(word_lists))
    return [_fts5_factchecks(words, limit) for words in word_lists]


def desk_candidates_many(queries: Sequence[DeskQuery], limit: int) -> list[list[tuple[int, float]]]:
    """Per query: (claim id, engine score) of desk claims, not rejected, outside the claim's
    own article."""
    if connection.vendor == "postgresql":
        built = _pg_queries(CLAIM_TABLE, [q.words for q in queries], DESK_BUDGET, DESK_CAP)
        slots = [
            (i, *b, q.exclude_claim or 0, q.exclude_article or 0)
            for i, (q, b) in enumerate(zip(queries, built, strict=True))
            if b
        ]
        return _pg_ranked(_DESK_SQL, slots, DESK_CAP, limit, len(queries))
    return [_fts5_desk(q, limit) for q in queries]


def factcheck_candidates(words: list[str], limit: int) -> list[tuple[int, float]]:
    return factcheck_candidates_many([words], limit)[0]


def desk_candidates(
    words: list[str], limit: int, *, exclude_claim: int | None, exclude_article: int | None
) -> list[tuple[int, float]]:
    return desk_candidates_many([DeskQuery(words, exclude_claim, exclude_article)], limit)[0]


# SQLite -------------------------------------------------------------------------------------


def _fts5_factchecks(words: list[str], limit: int) -> list[tuple[int, float]]:
    if not words:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, -bm25(claims_factcheck_fts, 1.0, 0.6, 0.3) AS s "
            "FROM claims_factcheck_fts WHERE claims_factcheck_fts MATCH %s "
            "ORDER BY bm25(claims_factcheck_fts, 1.0, 0.6, 0.3) LIMIT %s",
            [_fts5_query(words), limit],
        )
        return [(int(i), float(s)) for i, s in cursor.fetchall()]


def _fts5_desk(query: DeskQuery, limit: int) -> list[tuple[int, float]]:
    if not query.words:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, -bm25(claims_claim_fts, 1.0, 0.3) AS s "
            "FROM claims_claim_fts JOIN claims_claim c ON c.id = claims_claim_fts.rowid "
            "WHERE claims_claim_fts MATCH %s AND c.status <> 'rejected' "
            "AND c.id <> %s AND c.article_id <> %s "
            "ORDER BY bm25(claims_claim_fts, 1.0, 0.3) LIMIT %s",
            [
                _fts5_query(query.words),
                query.exclude_claim or 0,
                query.exclude_article or 0,
                limit,
            ],
        )
        return [(int(i), float(s)) for i, s in cursor.fetchall()]


# Rows for the re-ranker -----------------------------------------------------------------------


def factcheck_rows(ids: list[int]) -> dict[int, Candidate]:
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, claim_reviewed, title, claimant, published FROM claims_factcheck "
            f"WHERE id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        return {
            int(i): Candidate(key=int(i), claim=t, title=h, claimant=p, when=_as_date(d))
            for i, t, h, p, d in cursor.fetchall()
        }


def desk_rows(ids: list[int]) -> dict[int, Candidate]:
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, c.statement, c.speaker, a.published FROM claims_claim c "
            "JOIN claims_article a ON a.id = c.article_id "
            f"WHERE c.id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        return {
            int(i): Candidate(key=int(i), claim=t, title="", claimant=p, when=_as_date(d))
            for i, t, p, d in cursor.fetchall()
        }
