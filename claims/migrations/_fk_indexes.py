"""For migrations that trade a foreign key's own index for one that serves it better.

Dropping the index by name keeps the field's change a state-only AlterField: on SQLite, a
real AlterField rebuilds claims_claim, and the rebuild loses the table's triggers. (A
module, not a migration: Django's loader skips names that begin with an underscore.)
"""

from __future__ import annotations

from typing import Any


def drop(schema_editor: Any, indexes: dict[str, str]) -> None:
    for name in indexes:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def restore(schema_editor: Any, indexes: dict[str, str]) -> None:
    for name, column in indexes.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON claims_claim ({column})")
