"""Working one claim: verdicts, approval, comments and assignment (sources: services.sources).

Versions: a claim's `version` moves when the claim row itself changes (status, assignment,
the verdict in force); sources carry their own `version`; comments are append-only. So a
reviewer adding a source does not make a colleague's open verdict form stale, but a verdict
saved, approved or sent back by someone else does.

Corrections: while a correction of an approved verdict waits for approval, the approved
verdict stays `Claim.current_verdict` (it is still what the desk publishes); approving the
correction withdraws the old one (`withdrawn_at`) and makes the correction current.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from claims.models import Claim, ClaimStatus, Comment, Rating, Source, Verdict
from claims.roles import is_editor, is_reviewer
from claims.services.audit import StaleVersion, activity_record
from claims.services.ratings import rating_snapshot


def _bump_claim(*, claim_id: int, expected_version: int, changes: dict[str, Any]) -> Claim:
    """The claim's compare-and-set: write `changes` only if still at `expected_version`.

    On PostgreSQL a concurrent writer waits on the row lock and then sees the new version,
    so exactly one of several saves at the same version wins.
    """
    updated = Claim.objects.filter(pk=claim_id, version=expected_version).update(
        version=F("version") + 1, updated=timezone.now(), **changes
    )
    if updated != 1:
        raise StaleVersion(claim_current(claim_id))
    return Claim.objects.select_related("article", "current_verdict__rating").get(pk=claim_id)


def claim_current(claim_id: int) -> Claim:
    return Claim.objects.select_related(
        "article", "assignee", "current_verdict__rating", "current_verdict__reviewer"
    ).get(pk=claim_id)


def claim_touch(*, claim: Claim, actor: AbstractBaseUser) -> None:
    """Work by the assignee keeps their assignment from expiring; nobody else's does.

    A heartbeat, not a change: no version bump, no Activity row.
    """
    if claim.assignee_id == actor.pk:
        Claim.objects.filter(pk=claim.pk, assignee=actor).update(assigned_at=timezone.now())


def pending_verdict(claim: Claim) -> Verdict | None:
    """The verdict waiting for an editor, if the claim is awaiting approval."""
    if claim.status != ClaimStatus.AWAITING_APPROVAL:
        return None
    return (
        claim.verdicts.filter(approved_at__isnull=True)
        .select_related("rating", "reviewer")
        .order_by("-created", "-id")
        .first()
    )


# Verdicts and approval --------------------------------------------------------------------


@transaction.atomic
def verdict_save(
    *,
    claim_id: int,
    expected_version: int,
    rating: Rating,
    rationale: str,
    actor: AbstractBaseUser,
    confidence: str = Verdict.Confidence.MEDIUM,
    correction_reason: str = "",
) -> Verdict:
    """Write a new verdict and move the claim to "awaiting approval".

    If the verdict in force is approved, the new one is a correction of it: it needs a
    reason, and the approved verdict stays in force until the correction is approved.
    """
    if not is_reviewer(actor):
        raise PermissionDenied("Only reviewers and editors can write verdicts.")
    claim = claim_current(claim_id)
    if claim.version != expected_version:
        raise StaleVersion(claim)
    if rating.retired:
        raise ValidationError({"rating": "This rating is retired; choose one from the scale."})
    if not rationale.strip():
        raise ValidationError({"rationale": "Explain the rating: the rationale is required."})
    in_force = claim.current_verdict
    correcting = (
        in_force if in_force and in_force.approved_at and not in_force.withdrawn_at else None
    )
    if correcting and not correction_reason.strip():
        raise ValidationError(
            {
                "correction_reason": "This claim's verdict is approved and published; say why "
                "it is being corrected."
            }
        )
    # Win the version first: losers of a race stop here, before writing any row.
    _bump_claim(
        claim_id=claim_id,
        expected_version=expected_version,
        changes={"status": ClaimStatus.AWAITING_APPROVAL},
    )
    verdict = Verdict.objects.create(
        claim_id=claim_id,
        rating=rating,
        rationale=rationale.strip(),
        confidence=confidence,
        reviewer=actor,
        supersedes=correcting,
        correction_reason=correction_reason.strip() if correcting else "",
    )
    if not correcting:
        Claim.objects.filter(pk=claim_id).update(current_verdict=verdict)
    claim_touch(claim=claim, actor=actor)
    before = {"status": claim.status}
    if in_force:
        before["rating"] = in_force.rating.label
    activity_record(
        actor=actor,
        action="verdict.correct" if correcting else "verdict.save",
        claim=claim,
        before=before,
        after={
            "status": ClaimStatus.AWAITING_APPROVAL,
            "rating": rating.label,
            "confidence": confidence,
            **({"correction_reason": verdict.correction_reason} if correcting else {}),
        },
        summary=(
            f"Proposed a correction to “{rating.label}”"
            if correcting
            else f"Saved verdict “{rating.label}”"
        ),
    )
    return verdict


def approval_problems(
    *,
    claim: Claim,
    verdict: Verdict | None,
    approver: AbstractBaseUser | None,
    source_kinds: set[str] | None = None,
) -> list[str]:
    """Why `approver` may not approve `verdict` now; empty when they may.

    With no approver, only the claim's own requirements (sources) are checked. `source_kinds`
    lets a page that already loaded the sources skip the query."""
    problems: list[str] = []
    if approver is not None and not is_editor(approver):
        problems.append("Only editors can approve verdicts.")
    if verdict is None:
        problems.append("There is no verdict awaiting approval.")
        return problems
    if approver is not None and verdict.reviewer_id == approver.pk:
        problems.append("You wrote this verdict; another editor must approve it.")
    kinds = (
        source_kinds
        if source_kinds is not None
        else set(claim.sources.values_list("kind", flat=True))
    )
    if not kinds:
        problems.append("Add at least one source before approval.")
    elif verdict.rating.requires_primary_source and Source.Kind.PRIMARY not in kinds:
        problems.append(f"A “{verdict.rating.label}” rating needs at least one primary source.")
    return problems


class ApprovalRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))


@transaction.atomic
def verdict_approve(
    *, claim_id: int, expected_version: int, verdict_id: int, actor: AbstractBaseUser
) -> Verdict:
    claim = claim_current(claim_id)
    if claim.version != expected_version:
        raise StaleVersion(claim)
    verdict = pending_verdict(claim)
    if verdict is None or verdict.pk != verdict_id:
        raise StaleVersion(
            claim,
            "The verdict you were looking at is no longer the one "
            "awaiting approval. The current state is shown.",
        )
    problems = approval_problems(claim=claim, verdict=verdict, approver=actor)
    if problems:
        raise ApprovalRefused(problems)
    now = timezone.now()
    _bump_claim(
        claim_id=claim_id,
        expected_version=expected_version,
        changes={"status": ClaimStatus.APPROVED, "current_verdict": verdict},
    )
    Verdict.objects.filter(pk=verdict.pk).update(
        approved_by=actor, approved_at=now, **rating_snapshot(verdict.rating)
    )
    if verdict.supersedes_id:
        Verdict.objects.filter(pk=verdict.supersedes_id).update(withdrawn_at=now)
    verdict.refresh_from_db()
    activity_record(
        actor=actor,
        action="verdict.approve",
        claim=claim,
        before={"status": claim.status},
        after={"status": ClaimStatus.APPROVED, "rating": verdict.rating.label},
        summary=(
            f"Approved the correction to “{verdict.rating.label}”"
            if verdict.supersedes_id
            else f"Approved “{verdict.rating.label}”"
        ),
    )
    return verdict


@transaction.atomic
def verdict_send_back(
    *, claim_id: int, expected_version: int, note: str, actor: AbstractBaseUser
) -> Comment:
    """An editor returns the claim to review with a note (kept as a comment)."""
    if not is_editor(actor):
        raise PermissionDenied("Only editors can send a verdict back.")
    if not note.strip():
        raise ValidationError({"note": "Say what needs to change: the note is required."})
    claim = claim_current(claim_id)
    if claim.version != expected_version:
        raise StaleVersion(claim)
    if claim.status != ClaimStatus.AWAITING_APPROVAL:
        raise StaleVersion(claim, "This claim is no longer awaiting approval.")
    changes: dict[str, Any] = {"status": ClaimStatus.IN_REVIEW}
    verdict = pending_verdict(claim)
    if verdict is not None and verdict.reviewer is not None:
        # Back to the person who wrote it, with a fresh assignment, rather than into the pool
        # where their expired assignment would let anyone pick it up without the context.
        changes.update(assignee=verdict.reviewer, assigned_at=timezone.now())
    _bump_claim(claim_id=claim_id, expected_version=expected_version, changes=changes)
    comment = Comment.objects.create(claim=claim, author=actor, body=note.strip())
    activity_record(
        actor=actor,
        action="verdict.send_back",
        claim=claim,
        before={"status": claim.status},
        after={"status": ClaimStatus.IN_REVIEW, "note": comment.body[:500]},
        summary="Sent back for more work",
    )
    return comment


# Comments and assignment ------------------------------------------------------------------


@transaction.atomic
def comment_add(*, claim: Claim, body: str, actor: AbstractBaseUser) -> Comment:
    if not body.strip():
        raise ValidationError({"body": "Write something before posting."})
    comment = Comment.objects.create(claim=claim, author=actor, body=body.strip())
    claim_touch(claim=claim, actor=actor)
    activity_record(
        actor=actor,
        action="comment.add",
        claim=claim,
        after={"comment": comment.body[:500]},
        summary="Commented",
    )
    return comment


@transaction.atomic
def claim_assign(
    *,
    claim_id: int,
    expected_version: int,
    assignee: AbstractBaseUser | None,
    actor: AbstractBaseUser,
) -> Claim:
    """Editors assign, reassign or unassign a claim."""
    if not is_editor(actor):
        raise PermissionDenied("Only editors can assign claims.")
    if assignee is not None and not is_reviewer(assignee):
        raise ValidationError({"assignee": "Only reviewers and editors can be assigned claims."})
    claim = claim_current(claim_id)
    if claim.version != expected_version:
        raise StaleVersion(claim)
    changes: dict[str, Any] = {
        "assignee": assignee,
        "assigned_at": timezone.now() if assignee else None,
    }
    if assignee and claim.status == ClaimStatus.NEW:
        changes["status"] = ClaimStatus.IN_REVIEW
    updated = _bump_claim(claim_id=claim_id, expected_version=expected_version, changes=changes)
    activity_record(
        actor=actor,
        action="claim.assign",
        claim=updated,
        before={"assignee": claim.assignee.get_username() if claim.assignee else None},
        after={"assignee": assignee.get_username() if assignee else None},
        summary=(
            f"Assigned to {assignee.get_username()}" if assignee else "Removed the assignment"
        ),
    )
    return updated
