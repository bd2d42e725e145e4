"""Queue speed, second pass (bench/bench_queue.py, bench/bench_import.py).

- The speaker filter (a substring, any case) no longer filters a million rows with a trigram
  index whose trigrams ("spe", "eak", …) every speaker shares: claims_speakername holds every
  speaker text ever stored (a few thousand rows, kept by triggers), the filter finds the texts
  that contain the words typed there and then reads the claims through a btree on
  (speaker, the queue's default order). PostgreSQL only; SQLite keeps the substring filter.
- The queue under a type filter (and Review next with one) reads the open claims of that type
  in priority order from their own partial index instead of filtering the priority index.
- Indexes nothing reads any more are dropped, so each imported claim updates fewer of them:
  the status counts come from claims_queuecount (0009), so claim_status_type_idx has no
  reader; claim_article_start_idx and claim_assignee_idx begin with the article and the
  assignee, so the foreign keys' own single-column indexes are redundant.
"""

from django.conf import settings
from django.db import migrations, models

from claims.migrations import _fk_indexes as fk_indexes

# Every speaker text ever stored: names edited away stay (a name that matches no claim only
# costs a look-up), so the triggers never update or lock a row another writer may want.
PG_SPEAKERS = """
CREATE TABLE IF NOT EXISTS claims_speakername (speaker varchar(300) PRIMARY KEY);

CREATE OR REPLACE FUNCTION claims_speakername_on_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO claims_speakername (speaker)
    SELECT DISTINCT speaker FROM new_rows WHERE speaker <> '' ORDER BY 1
    ON CONFLICT (speaker) DO NOTHING;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION claims_speakername_on_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO claims_speakername (speaker) VALUES (NEW.speaker)
    ON CONFLICT (speaker) DO NOTHING;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS claims_speakername_ins ON claims_claim;
CREATE TRIGGER claims_speakername_ins AFTER INSERT ON claims_claim
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION claims_speakername_on_insert();
DROP TRIGGER IF EXISTS claims_speakername_upd ON claims_claim;
CREATE TRIGGER claims_speakername_upd AFTER UPDATE OF speaker ON claims_claim
    FOR EACH ROW WHEN (OLD.speaker IS DISTINCT FROM NEW.speaker AND NEW.speaker <> '')
    EXECUTE FUNCTION claims_speakername_on_update();
"""

# Also what a bulk load that bypasses triggers runs afterwards (bench/bench_queue.py).
SPEAKERS_FILL = (
    "INSERT INTO claims_speakername (speaker) SELECT DISTINCT speaker FROM claims_claim"
    " WHERE speaker <> '' ON CONFLICT (speaker) DO NOTHING"
)

PG_INDEXES = """
DROP INDEX IF EXISTS claim_speaker_trgm_idx;
CREATE INDEX IF NOT EXISTS claim_speaker_idx ON claims_claim (speaker, score DESC, created, id);
DROP INDEX IF EXISTS claim_status_type_idx;
CREATE INDEX IF NOT EXISTS claim_open_type_idx ON claims_claim (type, score DESC, created, id)
    WHERE status IN ('new', 'in_review');
"""

PG_BACKWARDS = """
DROP TRIGGER IF EXISTS claims_speakername_ins ON claims_claim;
DROP TRIGGER IF EXISTS claims_speakername_upd ON claims_claim;
DROP FUNCTION IF EXISTS claims_speakername_on_insert();
DROP FUNCTION IF EXISTS claims_speakername_on_update();
DROP TABLE IF EXISTS claims_speakername;
DROP INDEX IF EXISTS claim_speaker_idx;
DROP INDEX IF EXISTS claim_open_type_idx;
CREATE INDEX IF NOT EXISTS claim_speaker_trgm_idx ON claims_claim
    USING gin (UPPER(speaker) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS claim_status_type_idx ON claims_claim (status, type)
    INCLUDE (assignee_id, assigned_at);
"""

# The foreign keys' own indexes, by the names Django gave them (the same on both databases).
FK_INDEXES = {
    "claims_claim_article_id_6731be49": "article_id",
    "claims_claim_assignee_id_490d6049": "assignee_id",
}


def forwards(apps, schema_editor):
    fk_indexes.drop(schema_editor, FK_INDEXES)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_SPEAKERS)
        schema_editor.execute(SPEAKERS_FILL)
        schema_editor.execute(PG_INDEXES)


def backwards(apps, schema_editor):
    fk_indexes.restore(schema_editor, FK_INDEXES)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0015_daily_tallies"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # State only: an AlterField would make SQLite rebuild claims_claim (and lose its
        # triggers) just to drop an index; forwards() drops them by name instead.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="claim",
                    name="article",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.CASCADE,
                        related_name="claims",
                        to="claims.article",
                    ),
                ),
                migrations.AlterField(
                    model_name="claim",
                    name="assignee",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.SET_NULL,
                        related_name="assigned_claims",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
