"""Command line: ``python -m claims.extraction PATH|-`` or ``... --sentences``."""

from __future__ import annotations

import argparse
import json
import sys

from . import extract_claims
from .checkworthiness import featurize, score_features
from .quantities import find_quantities, has_figure
from .types import classify


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.buffer.read().decode("utf-8", errors="replace")
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        return f.read()


def _sentences_mode() -> None:
    lines = sys.stdin.buffer.read().decode("utf-8", errors="replace").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line.rstrip("\r") for line in lines]
    out = []
    for line in lines:
        features = set(featurize(line))
        sc = score_features(features)
        qs = find_quantities(line) if has_figure(features) else []
        kind = classify(line, qs, features)
        out.append(json.dumps({"score": sc.score, "checkworthy": sc.checkworthy, "type": kind}))
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m claims.extraction", description=__doc__)
    ap.add_argument("path", nargs="?", help="UTF-8 article text, or - for stdin")
    ap.add_argument(
        "--sentences",
        action="store_true",
        help="read one sentence per line on stdin; write one JSON line each",
    )
    args = ap.parse_args(argv)
    if args.sentences:
        _sentences_mode()
        return 0
    if args.path is None:
        ap.error("give a PATH (or -) or --sentences")
    claims = extract_claims(_read(args.path))
    json.dump({"claims": [c.to_dict() for c in claims]}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
