"""Candidate retrieval on the database's own full-text engine.

SQLite: the FTS5 tables of migration 0010, ranked by bm25(). PostgreSQL: stored tsvectors with
GIN indexes (migration 0010: claims_factcheck.search, claims_claim_search), ranked by ts_rank.
Queries are OR-queries of plain words (letters and digits only, see text.search_terms), so
nothing a user typed reaches the SQL except as a bound parameter.
"""

from __future__ import annotations

from datetime import date

from django.db import connection

from claims.matching.rerank import Candidate

# PostgreSQL: an OR of single words matches most of a million claims and every match would
# be ranked; an OR of word pairs (a claim sharing at least two of the first PAIR_WORDS words)
# keeps the ranked set small, and a candidate sharing one word would rank low anyway. Short
# queries (under three words) stay a plain OR.
PAIR_WORDS = 12


def _fts5_query(words: list[str]) -> str:
    return " OR ".join(f'"{w}"' for w in words)


def _tsquery(words: list[str]) -> str:
    words = words[:PAIR_WORDS]
    if len(words) < 3:
        return " | ".join(words)
    return " | ".join(f"({a} & {b})" for i, a in enumerate(words) for b in words[i + 1 :])


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def factcheck_candidates(words: list[str], limit: int) -> list[tuple[int, float]]:
    """(fact-check id, engine score: higher is better) for the best `limit` matches."""
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT f.id, ts_rank(f.search, q) AS s "
                "FROM claims_factcheck f, to_tsquery('english', %s) q "
                "WHERE f.search @@ q ORDER BY s DESC, f.id LIMIT %s",
                [_tsquery(words), limit],
            )
        else:
            cursor.execute(
                "SELECT rowid, -bm25(claims_factcheck_fts, 1.0, 0.6, 0.3) AS s "
                "FROM claims_factcheck_fts WHERE claims_factcheck_fts MATCH %s "
                "ORDER BY bm25(claims_factcheck_fts, 1.0, 0.6, 0.3) LIMIT %s",
                [_fts5_query(words), limit],
            )
        return [(int(i), float(s)) for i, s in cursor.fetchall()]


def desk_candidates(
    words: list[str], limit: int, *, exclude_claim: int | None, exclude_article: int | None
) -> list[tuple[int, float]]:
    """(claim id, engine score) of desk claims, not rejected, outside the claim's own
    article (a sentence repeated within one article is the extractor's business)."""
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.id, ts_rank(v.search, q) AS s "
                "FROM claims_claim_search v JOIN claims_claim c ON c.id = v.claim_id, "
                "to_tsquery('english', %s) q "
                "WHERE v.search @@ q AND c.status <> 'rejected' "
                "AND c.id <> %s AND c.article_id <> %s ORDER BY s DESC, c.id LIMIT %s",
                [_tsquery(words), exclude_claim or 0, exclude_article or 0, limit],
            )
        else:
            cursor.execute(
                "SELECT c.id, -bm25(claims_claim_fts, 1.0, 0.3) AS s "
                "FROM claims_claim_fts JOIN claims_claim c ON c.id = claims_claim_fts.rowid "
                "WHERE claims_claim_fts MATCH %s AND c.status <> 'rejected' "
                "AND c.id <> %s AND c.article_id <> %s "
                "ORDER BY bm25(claims_claim_fts, 1.0, 0.3) LIMIT %s",
                [_fts5_query(words), exclude_claim or 0, exclude_article or 0, limit],
            )
        return [(int(i), float(s)) for i, s in cursor.fetchall()]


def factcheck_rows(ids: list[int]) -> dict[int, Candidate]:
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, claim_reviewed, title, claimant, published FROM claims_factcheck "
            f"WHERE id IN ({marks})",
            ids,
        )
        return {
            int(i): Candidate(key=int(i), claim=t, title=h, claimant=p, when=_as_date(d))
            for i, t, h, p, d in cursor.fetchall()
        }


def desk_rows(ids: list[int]) -> dict[int, Candidate]:
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, c.statement, a.title, c.speaker, a.published FROM claims_claim c "
            f"JOIN claims_article a ON a.id = c.article_id WHERE c.id IN ({marks})",
            ids,
        )
        return {
            int(i): Candidate(key=int(i), claim=t, title="", claimant=p, when=_as_date(d))
            for i, t, _h, p, d in cursor.fetchall()
        }
