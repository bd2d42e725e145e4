"""The matcher: retrieve candidates twice (the claim alone, then the claim with its speaker and
context), merge, compute the features and re-rank. The benchmark runs exactly this."""

from __future__ import annotations

from collections.abc import Callable

from claims.matching import retrieval
from claims.matching.rerank import Candidate, MatchQuery, featurise, score, signals
from claims.matching.text import search_terms

DEPTH = 40
Retrieve = Callable[[list[str], int], list[tuple[int, float]]]
Rows = Callable[[list[int]], dict[int, Candidate]]


def _ranked(query: MatchQuery, retrieve: Retrieve, rows: Rows, depth: int) -> list[Candidate]:
    main = retrieve(search_terms(query.text), depth)
    wide_text = f"{query.text} {query.speaker} {query.context}"
    wide = retrieve(search_terms(wide_text, limit=64), depth) if query.context else []
    ids = list(dict.fromkeys([i for i, _ in main] + [i for i, _ in wide]))
    found = rows(ids)
    for rank, (i, s) in enumerate(main):
        if i in found:
            found[i].bm25, found[i].rank = s, rank
    for i, s in wide:
        if i in found:
            found[i].context_bm25 = s
    if not query.context:
        # Without context the wide query is the claim itself.
        for c in found.values():
            c.context_bm25 = c.bm25
    candidates = list(found.values())
    featurise(query, signals(query), candidates)
    score(candidates)
    candidates.sort(key=lambda c: (-c.score, c.rank))
    return candidates


def rank_factchecks(query: MatchQuery, *, depth: int = DEPTH) -> list[Candidate]:
    """Archive fact-checks, best first; `key` is the FactCheck id."""
    return _ranked(query, retrieval.factcheck_candidates, retrieval.factcheck_rows, depth)


def rank_desk_claims(
    query: MatchQuery,
    *,
    exclude_claim: int | None = None,
    exclude_article: int | None = None,
    depth: int = DEPTH,
) -> list[Candidate]:
    """Other desk claims, best first; `key` is the Claim id."""

    def retrieve(words: list[str], limit: int) -> list[tuple[int, float]]:
        return retrieval.desk_candidates(
            words, limit, exclude_claim=exclude_claim, exclude_article=exclude_article
        )

    return _ranked(query, retrieve, retrieval.desk_rows, depth)
