#!/usr/bin/env python3
"""Dev-set details ``make eval`` does not print: type confusions and every quantity error.

Extracts every article of the eval kit in one process (the model loads once) and scores it with
the kit's own ``score_claims.py``, imported by path, so the figures equal ``make eval``'s.

Usage: .venv/bin/python scripts/eval_details.py [EVAL_DIR] (default ../shared/eval)
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import extract_claims_batch  # noqa: E402


def _scorer(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("score_claims", eval_dir / "score_claims.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main() -> int:
    import json

    eval_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval"
    sc = _scorer(eval_dir)
    paths = sorted((eval_dir / "articles").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    rows, confusions = [], Counter()
    for path, claims in zip(paths, extract_claims_batch(texts), strict=True):
        gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
        pred = {"claims": [c.to_dict() for c in claims]}
        rows.append(sc.score(gold, pred))
        for g in gold["claims"]:
            if g["tier"] not in ("must", "should"):
                continue
            ms = [p for p in pred["claims"] if sc.matches(p, g)]
            if not ms:
                continue
            best = max(ms, key=lambda p: sc.overlap(p, g))
            if best["type"] not in g["type"]:
                confusions[(best["type"], "/".join(g["type"]))] += 1
                print(f"type {best['type']} gold={g['type']}: {g['text'][:300]}")
    for r in rows:
        for q in r["qty_spurious"]:
            print(f"{r['article']}: spurious {q}")
        for q in r["qty_missed"]:
            print(f"{r['article']}: missed {q}")
        for q in r["qty_unit_errors"]:
            print(f"{r['article']}: unit {q}")
    print("type confusions (predicted -> gold):")
    for (p, g), n in confusions.most_common():
        print(f"  {n:3d}  {p} -> {g}")
    s = sc.summarise(rows)
    print(" ".join(f"{k}={round(v, 3) if isinstance(v, float) else v}" for k, v in s.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
