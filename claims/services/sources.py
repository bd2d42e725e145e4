"""Sources on a claim: added, edited and removed, each change audited.

Sources carry their own `version`, so editing one never makes a colleague's verdict form on
the same claim stale; a stale source form is refused with StaleVersion.

On a claim whose verdict is published the published sources stay as they are: services.policy
says to stage the change, so an addition is kept as a staged row, a removal marks the row,
and an edit marks the old row removed and stages the edited copy. Approving the claim's next
correction applies them (services.review); the public page and exports read only
`Source.objects.published()`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from claims.models import Claim, Source
from claims.services.audit import StaleVersion, activity_record, bump_version
from claims.services.policy import Action, WriteMode, WriteRefused, ensure_writable
from claims.services.review import claim_touch


class SourceGone(Exception):
    """The source was removed (by someone else) before this change reached it."""

    def __init__(self) -> None:
        super().__init__(
            "Someone removed this source while you were working on it, so nothing was changed."
        )


def _load(source_id: int) -> Source:
    try:
        return Source.objects.select_related("claim__article", "claim__current_verdict").get(
            pk=source_id
        )
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
    """Add a source to `claim` (loaded with its verdict in force, which decides staging). The
    returned source carries its audit row as `activity`, for the page's history."""
    if not Claim._meta.get_field("current_verdict").is_cached(claim):
        # A caller's copy without its verdict in force: read it, rather than one lazy query
        # per attribute, or a stale verdict deciding whether to stage.
        claim = Claim.objects.select_related("article", "current_verdict").get(pk=claim.pk)
    staged = ensure_writable(claim, Action.SOURCE_ADD, actor) is WriteMode.STAGED
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
        staged=Source.Staged.ADD if staged else Source.Staged.NONE,
        staged_by=actor if staged else None,
    )
    source.full_clean(exclude=["claim", "added_by", "staged_by"])
    source.save()
    claim_touch(claim=claim, actor=actor)
    source.activity = activity_record(
        actor=actor,
        action="source.stage_add" if staged else "source.add",
        claim=claim,
        after=_source_snapshot(source),
        summary=("Staged" if staged else "Added")
        + f" {source.get_kind_display().lower()} source {source.url[:200]}"
        + (" for the next correction" if staged else ""),
    )
    return source


def _stage_removal(source: Source, expected_version: int, actor: AbstractBaseUser) -> None:
    if not bump_version(
        Source.objects.filter(pk=source.pk, version=expected_version, staged=Source.Staged.NONE),
        staged=Source.Staged.REMOVE,
        staged_by=actor,
    ):
        raise StaleVersion(Source.objects.get(pk=source.pk))


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
    mode = ensure_writable(source.claim, Action.SOURCE_EDIT, actor)
    changed = {k: v for k, v in changes.items() if k in SOURCE_FIELDS and getattr(source, k) != v}
    if not changed:
        return source
    candidate = Source(**{**_source_snapshot(source), **changed}, claim=source.claim)
    candidate.full_clean(exclude=["claim", "added_by"])
    before = {k: getattr(source, k) for k in changed}
    if mode is WriteMode.STAGED and source.staged == Source.Staged.REMOVE:
        raise WriteRefused(
            "This source is already removed in the pending correction; add a new source instead."
        )
    if mode is WriteMode.STAGED and source.staged == Source.Staged.NONE:
        # The published row stays as it is until the correction: the edit is a staged copy.
        _stage_removal(source, expected_version, actor)
        candidate.added_by = actor
        candidate.staged = Source.Staged.ADD
        candidate.staged_by = actor
        candidate.save()
        claim_touch(claim=source.claim, actor=actor)
        activity_record(
            actor=actor,
            action="source.stage_edit",
            claim=source.claim,
            before=before,
            after={k: getattr(candidate, k) for k in changed},
            summary=f"Staged an edit of source {source.url[:200]} for the next correction",
        )
        return candidate
    updated = bump_version(Source.objects.filter(pk=source_id, version=expected_version), **changed)
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
    mode = ensure_writable(source.claim, Action.SOURCE_DELETE, actor)
    if mode is WriteMode.STAGED and source.staged == Source.Staged.REMOVE:
        raise WriteRefused("This source is already removed in the pending correction.")
    if mode is WriteMode.STAGED and source.staged == Source.Staged.NONE:
        _stage_removal(source, expected_version, actor)
        claim_touch(claim=source.claim, actor=actor)
        activity_record(
            actor=actor,
            action="source.stage_delete",
            claim=source.claim,
            before=_source_snapshot(source),
            summary=f"Staged the removal of source {source.url[:200]} for the next correction",
        )
        return source.claim
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
