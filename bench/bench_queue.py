"""Benchmark: every queue view, the claim page and "Review next" over 1,000,000 claims
(PostgreSQL), fresh after VACUUM and again after 10,000 writes with autovacuum off.

    .venv/bin/python bench/bench_queue.py [--claims 1000000] [--reload] [--iterations 30]
        [--writes 10000] [--record FILE] [--before bench/queue_before.json] [--only KEY,...]

Creates (and migrates) a throwaway database, `bench_i15_queue` by default (BENCH_DATABASE_URL
to change it), loads 100,000 articles, 1,000,000 claims and ~270,000 verdicts with COPY once
and reuses them on later runs (`--reload` rebuilds), runs VACUUM ANALYZE, then times the
real views in-process through Django's test Client, so middleware, session, templates and
SQL are all counted: the queue under each status, type, outlet, speaker, assignee and
verdict filter, each sort and text search; the claim page; "Review next". Then it turns
autovacuum off for the claims and verdicts tables, makes --writes single-row changes as a
desk would (assignments, verdicts in force, approvals, rejections, edits), and times every
row again before turning autovacuum back on.

Each row prints its median and 90th percentile, the query count, the median recorded
before this work (bench/queue_before.json, made by this bench run on the code before it with
`--record bench/queue_before.json`) and whether the median meets the row's target: queue
views < 30 ms, the claim page < 20 ms, Review next < 8 ms. The last line judges every row.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pg import configure, ensure_database

DB_URL = configure("bench_i15_queue")
BEFORE_FILE = Path(__file__).resolve().parent / "queue_before.json"
TARGETS = {"queue": 30.0, "claim": 20.0, "next": 8.0}

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
    labels = dict(Rating.objects.values_list("id", "label"))
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
            " correction_reason, published_label) FROM STDIN"
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
                        # The label as published is copied at approval (migration 0008).
                        labels[ratings[vid % len(ratings)]] if approved else "",
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
    rebuild_counts()
    print(
        f"Loaded {n_articles:,} articles and {n_claims:,} claims in "
        f"{time.perf_counter() - started:.1f} s"
    )


def rebuild_counts() -> None:
    """COPY under session_replication_role = replica skips the triggers that keep the
    queue's counts (migration 0009) and speaker texts (0014), so a bulk load refills them
    once at the end."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('claims_queuecount') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return  # The code before the counts table: nothing to fill.
        cursor.execute("TRUNCATE claims_queuecount")
        cursor.execute(
            "INSERT INTO claims_queuecount (status, type, verdict_rating, n) "
            "SELECT c.status, c.type, COALESCE(v.rating_id, 0), count(*) FROM claims_claim c "
            "LEFT JOIN claims_verdict v ON v.id = c.current_verdict_id GROUP BY 1, 2, 3"
        )
        # The speaker texts the speaker filter looks up first (migration 0014).
        cursor.execute("SELECT to_regclass('claims_speakername') IS NOT NULL")
        if cursor.fetchone()[0]:
            from importlib import import_module

            fill = import_module("claims.migrations.0016_queue_speaker_index").SPEAKERS_FILL
            cursor.execute(fill)


def analyze() -> None:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        # VACUUM sets the visibility map, which index-only scans rely on.
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE in {time.perf_counter() - started:.1f} s")


def measure(call, iterations: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(3):
        call(i)
    times = []
    for i in range(iterations):
        t0 = time.perf_counter()
        response = call(i + 3)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code in (200, 302), response.status_code
    with CaptureQueriesContext(connection) as ctx:
        call(iterations + 3)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.9) - 1)], len(ctx)


