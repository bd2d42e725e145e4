import importlib

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _sqlite_trigger_statements(name: str) -> list[str]:
    """The idempotent CREATE TRIGGER statements a migration installs on SQLite."""
    migration = importlib.import_module(f"claims.migrations.{name}")
    if name == "0009_queue_counters":
        return list(migration.SQLITE_TRIGGERS)
    # 0010: the full-text index's triggers (the FTS5 tables themselves survive a rebuild).
    return [
        sql.replace("CREATE TRIGGER ", "CREATE TRIGGER IF NOT EXISTS ", 1)
        for sql in migration.SQLITE_FORWARD
        if sql.startswith("CREATE TRIGGER ")
    ]


def _sqlite_triggers(sender, using: str = "default", **kwargs) -> None:
    """SQLite drops a table's triggers when a migration rebuilds the table (any AlterField
    on Claim does), which would silently stop the queue counts and the full-text index; put
    them back after every migrate. The rows are copied unchanged, so what the triggers keep
    stays right."""
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    applied = MigrationRecorder(connection).applied_migrations()
    with connection.cursor() as cursor:
        for name in ("0009_queue_counters", "0010_factcheck_archive"):
            if ("claims", name) in applied:
                for sql in _sqlite_trigger_statements(name):
                    cursor.execute(sql)


def _install_tally_triggers(sender, using, plan=None, **kwargs) -> None:
    """Install the dashboard's triggers and recount when they, or TIME_ZONE, changed; also
    after `flush`, which empties claims_tallystate with the rest."""
    from claims.dashboard.tally import sync

    sync(using)


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims workbench"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # After every migrate, not in a migration: SQLite loses a table's triggers whenever a
        # later migration rebuilds the table.
        post_migrate.connect(_sqlite_triggers, sender=self)
        post_migrate.connect(_install_tally_triggers, sender=self)
