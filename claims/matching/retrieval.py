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
estimated rows reach CANDIDATE_BUDGET, the GIN match is capped at CANDIDATE_CAP rows, and only
those rows are ranked by ts_rank against all the query's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection

from claims.matching.rerank import Candidate

# Rows the chosen rare words may match by the statistics' estimate, and the hard cap on rows
# ranked per query (the estimate can be wrong, and the statistics can be stale or missing).
CANDIDATE_BUDGET = 600
CANDIDATE_CAP = 800
# Rare words used at least (even past the budget) and at most per query.
MIN_RARE = 2
MAX_RARE = 8
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

_LEXEMES_SQL = f"""
WITH stats AS (
    SELECT s.tablename AS t, e.elem, e.freq
    FROM pg_stats s,
         unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(elem, freq)
    WHERE s.schemaname = current_schema() AND e.elem IS NOT NULL
      AND ((s.tablename = '{CLAIM_TABLE}' AND s.attname = '{CLAIM_VECTOR}')
        OR (s.tablename = '{FACTCHECK_TABLE}' AND s.attname = '{FACTCHECK_VECTOR}'))
), floor AS (
    SELECT t, min(freq) AS least FROM stats GROUP BY t
)
SELECT w.word, l.lexeme, d.freq, f.freq,
       (SELECT least FROM floor WHERE t = '{CLAIM_TABLE}'),
       (SELECT least FROM floor WHERE t = '{FACTCHECK_TABLE}'),
       (SELECT reltuples FROM pg_class WHERE oid = '{CLAIM_TABLE}'::regclass),
       (SELECT reltuples FROM pg_class WHERE oid = '{FACTCHECK_TABLE}'::regclass)
FROM unnest(%s::text[]) AS w(word)
CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('english', w.word))) AS l(lexeme)
LEFT JOIN stats d ON d.t = '{CLAIM_TABLE}' AND d.elem = l.lexeme
LEFT JOIN stats f ON f.t = '{FACTCHECK_TABLE}' AND f.elem = l.lexeme
"""


@dataclass
class _Stats:
    """Per word: its lexeme and the share of rows holding it, per table."""

    lexeme: dict[str, str]
    share: dict[str, dict[str, float]]
    unlisted: dict[str, float]  # below the least listed share: half of it
    rows: dict[str, float]


def _stats(words: set[str]) -> _Stats:
    out = _Stats({}, {CLAIM_TABLE: {}, FACTCHECK_TABLE: {}}, {}, {})
    if not words:
        return out
    with connection.cursor() as cursor:
        cursor.execute(_LEXEMES_SQL, [sorted(words)])
        rows = cursor.fetchall()
    for word, lexeme, desk, archive, *_ in rows:
        out.lexeme[word] = lexeme
        if desk is not None:
            out.share[CLAIM_TABLE][lexeme] = float(desk)
        if archive is not None:
            out.share[FACTCHECK_TABLE][lexeme] = float(archive)
    if rows:
        d_least, f_least, d_rows, f_rows = rows[0][4:]
        # Never analysed: no shares, and every word counts as rare (order of the text).
        out.unlisted = {CLAIM_TABLE: (d_least or 0) / 2, FACTCHECK_TABLE: (f_least or 0) / 2}
        out.rows = {CLAIM_TABLE: max(d_rows or 0, 0), FACTCHECK_TABLE: max(f_rows or 0, 0)}
    return out


def rare_lexemes(lexemes: list[str], share: dict[str, float], unlisted: float, rows: float):
    """The query's rarest lexemes, rarest first, until their estimated rows reach the budget
    (at least MIN_RARE, at most MAX_RARE; common ones only if nothing rarer is there). A
    table under CANDIDATE_CAP rows (or never analysed: `rows` 0) is searched with them all."""
    if rows < CANDIDATE_CAP:
        return list(lexemes)
    order = sorted(enumerate(lexemes), key=lambda p: (share.get(p[1], unlisted), -len(p[1]), p[0]))
    chosen: list[str] = []
    estimate = 0.0
    for _i, lexeme in order:
        s = share.get(lexeme, unlisted)
        if len(chosen) >= MIN_RARE and (
            s > MAX_SHARE or len(chosen) >= MAX_RARE or estimate + s * rows > CANDIDATE_BUDGET
        ):
            break
        chosen.append(lexeme)
        estimate += s * rows
    return chosen


def _tsquery(lexemes: Sequence[str]) -> str:
    # Lexemes are [0-9a-z] (search_terms), so quoting them is enough for the tsquery syntax.
    return " | ".join(f"'{lx}'" for lx in lexemes)


def _pg_queries(table: str, word_lists: Sequence[list[str]]) -> list[tuple[str, str] | None]:
    """Per query: (candidate tsquery of its rare words, ranking tsquery of all its words)."""
    stats = _stats({w for words in word_lists for w in words})
    share, unlisted = stats.share[table], stats.unlisted.get(table, 0.0)
    rows = stats.rows.get(table, 0.0)
    out: list[tuple[str, str] | None] = []
    for words in word_lists:
        lexemes = list(dict.fromkeys(stats.lexeme[w] for w in words if w in stats.lexeme))
        if not lexemes:
            out.append(None)
            continue
        out.append((_tsquery(rare_lexemes(lexemes, share, unlisted, rows)), _tsquery(lexemes)))
    return out


def _pg_ranked(sql: str, slots: list[tuple], limit: int, n: int) -> list[list[tuple[int, float]]]:
    results: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    if not slots:
        return results
    columns = list(zip(*slots, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*map(list, columns), CANDIDATE_CAP, limit])
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
        queries = _pg_queries(FACTCHECK_TABLE, word_lists)
        slots = [(i, *q) for i, q in enumerate(queries) if q]
        return _pg_ranked(_FACTCHECK_SQL, slots, limit, len(word_lists))
    return [_fts5_factchecks(words, limit) for words in word_lists]


def desk_candidates_many(queries: Sequence[DeskQuery], limit: int) -> list[list[tuple[int, float]]]:
    """Per query: (claim id, engine score) of desk claims, not rejected, outside the claim's
    own article."""
    if connection.vendor == "postgresql":
        built = _pg_queries(CLAIM_TABLE, [q.words for q in queries])
        slots = [
            (i, *b, q.exclude_claim or 0, q.exclude_article or 0)
            for i, (q, b) in enumerate(zip(queries, built, strict=True))
            if b
        ]
        return _pg_ranked(_DESK_SQL, slots, limit, len(queries))
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
