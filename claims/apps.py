from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _install_tally_triggers(sender, using, plan=None, **kwargs) -> None:
    from claims.dashboard.tally import install_triggers, rebuild

    installed = install_triggers(using)
    if (
        plan is None
        and not installed
        and "claims_desktally" in connections[using].introspection.table_names()
    ):
        # `flush` (no plan) empties tables with DELETE on SQLite, and the triggers then write
        # decrements for rows already gone; recounting the now-empty tables clears them.
        rebuild(using)


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims workbench"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # After every migrate, not in a migration: SQLite loses a table's triggers whenever a
        # later migration rebuilds the table (see claims.dashboard.tally).
        post_migrate.connect(_install_tally_triggers, sender=self)
