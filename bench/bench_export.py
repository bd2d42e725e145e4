"""Benchmark: CSV and ClaimReview exports of 100,000 approved verdicts on PostgreSQL.

    .venv/bin/python bench/bench_export.py [--claims 100000] [--reload] [--formats csv,claimreview]

Creates (and migrates) a throwaway database, `bench_export` by default (BENCH_DATABASE_URL to
change it), loads approved verdicts with two sources each and a correction on every 20th
claim with COPY, then runs `manage.py export_verdicts` in-process for each format, as an
operator would, writing to a temporary file. Prints rows/second, the process's peak RSS
(ru_maxrss), and, in a second pass per format, the tracemalloc peak of the export loop.
Targets: >= 20,000 rows/s per format, peak memory < 200 MB.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pg import configure, ensure_database, peak_rss_mb

DB_URL = configure("bench_export")

BASE_URL = "https://factcheck.example.org"
CLAIMS_PER_ARTICLE = 10
SOURCES_PER_CLAIM = 2
CORRECTION_EVERY = 20


def load(n_claims: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from claims.models import Article, Claim, Rating, Source, Verdict

    user_model = get_user_model()
    reviewer, _ = user_model.objects.get_or_create(username="bench-reviewer")
    editor, _ = user_model.objects.get_or_create(username="bench-editor")
    editor.groups.add(Group.objects.get(name="editor"))
    ratings = list(Rating.objects.filter(retired=False).values_list("id", flat=True))
    # What approval copies onto each verdict (Verdict.published_*), as the app does.
    from claims.services.ratings import rating_snapshot

    published = {
        r.pk: tuple(rating_snapshot(r).values()) for r in Rating.objects.filter(pk__in=ratings)
    }

    n_articles = (n_claims + CLAIMS_PER_ARTICLE - 1) // CLAIMS_PER_ARTICLE
    base_day = datetime(2026, 1, 1, 9, tzinfo=UTC)
    quantities = json.dumps(
        [
            {
                "text": "$4.2 billion",
                "value": 4.2e9,
                "low": None,
                "high": None,
                "unit": "USD",
                "kind": "money",
            }
        ]
    )

    def copy(cursor, model, columns, rows) -> None:
        table = model._meta.db_table
        cols = ", ".join(f'"{c}"' for c in columns)
        with cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as pipe:
            for row in rows:
                pipe.write_row(row)

    def articles():
        for a in range(1, n_articles + 1):
            body = f"Bench article {a}. " + "The council approved a budget of $4.2 billion. " * 4
            day = base_day + timedelta(hours=a)
            yield (
                a,
                f"Budget story {a}",
                f"Outlet {a % 25}",
                f"https://news.example/a/{a}",
                "Sam Reporter",
                (base_day + timedelta(days=a % 300)).date(),
                body,
                hashlib.sha256(body.encode()).hexdigest(),
                editor.pk,
                day,
                "done",
                "",
                day,
            )

    def claims():
        for c in range(1, n_claims + 1):
            article = (c - 1) // CLAIMS_PER_ARTICLE + 1
            pos = (c - 1) % CLAIMS_PER_ARTICLE
            text = f"The council approved a budget of $4.2 billion (claim {c})."
            created = base_day + timedelta(minutes=c)
            yield (
                c,
                article,
                pos * 40,
                pos * 40 + 39,
                text,
                text,
                "quantity",
                0.8,
                True,
                f"Speaker {c % 400}" if c % 7 else "",
                quantities,
                "approved",
                None,
                None,
                3,
                "extractor",
                None,
                c,
                uuid.uuid4(),
                created,
                created,
            )

    def verdicts():
        for c in range(1, n_claims + 1):
            created = base_day + timedelta(minutes=c, hours=1)
            approved = created + timedelta(hours=2)
            corrected = c % CORRECTION_EVERY == 0
            old_id = n_claims + c
            if corrected:
                yield (
                    old_id,
                    c,
                    ratings[(c + 1) % len(ratings)],
                    "First rationale.",
                    "medium",
                    reviewer.pk,
                    created - timedelta(hours=1),
                    editor.pk,
                    approved - timedelta(hours=1),
                    approved,
                    None,
                    "",
                    *published[ratings[(c + 1) % len(ratings)]],
                )
            yield (
                c,
                c,
                ratings[c % len(ratings)],
                f"The adopted budget shows **$4.2 billion** in spending (claim {c}).",
                "high",
                reviewer.pk,
                created,
                editor.pk,
                approved,
                None,
                old_id if corrected else None,
                "Revised figures were published." if corrected else "",
                *published[ratings[c % len(ratings)]],
            )

    def sources():
        pk = 0
        for c in range(1, n_claims + 1):
            for s in range(SOURCES_PER_CLAIM):
                pk += 1
                created = base_day + timedelta(minutes=c, seconds=s)
                yield (
                    pk,
                    c,
                    f"https://council.example/budget/{c}-{s}.pdf",
                    "Adopted budget",
                    "City Council",
                    date(2026, 1, 2),
                    "",
                    "supports" if s == 0 else "context",
                    "primary" if s == 0 else "secondary",
                    editor.pk,
                    1,
                    created,
                    created,
                )

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE claims_source, claims_verdict, claims_claim, claims_article, "
            "claims_comment, claims_activity RESTART IDENTITY CASCADE"
        )
        copy(
            cursor,
            Article,
            [
                "id",
                "title",
                "outlet",
                "url",
                "author",
                "published",
                "body",
                "content_hash",
                "submitted_by_id",
                "created",
                "extraction_status",
                "extraction_error",
                "extracted_at",
            ],
            articles(),
        )
        # Foreign keys are DEFERRABLE INITIALLY DEFERRED: claims may name verdicts not yet
        # loaded, as long as they exist by commit.
        copy(
            cursor,
            Claim,
            [
                "id",
                "article_id",
                "start",
                "end",
                "quote",
                "statement",
                "type",
                "score",
                "checkworthy",
                "speaker",
                "quantities",
                "status",
                "assignee_id",
                "assigned_at",
                "version",
                "origin",
                "created_by_id",
                "current_verdict_id",
                "public_id",
                "created",
                "updated",
            ],
            claims(),
        )
        copy(
            cursor,
            Verdict,
            [
                "id",
                "claim_id",
                "rating_id",
                "rationale",
                "confidence",
                "reviewer_id",
                "created",
                "approved_by_id",
                "approved_at",
                "withdrawn_at",
                "supersedes_id",
                "correction_reason",
                "published_label",
                "published_value",
                "published_worst",
                "published_best",
            ],
            verdicts(),
        )
        copy(
            cursor,
            Source,
            [
                "id",
                "claim_id",
                "url",
                "title",
                "publisher",
                "published",
                "excerpt",
                "relation",
                "kind",
                "added_by_id",
                "version",
                "created",
                "updated",
            ],
            sources(),
        )
        for model in (Article, Claim, Verdict, Source):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run_export(fmt: str) -> tuple[float, float, int]:
    """`manage.py export_verdicts --format FMT --output FILE`, timed.

    Returns wall seconds, this process's CPU seconds, and bytes written.
    """
    from django.core.management import call_command

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"export.{fmt}"
        started, cpu = time.perf_counter(), time.process_time()
        call_command(
            "export_verdicts",
            "--format",
            fmt,
            "--output",
            str(target),
            "--base-url",
            BASE_URL,
            stderr=io.StringIO(),
        )
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        return elapsed, cpu, target.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--reload", action="store_true", help="Reload even if the data is there.")
    parser.add_argument("--formats", default="csv,claimreview")
    parser.add_argument("--repeat", type=int, default=3, help="Runs per format; best is kept.")
    parser.add_argument("--no-tracemalloc", action="store_true")
    args = parser.parse_args()

    ensure_database(DB_URL)
    import django

    django.setup()
    from django.core.management import call_command

    from claims.models import Claim, Verdict

    call_command("migrate", verbosity=0)
    if args.reload or Claim.objects.count() != args.claims:
        started = time.perf_counter()
        load(args.claims)
        print(f"loaded {args.claims:,} claims in {time.perf_counter() - started:.1f}s")
    approved = Verdict.objects.in_force().count()
    print(
        f"database: {DB_URL}  claims: {Claim.objects.count():,}  "
        f"approved verdicts in force: {approved:,}"
    )
    print(f"peak RSS before exports: {peak_rss_mb():.0f} MB")

    n = Claim.objects.count()
    # The machine is shared: the best of a few runs is the figure least disturbed by others.
    for fmt in args.formats.split(","):
        runs = [run_export(fmt) for _ in range(args.repeat)]
        elapsed, cpu, size = min(runs)
        rate = n / elapsed
        verdict = "OK" if rate >= 20_000 else "BELOW TARGET"
        print(
            f"{fmt:12s} {n:,} rows in {elapsed:.2f}s = {rate:,.0f} rows/s ({verdict}); "
            f"CPU here {cpu:.2f}s; {size / 1e6:.1f} MB written; "
            f"all runs {', '.join(f'{n / r[0]:,.0f}' for r in runs)} rows/s; "
            f"peak RSS so far {peak_rss_mb():.0f} MB"
        )
    rss = peak_rss_mb()
    print(
        f"peak RSS of the process (ru_maxrss): {rss:.0f} MB "
        f"({'OK' if rss < 200 else 'ABOVE TARGET'}, target < 200 MB)"
    )

    if not args.no_tracemalloc:
        for fmt in args.formats.split(","):
            tracemalloc.start()
            run_export(fmt)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"{fmt:12s} tracemalloc peak of the export loop: {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
