"""Daily dashboard tallies per claim type and outlet (DeskDay) replace the hourly DeskTally
and the PublishedVerdict copy; the triggers are installed after migrate (claims.apps)."""

from django.db import migrations, models

_PREFIXES = ("claims_tally_", "claims_published_", "claims_awaiting_", "claims_day_")


def drop_dashboard_triggers(apps, schema_editor) -> None:
    # SQLite re-reads every trigger when it renames a table during a rebuild, so triggers
    # naming the tables dropped below must go first; post_migrate installs the new ones.
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c"
                " ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
            )
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
        else:
            return
        for name, table in cursor.fetchall():
            if name.startswith(_PREFIXES):
                on = f" ON {table}" if connection.vendor == "postgresql" else ""
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0014_one_claim_tsvector"),
    ]

    operations = [
        migrations.RunPython(drop_dashboard_triggers, drop_dashboard_triggers, elidable=False),
        migrations.DeleteModel(name="DeskTally"),
        migrations.DeleteModel(name="PublishedVerdict"),
        migrations.AddField(
            model_name="awaitingclaim",
            name="type",
            field=models.CharField(blank=True, max_length=12),
        ),
        migrations.AddField(
            model_name="awaitingclaim",
            name="outlet",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.CreateModel(
            name="DeskDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("metric", models.CharField(max_length=20)),
                ("grain", models.PositiveSmallIntegerField()),
                ("type", models.CharField(blank=True, max_length=12)),
                ("outlet", models.CharField(blank=True, max_length=200)),
                ("key", models.CharField(blank=True, max_length=40)),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("grain", "type", "outlet", "metric", "day", "key"),
                        name="deskday_unique",
                    )
                ],
                "indexes": [
                    models.Index(
                        fields=["metric", "grain", "outlet", "day"], name="deskday_by_type_idx"
                    ),
                    models.Index(
                        fields=["metric", "grain", "type", "day"], name="deskday_by_outlet_idx"
                    ),
                ],
            },
        ),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(fields=["action", "created"], name="activity_action_created_idx"),
        ),
        migrations.CreateModel(
            name="TallyState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("zone", models.CharField(max_length=64)),
                ("version", models.CharField(max_length=64)),
            ],
        ),
    ]