def rows(claim_pk: int, sample: list[int], ratings: list[int]):
    """(key, label, kind, client name, call(i) -> response) for every view the bench times."""
    q = "/queue/?"
    rated = ratings or [1]
    yield "queue", "Queue, first page (25, default filters)", "queue", "r", lambda i: q
    yield "queue100", "Queue, first page (100 per page)", "queue", "r", lambda i: q + "per_page=100"
    for status in ["all", "new", "in_review", "awaiting_approval", "approved", "rejected"]:
        yield (
            f"status_{status}",
            f"Queue, status={status}",
            "queue",
            "r",
            lambda i, s=status: q + f"status={s}",
        )
    for sort in ["oldest", "newest", "updated"]:
        yield f"sort_{sort}", f"Queue, sort={sort}", "queue", "r", lambda i, s=sort: q + f"sort={s}"
        yield (
            f"sort_all_{sort}",
            f"Queue, any status, sort={sort}",
            "queue",
            "r",
            lambda i, s=sort: q + f"status=all&sort={s}",
        )
    yield "type", "Queue, type=<each type>", "queue", "r", lambda i: q + f"type={TYPES[i % 7]}"
    yield (
        "outlet",
        "Queue, outlet=<one of 50>",
        "queue",
        "r",
        lambda i: q + f"outlet=Outlet+{i % 50}",
    )
    yield (
        "speaker",
        "Queue, speaker=<one of 300>",
        "queue",
        "r",
        lambda i: q + f"speaker=Speaker+{100 + i % 200}",
    )
    yield "me", "Queue, assignee=me", "queue", "r", lambda i: q + "assignee=me&status=all"
    yield (
        "unassigned",
        "Queue, assignee=unassigned",
        "queue",
        "r",
        lambda i: q + "assignee=unassigned",
    )
    yield (
        "verdict",
        "Queue, any status, verdict=<each rating>",
        "queue",
        "r",
        lambda i: q + f"status=all&verdict={rated[i % len(rated)]}",
    )
    yield "verdict_none", "Queue, verdict=none", "queue", "r", lambda i: q + "verdict=none"
    yield (
        "article",
        "Queue, article=<one>",
        "queue",
        "r",
        lambda i: q + f"status=all&article={1 + (i * 977) % 100_000}",
    )
    yield (
        "filtered",
        "Queue, filtered (type, unassigned)",
        "queue",
        "r",
        lambda i: q + f"type={TYPES[i % len(TYPES)]}&assignee=unassigned",
    )
    yield (
        "filtered_outlet",
        "Queue, filtered (type, outlet, unassigned)",
        "queue",
        "r",
        lambda i: q + f"type=policy&outlet=Outlet+{i % 50}&assignee=unassigned",
    )
    yield (
        "verdict_newest",
        "Queue, approved with rating, newest first",
        "queue",
        "r",
        lambda i: q + f"status=approved&verdict={1 + i % 5}&sort=newest",
    )
    yield (
        "search_selective",
        "Queue, text search (two topics, ~0.5% match)",
        "queue",
        "r",
        lambda i: q + f"q={TOPICS[i % len(TOPICS)]}+{TOPICS[(i + 7) % len(TOPICS)]}",
    )
    yield (
        "search",
        "Queue, text search (topic + 'rose', ~10% match)",
        "queue",
        "r",
        lambda i: q + f"q={TOPICS[i % len(TOPICS)]}+rose",
    )
    yield (
        "search_all_newest",
        "Queue, text search, any status, newest",
        "queue",
        "r",
        lambda i: q + f"q={TOPICS[i % len(TOPICS)]}&status=all&sort=newest",
    )
    yield (
        "claim",
        "Claim page (editor, with sources/comments)",
        "claim",
        "e",
        lambda i: f"/claims/{claim_pk}/",
    )
    yield (
        "claim_random",
        "Claim page (random claims)",
        "claim",
        "r",
        lambda i: f"/claims/{sample[i % len(sample)]}/",
    )
    yield "next", "Review next (POST /queue/next/)", "next", "r", None
    yield "next_filtered", "Review next, filtered (type=causal)", "next", "r", {"type": "causal"}


def run(
    iterations: int,
    phase: str,
    before: dict[str, float],
    record: dict[str, float],
    only: frozenset[str] = frozenset(),
) -> bool:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from claims.models import Claim, Comment, Rating, Source

    users = get_user_model()
    reviewer = users.objects.get(username="bench-reviewer")
    editor = users.objects.get(username="bench-editor")
    clients = {"r": Client(), "e": Client()}
    clients["r"].force_login(reviewer)
    clients["e"].force_login(editor)

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
    ratings = list(Rating.objects.values_list("id", flat=True))
    print(f"\n== {phase} (load average {os.getloadavg()[0]:.1f} on this shared machine) ==")
    print(f"{'':<48} {'median':>8} {'p90':>8} {'SQL':>4} {'before':>8} {'target':>7}  verdict")
    all_met = True
    for key, label, kind, who, target_call in rows(claim.pk, sample, ratings):
        if only and key not in only:
            continue
        client = clients[who]
        if kind == "next":
            data = target_call or {}
            call = lambda i, c=client, d=data: c.post("/queue/next/", d)  # noqa: E731
        else:
            call = lambda i, c=client, u=target_call: c.get(u(i))  # noqa: E731
        median, p90, queries = measure(call, iterations)
        record[key] = round(median, 1)
        target = TARGETS[kind]
        met = median < target
        all_met &= met
        was = before.get(key)
        was_text = f"{was:6.1f}ms" if was is not None else "     n/a"
        print(
            f"{label:<48} {median:6.1f}ms {p90:6.1f}ms {queries:4d} {was_text} "
            f"{'<' + str(int(target)) + 'ms':>7}  {'met' if met else 'NOT met'}"
        )
    return all_met


