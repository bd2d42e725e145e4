#!/usr/bin/env python3
"""Train the claim-matching re-ranker and write ``claims/matching/reranker.json``.

Data: the English CLEF CheckThat! 2021 claim-retrieval sets (Task 2A tweets -> Snopes, Task 2B
political debates -> PolitiFact; Shaar et al., CLEF 2021), which the organisers release
"free for general research use" with no formal licence. The shipped weights are a research
artefact: a desk that wants to ship them commercially should retrain on its own matches
(this script takes any folder in the same layout).

The model is fitted on the train splits; the regularisation and the retrieval depth are chosen
on the dev splits. The 2021 test splits (and the 2022 dev_test, byte-identical to 2021-2A test)
are never read here. The candidates come from the real DB-backed matcher (SQLite FTS5), so the
features are exactly the ones the app computes.

    .venv/bin/python scripts/train_matching.py [DATASET_DIR ...] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from _matching_data import configure_sqlite, read_qrels  # noqa: E402

DATA = ROOT.parent / "shared" / "datasets" / "claim_retrieval"
DEFAULT_SETS = [DATA / "clef2021-t2a-en-tweets", DATA / "clef2021-t2b-en-debates"]
FORBIDDEN_SPLITS = {"test", "dev_test"}


def candidates_for(dataset: Path, split: str, depth: int) -> list[tuple[str, list, set[str]]]:
    """Per query: (id, candidates with features, relevant ids), from the real matcher."""
    assert split not in FORBIDDEN_SPLITS
    from _matching_data import load_archive, load_queries

    from claims.matching.matcher import rank_factchecks

    ids = load_archive(dataset)
    qrels = read_qrels(dataset / f"qrels_{split}.tsv")
    out = []
    for qid, query in load_queries(dataset, split):
        cands = rank_factchecks(query, depth=depth)
        for c in cands:
            c.key = ids[c.key]
        out.append((qid, cands, qrels.get(qid, set())))
    return out


def map_at_5(queries, weights) -> float:
    from claims.matching.rerank import score

    total = 0.0
    for _qid, cands, rel in queries:
        score(cands, weights)
        ranked = sorted(cands, key=lambda c: (-c.score, c.rank))[:5]
        hits, ap = 0, 0.0
        for i, c in enumerate(ranked, 1):
            if c.key in rel:
                hits += 1
                ap += hits / i
        total += ap / max(len(rel), 1)
    return total / max(len(queries), 1)


def matrix(queries):
    from claims.matching.rerank import FEATURES

    x, y = [], []
    for _qid, cands, rel in queries:
        for c in cands:
            x.append([c.features[n] for n in FEATURES])
            y.append(1 if c.key in rel else 0)
    return np.array(x), np.array(y)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("datasets", nargs="*", type=Path, default=DEFAULT_SETS)
    parser.add_argument("--out", type=Path, default=ROOT / "claims/matching/reranker.json")
    parser.add_argument("--depth", type=int, default=40)
    args = parser.parse_args()

    per_set = {}
    for dataset in args.datasets:
        # One throwaway database per folder: the django settings are read once per process,
        # so each folder's archive is loaded into its own file via a fresh connection.
        db = Path(tempfile.gettempdir()) / f"bench_matching_{dataset.name}.sqlite3"
        configure_sqlite(db)
        from django.db import connections

        connections["default"].close()
        connections["default"].settings_dict["NAME"] = str(db)
        per_set[dataset.name] = {
            split: candidates_for(dataset, split, args.depth) for split in ("train", "dev")
        }

    from claims.matching.rerank import FEATURES

    train = [q for sets in per_set.values() for q in sets["train"]]
    x, y = matrix(train)
    best = None
    for c in (0.01, 0.1, 1.0, 10.0, 100.0):
        for balanced in (False, True):
            model = LogisticRegression(
                C=c, class_weight="balanced" if balanced else None, max_iter=2000
            ).fit(x, y)
            weights = dict(zip(FEATURES, map(float, model.coef_[0]), strict=True))
            weights["__bias__"] = float(model.intercept_[0])
            dev = {name: map_at_5(sets["dev"], weights) for name, sets in per_set.items()}
            mean = sum(dev.values()) / len(dev)
            print(
                f"C={c:<6} balanced={balanced!s:<5} dev MAP@5 "
                + " ".join(f"{k}={v:.4f}" for k, v in dev.items())
            )
            if best is None or mean > best[0]:
                best = (mean, c, balanced, weights, dev)
    mean, c, balanced, weights, dev = best
    bias = weights.pop("__bias__")
    args.out.write_text(
        json.dumps(
            {
                "weights": {k: round(v, 4) for k, v in weights.items()},
                "bias": round(bias, 4),
                "trained_on": [f"{n} train" for n in per_set] + ["chosen on: dev splits"],
                "terms": "CLEF CheckThat! 2021 Task 2 data, free for general research use",
                "options": {
                    "C": c,
                    "class_weight": "balanced" if balanced else None,
                    "depth": args.depth,
                },
                "dev_map5": {k: round(v, 4) for k, v in dev.items()},
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"chose C={c} balanced={balanced}; wrote {args.out}")


if __name__ == "__main__":
    main()
