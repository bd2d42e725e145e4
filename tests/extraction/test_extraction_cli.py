"""The command line (article and --sentences modes) and the package's import footprint."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = Path(__file__).parent / "articles" / "health_stats.txt"


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claims.extraction", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )


def test_article_mode_prints_claims_json_from_a_file_and_stdin() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    from_file = json.loads(_run(str(ARTICLE)).stdout)
    from_stdin = json.loads(_run("-", stdin=text).stdout)
    assert from_file == from_stdin
    claims = from_file["claims"]
    assert claims and all(text[c["start"] : c["end"]] == c["text"] for c in claims)
    assert set(claims[0]) == {
        "start", "end", "text", "type", "score", "checkworthy", "speaker", "speaker_basis",
        "speaker_kind", "quoted", "quantities",
    }  # fmt: skip


def test_sentences_mode_writes_one_json_line_per_input_line() -> None:
    lines = [
        "Unemployment fell to 3.9% last year.",
        "Thank you all for coming tonight.",
        "",
        "Will taxes go up?",
    ]
    out = _run("--sentences", stdin="\n".join(lines) + "\n").stdout.splitlines()
    assert len(out) == len(lines)
    rows = [json.loads(line) for line in out]
    assert all(set(r) == {"score", "checkworthy", "type"} for r in rows)
    assert rows[0]["checkworthy"] and rows[0]["type"] == "quantity"
    assert not rows[1]["checkworthy"]
    assert rows[0]["score"] > rows[1]["score"]


def test_engine_runs_without_django_or_sklearn_and_imports_spacy_lazily() -> None:
    code = (
        "import sys, claims.extraction as e; lazy = 'spacy' not in sys.modules; "
        "e.extract_claims('Prices rose 5% in May.'); "
        "bad = [m for m in ('django', 'sklearn') if m in sys.modules]; "
        "print(bad if lazy else 'spacy imported at import time')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
