"""The re-ranker: a handful of features a fact-checker would weigh, combined by a logistic
model whose weights live in reranker.json (trained by scripts/train_matching.py).

No Django here: the benchmark and the training script compute the very same features.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from claims.matching.text import figures, names, terms

WEIGHTS_PATH = Path(__file__).with_name("reranker.json")

FEATURES = (
    "bm25",  # the engine's score for the claim text, relative to the best candidate's
    "first",  # 1 / (1 + rank) in the engine's own order
    "context",  # the engine's score for the claim plus speaker and context, relative
    "claim_overlap",  # share of the query's terms found in the candidate's claim
    "title_overlap",  # share of the query's terms found in the candidate's title
    "context_overlap",  # share of the candidate's terms found in the query's context
    "names",  # share of the query's names the candidate shares
    "figures",  # the same figure (with unit) appears in both
    "claimant",  # the query's speaker is the candidate's claimant
    "date",  # closeness in time, 1 on the same day, falling over about a year
)


@dataclass
class MatchQuery:
    """What is matched: a claim, with whatever a fact-checker would also look at."""

    text: str
    speaker: str = ""
    context: str = ""
    when: date | None = None


@dataclass
class Candidate:
    """One retrieved fact-check or desk claim, with the engine's scores."""

    key: object
    claim: str
    title: str = ""
    claimant: str = ""
    when: date | None = None
    bm25: float = 0.0
    context_bm25: float = 0.0
    rank: int = 999
    features: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, list[str]] = field(default_factory=dict)
    score: float = 0.0


@dataclass
class QuerySignals:
    terms: set[str]
    names: set[str]
    figures: set[str]
    context_terms: set[str]
    speaker_names: set[str]


def signals(query: MatchQuery) -> QuerySignals:
    return QuerySignals(
        terms=set(terms(query.text)),
        names=names(query.text),
        figures=figures(query.text),
        context_terms=set(terms(f"{query.context} {query.speaker} {query.text}")),
        speaker_names=names(query.speaker.title() if query.speaker.isupper() else query.speaker),
    )


def featurise(query: MatchQuery, sig: QuerySignals, candidates: list[Candidate]) -> None:
    """Fill each candidate's features and the human reasons (shared names, figures, terms)."""
    top = max((c.bm25 for c in candidates), default=0.0) or 1.0
    top_ctx = max((c.context_bm25 for c in candidates), default=0.0) or 1.0
    n_terms = max(len(sig.terms), 1)
    for c in candidates:
        claim_terms, title_terms, cand_names, cand_figures, claimant_names = _candidate_signals(
            c.claim, c.title, c.claimant
        )
        shared_terms = sig.terms & (claim_terms | title_terms)
        shared_names = sig.names & cand_names
        shared_figures = sig.figures & cand_figures
        days = abs((query.when - c.when).days) if query.when and c.when else None
        c.features = {
            "bm25": c.bm25 / top,
            "first": 1.0 / (1.0 + c.rank),
            "context": c.context_bm25 / top_ctx,
            "claim_overlap": len(sig.terms & claim_terms) / n_terms,
            "title_overlap": len(sig.terms & title_terms) / n_terms,
            "context_overlap": len(sig.context_terms & (claim_terms | title_terms))
            / max(len(claim_terms | title_terms), 1),
            "names": len(shared_names) / max(len(sig.names), 1),
            "figures": 1.0 if shared_figures else 0.0,
            "claimant": 1.0 if sig.speaker_names & claimant_names else 0.0,
            "date": math.exp(-days / 365.0) if days is not None else 0.0,
        }
        c.reasons = {
            "names": sorted(shared_names)[:6],
            "figures": sorted(shared_figures)[:6],
            "terms": sorted(shared_terms - shared_names)[:8],
        }
        if c.features["claimant"]:
            c.reasons["claimant"] = [c.claimant]


@lru_cache(maxsize=20_000)
def _candidate_signals(
    claim: str, title: str, claimant: str
) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """A candidate's own signals; the same fact-check or desk claim comes back for many queries
    (a worker matching a day's articles meets the popular ones again and again)."""
    both = f"{claim} {title}"
    return (
        frozenset(terms(claim)),
        frozenset(terms(title)),
        frozenset(names(both)),
        frozenset(figures(both)),
        frozenset(names(claimant)),
    )


@cache
def load_weights(path: str = str(WEIGHTS_PATH)) -> dict[str, float]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {name: float(data["weights"].get(name, 0.0)) for name in FEATURES} | {
        "__bias__": float(data["bias"])
    }


def score(candidates: list[Candidate], weights: dict[str, float] | None = None) -> None:
    """The match probability of each candidate, from its features."""
    weights = weights or load_weights()
    for c in candidates:
        z = weights["__bias__"] + sum(weights[n] * c.features.get(n, 0.0) for n in FEATURES)
        c.score = 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
