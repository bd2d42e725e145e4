"""Benchmark: the claim page and its writes (add source, save verdict, send back, approve,
comment) over the 1,000,000-claim desk of bench_queue.py, on PostgreSQL.

    .venv/bin/python bench/bench_claim_writes.py [--claims 1000000] [--rounds 30]
        [--record FILE] [--before bench/claim_writes_before.json]

Creates (and migrates) `bench_i15w_claims` (BENCH_DATABASE_URL to change it), loads it with
bench_queue.py's loader once and reuses it. Every request goes in-process through Django's
test Client as htmx sends it (HX-Request), logged in, so middleware, session, authentication,
the view, the service and the template are all counted. Each round takes a fresh "new" claim
through the desk's cycle: a reviewer adds a source, saves a verdict, an editor sends it back,
the reviewer saves again, the editor approves, and a comment is posted. Statements are counted
(CaptureQueriesContext) on an extra round apart from the timed ones, so counting costs no
time. Each row prints the median and p90 server time (wall clock), the median CPU time of the
Django process (the server's own work without waiting on PostgreSQL or on the other processes
of a loaded machine: on this shared 2-core machine wall clock mostly measures the queue for a
core), the statement count (BEGIN and COMMIT included), the before figures
(bench/claim_writes_before.json, recorded with `--record` on the code before the change) and
the verdict against the targets: writes in at most 12 statements and under 10 ms, the claim
page under 20 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pg import configure, ensure_database

DB_URL = configure("bench_i15w_claims")
# bench_queue reads BENCH_DATABASE_URL when imported: keep it on this bench's database.
os.environ["BENCH_DATABASE_URL"] = DB_URL
BEFORE_FILE = Path(__file__).resolve().parent / "claim_writes_before.json"
WRITE_MS, WRITE_SQL, PAGE_MS = 10.0, 12, 20.0
HX = {"HTTP_HX_REQUEST": "true"}


def _steps(claim_id: int, reviewer_client, editor_client):
    """The desk's cycle on one claim: (key, label, call) in order; each call reads what it
    needs (version, verdict) before the timed request."""
    from claims.models import Claim

    def version() -> int:
        return Claim.objects.values_list("version", flat=True).get(pk=claim_id)

    def pending() -> int:
        return Claim.objects.values_list("current_verdict_id", flat=True).get(pk=claim_id)

    base = f"/claims/{claim_id}/"

    def source():
        data = {"url": f"https://stats.example/{claim_id}", "kind": "primary"}
        data["relation"] = "supports"
        return lambda: reviewer_client.post(base + "sources/", data, **HX)

    def verdict(rating: int):
        data = {"rating": rating, "rationale": "The **figures** say so.", "confidence": "high"}
        data["version"] = version()
        return lambda: reviewer_client.post(base + "verdict/", data, **HX)

    def send_back():
        data = {"note": "Check the second table.", "version": version()}
        return lambda: editor_client.post(base + "send-back/", data, **HX)

    def approve():
        data = {"version": version(), "verdict": pending()}
        return lambda: editor_client.post(base + "approve/", data, **HX)

    def comment():
        return lambda: reviewer_client.post(base + "comments/", {"body": "Looks right."}, **HX)

    return [
        ("source_add", "Add a source (htmx)", source),
        ("verdict_save", "Save a verdict (htmx)", lambda: verdict(_rating())),
        ("send_back", "Send back (htmx, editor)", send_back),
        ("verdict_save_again", "Save the verdict again (htmx)", lambda: verdict(_rating())),
        ("approve", "Approve (htmx, editor)", approve),
        ("comment_add", "Post a comment (htmx)", comment),
    ]


def _rating() -> int:
    from claims.models import Rating

    return Rating.objects.filter(retired=False).order_by("id").first().pk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--record", type=Path)
    parser.add_argument("--before", type=Path, default=BEFORE_FILE)
    args = parser.parse_args()

    ensure_database(DB_URL)
    import django

    django.setup()
    from bench_queue import analyze, load
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from claims.models import Claim, ClaimStatus, Comment, Source

    call_command("migrate", verbosity=0)
    if not Claim.objects.exists():
        with connection.cursor() as cursor:
            # bench_queue's COPY predates the verdicts' published snapshot (migration 0013):
            # let the approved verdicts it loads take an empty one.
            cursor.execute("ALTER TABLE claims_verdict ALTER COLUMN published_label SET DEFAULT ''")
        load(args.claims)
        analyze()
    else:
        print(f"Reusing the loaded data ({Claim.objects.order_by('-id').first().pk:,} claims).")
    from django.contrib.auth import get_user_model

    users = get_user_model()
    reviewer = users.objects.get(username="bench-reviewer")
    editor = users.objects.get(username="bench-editor")
    rc, ec = Client(), Client()
    rc.force_login(reviewer)
    ec.force_login(editor)

    before = json.loads(args.before.read_text()) if args.before.exists() else {}
    record: dict[str, dict[str, float]] = {}
    print(f"(load average {os.getloadavg()[0]:.1f} on this shared machine; in-process, htmx)")
    print(
        f"{'':<46} {'median':>8} {'p90':>8} {'CPU':>7} {'SQL':>4} {'before (median/CPU/SQL)':>26}"
        f" {'target':>12}  verdict"
    )

    # The claim page: an awaiting claim with three sources and three comments.
    page_claim = Claim.objects.filter(status="awaiting_approval").order_by("id").first()
    if not Source.objects.filter(claim=page_claim).exists():
        for n in range(3):
            Source.objects.create(
                claim=page_claim, url=f"https://stats.example/{n}", title=f"T {n}", kind="primary"
            )
            Comment.objects.create(claim=page_claim, author=reviewer, body=f"Note {n}")
    times, cpu = [], []
    for i in range(args.rounds + 3):
        t0, c0 = time.perf_counter(), time.process_time()
        response = ec.get(f"/claims/{page_claim.pk}/")
        if i >= 3:
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        ec.get(f"/claims/{page_claim.pk}/")
    all_met = _row(
        "claim_page",
        "Claim page GET (editor, 3 sources/3 comments)",
        (times, cpu),
        len(ctx),
        before,
        record,
        PAGE_MS,
        None,
    )

    # Fresh claims for the write cycle, taken by the reviewer (outside the timings).
    claims = list(
        Claim.objects.filter(status=ClaimStatus.NEW, sources__isnull=True)
        .order_by("-id")
        .values_list("id", flat=True)[: args.rounds + 4]
    )
    from django.utils import timezone

    Claim.objects.filter(id__in=claims).update(
        status=ClaimStatus.IN_REVIEW, assignee=reviewer, assigned_at=timezone.now()
    )
    timings: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    for n, claim_id in enumerate(claims):
        counting = n == len(claims) - 1
        for key, label, prepare in _steps(claim_id, rc, ec):
            labels[key] = label
            call = prepare()
            if counting:
                with CaptureQueriesContext(connection) as ctx:
                    response = call()
                counts[key] = len(ctx)
            else:
                t0, c0 = time.perf_counter(), time.process_time()
                response = call()
                elapsed = (time.perf_counter() - t0) * 1000
                used = (time.process_time() - c0) * 1000
                if n >= 3:  # the first rounds warm the caches
                    timings.setdefault(key, []).append(elapsed)
                    cpus.setdefault(key, []).append(used)
            assert response.status_code == 200, (key, response.status_code, response.content[:500])
    for key, label in labels.items():
        all_met &= _row(
            key, label, (timings[key], cpus[key]), counts[key], before, record, WRITE_MS, WRITE_SQL
        )
    if args.record:
        args.record.write_text(json.dumps(record, indent=1))
        print(f"Recorded these figures in {args.record}")
    print(
        f"\nTargets (writes <= {WRITE_SQL} statements and < {WRITE_MS:.0f} ms, claim page "
        f"< {PAGE_MS:.0f} ms median), every row above: {'met' if all_met else 'NOT met'}"
    )


def _row(key, label, samples, queries, before, record, ms_target, sql_target) -> bool:
    times, cpu = sorted(samples[0]), sorted(samples[1])
    median, cpu_median = statistics.median(times), statistics.median(cpu)
    p90 = times[max(0, int(len(times) * 0.9) - 1)]
    record[key] = {"ms": round(median, 1), "cpu": round(cpu_median, 1), "sql": queries}
    was = before.get(key)
    was_text = "n/a"
    if was:
        was_cpu = f"{was['cpu']:5.1f}" if "cpu" in was else "  n/a"
        was_text = f"{was['ms']:6.1f}ms {was_cpu}ms {was['sql']:3d}"
    # Judged on the CPU time: the wall clock here is mostly the wait for a core.
    met = cpu_median < ms_target and (sql_target is None or queries <= sql_target)
    target = f"<{ms_target:.0f}ms" + (f" <={sql_target}" if sql_target else "")
    print(
        f"{label:<46} {median:6.1f}ms {p90:6.1f}ms {cpu_median:5.1f}ms {queries:4d} "
        f"{was_text:>26} {target:>12}  {'met' if met else 'NOT met'}"
    )
    return met


if __name__ == "__main__":
    main()
