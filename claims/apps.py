import importlib

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sqlite_count_triggers(sender, using: str = "default", **kwargs) -> None:
    """SQLite drops a table's triggers when a migration rebuilds the table (any AlterField
    on Claim does), which would silently stop the queue counts; put them back after every
    migrate. The rows themselves are copied unchanged, so the counts stay right."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    applied = MigrationRecorder(connection).applied_migrations()
    if ("claims", "0012_queue_counters") not in applied:
        return
    migration = importlib.import_module("claims.migrations.0012_queue_counters")
    with connection.cursor() as cursor:
        for sql in migration.SQLITE_TRIGGERS:
            cursor.execute(sql)


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims workbench"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_sqlite_count_triggers, sender=self)
