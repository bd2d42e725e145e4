"""Benchmark: claim matching quality on a CLEF CheckThat! claim-retrieval folder.

    .venv/bin/python bench/bench_matching.py DATASET_DIR --split test --output RUN.tsv
    ../shared/eval/score_retrieval.py RUN.tsv DATASET_DIR/qrels_test.tsv

Runs the project's own DB-backed matcher (claims.matching.matcher.rank_factchecks: SQLite
FTS5 retrieval, then the committed re-ranker) with the folder's verified_claims.jsonl as the
archive and queries_<split>.jsonl as claims, and writes a TREC run (top 100 per query). The
archive goes into a throwaway SQLite file (--db; kept between runs of the same folder), or with
--database-url into a PostgreSQL database (created if missing, kept; ANALYZEd, as autovacuum
would, so retrieval sees the word statistics production sees).
--weights uses another re-ranker file (the training script passes its candidates here).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _matching_data import configure_sqlite, load_archive, load_queries
from _pg import configure_url, ensure_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--split", default="test")
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--database-url", default=None, help="PostgreSQL instead of SQLite")
    parser.add_argument("--weights", type=Path, default=None)
    parser.add_argument("--depth", type=int, default=None, help="candidates per query; the app's")
    args = parser.parse_args()
    db = args.db or Path(tempfile.gettempdir()) / f"bench_matching_{args.dataset.name}.sqlite3"
    if args.database_url:
        configure_url(args.database_url)
        ensure_database(args.database_url)
    else:
        configure_sqlite(db)
    ids = load_archive(args.dataset)
    engine = "SQLite FTS5"
    if args.database_url:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE claims_factcheck")
        engine = "PostgreSQL tsvector"

    from claims.matching import rerank
    from claims.matching.matcher import DEPTH, rank_factchecks

    if args.weights:
        weights = rerank.load_weights(str(args.weights))
        rerank.load_weights = lambda path=None: weights  # type: ignore[assignment]
    queries = load_queries(args.dataset, args.split)
    started = time.perf_counter()
    with args.output.open("w", encoding="utf-8") as out:
        for qid, query in queries:
            for rank, c in enumerate(rank_factchecks(query, depth=args.depth or DEPTH)[:100], 1):
                out.write(f"{qid}\tQ0\t{ids[c.key]}\t{rank}\t{c.score:.6f}\tmatcher\n")
    elapsed = time.perf_counter() - started
    print(
        f"{len(queries)} queries against {len(ids):,} fact-checks ({engine}) in "
        f"{elapsed:.1f}s ({1000 * elapsed / max(len(queries), 1):.1f} ms/query); run: {args.output}"
    )


if __name__ == "__main__":
    main()
