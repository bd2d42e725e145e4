#!/usr/bin/env python3
"""Train the check-worthiness model and write ``claims/extraction/data/checkworthiness.json``.

Data: CheckThat! 2024 Task 1 English. The train and dev splits are the ClaimBuster sentences
(Arslan, Hassan, Li, Tremayne, "A Benchmark Dataset of Check-worthy Factual Claims", ICWSM 2020,
CC BY 4.0); dev-test comes from the CheckThat! 2024 release. The model is fitted on train only;
the feature options, regularisation and decision threshold are chosen on dev and dev-test
together. The test split is never read here.

Usage (from the project root; scikit-learn is a dev dependency, not a runtime one):
    .venv/bin/python scripts/train_checkworthiness.py [--out PATH]

The data is found at ``../shared/datasets`` relative to the repository root, or under
``$FACTCHECK_SHARED/datasets``. Everything is deterministic (liblinear with a fixed seed).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction.checkworthiness import WEIGHTS_PATH, featurize  # noqa: E402

SEED = 20240528


def shared_dir() -> Path:
    env = os.environ.get("FACTCHECK_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def load_ct24(split: str) -> tuple[list[str], np.ndarray]:
    name = "test_gold" if split == "test" else split
    path = shared_dir() / "datasets" / "checkthat2024_en" / f"CT24_checkworthy_english_{name}.tsv"
    raw = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    # One physical line of the train file holds two records ("...\tNo29286\t..."): see SOURCE.txt.
    raw = re.sub(r"\t(Yes|No)(\d+)\t", r"\t\1\n\2\t", raw)
    texts, labels = [], []
    for line in raw.split("\n")[1:]:
        if not line.strip():
            continue
        _sid, text, label = line.split("\t")
        if len(text) > 1 and text[0] == '"' and text[-1] == '"':
            text = text[1:-1].replace('""', '"')
        texts.append(" ".join(text.split()))
        labels.append(label == "Yes")
    return texts, np.array(labels, dtype=bool)


def f1_at(scores: np.ndarray, gold: np.ndarray, thr: float) -> float:
    pred = scores >= thr
    tp = int(np.sum(pred & gold))
    fp = int(np.sum(pred & ~gold))
    fn = int(np.sum(~pred & gold))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def best_threshold(dev: tuple[np.ndarray, np.ndarray], devtest: tuple[np.ndarray, np.ndarray]):
    """Threshold (on the logit) maximising the mean F1 of dev and dev-test."""
    candidates = np.quantile(np.concatenate([dev[0], devtest[0]]), np.linspace(0.3, 0.95, 131))
    best = (-1.0, 0.0, 0.0, 0.0)
    for thr in candidates:
        a, b = f1_at(dev[0], dev[1], thr), f1_at(devtest[0], devtest[1], thr)
        if (a + b) / 2 > best[0]:
            best = ((a + b) / 2, float(thr), a, b)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    args = ap.parse_args()

    train_x, train_y = load_ct24("train")
    dev_x, dev_y = load_ct24("dev")
    dt_x, dt_y = load_ct24("dev-test")
    print(f"train {len(train_x)} ({train_y.sum()} yes), dev {len(dev_x)}, dev-test {len(dt_x)}")

    results = []
    for min_df, norm, cw, c in itertools.product(
        (2, 3), (True, False), (None, "balanced"), (0.03, 0.1, 0.3, 1.0)
    ):
        vec = CountVectorizer(analyzer=featurize, binary=True, min_df=min_df, dtype=np.float64)
        xt = vec.fit_transform(train_x)
        xd = vec.transform(dev_x)
        xdt = vec.transform(dt_x)
        if norm:
            xt, xd, xdt = normalize(xt), normalize(xd), normalize(xdt)
        clf = LogisticRegression(C=c, class_weight=cw, solver="liblinear", random_state=SEED)
        clf.fit(xt, train_y)
        sd, sdt = clf.decision_function(xd), clf.decision_function(xdt)
        mean, thr, f_dev, f_dt = best_threshold((sd, dev_y), (sdt, dt_y))
        print(
            f"min_df={min_df} norm={norm!s:5} class_weight={cw!s:8} C={c:<5} "
            f"dev F1={f_dev:.3f} dev-test F1={f_dt:.3f} mean={mean:.3f} thr={thr:+.3f}"
        )
        results.append((mean, min_df, norm, cw, c, thr, vec, clf))

    mean, min_df, norm, cw, c, thr, vec, clf = max(results, key=lambda r: r[0])
    print(
        f"chosen: min_df={min_df} norm={norm} class_weight={cw} C={c} "
        f"thr={thr:+.4f} mean={mean:.3f}"
    )
    weights = {
        feat: round(float(w), 5)
        for feat, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
    }
    payload = {
        "about": "Check-worthiness weights trained by scripts/train_checkworthiness.py on the "
        "ClaimBuster sentences (Arslan, Hassan, Li, Tremayne, ICWSM 2020, CC BY 4.0).",
        "config": {"min_df": min_df, "class_weight": cw, "C": c},
        "norm": norm,
        "bias": round(float(clf.intercept_[0]), 6),
        "threshold": round(thr, 6),
        "weights": dict(sorted(weights.items())),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(weights)} features)")


if __name__ == "__main__":
    main()
