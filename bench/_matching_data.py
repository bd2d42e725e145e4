"""The CLEF CheckThat! claim-retrieval folders as the matcher sees them: the verified claims
as archive fact-checks, each query as a MatchQuery (the debate queries with their speaker,
surrounding lines and date; the tweets with the date at their end).

Shared by bench/bench_matching.py and scripts/train_matching.py. The data are for research
use only and are read by path, never copied into the project.
"""

from __future__ import annotations

import json
from pathlib import Path

from _pg import configure_url


def configure_sqlite(db_path: Path) -> None:
    """Django on a throwaway SQLite file (FTS5), with production-like settings."""
    configure_url(f"sqlite:///{db_path}")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_qrels(path: Path) -> dict[str, set[str]]:
    rel: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as f:
        next(f)
        for line in f:
            if line.strip():
                q, v = line.rstrip("\n").split("\t")[:2]
                rel.setdefault(q, set()).add(v)
    return rel


def load_archive(dataset: Path) -> dict[int, str]:
    """Put the verified claims in the FactCheck table (once per database file); returns
    FactCheck id -> verified claim id."""
    import django

    django.setup()
    from django.core.management import call_command

    from claims.matching.text import parse_date
    from claims.models import FactCheck

    call_command("migrate", verbosity=0)
    if not FactCheck.objects.exists():
        rows = []
        for v in read_jsonl(dataset / "verified_claims.jsonl"):
            rows.append(
                FactCheck(
                    claim_reviewed=v.get("claim") or "",
                    title=v.get("title") or "",
                    rating_label=v.get("rating") or "",
                    review_url=v.get("url") or f"https://archive.invalid/{v['id']}",
                    claimant=v.get("speaker") or "",
                    published=parse_date(v.get("date")),
                    origin=v["id"],
                )
            )
        FactCheck.objects.bulk_create(rows, batch_size=2000)
    return dict(FactCheck.objects.values_list("id", "origin"))


def load_queries(dataset: Path, split: str) -> list[tuple[str, object]]:
    from claims.matching.rerank import MatchQuery
    from claims.matching.text import parse_date

    out = []
    for q in read_jsonl(dataset / f"queries_{split}.jsonl"):
        ctx = q.get("context") or {}
        lines = [*(ctx.get("before") or []), *(ctx.get("after") or [])]
        out.append(
            (
                q["id"],
                MatchQuery(
                    text=q["text"],
                    speaker=ctx.get("speaker") or "",
                    context=" ".join(line.get("text", "") for line in lines),
                    when=parse_date(ctx.get("transcript") or q["id"]) or parse_date(q["text"]),
                ),
            )
        )
    return out
