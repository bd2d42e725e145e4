"""The audit trail and optimistic concurrency for claims.

Every change goes through here so that it writes an Activity row and bumps the version; a
save that was prepared against an older version is refused rather than applied.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from claims.models import Activity, Article, Claim


class StaleVersion(Exception):
    """Someone changed the object since the form was loaded; nothing was written."""

    def __init__(self, current: Any, message: str | None = None) -> None:
        self.current = current
        super().__init__(
            message
            or "Someone else changed this since you loaded it. Their version is shown; "
            "your input is kept so you can re-apply it."
        )


def bump_version(queryset: QuerySet, **changes: Any) -> int:
    """The one versioned write: apply `changes` to the rows `queryset` selects (filter it on
    the expected version), move their version and stamp `updated` (which .update() does not
    do by itself). Returns the number of rows written: 0 means someone got there first."""
    stamp = {"updated": timezone.now()} if _has_field(queryset.model, "updated") else {}
    return queryset.update(version=F("version") + 1, **stamp, **changes)


def _has_field(model: type, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    return str(value)


def activity_record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    claim: Claim | None = None,
    article: Article | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    summary: str = "",
) -> Activity:
    if article is None and claim is not None:
        article = claim.article
    return Activity.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        claim=claim,
        article=article,
        summary=summary[:300],
        before={k: _jsonable(v) for k, v in (before or {}).items()},
        after={k: _jsonable(v) for k, v in (after or {}).items()},
    )


@transaction.atomic
def claim_update(
    *,
    claim_id: int,
    expected_version: int,
    changes: dict[str, Any],
    actor: AbstractBaseUser | None,
    action: str = "claim.edit",
    summary: str = "",
) -> Claim:
    """Apply `changes` to the claim if it is still at `expected_version`.

    The version check and the write are one UPDATE … WHERE version = expected, so two people
    saving at once cannot both win, on SQLite or PostgreSQL, without holding locks across
    the request.
    """
    claim = Claim.objects.select_related("article").get(pk=claim_id)
    if claim.version != expected_version:
        raise StaleVersion(claim)
    changed = {k: v for k, v in changes.items() if getattr(claim, k) != v}
    if not changed:
        return claim
    before = {k: getattr(claim, k) for k in changed}
    updated = bump_version(Claim.objects.filter(pk=claim_id, version=expected_version), **changed)
    if updated != 1:
        raise StaleVersion(Claim.objects.select_related("article").get(pk=claim_id))
    claim.refresh_from_db()
    activity_record(
        actor=actor,
        action=action,
        claim=claim,
        before=before,
        after={k: getattr(claim, k) for k in changed},
        summary=summary or "Changed " + ", ".join(sorted(changed)),
    )
    return claim
