"""Benchmark: the dashboard and a speaker's pages over 1,000,000 claims and 300,000 verdicts.

    .venv/bin/python bench/bench_dashboard.py [--claims 1000000] [--reload] [--iterations 40]

Builds a throwaway PostgreSQL database, `bench_dashboard` by default (BENCH_DATABASE_URL to
change it), with bench_queue's data builder (COPY: 100,000 articles, 1,000,000 claims, of
which a quarter approved), adds 30,000 sent-back verdicts on the claims in review (300,000
verdicts in all), files 1,000 checked claims under one speaker ("Karine Jean-Pierre"), builds
the speaker index in SQL and recounts the tallies (COPY ran with triggers off), then VACUUM
ANALYZE. Times the real views through Django's test Client (middleware, session, templates
and SQL all counted) and prints the median and 90th percentile server time and the number of
SQL queries. Target: under 100 ms median for the dashboard and the speaker page.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# bench_queue configures its own database at import; point it at ours first.
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_dashboard")
from _pg import configure, ensure_database

DB_URL = configure("bench_dashboard")

import bench_queue  # noqa: E402

SPEAKER = "Karine Jean-Pierre"
SENT_BACK = "Needs a primary source."
MONTH = "start=2024-06-01&end=2024-06-30&group=day"
YEAR = "start=2024-01-01&end=2024-12-31&group=week"


def prepare() -> None:
    from django.db import connection, transaction

    from claims.dashboard import tally
    from claims.models import Speaker, Verdict

    if Speaker.objects.filter(name=SPEAKER).exists():
        print("Reusing the speaker index and tallies.")
        return
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        # Triggers off (bench only): the tallies are recounted once at the end.
        cursor.execute("SET LOCAL session_replication_role = replica")
        # Sent back once: a verdict that was never approved, on each claim now in review.
        cursor.execute("SELECT 1 FROM claims_verdict WHERE rationale = %s LIMIT 1", [SENT_BACK])
        if cursor.fetchone() is None:
            cursor.execute(
                "INSERT INTO claims_verdict (claim_id, rating_id, rationale, confidence,"
                " reviewer_id, created, approved_by_id, approved_at, withdrawn_at, supersedes_id,"
                " correction_reason, published_label)"
                " SELECT c.id, (SELECT MIN(id) FROM claims_rating), %s,"
                " 'medium', c.assignee_id, c.created + interval '3 hours',"
                " NULL, NULL, NULL, NULL, '', ''"
                " FROM claims_claim c WHERE c.status = 'in_review'",
                [SENT_BACK],
            )
        # One speaker quoted in 1,000 checked claims, spread over the year.
        cursor.execute(
            "UPDATE claims_claim SET speaker = %s WHERE id IN (SELECT id FROM claims_claim"
            " WHERE status = 'approved' AND id %% 250 = 0 ORDER BY id LIMIT 1000)"
            " AND speaker <> %s",
            [SPEAKER, SPEAKER],
        )
        # The speaker index in one statement per table; the names are all full names, so
        # each distinct text is one record, as speakers_sync_article would file them.
        cursor.execute(
            "INSERT INTO claims_speaker (name, slug, key, surname, created)"
            " SELECT speaker, lower(replace(speaker, ' ', '-')), lower(speaker),"
            " lower(split_part(speaker, ' ', -1)), now()"
            " FROM (SELECT DISTINCT speaker FROM claims_claim WHERE speaker <> '') s"
        )
        cursor.execute(
            "INSERT INTO claims_speakermention (claim_id, speaker_id)"
            " SELECT c.id, s.id FROM claims_claim c JOIN claims_speaker s ON s.name = c.speaker"
        )
    tally.rebuild()
    print(
        f"Added sent-back verdicts ({Verdict.objects.count():,} verdicts now), the speaker index"
        f" and the tallies in {time.perf_counter() - started:.1f} s"
    )


def run(iterations: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from claims.models import Speaker
    from claims.services import speaker_publish

    users = get_user_model()
    editor = users.objects.get(username="bench-editor")
    client = Client()
    client.force_login(editor)
    speaker = Speaker.objects.get(name=SPEAKER)
    speaker_publish(speaker=speaker, publish=True, actor=editor)
    checked = speaker.mentions.filter(claim__current_verdict__isnull=False).count()
    print(f"{SPEAKER}: {speaker.mentions.count():,} claims, {checked:,} checked\n")
    htmx = {"HTTP_HX_REQUEST": "true"}
    def measure(label: str, call, n: int) -> tuple[float, float, int]:
        median, p90, queries = bench_queue.measure(call, n)
        print(f"{label:<45} median {median:7.1f} ms  p90 {p90:7.1f} ms  {queries:3d} queries")
        return median, p90, queries

    results = {
        "dash": measure(
            "Dashboard, June 2024 per day", lambda i: client.get(f"/dashboard/?{MONTH}"), iterations
        ),
        "dash_htmx": measure(
            "Dashboard, June 2024, htmx swap",
            lambda i: client.get(f"/dashboard/?{MONTH}", **htmx),
            iterations,
        ),
        "dash_year": measure(
            "Dashboard, 2024 per week", lambda i: client.get(f"/dashboard/?{YEAR}"), iterations
        ),
        "dash_default": measure(
            "Dashboard, default range (last 30 days)",
            lambda i: client.get("/dashboard/"),
            iterations,
        ),
        "csv": measure(
            "CSV, published panel, 2024",
            lambda i: client.get(f"/dashboard/published.csv?{YEAR}"),
            iterations,
        ),
        "speaker": measure(
            f"Speaker page ({checked:,} checked claims)",
            lambda i: client.get(f"/speakers/{speaker.slug}/"),
            iterations,
        ),
        "public": measure(
            "Public speaker page",
            lambda i: Client().get(f"/v/speakers/{speaker.slug}/"),
            iterations,
        ),
    }
    print()
    ok = all(results[k][0] < 100 for k in ("dash", "dash_year", "speaker", "public"))
    print(f"Target: dashboard and speaker pages < 100 ms median: {'met' if ok else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--reload", action="store_true", help="drop and rebuild the database")
    parser.add_argument("--iterations", type=int, default=40)
    args = parser.parse_args()

    ensure_database(DB_URL, recreate=args.reload)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    bench_queue.load(args.claims)
    prepare()
    bench_queue.analyze()
    run(args.iterations)


if __name__ == "__main__":
    main()
