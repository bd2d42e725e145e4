"""Roles are Django groups created by a data migration: reviewer, editor, admin.

An editor can do everything a reviewer can, plus approve and manage the rating scale;
an admin can do everything. A logged-in user with no role (an "outsider") sees nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Role(StrEnum):
    REVIEWER = "reviewer"
    EDITOR = "editor"
    ADMIN = "admin"


ROLE_ORDER = (Role.REVIEWER, Role.EDITOR, Role.ADMIN)
_CACHE_ATTR = "_factcheck_roles"


def user_roles(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The user's role names, cached on the user object for the request (the session's user
    comes with them: claims.auth.RoleBackend)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        names = user.groups.filter(name__in=ROLE_ORDER).values_list("name", flat=True)  # type: ignore[attr-defined]
        cached = remember_roles(user, names)
    return cached


def remember_roles(user: AbstractBaseUser, names: Iterable[str]) -> frozenset[str]:
    """Cache `names` (the user's groups that are roles) as the user's roles; a superuser is
    an admin whatever the groups say."""
    roles = frozenset(Role(name) for name in names)
    if user.is_superuser:  # type: ignore[attr-defined]
        roles = roles | {Role.ADMIN}
    setattr(user, _CACHE_ATTR, roles)
    return roles


def primary_role(user: AbstractBaseUser | AnonymousUser) -> str | None:
    roles = user_roles(user)
    for role in reversed(ROLE_ORDER):
        if role in roles:
            return role.value
    return None


def is_reviewer(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Reviewers, editors and admins may work claims."""
    return bool(user_roles(user) & {Role.REVIEWER, Role.EDITOR, Role.ADMIN})


def is_editor(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user_roles(user) & {Role.EDITOR, Role.ADMIN})
