"""Working one claim: verdicts, approval, comments and assignment (sources: services.sources).

Versions: a claim's `version` moves when the claim row itself changes (status, assignment,
the verdict in force); sources carry their own `version`; comments are append-only. So a
reviewer adding a source does not make a colleague's open verdict form stale, but a verdict
saved, approved or sent back by someone else does.

Corrections: while a correction of an approved verdict waits for approval, the approved
verdict stays `Claim.current_verdict` (it is still what the desk publishes), and so do the
claim's statement, speaker and type (the correction carries its new ones in
`Verdict.proposed_claim`) and its sources (changes wait as staged rows, services.sources).
Approving the correction applies all of it at once, supersedes the old verdict
(`withdrawn_at`) and makes the correction current. Which write each state allows is decided
by services.policy.

Withdrawal of a published verdict (legal or safety) is services.withdrawal.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, ClaimStatus, ClaimType, Comment, Rating, Source, Verdict
from claims.roles import is_reviewer
from claims.services.audit import StaleVersion, activity_record, bump_version
from claims.services.policy import Action, WriteRefused, claim_write_allowed, ensure_writable
from claims.services.ratings import rating_snapshot

# The claim fields a correction may change, and so carries in Verdict.proposed_claim.
CORRECTABLE_FIELDS = ("statement", "speaker", "type")
# What the writes below read about a claim, in one joined query: what they check and record.
# The verdict in force comes without its rating and people (joined too, they made an
# eight-table join that PostgreSQL took over a millisecond to plan on every write): the
# answers' panels take it from the list of the claim's verdicts they read anyway
# (views.review_context.claim_context).
CLAIM_RELATED = ("article", "assignee", "current_verdict", "speaker_confirmed_by")


def claim_for_write(claim_id: int) -> Claim:
    """The claim and what its writes check, locked until the transaction ends (PostgreSQL;
    SQLite serialises writers anyway). Only the claim row is locked: the joined rows are read."""
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related(*CLAIM_RELATED)
        .get(pk=claim_id)
    )


def _claim_swap(*, claim: Claim, expected_version: int, changes: dict[str, Any]) -> None:
    """The claim's compare-and-set on a claim already in memory: one UPDATE guarded by the
    version, applied to `claim` too, so the caller and the page it renders need no re-read.

    The guard also covers a `claim` read before the transaction (the view's copy, passed in
    to save the locked re-read): every state the write was checked against moves the version,
    so if the row changed since it was read, nothing is written and StaleVersion rolls the
    transaction back."""
    if bump_version(Claim.objects.filter(pk=claim.pk, version=expected_version), **changes) != 1:
        raise StaleVersion(claim_current(claim.pk))
    for field, value in changes.items():
        setattr(claim, field, value)
    claim.version = expected_version + 1
    claim.updated = timezone.now()


def _touch_change(claim: Claim, actor: AbstractBaseUser) -> dict[str, Any]:
    """claim_touch folded into a write's own UPDATE: the assignee's work renews the
    assignment."""
    return {"assigned_at": timezone.now()} if claim.assignee_id == actor.pk else {}


def bump_claim(*, claim_id: int, expected_version: int, changes: dict[str, Any]) -> Claim:
    """The claim's compare-and-set: write `changes` only if still at `expected_version`.

    On PostgreSQL a concurrent writer waits on the row lock and then sees the new version,
    so exactly one of several saves at the same version wins.
    """
    updated = bump_version(Claim.objects.filter(pk=claim_id, version=expected_version), **changes)
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
    current = claim.current_verdict
    if current is not None and current.approved_at is None and current.retracted_at is None:
        # A first verdict (not a correction) becomes the verdict in force as it is saved, so
        # the joined row is the one waiting: no query. A correction waits beside the approved
        # verdict in force and is looked up.
        return current
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
    proposed_claim: dict[str, str] | None = None,
    claim: Claim | None = None,
) -> Verdict:
    """Write a new verdict and move the claim to "awaiting approval".

    If the verdict in force is published, the new one is a correction of it: it needs a
    reason, may propose a new statement, speaker and type (`proposed_claim`), and the
    published state stays in force until the correction is approved.

    `claim`, when given, is the caller's copy (loaded with CLAIM_RELATED), used instead of
    a locked re-read and updated in place; the returned verdict carries its audit row as
    `activity`, so the page can show both without reading them again.
    """
    if not is_reviewer(actor):
        raise PermissionDenied("Only reviewers and editors can write verdicts.")
    claim = claim if claim is not None else claim_for_write(claim_id)
    if claim.version != expected_version:
        raise StaleVersion(claim)
    ensure_writable(claim, Action.VERDICT_SAVE, actor)
    if rating.retired:
        raise ValidationError({"rating": "This rating is retired; choose one from the scale."})
    if not rationale.strip():
        raise ValidationError({"rationale": "Explain the rating: the rationale is required."})
    in_force = claim.current_verdict
    correcting = claim.published_verdict
    proposed = _proposed_changes(claim, proposed_claim or {}) if correcting else {}
    if correcting and not correction_reason.strip():
        raise ValidationError(
            {
                "correction_reason": "This claim's verdict is approved and published; say why "
                "it is being corrected."
            }
        )
    before = {"status": claim.status}
    if in_force:
        before["rating"] = in_force.rating.label
    verdict = Verdict.objects.create(
        claim_id=claim.pk,
        rating=rating,
        rationale=rationale.strip(),
        confidence=confidence,
        reviewer=actor,
        supersedes=correcting,
        correction_reason=correction_reason.strip() if correcting else "",
        proposed_claim=proposed,
    )
    # One guarded UPDATE for the status, the verdict in force and the assignment's renewal.
    # A loser of a race writes nothing here, and its verdict row goes with the rollback.
    changes: dict[str, Any] = {
        "status": ClaimStatus.AWAITING_APPROVAL,
        **_touch_change(claim, actor),
    }
    if not correcting:
        changes["current_verdict"] = verdict
    _claim_swap(claim=claim, expected_version=expected_version, changes=changes)
    verdict.activity = activity_record(
        actor=actor,
        action="verdict.correct" if correcting else "verdict.save",
        claim=claim,
        before=before,
        after={
            "status": ClaimStatus.AWAITING_APPROVAL,
            "rating": rating.label,
            "confidence": confidence,
            **({"correction_reason": verdict.correction_reason} if correcting else {}),
            **{f"proposed {k}": v for k, v in proposed.items()},
        },
        summary=(
            f"Proposed a correction to “{rating.label}”"
            if correcting
            else f"Saved verdict “{rating.label}”"
        ),
    )
    return verdict


def _proposed_changes(claim: Claim, proposed: dict[str, str]) -> dict[str, str]:
    """The correctable fields whose proposed value differs from the published one."""
    changes: dict[str, str] = {}
    for key in CORRECTABLE_FIELDS:
        value = (proposed.get(key) or "").strip()
        if key == "speaker":
            value = value[:300]
        if key in proposed and value != getattr(claim, key):
            changes[key] = value
    if "statement" in changes and not changes["statement"]:
        raise ValidationError({"statement": "The corrected statement cannot be empty."})
    if "type" in changes and changes["type"] not in ClaimType.values:
        raise ValidationError({"type": "Choose one of the listed claim types."})
    return changes


def approval_problems(
    *,
    claim: Claim,
    verdict: Verdict | None,
    approver: AbstractBaseUser | None,
    source_kinds: set[str] | None = None,
    staged_by: set[int | None] | None = None,
) -> list[str]:
    """Why `approver` may not approve `verdict` now; empty when they may.

    With no approver, only the claim's own requirements (sources) are checked. Sources are
    counted as they will stand after approval (staged changes applied). `source_kinds` lets a
    page that already loaded those sources skip the query, and `staged_by` (who staged the
    claim's source changes) likewise."""
    problems: list[str] = []
    if approver is not None:
        mode, reason = claim_write_allowed(claim, Action.VERDICT_APPROVE, approver)
        if mode is None:
            problems.append(reason)
    if verdict is None:
        problems.append("There is no verdict awaiting approval.")
        return problems
    if approver is not None and verdict.reviewer_id == approver.pk:
        problems.append("You wrote this verdict; another editor must approve it.")
    if approver is not None and verdict.is_correction:
        if staged_by is None:
            staged_by = set(
                claim.sources.exclude(staged=Source.Staged.NONE).values_list("staged_by", flat=True)
            )
        if approver.pk in staged_by:
            problems.append(
                "You staged source changes in this correction; another editor must approve it."
            )
    kinds = (
        source_kinds
        if source_kinds is not None
        else set(claim.sources.after_correction().values_list("kind", flat=True))
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
    *,
    claim_id: int,
    expected_version: int,
    verdict_id: int,
    actor: AbstractBaseUser,
    claim: Claim | None = None,
    scale: list[Rating] | None = None,
) -> Verdict:
    """Approve the verdict awaiting approval (`claim`: as in verdict_save; `scale`: every
    rating, if the caller loaded them). The returned verdict carries its audit row as
    `activity`."""
    claim = claim if claim is not None else claim_for_write(claim_id)
    if claim.version != expected_version:
        raise StaleVersion(claim)
    verdict = pending_verdict(claim)
    if verdict is None or verdict.pk != verdict_id:
        raise StaleVersion(
            claim,
            "The verdict you were looking at is no longer the one "
            "awaiting approval. The current state is shown.",
        )
    if scale is not None and not Verdict.rating.is_cached(verdict):
        # The claim's read brings the verdict in force without its rating (CLAIM_RELATED).
        verdict.rating = next(r for r in scale if r.pk == verdict.rating_id)
    # The claim's sources, once, for both approval rules that read them.
    rows = list(claim.sources.values_list("kind", "staged", "staged_by"))
    problems = approval_problems(
        claim=claim,
        verdict=verdict,
        approver=actor,
        source_kinds={kind for kind, staged, _ in rows if staged != Source.Staged.REMOVE},
        staged_by={by for _, staged, by in rows if staged != Source.Staged.NONE},
    )
    if problems:
        raise ApprovalRefused(problems)
    now = timezone.now()
    # A correction publishes everything it carries at once: the claim's new wording, and the
    # staged source changes.
    proposed = (
        {k: v for k, v in verdict.proposed_claim.items() if k in CORRECTABLE_FIELDS}
        if verdict.supersedes_id
        else {}
    )
    before = {"status": claim.status, **{k: getattr(claim, k) for k in proposed}}
    _claim_swap(
        claim=claim,
        expected_version=expected_version,
        changes={"status": ClaimStatus.APPROVED, "current_verdict": verdict, **proposed},
    )
    approval = {
        "approved_by": actor,
        "approved_at": now,
        **rating_snapshot(verdict.rating, scale=scale),
    }
    Verdict.objects.filter(pk=verdict.pk).update(**approval)
    for field, value in approval.items():
        setattr(verdict, field, value)
    source_changes = apply_staged_sources(claim) if verdict.supersedes_id else {}
    if verdict.supersedes_id:
        Verdict.objects.filter(pk=verdict.supersedes_id).update(withdrawn_at=now)
    verdict.activity = activity_record(
        actor=actor,
        action="verdict.approve",
        claim=claim,
        before=before,
        after={
            "status": ClaimStatus.APPROVED,
            "rating": verdict.rating.label,
            **proposed,
            **source_changes,
        },
        summary=(
            f"Approved the correction to “{verdict.rating.label}”"
            if verdict.supersedes_id
            else f"Approved “{verdict.rating.label}”"
        ),
    )
    return verdict


def apply_staged_sources(claim: Claim) -> dict[str, Any]:
    """Publish the claim's staged source changes; returns what changed, for the audit row."""
    removed = list(claim.sources.filter(staged=Source.Staged.REMOVE).values_list("url", flat=True))
    added = list(claim.sources.filter(staged=Source.Staged.ADD).values_list("url", flat=True))
    claim.sources.filter(staged=Source.Staged.REMOVE).delete()
    bump_version(
        claim.sources.filter(staged=Source.Staged.ADD), staged=Source.Staged.NONE, staged_by=None
    )
    changes: dict[str, Any] = {}
    if added:
        changes["sources added"] = added
    if removed:
        changes["sources removed"] = removed
    return changes


@transaction.atomic
def verdict_send_back(
    *,
    claim_id: int,
    expected_version: int,
    note: str,
    actor: AbstractBaseUser,
    claim: Claim | None = None,
) -> Comment:
    """An editor returns the claim to review with a note (kept as a comment). `claim`: as in
    verdict_save; the returned comment carries its audit row as `activity`."""
    if not note.strip():
        raise ValidationError({"note": "Say what needs to change: the note is required."})
    claim = claim if claim is not None else claim_for_write(claim_id)
    if claim.version != expected_version:
        raise StaleVersion(claim)
    try:
        ensure_writable(claim, Action.VERDICT_SEND_BACK, actor)
    except WriteRefused as refused:
        raise PermissionDenied(str(refused)) from refused
    if claim.status != ClaimStatus.AWAITING_APPROVAL:
        raise StaleVersion(claim, "This claim is no longer awaiting approval.")
    changes: dict[str, Any] = {"status": ClaimStatus.IN_REVIEW}
    verdict = pending_verdict(claim)
    if verdict is not None and verdict.reviewer is not None:
        # Back to the person who wrote it, with a fresh assignment, rather than into the pool
        # where their expired assignment would let anyone pick it up without the context.
        changes.update(assignee=verdict.reviewer, assigned_at=timezone.now())
    before = {"status": claim.status}
    _claim_swap(claim=claim, expected_version=expected_version, changes=changes)
    comment = Comment.objects.create(claim=claim, author=actor, body=note.strip())
    comment.activity = activity_record(
        actor=actor,
        action="verdict.send_back",
        claim=claim,
        before=before,
        after={"status": ClaimStatus.IN_REVIEW, "note": comment.body[:500]},
        summary="Sent back for more work",
    )
    return comment


# Comments and assignment ------------------------------------------------------------------


@transaction.atomic
def comment_add(*, claim: Claim, body: str, actor: AbstractBaseUser) -> Comment:
    if not body.strip():
        raise ValidationError({"body": "Write something before posting."})
    ensure_writable(claim, Action.COMMENT_ADD, actor)
    comment = Comment.objects.create(claim=claim, author=actor, body=body.strip())
    claim_touch(claim=claim, actor=actor)
    # Carried on the comment so the page shows the history row without reading it again.
    comment.activity = activity_record(
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
    if assignee is not None and not is_reviewer(assignee):
        raise ValidationError({"assignee": "Only reviewers and editors can be assigned claims."})
    claim = claim_current(claim_id)
    try:
        ensure_writable(claim, Action.CLAIM_ASSIGN, actor)
    except WriteRefused as refused:
        raise PermissionDenied("Only editors can assign claims.") from refused
    if claim.version != expected_version:
        raise StaleVersion(claim)
    changes: dict[str, Any] = {
        "assignee": assignee,
        "assigned_at": timezone.now() if assignee else None,
    }
    if assignee and claim.status == ClaimStatus.NEW:
        changes["status"] = ClaimStatus.IN_REVIEW
    updated = bump_claim(claim_id=claim_id, expected_version=expected_version, changes=changes)
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
