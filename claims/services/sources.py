"""Sources on a claim: added, edited and removed, each change audited.

Sources carry their own `version`, so editing one never makes a colleague's verdict form on
the same claim stale; a stale source form is refused with StaleVersion.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from claims.models import Claim, Source
from claims.services.audit import StaleVersion, activity_record
from claims.services.review import claim_touch


class SourceGone(Exception):
    """The source was removed (by someone else) before this change reached it."""

    def __init__(self) -> None:
        super().__init__(
            "Someone removed this source while you were working on it, so nothing was changed."
        )


def _load(source_id: int) -> Source:
    try:
        return Source.objects.select_related("claim__article").get(pk=source_id)
    except Source.DoesNotExist:
        raise SourceGone() from None


def _current(source_id: int) -> Source:
    """The source as it is now, for a StaleVersion answer; gone if it was just deleted."""
    try:
        return Source.objects.get(pk=source_id)
    except Source.DoesNotExist:
        raise SourceGone() from None


SOURCE_FIELDS = ("url", "title", "publisher", "published", "excerpt", "relation", "kind")


def _source_snapshot(source: Source) -> dict[str, Any]:
    return {f: getattr(source, f) for f in SOURCE_FIELDS}


@transaction.atomic
def source_add(
    *,
    claim: Claim,
    url: str,
    actor: AbstractBaseUser,
    title: str = "",
    publisher: str = "",
    published: date | None = None,
    excerpt: str = "",
    relation: str = Source.Relation.CONTEXT,
    kind: str = Source.Kind.SECONDARY,
) -> Source:
    source = Source(
        claim=claim,
        url=url.strip(),
        title=title.strip(),
        publisher=publisher.strip(),
        published=published,
        excerpt=excerpt.strip(),
        relation=relation,
        kind=kind,
        added_by=actor,
    )
    source.full_clean(exclude=["claim", "added_by"])
    source.save()
    claim_touch(claim=claim, actor=actor)
    activity_record(
        actor=actor,
        action="source.add",
        claim=claim,
        after=_source_snapshot(source),
        summary=f"Added {source.get_kind_display().lower()} source {source.url[:200]}",
    )
    return source


@transaction.atomic
def source_update(
    *,
    source_id: int,
    expected_version: int,
    changes: dict[str, Any],
    actor: AbstractBaseUser,
) -> Source:
    """Apply `changes` if the source is still at `expected_version`, else StaleVersion."""
    source = _load(source_id)
    if source.version != expected_version:
        raise StaleVersion(source)
    changed = {k: v for k, v in changes.items() if k in SOURCE_FIELDS and getattr(source, k) != v}
    if not changed:
        return source
    candidate = Source(**{**_source_snapshot(source), **changed}, claim=source.claim)
    candidate.full_clean(exclude=["claim", "added_by"])
    before = {k: getattr(source, k) for k in changed}
    updated = Source.objects.filter(pk=source_id, version=expected_version).update(
        version=F("version") + 1, updated=timezone.now(), **changed
    )
    if updated != 1:
        raise StaleVersion(_current(source_id))
    source.refresh_from_db()
    claim_touch(claim=source.claim, actor=actor)
    activity_record(
        actor=actor,
        action="source.edit",
        claim=source.claim,
        before=before,
        after={k: getattr(source, k) for k in changed},
        summary=f"Edited source {source.url[:200]}",
    )
    return source


@transaction.atomic
def source_delete(*, source_id: int, expected_version: int, actor: AbstractBaseUser) -> Claim:
    """Remove the source if nobody changed it since it was loaded; returns its claim."""
    source = _load(source_id)
    if source.version != expected_version:
        raise StaleVersion(source)
    deleted, _ = Source.objects.filter(pk=source_id, version=expected_version).delete()
    if deleted != 1:
        raise StaleVersion(_current(source_id))
    claim_touch(claim=source.claim, actor=actor)
    activity_record(
        actor=actor,
        action="source.delete",
        claim=source.claim,
        before=_source_snapshot(source),
        summary=f"Removed source {source.url[:200]}",
    )
    return source.claim
