"""Queue speed at a million claims: maintained status counts, a stored search vector, and the
indexes the remaining sorts and filters need (bench/bench_queue.py measures each).

- claims_queuecount holds claims per (status, type, rating in force), kept by triggers on
  claims_claim (and on claims_verdict, should a verdict's rating change), so the counts cost
  a read of a few hundred rows whatever the table's size or the state of its visibility map.
  PostgreSQL uses statement-level triggers with transition tables (one upsert per key a
  statement changes, none for edits that leave the key alone); SQLite uses row triggers.
- PostgreSQL: a stored generated tsvector column with a GIN index replaces the expression
  index of 0003, so a search no longer recomputes to_tsvector for every row it reads, and a
  trigram index serves the speaker filter (icontains).
"""

from django.db import migrations, models

PG_COUNT_FUNCTIONS = """
CREATE OR REPLACE FUNCTION claims_queuecount_on_claim() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO claims_queuecount (status, type, verdict_rating, n)
        SELECT c.status, c.type, COALESCE(v.rating_id, 0), count(*)
        FROM new_rows c LEFT JOIN claims_verdict v ON v.id = c.current_verdict_id
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        ON CONFLICT (status, type, verdict_rating)
            DO UPDATE SET n = claims_queuecount.n + EXCLUDED.n;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO claims_queuecount (status, type, verdict_rating, n)
        SELECT c.status, c.type, COALESCE(v.rating_id, 0), -count(*)
        FROM old_rows c LEFT JOIN claims_verdict v ON v.id = c.current_verdict_id
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        ON CONFLICT (status, type, verdict_rating)
            DO UPDATE SET n = claims_queuecount.n + EXCLUDED.n;
    ELSE
        -- Only keys that changed take a row lock on the counts: most edits change none.
        INSERT INTO claims_queuecount (status, type, verdict_rating, n)
        SELECT status, type, rating, sum(k) FROM (
            SELECT c.status, c.type, COALESCE(v.rating_id, 0) AS rating, 1 AS k
            FROM new_rows c LEFT JOIN claims_verdict v ON v.id = c.current_verdict_id
            UNION ALL
            SELECT c.status, c.type, COALESCE(v.rating_id, 0), -1
            FROM old_rows c LEFT JOIN claims_verdict v ON v.id = c.current_verdict_id
        ) d
        GROUP BY 1, 2, 3
        HAVING sum(k) <> 0
        ORDER BY 1, 2, 3
        ON CONFLICT (status, type, verdict_rating)
            DO UPDATE SET n = claims_queuecount.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION claims_queuecount_on_verdict() RETURNS trigger AS $$
BEGIN
    INSERT INTO claims_queuecount (status, type, verdict_rating, n)
    SELECT status, type, rating, sum(k) FROM (
        SELECT c.status, c.type, NEW.rating_id AS rating, 1 AS k
        FROM claims_claim c WHERE c.current_verdict_id = NEW.id
        UNION ALL
        SELECT c.status, c.type, OLD.rating_id, -1
        FROM claims_claim c WHERE c.current_verdict_id = NEW.id
    ) d
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (status, type, verdict_rating)
        DO UPDATE SET n = claims_queuecount.n + EXCLUDED.n;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER claims_queuecount_ins AFTER INSERT ON claims_claim
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_queuecount_on_claim();
CREATE TRIGGER claims_queuecount_upd AFTER UPDATE ON claims_claim
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_queuecount_on_claim();
CREATE TRIGGER claims_queuecount_del AFTER DELETE ON claims_claim
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_queuecount_on_claim();
CREATE TRIGGER claims_queuecount_verdict AFTER UPDATE OF rating_id ON claims_verdict
    FOR EACH ROW WHEN (OLD.rating_id IS DISTINCT FROM NEW.rating_id)
    EXECUTE FUNCTION claims_queuecount_on_verdict();
"""

PG_DROP = """
DROP TRIGGER IF EXISTS claims_queuecount_ins ON claims_claim;
DROP TRIGGER IF EXISTS claims_queuecount_upd ON claims_claim;
DROP TRIGGER IF EXISTS claims_queuecount_del ON claims_claim;
DROP TRIGGER IF EXISTS claims_queuecount_verdict ON claims_verdict;
DROP FUNCTION IF EXISTS claims_queuecount_on_claim();
DROP FUNCTION IF EXISTS claims_queuecount_on_verdict();
"""

