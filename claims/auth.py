"""The authentication backend: Django's ModelBackend, with the user's roles read in the same
statement as the user.

Every request loads its user from the session; every view then asks for the user's roles
(claims.roles), which was a second statement on every request. One statement reads the user
with each role group it belongs to (a row per role, or one row with none). It is written as
SQL once per process: the ORM's version (an EXISTS annotation per role) took longer to
compile on every request than the statement it saved (bench/bench_queue.py's Review next
and bench/bench_claim_writes.py run a handful of statements in all).
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from claims.roles import ROLE_ORDER, remember_roles

# The dotted path sessions store (BACKEND_SESSION_KEY) for users who logged in through it.
PATH = "claims.auth.RoleBackend"


@functools.cache
def _user_with_roles_sql() -> str:
    users = get_user_model()
    memberships = users._meta.get_field("groups").remote_field.through._meta
    user_column = memberships.get_field("user").column
    group_column = memberships.get_field("group").column
    user_table, group_table = users._meta.db_table, Group._meta.db_table
    columns = ", ".join(f'u."{field.column}"' for field in users._meta.concrete_fields)
    roles = ", ".join("%s" for _ in ROLE_ORDER)
    return (
        f'SELECT {columns}, g."name" AS role_name FROM "{user_table}" u'
        f' LEFT JOIN "{memberships.db_table}" m ON m."{user_column}" = u."{users._meta.pk.column}"'
        f' LEFT JOIN "{group_table}" g ON g."id" = m."{group_column}" AND g."name" IN ({roles})'
        f' WHERE u."{users._meta.pk.column}" = %s'
    )


class RoleBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        users = get_user_model()
        try:
            pk = users._meta.pk.to_python(user_id)
        except ValidationError:  # a session naming no valid key is no user
            return None
        rows = list(users._default_manager.raw(_user_with_roles_sql(), [*ROLE_ORDER, pk]))
        if not rows or not self.user_can_authenticate(rows[0]):
            return None
        user = rows[0]
        remember_roles(user, (row.role_name for row in rows if row.role_name))
        return user
