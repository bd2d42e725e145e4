"""The matcher: retrieve candidates twice (the claim alone, then the claim with its speaker and
context), merge, compute the features and re-rank. The benchmark runs exactly this.

The *_many functions take a batch (all claims of an article): every retrieval of the batch is
one statement per table on PostgreSQL, and the candidates' rows are read once for the batch."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from claims.matching import retrieval
from claims.matching.rerank import Candidate, MatchQuery, featurise, score, signals
from claims.matching.text import search_terms

DEPTH = 40
# Desk lookups keep fewer candidates: the panel shows five and a repeat is the best one, and a
# near-verbatim repeat ranks near the top already; half the re-ranking work per claim.
DESK_DEPTH = 20
# Takes one word list per lookup; answers (id, engine score) per lookup.
RetrieveMany = Callable[[list[list[str]], int], list[list[tuple[int, float]]]]
Rows = Callable[[list[int]], dict[int, Candidate]]


def _lookups(query: MatchQuery) -> tuple[list[str], list[str] | None]:
    main = search_terms(query.text)
    if not query.context:
        return main, None
    return main, search_terms(f"{query.text} {query.speaker} {query.context}", limit=64)


def _ranked_many(
    queries: Sequence[MatchQuery], retrieve: RetrieveMany, rows: Rows, depth: int
) -> list[list[Candidate]]:
    lookups = [_lookups(q) for q in queries]
    words: list[list[str]] = []
    for main, wide in lookups:
        words.append(main)
        if wide is not None:
            words.append(wide)
    found_all = iter(retrieve(words, depth))
    hits = []
    for _main, wide in lookups:
        main_hits = next(found_all)
        hits.append((main_hits, next(found_all) if wide is not None else None))
    stored = rows(list({i for m, w in hits for i, _ in [*m, *(w or [])]}))
    out = []
    for query, (main, wide) in zip(queries, hits, strict=True):
        ids = dict.fromkeys([i for i, _ in main] + [i for i, _ in wide or []])
        # A fresh Candidate per query: features and scores are per query.
        found = {i: _copy(stored[i]) for i in ids if i in stored}
        for rank, (i, s) in enumerate(main):
            if i in found:
                found[i].bm25, found[i].rank = s, rank
        if wide is None:
            # Without context the wide query is the claim itself.
            for c in found.values():
                c.context_bm25 = c.bm25
        else:
            for i, s in wide:
                if i in found:
                    found[i].context_bm25 = s
        candidates = list(found.values())
        featurise(query, signals(query), candidates)
        score(candidates)
        candidates.sort(key=lambda c: (-c.score, c.rank))
        out.append(candidates)
    return out


def _copy(c: Candidate) -> Candidate:
    return Candidate(key=c.key, claim=c.claim, title=c.title, claimant=c.claimant, when=c.when)


def rank_factchecks_many(
    queries: Sequence[MatchQuery], *, depth: int = DEPTH
) -> list[list[Candidate]]:
    """Per query: archive fact-checks, best first; `key` is the FactCheck id."""
    return _ranked_many(
        queries, retrieval.factcheck_candidates_many, retrieval.factcheck_rows, depth
    )


def rank_desk_claims_many(
    queries: Sequence[tuple[MatchQuery, int | None, int | None]], *, depth: int = DESK_DEPTH
) -> list[list[Candidate]]:
    """Per (query, claim to leave out, article to leave out): other desk claims, best first;
    `key` is the Claim id."""
    # Each query makes one or two lookups (see _lookups); both carry the query's exclusions.
    excl: list[tuple[int | None, int | None]] = []
    for q, claim, article in queries:
        excl.extend([(claim, article)] * (2 if q.context else 1))

    def retrieve(words: list[list[str]], limit: int) -> list[list[tuple[int, float]]]:
        lookups = [retrieval.DeskQuery(w, *e) for w, e in zip(words, excl, strict=True)]
        return retrieval.desk_candidates_many(lookups, limit)

    return _ranked_many([q for q, _, _ in queries], retrieve, retrieval.desk_rows, depth)


def rank_factchecks(query: MatchQuery, *, depth: int = DEPTH) -> list[Candidate]:
    """Archive fact-checks, best first; `key` is the FactCheck id."""
    return rank_factchecks_many([query], depth=depth)[0]


def rank_desk_claims(
    query: MatchQuery,
    *,
    exclude_claim: int | None = None,
    exclude_article: int | None = None,
    depth: int = DESK_DEPTH,
) -> list[Candidate]:
    """Other desk claims, best first; `key` is the Claim id."""
    return rank_desk_claims_many([(query, exclude_claim, exclude_article)], depth=depth)[0]
