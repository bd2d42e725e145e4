"""Withdrawing a published verdict at once, for a legal or safety reason.

Distinct from a correction superseding a verdict (`Verdict.withdrawn_at`): a withdrawal sets
`Verdict.retracted_at`, after which the verdict is not in force (claims.models.in_force_q), the
public page answers 410 and exports leave it out.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import ClaimStatus, Verdict
from claims.services.audit import StaleVersion, activity_record
from claims.services.policy import Action, ensure_writable
from claims.services.review import apply_staged_sources, bump_claim, claim_current


@transaction.atomic
def verdict_retract(
    *, claim_id: int, expected_version: int, reason: str, actor: AbstractBaseUser
) -> Verdict:
    """Withdraw the published verdict at once, for a legal or safety reason.

    The public page answers 410 from then on and exports leave the verdict out. The claim goes
    back to review; anything staged for a correction becomes plain work in progress, since
    nothing of the claim is published any more.
    """
    if not reason.strip():
        raise ValidationError(
            {"reason": "Say why the verdict is withdrawn: the reason is required."}
        )
    claim = claim_current(claim_id)
    if claim.version != expected_version:
        raise StaleVersion(claim)
    ensure_writable(claim, Action.VERDICT_RETRACT, actor)
    verdict = claim.current_verdict
    bump_claim(
        claim_id=claim_id,
        expected_version=expected_version,
        changes={"status": ClaimStatus.IN_REVIEW},
    )
    Verdict.objects.filter(pk=verdict.pk).update(
        retracted_at=timezone.now(), retracted_by=actor, retraction_reason=reason.strip()
    )
    apply_staged_sources(claim)
    verdict.refresh_from_db()
    activity_record(
        actor=actor,
        action="verdict.retract",
        claim=claim,
        before={"status": claim.status, "rating": verdict.rating.label, "published": True},
        after={"status": ClaimStatus.IN_REVIEW, "published": False, "reason": reason.strip()},
        summary=f"Withdrew the published verdict “{verdict.rating.label}”",
    )
    return verdict
