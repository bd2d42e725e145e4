"""Benchmark: the queue, the claim page and "Review next" over 1,000,000 claims (PostgreSQL).

    .venv/bin/python bench/bench_queue.py [--claims 1000000] [--reload] [--iterations 60]
        [--without-queue-indexes]

Creates (and migrates) a throwaway database, `bench_queue` by default (BENCH_DATABASE_URL to
change it), loads 100,000 articles and 1,000,000 claims with COPY (statuses spread as on a
working desk: most claims new, a quarter approved with verdicts), runs ANALYZE, then times the
real views in-process through Django's test Client, so middleware, session, templates and
SQL are all counted. Prints the median and 90th percentile server time and the SQL query
count of each: queue first page, a filtered page, a text search, the claim page, and
"Review next". Targets: pages < 50 ms median, Review next < 20 ms median.

The data stays in that database, outside the repository; `--reload` rebuilds it. Migrations
are applied on every run, so a new index migration is measured by simply running it again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pg import configure, ensure_database

DB_URL = configure("bench_queue")

CLAIMS_PER_ARTICLE = 10
OUTLETS = [f"Outlet {i}" for i in range(50)]
SPEAKERS = [f"Speaker {i}" for i in range(300)]
TOPICS = [
    "unemployment",
    "inflation",
    "housing",
    "crime",
    "migration",
    "schools",
    "hospitals",
    "taxes",
    "wages",
    "pensions",
    "energy",
    "emissions",
    "tariffs",
    "exports",
    "budget",
    "deficit",
    "debt",
    "police",
    "vaccines",
    "rents",
]
TYPES = ["quantity", "comparison", "policy", "causal", "prediction", "event", "opinion"]
# (status, share of claims): a desk that has been running for a while.
STATUSES = [
    ("new", 0.65),
    ("in_review", 0.03),
    ("awaiting_approval", 0.02),
    ("approved", 0.25),
    ("rejected", 0.05),
]


def _status_for(i: int, n: int) -> str:
    # Deterministic spread, interleaved so every page of any order sees the mix.
    x = (i * 7919) % 1000 / 1000
    edge = 0.0
    for status, share in STATUSES:
        edge += share
        if x < edge:
            return status
    return "new"


def load(n_claims: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from claims.models import Claim, Rating

    if Claim.objects.exists():
        print(f"Reusing the loaded data ({Claim.objects.count():,} claims).")
        return
    rng = random.Random(5)
    users = get_user_model()
    reviewer, _ = users.objects.get_or_create(username="bench-reviewer")
    reviewer.groups.add(Group.objects.get(name="reviewer"))
    editor, _ = users.objects.get_or_create(username="bench-editor")
    editor.groups.add(Group.objects.get(name="editor"))
    desk = []
    for i in range(20):
        u, _ = users.objects.get_or_create(username=f"bench-desk{i}")
        u.groups.add(Group.objects.get(name="reviewer"))
        desk.append(u.pk)
    ratings = list(Rating.objects.filter(retired=False).values_list("id", flat=True))
    n_articles = (n_claims + CLAIMS_PER_ARTICLE - 1) // CLAIMS_PER_ARTICLE
    start = datetime(2024, 1, 1, tzinfo=UTC)
    started = time.perf_counter()

    sentences = []
    for k in range(CLAIMS_PER_ARTICLE):
        sentences.append(f"Sentence {k}: the figure for item {k} rose by {k + 3} percent. ")
    offsets = []
    pos = 0
    for s in sentences:
        offsets.append((pos, pos + len(s) - 1))
        pos += len(s)

    with transaction.atomic(), connection.cursor() as cursor:
        # The generated rows are consistent by construction; skipping the per-row foreign-key
        # triggers (bench only) turns minutes of checks into nothing.
        cursor.execute("SET LOCAL session_replication_role = replica")
        with cursor.copy(
            "COPY claims_article (id, title, outlet, url, author, published, body, content_hash,"
            " submitted_by_id, created, extraction_status, extraction_error, extracted_at)"
            " FROM STDIN"
        ) as copy:
            for a in range(1, n_articles + 1):
                body = "".join(sentences) + f"Article {a} ends here."
                created = start + timedelta(minutes=a * 5)
                copy.write_row(
                    (
                        a,
                        f"Article {a} about {TOPICS[a % len(TOPICS)]}",
                        OUTLETS[a % len(OUTLETS)],
                        f"https://news.example/{a}",
                        "Reporter",
                        created.date(),
                        body,
                        hashlib.sha256(body.encode()).hexdigest(),
                        reviewer.pk,
                        created,
                        "done",
                        "",
                        created,
                    )
                )
        print(f"  articles copied in {time.perf_counter() - started:.1f} s")
        verdict_rows = []
        empty = json.dumps([])
        qty = json.dumps([{"text": "3 percent", "value": 3, "unit": "%", "kind": "percent"}])
        with cursor.copy(
            'COPY claims_claim (id, article_id, start, "end", quote, statement, type, score,'
            " checkworthy, speaker, quantities, status, assignee_id, assigned_at, version,"
            " origin, created_by_id, current_verdict_id, public_id, created, updated)"
            " FROM STDIN"
        ) as copy:
            for c in range(1, n_claims + 1):
                a = (c - 1) // CLAIMS_PER_ARTICLE + 1
                k = (c - 1) % CLAIMS_PER_ARTICLE
                status = _status_for(c, n_claims)
                topic = TOPICS[rng.randrange(len(TOPICS))]
                other = TOPICS[rng.randrange(len(TOPICS))]
                speaker = SPEAKERS[rng.randrange(len(SPEAKERS))]
                statement = (
                    f"{speaker} said {topic} rose by {rng.randrange(1, 60)} percent "
                    f"while {other} fell"
                )
                created = start + timedelta(minutes=a * 5, seconds=k)
                verdict_id = None
                assignee = assigned = None
                if status in {"awaiting_approval", "approved"}:
                    verdict_id = len(verdict_rows) + 1
                    verdict_rows.append((verdict_id, c, status, created))
                if status in {"in_review", "awaiting_approval"}:
                    assignee = desk[c % len(desk)]
                    assigned = created
                copy.write_row(
                    (
                        c,
                        a,
                        offsets[k][0],
                        offsets[k][1],
                        sentences[k].strip(),
                        statement,
                        TYPES[rng.randrange(len(TYPES))],
                        round(rng.random(), 4),
                        rng.random() < 0.4,
                        speaker,
                        qty if k % 3 == 0 else empty,
                        status,
                        assignee,
                        assigned,
                        1,
                        "extractor",
                        None,
                        verdict_id,
                        uuid.UUID(int=rng.getrandbits(128), version=4),
                        created,
                        created,
                    )
                )
        print(f"  claims copied in {time.perf_counter() - started:.1f} s")
        with cursor.copy(
            "COPY claims_verdict (id, claim_id, rating_id, rationale, confidence, reviewer_id,"
            " created, approved_by_id, approved_at, withdrawn_at, supersedes_id,"
            " correction_reason) FROM STDIN"
        ) as copy:
            for vid, claim_id, status, created in verdict_rows:
                approved = status == "approved"
                copy.write_row(
                    (
                        vid,
                        claim_id,
                        ratings[vid % len(ratings)],
                        "The **official figures** show otherwise.",
                        "medium",
                        desk[vid % len(desk)],
                        created,
                        editor.pk if approved else None,
                        created + timedelta(days=1) if approved else None,
                        None,
                        None,
                        "",
                    )
                )
        print(f"  {len(verdict_rows):,} verdicts copied in {time.perf_counter() - started:.1f} s")
        for table, column in [
            ("claims_article", "id"),
            ("claims_claim", "id"),
            ("claims_verdict", "id"),
        ]:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                f" (SELECT MAX({column}) FROM {table}))"
            )
    print(
        f"Loaded {n_articles:,} articles and {n_claims:,} claims in "
        f"{time.perf_counter() - started:.1f} s"
    )


def analyze() -> None:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        # VACUUM sets the visibility map, which index-only scans (the counts) rely on.
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE in {time.perf_counter() - started:.1f} s")


def measure(label: str, call, iterations: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        call(0)
    times = []
    for i in range(iterations):
        t0 = time.perf_counter()
        response = call(i + 1)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code in (200, 302), (label, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        call(iterations + 1)
    times.sort()
    median = statistics.median(times)
    p90 = times[int(len(times) * 0.9) - 1]
    print(f"{label:<44} median {median:7.1f} ms   p90 {p90:7.1f} ms   {len(ctx):3d} queries")
    return median, p90, len(ctx)


def run(iterations: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from claims.models import Claim, Comment, Source

    users = get_user_model()
    reviewer = users.objects.get(username="bench-reviewer")
    editor = users.objects.get(username="bench-editor")
    client = Client()
    client.force_login(reviewer)
    editor_client = Client()
    editor_client.force_login(editor)

    # A claim page with some life in it: sources, comments and history.
    claim = Claim.objects.filter(status="awaiting_approval").order_by("id").first()
    if not Source.objects.filter(claim=claim).exists():
        for n in range(3):
            Source.objects.create(
                claim=claim, url=f"https://stats.example/{n}", title=f"Table {n}", kind="primary"
            )
            Comment.objects.create(claim=claim, author=reviewer, body=f"Note {n}")
    sample = list(
        Claim.objects.filter(
            id__in=[random.Random(i).randrange(1, 1_000_000) for i in range(50)]
        ).values_list("id", flat=True)
    )

    results = {}
    results["queue"] = measure(
        "Queue, first page (25, default filters)", lambda i: client.get("/queue/"), iterations
    )
    results["queue100"] = measure(
        "Queue, first page (100 per page)",
        lambda i: client.get("/queue/?per_page=100"),
        iterations,
    )
    results["filtered"] = measure(
        "Queue, filtered (type, unassigned)",
        lambda i: client.get(f"/queue/?type={TYPES[i % len(TYPES)]}&assignee=unassigned"),
        iterations,
    )
    results["filtered_outlet"] = measure(
        "Queue, filtered (type, outlet, unassigned)",
        lambda i: client.get(f"/queue/?type=policy&outlet=Outlet+{i % 50}&assignee=unassigned"),
        iterations,
    )
    results["verdict"] = measure(
        "Queue, approved with rating, newest first",
        lambda i: client.get(f"/queue/?status=approved&verdict={1 + i % 5}&sort=newest"),
        iterations,
    )
    results["search_selective"] = measure(
        "Queue, text search (two topics, ~0.5% match)",
        lambda i: client.get(
            f"/queue/?q={TOPICS[i % len(TOPICS)]}+{TOPICS[(i + 7) % len(TOPICS)]}"
        ),
        iterations,
    )
    results["search"] = measure(
        "Queue, text search (topic + 'rose', ~10% match)",
        lambda i: client.get(f"/queue/?q={TOPICS[i % len(TOPICS)]}+rose"),
        iterations,
    )
    results["claim"] = measure(
        "Claim page (editor, with sources/comments)",
        lambda i: editor_client.get(f"/claims/{claim.pk}/"),
        iterations,
    )
    results["claim_random"] = measure(
        "Claim page (random claims)",
        lambda i: client.get(f"/claims/{sample[i % len(sample)]}/"),
        iterations,
    )
    results["next"] = measure(
        "Review next (POST /queue/next/)", lambda i: client.post("/queue/next/"), iterations
    )
    results["next_filtered"] = measure(
        "Review next, filtered (type=causal)",
        lambda i: client.post("/queue/next/", {"type": "causal"}),
        iterations,
    )
    print()
    pages = ["queue", "filtered", "claim"]
    ok_pages = all(results[k][0] < 50 for k in pages)
    ok_next = results["next"][0] < 20
    print(
        f"Targets: pages < 50 ms median: {'met' if ok_pages else 'NOT met'}; "
        f"Review next < 20 ms median: {'met' if ok_next else 'NOT met'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--reload", action="store_true", help="drop and rebuild the database")
    parser.add_argument("--iterations", type=int, default=60)
    parser.add_argument(
        "--without-queue-indexes",
        action="store_true",
        help="roll the claims app back to migration 0002 to measure without the queue indexes",
    )
    args = parser.parse_args()

    ensure_database(DB_URL, recreate=args.reload)
    import django

    django.setup()
    from django.core.management import call_command

    if args.without_queue_indexes:
        # The "before" figures: the schema as it was before this feature's index migrations.
        call_command("migrate", "claims", "0002", verbosity=0)
    else:
        call_command("migrate", verbosity=0)
    load(args.claims)
    analyze()
    run(args.iterations)


if __name__ == "__main__":
    main()
