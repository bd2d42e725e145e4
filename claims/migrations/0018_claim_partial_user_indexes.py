"""The claims' created_by and speaker_confirmed_by are indexed only where set.

Nearly every claim has neither (the extractor made it; nobody confirmed a guessed speaker),
yet each of the foreign keys' full indexes took an entry for every claim inserted and every
row version an update makes: upkeep on the import and on every desk write for indexes read
only when a user is deleted. The partial indexes serve that (`created_by_id = n` implies it is
not null) and hold a handful of rows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from claims.migrations import _fk_indexes as fk_indexes

# The foreign keys' own indexes, by the names Django gave them (the same on both databases).
FK_INDEXES = {
    "claims_claim_created_by_id_2bb498dd": "created_by_id",
    "claims_claim_speaker_confirmed_by_id_267c31e8": "speaker_confirmed_by_id",
}


def forwards(apps, schema_editor):
    fk_indexes.drop(schema_editor, FK_INDEXES)


def backwards(apps, schema_editor):
    fk_indexes.restore(schema_editor, FK_INDEXES)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0017_sessions_role_backend"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # State only (see _fk_indexes): forwards() drops the indexes by name.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="claim",
                    name="created_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text="The person who added the claim; empty when the extractor did.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="created_claims",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="claim",
                    name="speaker_confirmed_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text="The reviewer who confirmed a guessed speaker.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="confirmed_speakers",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(created_by__isnull=False),
                fields=["created_by"],
                name="claim_created_by_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(speaker_confirmed_by__isnull=False),
                fields=["speaker_confirmed_by"],
                name="claim_speaker_confirmed_by_idx",
            ),
        ),
    ]
