"""Benchmark: where PostgreSQL's time goes when claims are stored (the import's storage side).

    .venv/bin/python bench/bench_claim_insert.py [--claims 12800] [--repeats 7]

Migrates a throwaway database (`bench_i15_insert`, BENCH_DATABASE_URL to change it), fills a
side table with claim rows like the import's (one article, sentences with figures and names),
then times one INSERT … SELECT of all of them into claims_claim, as an import batch stores its
claims in one statement. Each run is rolled back, so every run meets the same table. Four
configurations, timed in turn round after round: the schema as it is; without the dashboard's
triggers; without the triggers and the secondary indexes (what is left is the heap row, the
primary and unique keys and the generated search vector); and without the search vector too.
It prints microseconds a claim and milliseconds per 64-claim article (bench_import.py's
articles have about 64 claims each), medians of --repeats rounds. A single index's share is
too small to tell from the noise of a shared machine (tried: dropping one index at a time
moved the figure both ways). Last, two and then three connections store a batch each at the
same moment, as parallel import processes would, and it prints what they store in all.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pg import configure, ensure_database

DB_URL = configure("bench_i15_insert")
CLAIMS_PER_ARTICLE = 64
# Indexes every claim needs whatever the views: the row's identity and its unique keys.
KEYS = ("claims_claim_pkey", "claims_claim_public_id_key", "claims_claim_current_verdict_id_key")
WHO = ["Maria Lopez", "the minister", "a spokesperson", "Ahmed Khan", "the mayor", "officials"]
WHAT = ["unemployment", "the deficit", "rents", "turnout", "crime", "exports", "vaccination"]


def statement(rng: random.Random) -> str:
    return (
        f"{rng.choice(WHO).capitalize()} said {rng.choice(WHAT)} rose by {rng.randint(2, 60)}"
        f" percent in {rng.randint(1995, 2025)}, while {rng.choice(WHAT)} fell to"
        f" {rng.randint(200, 90_000):,} in {rng.choice(['March', 'June', 'the capital'])}."
    )


def fill(claims: int) -> None:
    """A side table `src` of claim rows to insert, with the columns the import writes."""
    from django.db import connection

    from claims.models import Article, Claim

    rng = random.Random(7)
    article = Article.objects.create(
        title="Bench", body="x", outlet="Bench Gazette", content_hash="0" * 64
    )
    rows = []
    for n in range(claims):
        text = statement(rng)
        rows.append(
            Claim(
                article=article,
                start=n * 200,
                end=n * 200 + len(text),
                quote=text,
                statement=text,
                type="quantity",
                score=round(rng.random(), 4),
                speaker=rng.choice(WHO),
                quantities=[{"text": "3 percent", "value": 3, "unit": "percent"}],
            )
        )
    Claim.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE src AS SELECT * FROM claims_claim")
        cursor.execute("DELETE FROM claims_claim")
        cursor.execute("VACUUM ANALYZE claims_claim")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=12_800)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    ensure_database(DB_URL, recreate=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from claims.services.queue import SEARCH_COLUMN

    call_command("migrate", verbosity=0)
    fill(args.claims)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)"
            " FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = 'claims_claim' AND is_generated = 'NEVER'"
            " AND column_name NOT IN ('id', 'public_id')"
        )
        (columns,) = cursor.fetchone()
        cursor.execute(
            "SELECT indexrelname FROM pg_stat_user_indexes WHERE relname = 'claims_claim'"
            " AND NOT indexrelname = ANY(%s) ORDER BY indexrelname",
            [list(KEYS)],
        )
        secondary = [name for (name,) in cursor.fetchall()]
    insert = (
        f"INSERT INTO claims_claim ({columns}, public_id)"
        f" SELECT {columns}, gen_random_uuid() FROM src"
    )

    def once(setup: list[str]) -> float:
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in setup:
                cursor.execute(sql)
            started = time.perf_counter()
            cursor.execute(insert)
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)
        return elapsed / args.claims * 1e6

    no_triggers = "ALTER TABLE claims_claim DISABLE TRIGGER USER"
    configs = {
        "as the schema has it": [],
        "without the dashboard's triggers": [no_triggers],
        f"without triggers and the {len(secondary)} secondary indexes": [
            no_triggers,
            *(f"DROP INDEX {name}" for name in secondary),
        ],
        # What the stored search vector (to_tsvector of each statement) adds to the bare row.
        "  and without the generated search vector": [
            no_triggers,
            *(f"DROP INDEX {name}" for name in secondary),
            f"ALTER TABLE claims_claim DROP COLUMN {SEARCH_COLUMN}",
        ],
    }
    # The three in turn, round after round: the machine's speed drifts over a run, and a
    # drift must not pass for one configuration's cost.
    runs: dict[str, list[float]] = {label: [] for label in configs}
    for _ in range(args.repeats):
        for label, setup in configs.items():
            runs[label].append(once(setup))
    print(f"{args.claims:,} claims in one INSERT … SELECT, median of {args.repeats} (rolled back)")
    medians = {label: statistics.median(values) for label, values in runs.items()}
    for label, us in medians.items():
        article_ms = us * CLAIMS_PER_ARTICLE / 1000
        print(
            f"{label:<46} {us:6.1f} us/claim  {article_ms:5.2f} ms/article"
            f"  (a ceiling of {1000 / article_ms:4.0f} articles/s)"
        )
    whole, _, bare, _ = medians.values()
    print(
        f"  the secondary indexes and triggers: {whole - bare:.1f} us/claim"
        f" ({(whole - bare) / whole:.0%}); indexed: {', '.join(secondary)}"
    )

    def together(n: int) -> float:
        """n connections storing a batch each at the same moment, as n import processes would:
        the wall time per claim stored in all. Their triggers add to the same tally rows, so
        each waits at its trigger for the ones before it to end."""
        barrier = threading.Barrier(n + 1)

        def store() -> None:
            try:
                barrier.wait()
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(insert)
                    transaction.set_rollback(True)
            finally:
                connection.close()

        threads = [threading.Thread(target=store) for _ in range(n)]
        for thread in threads:
            thread.start()
        barrier.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        return (time.perf_counter() - started) / (n * args.claims) * 1e6

    for n in (2, 3):
        us = statistics.median(together(n) for _ in range(args.repeats))
        article_ms = us * CLAIMS_PER_ARTICLE / 1000
        print(
            f"{n} connections at once, as the schema has it: {us:5.1f} us of wall time a claim,"
            f" {1000 / article_ms:4.0f} articles/s in all ({os.cpu_count()} cores)"
        )


if __name__ == "__main__":
    main()
