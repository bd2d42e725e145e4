"""Benchmark: import synthetic ~800-word news articles with `import_article` on PostgreSQL.

    .venv/bin/python bench/bench_import.py [--articles 1000] [--words 800] [--batch-size 200]
        [--tracemalloc]

Recreates and migrates a throwaway database, `bench_i15_import` by default (BENCH_DATABASE_URL
to change it), writes the articles as .txt files to a temporary folder (each one different,
so no two share a content hash), then runs `manage.py import_article FOLDER` in-process, as
an operator would: read, decode, extract claims inline, store in batches, audit. Prints the
whole import's rate, the storage side's rate (the time outside extraction: reading files,
the batch transactions, the output) and the extraction rate apart, and the process's peak
RSS (ru_maxrss), each beside the figure measured before batching (BEFORE below). Targets:
storage >= 500 articles/s; peak RSS < 300 MB for 10,000 articles beside the NLP model
(`--articles 10000`). --tracemalloc adds the Python-heap peak (slower while it traces).
With PostgreSQL on this machine it also prints the CPU the database backend spent on the
import per article (read from /proc): a figure that moves little with the machine's load, and
the storage side's ceiling, since one backend does the whole batch's work in one transaction.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pg import configure, current_rss_mb, ensure_database, peak_rss_mb

DB_URL = configure("bench_i15_import")

# Measured with the code before batched imports (one article per transaction), same command,
# 1,000 articles: 23.0 s in all, the extractor alone 3.8 ms/article, peak RSS 86 MB.
BEFORE = {"total": 43.5, "storage": 1000 / (23.0 - 1000 * 0.0038), "extraction": 1 / 0.0038}
STORAGE_TARGET = 500.0
RSS_TARGET_MB = 300.0

PLACES = [
    "Riverton",
    "Lakeside",
    "the capital",
    "Northfield",
    "Port Mara",
    "the valley",
    "Eastgate",
]
PEOPLE = [
    ("Mayor Ana Ruiz", "the mayor"),
    ("Finance Minister Tom Okafor", "the minister"),
    ("Dr. Lena Berg", "the health official"),
    ("Council member Raj Patel", "the council member"),
    ("Governor Helen Price", "the governor"),
]
THINGS = ["schools", "hospitals", "roads", "housing", "police", "transit", "parks", "water pipes"]
TEMPLATES = [
    "{person} said on {day} that spending on {thing} would rise by {pct} percent next year.",
    "The city approved a budget of ${money} million for {thing} in {place}.",
    "According to official figures, {count:,} residents of {place} were affected by the change.",
    '"We have cut waiting times by {pct} percent since {year}," {person} told reporters.',
    "Unemployment in {place} fell to {small}.{digit} percent in {month}, the lowest since {year}.",
    "Critics said the plan would cost taxpayers more than ${money} million over {small} years.",
    "{person} claimed that crime in {place} had doubled since {year}.",
    "The new law will require every {thing} project to publish its accounts by {month}.",
    "Officials expect the programme to create about {count:,} jobs by {year2}.",
    "Residents gathered outside the town hall on {day} evening.",
    "The weather was mild and the streets of {place} were quiet.",
    "Turnout in the last election was {pct} percent, up from {small}{digit} percent in {year}.",
    "{person} said the decision was the right one for {place}.",
    "Prices for {thing} rose {small}.{digit} times faster than wages last year, a report found.",
    "A spokesperson declined to comment on the figures.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def make_article(n: int, words: int, rng: random.Random) -> str:
    sentences: list[str] = [f"Report {n}: {rng.choice(THINGS).title()} in {rng.choice(PLACES)}."]
    count = 0
    paragraph: list[str] = []
    while count < words:
        person = rng.choice(PEOPLE)
        sentence = rng.choice(TEMPLATES).format(
            person=person[0] if rng.random() < 0.5 else person[1].capitalize(),
            day=rng.choice(DAYS),
            thing=rng.choice(THINGS),
            place=rng.choice(PLACES),
            pct=rng.randint(2, 60),
            money=rng.randint(5, 900),
            count=rng.randint(200, 90_000),
            year=rng.randint(1995, 2020),
            year2=rng.randint(2026, 2035),
            month=rng.choice(MONTHS),
            small=rng.randint(1, 9),
            digit=rng.randint(0, 9),
        )
        paragraph.append(sentence)
        count += len(sentence.split())
        if len(paragraph) >= rng.randint(2, 5):
            sentences.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        sentences.append(" ".join(paragraph))
    return "\n\n".join(sentences) + "\n"


def backend_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of a PostgreSQL backend on this machine, or None (remote)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--tracemalloc", action="store_true", help="Also trace the Python heap.")
    args = parser.parse_args()

    ensure_database(DB_URL, recreate=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from claims.extraction import extract_claims
    from claims.extraction.nlp import load as load_model
    from claims.management.commands.import_article import Command as ImportCommand
    from claims.models import Article, Claim

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bench_import_") as tmp:
        folder = Path(tmp)
        # Written one at a time and not kept: 10,000 texts held in a list would be the
        # bench's own ~50 MB in the import's peak RSS.
        sample: list[str] = []
        words = 0
        for n in range(args.articles):
            text = make_article(n, args.words, rng)
            (folder / f"article_{n:05d}.txt").write_text(text, encoding="utf-8")
            words += len(text.split())
            if n < 100:
                sample.append(text)
        print(
            f"Generated {args.articles} articles, {words / args.articles:.0f} words on average,"
            f" in {folder}"
        )

        # What the NLP model itself takes: resident memory before and after loading it, in
        # this process before any extraction. The target is for what the import adds beside it.
        rss_no_model = current_rss_mb()
        nlp = load_model()
        model_mb = current_rss_mb() - rss_no_model
        strings_before = len(nlp.vocab.strings)

        started = time.perf_counter()
        for text in sample:
            extract_claims(text)
        extractor_per_article = (time.perf_counter() - started) / len(sample)
        del sample

        rss_before = peak_rss_mb()
        connection.ensure_connection()
        backend = connection.connection.info.backend_pid
        server_before = backend_cpu_s(backend)
        if args.tracemalloc:
            tracemalloc.start()
        out = io.StringIO()
        command = ImportCommand()
        started = time.perf_counter()
        call_command(
            command,
            str(folder),
            "--progress",
            "never",
            "--batch-size",
            str(args.batch_size),
            stdout=out,
        )
        elapsed = time.perf_counter() - started
        server_s = backend_cpu_s(backend)
        heap_peak = tracemalloc.get_traced_memory()[1] / 2**20 if args.tracemalloc else None
        if args.tracemalloc:
            tracemalloc.stop()

    articles = Article.objects.count()
    claims = Claim.objects.count()
    timings = command.timings
    extraction_s = timings.extract
    # Checked before? matching after each batch is its own figure (issue 13 sets its speed).
    storage_s = elapsed - extraction_s - timings.match
    rss = peak_rss_mb()
    print(out.getvalue().strip().splitlines()[-1])
    print(
        f"Imported {articles} articles with {claims} claims in {elapsed:.1f} s "
        f"({timings.batches} batches of up to {args.batch_size})"
    )
    rows = [
        ("whole import", articles / elapsed, BEFORE["total"], None),
        (
            "storage side (all but extraction)",
            articles / storage_s,
            BEFORE["storage"],
            STORAGE_TARGET,
        ),
        ("  of which the batch transactions", articles / timings.store, None, None),
        ("extraction (extract_many)", articles / extraction_s, BEFORE["extraction"], None),
        ("matching (Checked before?)", articles / max(timings.match, 1e-9), None, None),
    ]
    print(f"{'':<36} {'now':>12} {'before':>12}  target")
    for label, rate, before, target in rows:
        verdict = (
            ""
            if target is None
            else (f">= {target:.0f}/s: {'met' if rate >= target else 'NOT met'}")
        )
        was = f"{before:10.1f}/s" if before is not None else f"{'n/a':>12}"
        print(f"{label:<36} {rate:8.1f}/s {was}  {verdict}")
    print(
        f"  extractor alone (before the import, 100 texts): {1000 * extractor_per_article:.1f}"
        " ms/article"
    )
    if server_s is not None and server_before is not None:
        # CPU seconds, not wall time: on a shared machine they move far less with the load.
        # The storage side cannot beat the server's share: 1000 / this many ms per article.
        per_article = 1000 * (server_s - server_before) / articles
        print(
            f"  PostgreSQL backend CPU during the import: {per_article:.2f} ms/article"
            f" (a ceiling of {1000 / per_article:.0f} articles/s on the storage side)"
        )
    beside_model = rss - model_mb
    verdict = "met" if beside_model < RSS_TARGET_MB else "NOT met"
    print(
        f"peak RSS {rss:.0f} MB, of which the NLP model {model_mb:.0f} MB (loaded alone)"
        f" and {rss_before - model_mb:.0f} MB the rest before the import began"
    )
    print(
        f"peak RSS beside the model {beside_model:.0f} MB (before batching: 86 MB for 1,000"
        f" articles, no model then); < {RSS_TARGET_MB:.0f} MB: {verdict}"
        + ("" if args.articles >= 10_000 else " (the target is for 10,000 articles)")
    )
    # spaCy keeps every string it has seen (each new number, name and word) for the life of
    # the process: part of what a long import adds that belongs to the model, not the import.
    print(
        f"  spaCy string store: {strings_before:,} strings before the import,"
        f" {len(nlp.vocab.strings):,} after"
    )
    if heap_peak is not None:
        print(f"  tracemalloc peak during the import: {heap_peak:.1f} MB")


if __name__ == "__main__":
    main()
