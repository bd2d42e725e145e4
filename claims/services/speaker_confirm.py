"""A reviewer confirming the speaker the extractor guessed (a resolved pronoun or role, or a
speaker carried from an earlier quote)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from claims.models import Claim
from claims.services.audit import StaleVersion, claim_update
from claims.services.policy import Action, WriteRefused, ensure_writable
from claims.services.workspace import ClaimActionError


class SpeakerConfirmRefused(ClaimActionError):
    """The speaker cannot be confirmed here; the message says why."""


@transaction.atomic
def claim_speaker_confirm(
    *, claim_id: int, expected_version: int, actor: AbstractBaseUser | None
) -> Claim:
    """Record that a person checked the guessed speaker against the article: the speaker stays,
    the guess becomes a confirmed speaker, and the claim's version moves on."""
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("current_verdict")
        .get(pk=claim_id)
    )
    if claim.version != expected_version:
        raise StaleVersion(claim)
    try:
        ensure_writable(claim, Action.SPEAKER_CONFIRM, actor)
    except WriteRefused as exc:
        raise SpeakerConfirmRefused(str(exc)) from None
    if not claim.speaker_guessed:
        raise SpeakerConfirmRefused(
            "There is no guessed speaker to confirm on this claim; it may have been confirmed "
            "or edited already."
        )
    return claim_update(
        claim_id=claim_id,
        expected_version=expected_version,
        changes={
            "speaker_confirmed_by": actor if actor is not None and actor.is_authenticated else None,
            "speaker_confirmed_at": timezone.now(),
        },
        actor=actor,
        action="claim.speaker_confirm",
        summary=f"Confirmed the speaker “{claim.speaker[:200]}” "
        f"({claim.get_speaker_basis_display().lower()})",
    )
