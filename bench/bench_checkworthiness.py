#!/usr/bin/env python3
"""Cost of check-worthiness scoring per sentence: ``featurize`` plus ``score_features``.

Times the model on the sentences of the eval kit's articles (``../shared/eval/articles``,
split on line breaks and sentence ends), repeated to about 20,000 sentences, on one core, best
of three (process CPU time), after one warm-up pass (weights loaded, caches filled). Prints
sentences per second and microseconds per sentence, and the weights file's size and load time.

``--module`` and ``--weights`` point at another version of the module and its weights, so the
same run can measure the model committed before (e.g. extracted with ``git show``).

Usage: .venv/bin/python bench/bench_checkworthiness.py [--module PATH --weights PATH]
       [--sentences 20000]
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODULE = ROOT / "claims" / "extraction" / "checkworthiness.py"
ARTICLES = ROOT.parent / "shared" / "eval" / "articles"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def load(module_path: Path):
    spec = importlib.util.spec_from_file_location("cw_under_test", module_path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    # Registered first: dataclasses look their module up while the class is built.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def corpus(target: int) -> list[str]:
    found = [
        s.strip()
        for path in sorted(ARTICLES.glob("*.txt"))
        for s in _SENTENCE_END.split(path.read_text(encoding="utf-8"))
        if s.strip()
    ]
    if not found:
        raise SystemExit(f"no articles under {ARTICLES}")
    return (found * (target // len(found) + 1))[:target]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--module", type=Path, default=DEFAULT_MODULE)
    ap.add_argument("--weights", type=Path, default=None)
    ap.add_argument("--sentences", type=int, default=20_000)
    args = ap.parse_args()
    cw = load(args.module)
    weights = args.weights or cw.WEIGHTS_PATH
    t0 = time.perf_counter()
    cw.load_model(weights)
    load_s = time.perf_counter() - t0
    sentences = corpus(args.sentences)

    def run() -> None:
        for s in sentences:
            cw.score_features(set(cw.featurize(s)))

    run()
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        run()
        best = min(best, time.process_time() - t0)
    print(
        f"module={args.module} weights={weights} ({weights.stat().st_size / 1e6:.2f} MB, "
        f"loaded in {load_s * 1000:.0f} ms): {len(sentences)} sentences in {best:.3f} s CPU, "
        f"{len(sentences) / best:,.0f} sentences/s, {best / len(sentences) * 1e6:.1f} us/sentence"
    )


if __name__ == "__main__":
    main()
