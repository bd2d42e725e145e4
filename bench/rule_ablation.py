#!/usr/bin/env python3
"""What each named extraction rule is worth: the development-set scores with it switched off.

Runs the engine over the eval kit's articles (``../shared/eval/articles`` by default) once with
every rule on and once per rule in ``claims.extraction.rules.RULES`` with that rule off, scores
each run with the kit's ``score_claims.py`` and prints the changed metrics side by side. The
spaCy parse is made once per article and reused by every run; only the engine's layers rerun.

Usage: .venv/bin/python bench/rule_ablation.py [--eval ../shared/eval] [--rule NAME ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.extraction import engine, rules  # noqa: E402
from claims.extraction.nlp import load  # noqa: E402
from claims.extraction.parsed import ParsedText  # noqa: E402

METRICS = [
    "precision",
    "recall",
    "must_recall",
    "nonclaim_hits",
    "type_acc",
    "speaker_strict",
    "speaker_wrong",
    "speaker_missing",
    "speaker_spurious",
    "speaker_wrong_rate",
    "quantity_f1",
    "quantity_spurious",
]


def _score(kit: Path, outputs: dict[str, list[dict]]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        pairs: list[str] = []
        for name, claims in outputs.items():
            pred = Path(tmp) / f"{name}.json"
            pred.write_text(json.dumps({"claims": claims}), encoding="utf-8")
            pairs += [str(kit / "articles" / f"{name}.gold.json"), str(pred)]
        res = subprocess.run(
            [sys.executable, str(kit / "score_claims.py"), *pairs, "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(res.stdout)["summary"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--eval", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--rule", action="append", help="only these rules (repeatable)")
    args = ap.parse_args()
    kit = Path(args.eval)
    names = args.rule or list(rules.RULES)
    nlp = load()
    parsed: dict[str, tuple[str, ParsedText]] = {}
    for path in sorted((kit / "articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        spans = engine._pieces_of(text)
        docs = list(nlp.pipe([text[a:b] for a, b in spans]))
        parsed[path.stem] = (text, ParsedText([a for a, _ in spans], docs))

    def run() -> dict[str, float]:
        out = {n: [c.to_dict() for c in engine._extract(t, p)] for n, (t, p) in parsed.items()}
        return _score(kit, out)

    base = run()
    print("all rules on: " + " ".join(f"{m}={base.get(m)}" for m in METRICS))
    print(f"{'rule switched off':34} changes (off vs on)")
    for name in names:
        with rules.switched_off(name):
            got = run()
        diff = [f"{m} {base[m]}->{got[m]}" for m in METRICS if got.get(m) != base.get(m)]
        print(f"{name:34} {'; '.join(diff) if diff else 'no change on this set'}")


if __name__ == "__main__":
    main()