_SQLITE_RATING = (
    "COALESCE((SELECT rating_id FROM claims_verdict WHERE id = {row}.current_verdict_id), 0)"
)
_SQLITE_ADD = (
    "INSERT INTO claims_queuecount (status, type, verdict_rating, n) "
    "VALUES (NEW.status, NEW.type, " + _SQLITE_RATING.format(row="NEW") + ", 1) "
    "ON CONFLICT (status, type, verdict_rating) DO UPDATE SET n = n + 1;"
)
_SQLITE_REMOVE = (
    "UPDATE claims_queuecount SET n = n - 1 WHERE status = OLD.status AND type = OLD.type "
    "AND verdict_rating = " + _SQLITE_RATING.format(row="OLD") + ";"
)
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER IF NOT EXISTS claims_queuecount_ins AFTER INSERT ON claims_claim BEGIN {_SQLITE_ADD} END",
    f"CREATE TRIGGER IF NOT EXISTS claims_queuecount_del AFTER DELETE ON claims_claim BEGIN {_SQLITE_REMOVE} END",
    "CREATE TRIGGER IF NOT EXISTS claims_queuecount_upd AFTER UPDATE OF status, type, current_verdict_id "
    "ON claims_claim WHEN OLD.status IS NOT NEW.status OR OLD.type IS NOT NEW.type "
    "OR OLD.current_verdict_id IS NOT NEW.current_verdict_id "
    f"BEGIN {_SQLITE_REMOVE} {_SQLITE_ADD} END",
    "CREATE TRIGGER IF NOT EXISTS claims_queuecount_verdict AFTER UPDATE OF rating_id ON claims_verdict "
    "WHEN OLD.rating_id IS NOT NEW.rating_id BEGIN "
    "UPDATE claims_queuecount SET n = n - (SELECT count(*) FROM claims_claim c "
    "WHERE c.current_verdict_id = NEW.id AND c.status = claims_queuecount.status "
    "AND c.type = claims_queuecount.type) WHERE verdict_rating = OLD.rating_id; "
    "INSERT INTO claims_queuecount (status, type, verdict_rating, n) "
    "SELECT status, type, NEW.rating_id, count(*) FROM claims_claim "
    "WHERE current_verdict_id = NEW.id GROUP BY status, type "
    "ON CONFLICT (status, type, verdict_rating) DO UPDATE SET n = n + excluded.n; END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS claims_queuecount_ins",
    "DROP TRIGGER IF EXISTS claims_queuecount_del",
    "DROP TRIGGER IF EXISTS claims_queuecount_upd",
    "DROP TRIGGER IF EXISTS claims_queuecount_verdict",
]

# Counts the claims already stored; also what `queue_counts_rebuild()` runs after bulk loads
# that bypass triggers (COPY with session_replication_role = replica).
FILL = (
    "INSERT INTO claims_queuecount (status, type, verdict_rating, n) "
    "SELECT c.status, c.type, COALESCE(v.rating_id, 0), count(*) FROM claims_claim c "
    "LEFT JOIN claims_verdict v ON v.id = c.current_verdict_id GROUP BY 1, 2, 3"
)

SEARCH_COLUMN = "search_vector"
# The extension is created here rather than by TrigramExtension(), whose reverse fails on
# SQLite; unapplying leaves it installed, since other schemas may use it.
PG_SEARCH = f"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DROP INDEX IF EXISTS claim_statement_fts_idx;
ALTER TABLE claims_claim ADD COLUMN {SEARCH_COLUMN} tsvector
    GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(statement, ''))) STORED;
CREATE INDEX claim_search_vector_idx ON claims_claim USING gin ({SEARCH_COLUMN});
CREATE INDEX claim_speaker_trgm_idx ON claims_claim USING gin (UPPER(speaker) gin_trgm_ops);
"""
PG_SEARCH_DROP = f"""
DROP INDEX IF EXISTS claim_speaker_trgm_idx;
DROP INDEX IF EXISTS claim_search_vector_idx;
ALTER TABLE claims_claim DROP COLUMN IF EXISTS {SEARCH_COLUMN};
CREATE INDEX IF NOT EXISTS claim_statement_fts_idx ON claims_claim USING gin
    (to_tsvector('english'::regconfig, COALESCE(statement, ''::text)));
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_COUNT_FUNCTIONS)
        schema_editor.execute(PG_SEARCH)
    elif vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)
    schema_editor.execute(FILL)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP)
        schema_editor.execute(PG_SEARCH_DROP)
    elif vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("claims", "0008_verdict_rating_scale")]

    operations = [
        migrations.CreateModel(
            name="QueueCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("status", models.CharField(max_length=20)),
                ("type", models.CharField(max_length=12)),
                ("verdict_rating", models.IntegerField(default=0)),
                ("n", models.BigIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("status", "type", "verdict_rating"), name="queuecount_key_unique"
                    )
                ],
            },
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("assignee__isnull", False)),
                fields=["assigned_at"],
                name="claim_assigned_at_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["-updated", "-id"], name="claim_updated_idx"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["-created", "-id"], name="claim_created_idx"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["-score", "created", "id"], name="claim_priority_idx"),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
