"""Benchmark: the dashboard and a speaker's pages over 1,000,000 claims and 300,000 verdicts.

    .venv/bin/python bench/bench_dashboard.py [--claims 1000000] [--reload] [--iterations 40]

Builds a throwaway PostgreSQL database, `bench_dashboard` by default (BENCH_DATABASE_URL to
change it), with bench_queue's data builder (COPY: 100,000 articles, 1,000,000 claims, of
which a quarter approved), adds 30,000 sent-back verdicts on the claims in review (300,000
verdicts in all), files 1,000 checked claims under one speaker ("Karine Jean-Pierre"), builds
the speaker index in SQL and recounts the tallies (COPY ran with triggers off), then VACUUM
ANALYZE. Times the real views through Django's test Client (middleware, session, templates
and SQL all counted) and prints the median and 90th percentile server time and the number of
SQL queries, beside the figures recorded before (bench/dashboard_before.json, written with
--record-before; the dashboard's filters did not exist then, so those rows have none). Target:
under 100 ms median for the dashboard and the speaker page.
"""

from __future__ import annotations

import argparse
import json
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
TYPE = "type=policy"
OUTLET = "outlet=Outlet+7"
BEFORE_FILE = Path(__file__).resolve().parent / "dashboard_before.json"


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


def run(iterations: int, record: bool = False) -> None:
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
    before = json.loads(BEFORE_FILE.read_text()) if BEFORE_FILE.exists() else {}

    def measure(key: str, label: str, call, n: int) -> tuple[float, float, int]:
        median, p90, queries = bench_queue.measure(call, n)
        was = before.get(key)
        then = f"{was[0]:7.1f} ms ({was[2]:2d} q) -> " if was else " " * 20
        print(f"{label:<48} {then}median {median:7.1f} ms  p90 {p90:7.1f} ms  {queries:3d} queries")
        return median, p90, queries

    pages = [
        ("dash", "Dashboard, June 2024 per day", f"/dashboard/?{MONTH}", {}),
        ("dash_htmx", "Dashboard, June 2024, htmx swap", f"/dashboard/?{MONTH}", htmx),
        ("dash_year", "Dashboard, 2024 per week", f"/dashboard/?{YEAR}", {}),
        ("dash_default", "Dashboard, default range (last 30 days)", "/dashboard/", {}),
        ("dash_type", "Dashboard, 2024 per week, one type", f"/dashboard/?{YEAR}&{TYPE}", {}),
        ("dash_outlet", "Dashboard, 2024 per week, one outlet", f"/dashboard/?{YEAR}&{OUTLET}", {}),
        (
            "dash_both",
            "Dashboard, 2024 per week, type and outlet",
            f"/dashboard/?{YEAR}&{TYPE}&{OUTLET}",
            {},
        ),
        ("csv", "CSV, published panel, 2024", f"/dashboard/published.csv?{YEAR}", {}),
        ("csv_waiting", "CSV, work waiting", "/dashboard/waiting.csv", {}),
        ("speaker", f"Speaker page ({checked:,} checked claims)", f"/speakers/{speaker.slug}/", {}),
    ]
    print("(before -> after: before from bench/dashboard_before.json, same data)")
    results = {
        key: measure(
            key, label, lambda i, url=url, extra=extra: client.get(url, **extra), iterations
        )
        for key, label, url, extra in pages
    }
    results["public"] = measure(
        "public",
        "Public speaker page",
        lambda i: Client().get(f"/v/speakers/{speaker.slug}/"),
        iterations,
    )
    if record:
        BEFORE_FILE.write_text(json.dumps(results, indent=1) + "\n")
        print(f"Recorded as the before figures in {BEFORE_FILE.name}")
    print()
    slow = [k for k, v in results.items() if not k.startswith("csv") and v[0] >= 100]
    verdict = "met" if not slow else "NOT met (" + ", ".join(slow) + ")"
    print(f"Target: dashboard and speaker pages < 100 ms median: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--reload", action="store_true", help="drop and rebuild the database")
    parser.add_argument("--iterations", type=int, default=40)
    parser.add_argument(
        "--record-before", action="store_true", help=f"save the figures as {BEFORE_FILE.name}"
    )
    args = parser.parse_args()

    ensure_database(DB_URL, recreate=args.reload)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    bench_queue.load(args.claims)
    prepare()
    bench_queue.analyze()
    run(args.iterations, record=args.record_before)


if __name__ == "__main__":
    main()
