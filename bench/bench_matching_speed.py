"""Benchmark: Checked before? at desk scale on PostgreSQL.

    .venv/bin/python bench/bench_matching_speed.py [--claims 1000000] [--archive 100000]
        [--reload] [--load-only] [--iterations 40] [--profile]
        [--before bench/matching_speed_before.json] [--record FILE]

Creates (and migrates) a throwaway database, `wt_i13_matching_bench` by default
(BENCH_DATABASE_URL to change it), loads desk claims with COPY (their statements drawn from a
Zipf-weighted vocabulary, the PolitiFact claims' words when shared/ is there, so common words are
common and the full-text engine sees realistic posting lists), VACUUM ANALYZEs as autovacuum
would, then measures, in-process:

1. importing the archive: a CSV of --archive fact-checks written to a temporary file and read
   by the real importer (claims.services.archive.archive_import), rows/s; then the same file
   again (every row unchanged) and a version with every rating changed (every row updated);
2. the "Checked before?" panel through Django's test Client (middleware, session, template,
   SQL), for claims already matched and for first views of claims never matched (which queue
   the match_claims_later task), and the queued task's work for one claim, as the worker runs it;
3. matching all claims of an 800-word article (claims.services.matching.article_match, as the
   extraction task runs it).

Each row prints the wall median and p90, the SQL time and statements, and the CPU time of this
process plus its PostgreSQL backend (the figure to compare on a loaded machine), beside the
medians of --before (the code before the matching-speed work) and the target. --record writes
this run's medians; --profile prints a cProfile of one article's matching. The data stays in
that database; `--reload` rebuilds it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pg import configure, ensure_database

DB_URL = configure("wt_i13_matching_bench")
# shared/ sits beside the main checkout; a worktree under wt/ is one level deeper.
DATA = next(
    (
        p / "shared/datasets/claim_retrieval"
        for p in Path(__file__).resolve().parents
        if (p / "shared/datasets/claim_retrieval").is_dir()
    ),
    Path("shared/datasets/claim_retrieval"),
)
CLAIMS_PER_ARTICLE = 20
# --synthetic-words: "word0".."word19999" even when shared/ is there (a desk loaded that way).
SYNTHETIC_WORDS = "--synthetic-words" in sys.argv
BEFORE_FILE = Path(__file__).resolve().parent / "matching_speed_before.json"
SPEAKERS = [f"Speaker{i} Name{i % 97}" for i in range(500)]


def vocabulary() -> list[str]:
    """Words by frequency: from the PolitiFact claims if the shared data is there (read by path,
    nothing copied), else a synthetic list."""
    import json
    from collections import Counter

    path = DATA / "clef2021-t2b-en-debates/verified_claims.jsonl"
    if path.exists() and not SYNTHETIC_WORDS:
        counts: Counter[str] = Counter()
        with path.open(encoding="utf-8") as f:
            for line in f:
                counts.update(w for w in json.loads(line)["claim"].split() if w.isalpha())
        return [w for w, _ in counts.most_common(20000)]
    return [f"word{i}" for i in range(20000)]


class Sentences:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = vocabulary()
        self.weights = [1 / (r + 1) for r in range(len(self.words))]
        self.cum = list(_accumulate(self.weights))

    def __call__(self) -> str:
        n = self.rng.randint(12, 22)
        words = self.rng.choices(self.words, cum_weights=self.cum, k=n)
        words.insert(self.rng.randint(0, n), f"{self.rng.randint(2, 990)} percent")
        return " ".join(words).capitalize() + "."


def _accumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


def load(n_claims: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from claims.models import Claim

    if Claim.objects.exists():
        print(f"Reusing the loaded desk ({Claim.objects.count():,} claims).")
        return
    users = get_user_model()
    reviewer, _ = users.objects.get_or_create(username="bench-reviewer")
    reviewer.groups.add(Group.objects.get(name="reviewer"))
    say = Sentences(13)
    n_articles = (n_claims + CLAIMS_PER_ARTICLE - 1) // CLAIMS_PER_ARTICLE
    start = datetime(2023, 1, 1, tzinfo=UTC)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        # The GIN index is built once after the load, not maintained row by row.
        cursor.execute("DROP INDEX IF EXISTS claim_search_vector_idx")
        claim_id = 0
        with cursor.copy(
            "COPY claims_article (id, title, outlet, url, author, published, body, content_hash,"
            " created, extraction_status, extraction_error) FROM STDIN"
        ) as articles:
            bodies = []
            for a in range(1, n_articles + 1):
                sents = [say() for _ in range(CLAIMS_PER_ARTICLE)]
                body = " ".join(sents)
                bodies.append(sents)
                created = start + timedelta(minutes=a)
                articles.write_row(
                    (
                        a,
                        f"Article {a}",
                        "Bench Outlet",
                        f"https://news.example/{a}",
                        "R",
                        created.date(),
                        body,
                        uuid.uuid4().hex + uuid.uuid4().hex,
                        created,
                        "done",
                        "",
                    )
                )
        with cursor.copy(
            'COPY claims_claim (id, article_id, start, "end", quote, statement, type, score,'
            " checkworthy, speaker, quantities, status, version, origin, public_id, created,"
            " updated) FROM STDIN"
        ) as claims:
            for a, sents in enumerate(bodies, 1):
                pos = 0
                created = start + timedelta(minutes=a)
                for s in sents:
                    claim_id += 1
                    if claim_id > n_claims:
                        break
                    claims.write_row(
                        (
                            claim_id,
                            a,
                            pos,
                            pos + len(s),
                            s,
                            s,
                            "event",
                            0.5,
                            True,
                            SPEAKERS[claim_id % len(SPEAKERS)],
                            "[]",
                            "approved" if claim_id % 4 == 0 else "new",
                            1,
                            "extractor",
                            uuid.uuid4(),
                            created,
                            created,
                        )
                    )
                    pos += len(s) + 1
        cursor.execute("SELECT setval('claims_article_id_seq', %s)", [n_articles])
        cursor.execute("SELECT setval('claims_claim_id_seq', %s)", [claim_id])
    print(
        f"Loaded {n_articles:,} articles, {claim_id:,} claims "
        f"in {time.perf_counter() - started:.0f}s"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # search_vector is a generated column, filled by COPY; only its GIN index was left out.
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS claim_search_vector_idx ON claims_claim "
            "USING gin (search_vector)"
        )
        cursor.execute("VACUUM ANALYZE")
    print(f"Built the GIN index in {time.perf_counter() - started:.0f}s")


def write_archive(path: Path, n: int, *, label: str) -> None:
    say = Sentences(29)
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(
            [
                "claim_reviewed",
                "review_url",
                "rating_label",
                "publisher",
                "published",
                "claimant",
                "title",
            ]
        )
        for i in range(n):
            out.writerow(
                [
                    say(),
                    f"https://archive.example/fc/{i}",
                    label,
                    "Bench Checks",
                    (date(2015, 1, 1) + timedelta(days=i % 3000)).isoformat(),
                    SPEAKERS[i % len(SPEAKERS)],
                    say(),
                ]
            )


def bench_import(n: int) -> None:
    from claims.services.archive import archive_import

    tmp = Path(tempfile.mkdtemp())
    for label, kind in (("False", "new"), ("False", "unchanged"), ("Mostly false", "updated")):
        path = tmp / f"archive-{kind}.csv"
        write_archive(path, n, label=label)
        started = time.perf_counter()
        with path.open("rb") as f:
            report = archive_import(stream=f, origin=str(path), actor=None)
        elapsed = time.perf_counter() - started
        print(
            f"import {kind:9}: {report.summary()} in {elapsed:.1f}s "
            f"= {report.read / elapsed:,.0f} rows/s"
        )
        path.unlink()
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum does after such a load: the GIN pending list merged, statistics read.
        cursor.execute("VACUUM ANALYZE claims_factcheck")


class SqlTime:
    """Time spent in the database (execute_wrapper), to split a figure into SQL and Python."""

    def __init__(self) -> None:
        self.ms = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - started) * 1000
            self.queries += 1


class BackendCpu:
    """CPU time of this connection's PostgreSQL backend (from /proc, when the server is on this
    machine and readable; else 0), so a figure can be read apart from the machine's load."""

    def __init__(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            self.path = Path(f"/proc/{cursor.fetchone()[0]}/stat")
        self.tick = os.sysconf("SC_CLK_TCK")

    def ms(self) -> float:
        try:
            fields = self.path.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) * 1000 / self.tick


