"""One tsvector over the claim statement on PostgreSQL.

0009 gave claims_claim a stored generated column `search_vector` (GIN index
claim_search_vector_idx) for the queue's text search; 0010 then added a second vector of the
same text for matching, the side table claims_claim_search kept by triggers (and its own GIN
index). Matching now reads `search_vector` (claims/matching/retrieval.py), so the side table,
its triggers, functions and index go: every claim insert or statement edit writes one vector
and one GIN index instead of two. SQLite already had one FTS5 table (claims_claim_fts) for
both; nothing changes there.
"""

from django.db import migrations

PG_FORWARD = [
    "DROP TRIGGER IF EXISTS claims_claim_search_au ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_search_ai ON claims_claim",
    "DROP TRIGGER IF EXISTS claims_claim_search_ad ON claims_claim",
    "DROP FUNCTION IF EXISTS claims_claim_search_sync()",
    "DROP FUNCTION IF EXISTS claims_claim_search_drop()",
    "DROP TABLE IF EXISTS claims_claim_search",
]
# Back to 0010's side table, filled from the claims as they are now.
PG_BACKWARD = [
    "CREATE TABLE claims_claim_search (claim_id bigint PRIMARY KEY, search tsvector NOT NULL)",
    "CREATE INDEX claim_search_idx ON claims_claim_search USING gin (search)",
    "CREATE FUNCTION claims_claim_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN INSERT INTO claims_claim_search (claim_id, search) VALUES (NEW.id, "
    "to_tsvector('english'::regconfig, COALESCE(NEW.statement, ''::text))) "
    "ON CONFLICT (claim_id) DO UPDATE SET search = EXCLUDED.search; RETURN NULL; END $$",
    "CREATE TRIGGER claims_claim_search_ai AFTER INSERT ON claims_claim FOR EACH ROW "
    "EXECUTE FUNCTION claims_claim_search_sync()",
    "CREATE FUNCTION claims_claim_search_drop() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN DELETE FROM claims_claim_search WHERE claim_id = OLD.id; RETURN NULL; END $$",
    "CREATE TRIGGER claims_claim_search_ad AFTER DELETE ON claims_claim FOR EACH ROW "
    "EXECUTE FUNCTION claims_claim_search_drop()",
    "CREATE TRIGGER claims_claim_search_au AFTER UPDATE OF statement ON claims_claim "
    "FOR EACH ROW EXECUTE FUNCTION claims_claim_search_sync()",
    "INSERT INTO claims_claim_search (claim_id, search) SELECT id, "
    "to_tsvector('english'::regconfig, COALESCE(statement, ''::text)) FROM claims_claim",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("claims", "0013_repeat_link_cleared_with_original")]

    operations = [migrations.RunPython(_run(PG_FORWARD), _run(PG_BACKWARD))]
