#!/usr/bin/env python3
"""Speed of the claim extraction engine next to the bare spaCy pipeline and today's engine.

Builds a news-like text of about 1 MB by repeating and varying the paragraphs of the test
articles in ``tests/extraction/articles``, then measures on one core (process CPU time):

* the bare spaCy pipeline alone (``nlp.pipe`` over the same paragraph pieces the engine parses);
* the whole engine (``extract_claims``: parse, segmentation, filters, speakers, quantities,
  types and check-worthiness) and its ratio to the bare pipeline (target <= 1.25);
* an 800-word article: median of repeated runs (target < 200 ms);
* the same figures for a baseline engine (``--baseline DIR``: a checkout of an earlier
  ``claims/extraction``, e.g. ``git archive bff0e23 claims | tar -x -C /tmp/old``), in a
  subprocess so both engines can be imported;
* peak RSS of this worker process (target < 500 MB).

Usage: .venv/bin/python bench/bench_extraction.py [--mb 1.0] [--baseline /tmp/old]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


ARTICLES = ROOT / "tests" / "extraction" / "articles"
_NUMBER_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def build_text(target_bytes: int, seed: int = 7) -> str:
    """Concatenate varied copies of the test articles until the text reaches target_bytes."""
    rng = random.Random(seed)
    paras: list[str] = []
    for path in sorted(ARTICLES.glob("*.txt")):
        paras.extend(p for p in path.read_text(encoding="utf-8").splitlines() if p.strip())
    names = ["Vasquez", "Okafor", "Hartmann", "Brooks", "Whitfield", "Rao", "Ferreira"]
    out: list[str] = []
    size = 0
    while size < target_bytes:
        block = paras[:]
        rng.shuffle(block)
        for p in block:
            p = _NUMBER_RE.sub(lambda m: _vary(m.group(), rng), p)
            if rng.random() < 0.3:
                p = p.replace(rng.choice(names), rng.choice(names))
            out.append(p)
            size += len(p.encode("utf-8")) + 1
            if size >= target_bytes:
                break
    return "\n".join(out) + "\n"


def _vary(num: str, rng: random.Random) -> str:
    if len(num) == 4 and num.isdigit():
        return num  # keep years as years
    digits = [c for c in num]
    for i, c in enumerate(digits):
        if c.isdigit() and rng.random() < 0.5:
            digits[i] = str(rng.randint(1 if i == 0 else 0, 9))
    return "".join(digits)


def cpu(fn) -> tuple[float, object]:
    t0 = time.process_time()
    out = fn()
    return time.process_time() - t0, out


def article_800() -> str:
    words: list[str] = []
    paras: list[str] = []
    for path in sorted(ARTICLES.glob("*.txt")):
        for p in path.read_text(encoding="utf-8").splitlines():
            if p.strip() and len(words) < 800:
                paras.append(p)
                words.extend(p.split())
    return "\n".join(paras) + "\n"


def measure(root: Path, mb: float, runs: int) -> dict[str, float]:
    """Figures for the engine under ``root`` (run in a fresh interpreter)."""
    code = f"""
import json, resource, statistics, sys, time
sys.path.insert(0, {str(root)!r}); sys.path.insert(1, {str(ROOT)!r})
from claims.extraction import extract_claims  # before bench, which puts ROOT first
from bench.bench_extraction import build_text, article_800, cpu
art = article_800(); extract_claims(art)
text = build_text(int({mb} * 1_000_000))
out = {{}}
times = []
for _ in range({runs}):
    t, _ = cpu(lambda: extract_claims(art)); times.append(t)
out["article_ms"] = statistics.median(times) * 1000
out["engine_s"], claims = cpu(lambda: extract_claims(text))
out["claims"] = len(claims)
try:
    from claims.extraction.nlp import load, pieces
    from claims.extraction.segmenter import paragraphs
    nlp = load()
    chunks = [text[a:b] for ps, pe in paragraphs(text) for a, b in pieces(text, ps, pe)]
    out["bare_s"], _ = cpu(lambda: sum(1 for _ in nlp.pipe(chunks, batch_size=64)))
    ts = [cpu(lambda: list(nlp.pipe([art[a:b] for ps, pe in paragraphs(art)
                                      for a, b in pieces(art, ps, pe)])))[0] for _ in range({runs})]
    out["bare_article_ms"] = statistics.median(ts) * 1000
except ImportError:
    pass
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""
    res = subprocess.run(
        ["taskset", "-c", "0", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0, help="size of the text in MB (1e6 bytes)")
    ap.add_argument("--runs", type=int, default=15, help="runs of the 800-word article")
    ap.add_argument("--baseline", type=Path, help="directory holding an older claims/ package")
    args = ap.parse_args()
    rows = {"engine": measure(ROOT, args.mb, args.runs)}
    if args.baseline:
        rows["baseline"] = measure(args.baseline.resolve(), args.mb, args.runs)
    keys = ["engine_s", "bare_s", "article_ms", "bare_article_ms", "peak_rss_mb", "claims"]
    print(f"text {args.mb} MB, one core (taskset -c 0), CPU time")
    print(f"{'figure':18}" + "".join(f"{k:>14}" for k in rows))
    for k in keys:
        cells = "".join(f"{rows[r].get(k, float('nan')):>14.3f}" for r in rows)
        print(f"{k:18}{cells}")
    e = rows["engine"]
    ratio = e["engine_s"] / e["bare_s"]
    print(f"engine / bare pipeline on {args.mb} MB: {ratio:.3f} (target <= 1.25)")
    print(f"800-word article median: {e['article_ms']:.1f} ms (target < 200)")
    print(f"worker peak RSS: {e['peak_rss_mb']:.0f} MB (target < 500)")


if __name__ == "__main__":
    main()