def desk_writes(n: int) -> None:
    """n single-row changes in autocommit, the mix a working desk makes."""
    from django.contrib.auth import get_user_model
    from django.db.models import F
    from django.utils import timezone

    from claims.models import Claim, Rating, Verdict

    users = get_user_model()
    desk = list(
        users.objects.filter(username__startswith="bench-desk").values_list("pk", flat=True)
    )
    ratings = list(Rating.objects.filter(retired=False).values_list("id", flat=True))
    rng = random.Random(11)
    started = time.perf_counter()
    top = Claim.objects.order_by("-id").values_list("id", flat=True).first()
    for k in range(n):
        pk = rng.randrange(1, top + 1)
        now = timezone.now()
        kind = k % 5
        qs = Claim.objects.filter(pk=pk)
        if kind == 0:  # taken for review (a live assignment)
            qs.update(
                status="in_review",
                assignee_id=desk[k % len(desk)],
                assigned_at=now,
                version=F("version") + 1,
            )
        elif kind == 1:  # a verdict put in force, waiting for approval
            verdict = Verdict.objects.create(
                claim_id=pk,
                rating_id=ratings[k % len(ratings)],
                rationale="Checked.",
                reviewer_id=desk[k % len(desk)],
            )
            qs.update(status="awaiting_approval", current_verdict=verdict, version=F("version") + 1)
        elif kind == 2:  # approved
            qs.update(status="approved", version=F("version") + 1)
        elif kind == 3:  # rejected
            qs.update(status="rejected", assignee=None, assigned_at=None, version=F("version") + 1)
        else:  # an edit of the statement
            qs.update(statement=F("statement"), version=F("version") + 1)
    print(f"{n:,} writes in {time.perf_counter() - started:.1f} s (autovacuum off)")


def autovacuum(enabled: bool) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("claims_claim", "claims_verdict", "claims_queuecount"):
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
            if not cursor.fetchone()[0]:
                continue
            if enabled:
                cursor.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled)")
            else:
                cursor.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--reload", action="store_true", help="drop and rebuild the database")
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--writes", type=int, default=10_000)
    parser.add_argument(
        "--record",
        type=Path,
        help="write the medians to this file (with the code before a change: the before file)",
    )
    parser.add_argument(
        "--before", type=Path, default=BEFORE_FILE, help="the medians to print as 'before'"
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated row keys to time (as in the --record file), e.g. speaker,next",
    )
    args = parser.parse_args()
    only = frozenset(k for k in args.only.split(",") if k)

    ensure_database(DB_URL, recreate=args.reload)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    load(args.claims)
    analyze()
    before = {}
    if args.before.exists() and args.before != args.record:
        before = json.loads(args.before.read_text())
    fresh: dict[str, float] = {}
    after: dict[str, float] = {}
    ok_fresh = run(args.iterations, "After VACUUM ANALYZE", before.get("fresh", {}), fresh, only)
    autovacuum(False)
    try:
        desk_writes(args.writes)
        ok_after = run(
            args.iterations,
            f"After {args.writes:,} writes, autovacuum off",
            before.get("after_writes", {}),
            after,
            only,
        )
    finally:
        autovacuum(True)
    if args.record:
        args.record.write_text(json.dumps({"fresh": fresh, "after_writes": after}, indent=1))
        print(f"Recorded these medians in {args.record}")
    print(
        "\nTargets (queue views < 30 ms, claim page < 20 ms, Review next < 8 ms median), every "
        f"row above: {'met' if ok_fresh and ok_after else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
