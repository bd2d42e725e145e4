"""Benchmark: the import's storage transaction alone, the schema now against the schema
before migration 0014, alternating, on PostgreSQL.

    .venv/bin/python bench/bench_import_store.py [--rounds 5]

Creates and migrates a throwaway database (`bench_i15_import_store`, BENCH_DATABASE_URL to
change it), extracts 20 synthetic ~800-word articles once, then times
`claims.services.importing._store` for a batch of 200 of them (each text made unique) in a
transaction that is rolled back. "before" first recreates, inside that transaction, what
migration 0014 and the statement-level tally replaced: the row triggers of the dashboard
tally, the awaiting-approval table and the matching index, and the dropped indexes. Each
round VACUUMs first, so no round inherits the dead rows of the last. Prints articles/s per
round and the medians: the storage side without extraction, file reading or output, so a
noisy machine bends it less than bench_import.py's figure.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pg import configure, ensure_database

DB_URL = configure("bench_i15_import_store")
ensure_database(DB_URL, recreate=True)
import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)
from bench_import import make_article  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from claims.services import importing  # noqa: E402
from claims.services.articles import extract_many  # noqa: E402
from claims.services.ingest import ArticleDraft  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--rounds", type=int, default=5)
args = parser.parse_args()

rng = random.Random(4)
base = [make_article(n, 800, rng) for n in range(20)]
t0 = time.perf_counter()
extracted = extract_many(base)
print(f"extracted 20 in {time.perf_counter() - t0:.1f}s")
BEFORE_SQL = """
ALTER TABLE claims_claim DISABLE TRIGGER claims_tally_claim_added;
ALTER TABLE claims_claim DISABLE TRIGGER claims_awaiting_claim_added;
ALTER TABLE claims_claim DISABLE TRIGGER claims_claim_search_added;
ALTER TABLE claims_claim DISABLE TRIGGER claims_speakername_ins;
CREATE TRIGGER old_tally AFTER INSERT OR DELETE ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_tally_claim();
CREATE TRIGGER old_awaiting AFTER INSERT OR DELETE OR UPDATE OF status ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_awaiting_claim();
CREATE TRIGGER old_search AFTER INSERT ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_search_sync();
CREATE INDEX old_a ON claims_claim (article_id);
CREATE INDEX old_b ON claims_claim (assignee_id);
CREATE INDEX old_c ON claims_claim (status, type) INCLUDE (assignee_id, assigned_at);
CREATE INDEX old_d ON claims_claim USING gin (UPPER(speaker) gin_trgm_ops);
DROP INDEX claim_speaker_idx; DROP INDEX claim_open_type_idx;
"""


def run(label, before, k):
    # Rolled-back inserts leave dead rows and index entries; clear them so no round inherits
    # the last one's.
    with connection.cursor() as c:
        for t in (
            "claims_claim",
            "claims_article",
            "claims_activity",
            "claims_claim_search",
            "claims_desktally",
        ):
            c.execute(f"VACUUM {t}")
    drafts = [
        ArticleDraft(text=base[i % 20] + f"\nRun {label} {k} copy {i}.\n", title=f"A {i}")
        for i in range(200)
    ]
    found = [extracted[i % 20] for i in range(200)]
    with transaction.atomic():
        if before:
            with connection.cursor() as c:
                c.execute(BEFORE_SQL)
        t = time.perf_counter()
        with transaction.atomic():
            importing._store(drafts, found, None)
        el = time.perf_counter() - t
        transaction.set_rollback(True)
    return el


res = {"before": [], "now": []}
for k in range(args.rounds):
    for label in ("before", "now"):
        el = run(label, label == "before", k)
        res[label].append(200 / el)
        print(
            f"{label:<7} {200 / el:7.1f} articles/s (store transaction only),"
            f" load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
for label, v in res.items():
    print(f"median {label}: {statistics.median(v):.1f} articles/s")