def timed(fn, iterations: int) -> tuple[float, ...]:
    """Median and p90 wall ms; median SQL wall ms, statements, and CPU ms (this process plus
    its PostgreSQL backend: what the work costs on an idle machine, less I/O waits)."""
    from django.db import connection

    backend = BackendCpu()
    times, sql, counts, cpu = [], [], [], []
    for i in range(iterations):
        spy = SqlTime()
        with connection.execute_wrapper(spy):
            started, cpu0, be0 = time.perf_counter(), time.process_time(), backend.ms()
            fn(i)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu0) * 1000 + backend.ms() - be0)
        sql.append(spy.ms)
        counts.append(spy.queries)
    times.sort()
    return (
        statistics.median(times),
        times[int(0.9 * (len(times) - 1))],
        statistics.median(sql),
        statistics.median(counts),
        statistics.median(cpu),
    )


TARGETS = {"panel": 50.0, "panel_first": 50.0, "article": 500.0}
LABELS = {
    "panel": "panel, matched claim",
    "panel_first": "panel, first view (never matched)",
    "match_one": "worker: match one claim (the queued task)",
    "article": "match an 800-word article (20 claims)",
}


def report(results: dict[str, tuple[float, ...]], before: dict) -> None:
    print(
        f"{'':<44} {'median':>8} {'p90':>8} {'SQL ms':>7} {'stmts':>5} {'CPU ms':>7} "
        f"{'before':>8} {'CPU bef':>8} {'target':>7}  verdict"
    )
    for key, (med, p90, sql, n, cpu) in results.items():
        was, was_cpu = before.get(key), before.get(f"{key}_cpu")
        target = TARGETS.get(key)
        verdict = "" if target is None else ("met" if med < target else "MISSED")
        print(
            f"{LABELS[key]:<44} {med:8.1f} {p90:8.1f} {sql:7.1f} {n:5.0f} {cpu:7.0f} "
            f"{f'{was:.1f}' if was is not None else '-':>8} "
            f"{f'{was_cpu:.0f}' if was_cpu is not None else '-':>8} "
            f"{f'<{target:.0f}' if target else '':>7}  {verdict}"
        )
    print(
        "median/p90: wall ms; SQL ms: wall in the database; CPU ms: this process plus its "
        "PostgreSQL backend (parallel workers not counted). A verdict reads the wall median, "
        "which load on a shared machine inflates: compare CPU ms there."
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--archive", type=int, default=100_000)
    parser.add_argument("--reload", action="store_true")
    parser.add_argument("--iterations", type=int, default=40)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument(
        "--synthetic-words", action="store_true", help="word0..word19999 for every text"
    )
    parser.add_argument("--load-only", action="store_true", help="build the database, stop")
    parser.add_argument("--before", type=Path, default=BEFORE_FILE, help="medians shown as before")
    parser.add_argument("--record", type=Path, default=None, help="write the medians here")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile one article's matching and print it"
    )
    args = parser.parse_args()
    ensure_database(DB_URL, recreate=args.reload)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from claims.models import Article, Claim, ClaimMatch, FactCheck, MatchState
    from claims.services.matching import article_match, claims_match

    load(args.claims)
    if not args.skip_import and not FactCheck.objects.exists():
        bench_import(args.archive)
    print(
        f"desk {Claim.objects.count():,} claims, archive {FactCheck.objects.count():,} fact-checks"
    )
    if args.load_only:
        return
    before = json.loads(args.before.read_text()) if args.before.exists() else {}
    results: dict[str, tuple[float, ...]] = {}

    client = Client(headers={"HX-Request": "true"})
    client.force_login(get_user_model().objects.get(username="bench-reviewer"))
    rng = random.Random(3)
    top = Claim.objects.filter(article__title__startswith="Article ").order_by("-id")
    top_id = top.values_list("id", flat=True).first()
    picks = rng.sample(range(top_id // 2, top_id), args.iterations * 3)
    first_views = picks[: args.iterations]
    matched = picks[args.iterations : 2 * args.iterations]
    worker = picks[2 * args.iterations :]
    MatchState.objects.filter(claim_id__in=picks).delete()
    ClaimMatch.objects.filter(claim_id__in=picks).delete()
    claims_match(claims=Claim.objects.select_related("article").filter(pk__in=matched))

    def panel(pks):
        def run(i: int) -> None:
            response = client.get(f"/claims/{pks[i]}/checked-before/")
            assert response.status_code == 200, response.status_code

        return run

    results["panel"] = timed(panel(matched), args.iterations)
    results["panel_first"] = timed(panel(first_views), args.iterations)
    # What the first views queued, as the worker runs it: one never-matched claim at a time.
    worker_claims = list(Claim.objects.select_related("article").filter(pk__in=worker))
    results["match_one"] = timed(
        lambda i: claims_match(claims=[worker_claims[i]]), len(worker_claims)
    )

    # 800-word articles: 40 sentences of about 20 words, 20 of them claims (the extractor's
    # typical yield on news text), stored as new articles at the end of the desk.
    say = Sentences(101)
    new_articles = []
    for k in range(max(5, args.iterations // 4)):
        sents = [say() for _ in range(40)]
        body = " ".join(sents)
        article = Article.objects.create(title=f"Bench new {k}", body=body + f" End {k}.")
        pos = 0
        rows = []
        for j, s in enumerate(sents):
            if j % 2 == 0:
                rows.append(
                    Claim(
                        article=article,
                        start=pos,
                        end=pos + len(s),
                        quote=s,
                        statement=s,
                        speaker=SPEAKERS[j],
                    )
                )
            pos += len(s) + 1
        Claim.objects.bulk_create(rows)
        new_articles.append(article)
    words = len(new_articles[0].body.split())

    def match_article(i: int) -> None:
        article_match(article=new_articles[i], actor=None)

    results["article"] = timed(match_article, len(new_articles))
    print(f"(articles of {words} words; load average {os.getloadavg()[0]:.2f})")
    report(results, before)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(article_match, article=new_articles[0], actor=None)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    if args.record:
        args.record.write_text(
            json.dumps(
                {k: round(v[0], 1) for k, v in results.items()}
                | {f"{k}_cpu": round(v[4]) for k, v in results.items()},
                indent=1,
            )
            + "\n"
        )
    # The benchmark's own new articles go, so the next run starts from the same desk.
    Article.objects.filter(title__startswith="Bench new ").delete()
    connection.close()


if __name__ == "__main__":
    main()
