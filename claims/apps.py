from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_tally_triggers(sender, using, **kwargs) -> None:
    from claims.dashboard.tally import install_triggers

    install_triggers(using)


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims workbench"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # After every migrate, not in a migration: SQLite loses a table's triggers whenever a
        # later migration rebuilds the table (see claims.dashboard.tally).
        post_migrate.connect(_install_tally_triggers, sender=self)
