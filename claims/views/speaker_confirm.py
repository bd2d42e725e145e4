"""Confirming a guessed speaker, from the article workspace and from the claim page.

Both answer the house way: 409 with the current claim when the page was stale, 422 with the
reason when the claim cannot be confirmed (a published claim needs a correction), a redirect
for a plain form and the changed region for htmx.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from claims.forms_articles import VersionForm
from claims.models import Claim
from claims.services import speaker_confirm
from claims.services.audit import StaleVersion
from claims.views import review, workspace

STALE = (
    "Someone else changed this claim since you loaded it; nothing was confirmed. "
    "Check the speaker shown now and confirm again if it is right."
)


@require_POST
@login_required
def article_claim_speaker_confirm(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    def apply(claim: Claim, data: dict[str, Any]) -> tuple[Claim, str]:
        updated = speaker_confirm.claim_speaker_confirm(
            claim_id=claim.pk, expected_version=data["version"], actor=request.user
        )
        return updated, f"Speaker confirmed: {updated.speaker}."

    return workspace._claim_action(
        request, pk, claim_pk, form_class=VersionForm, kind="speaker", apply=apply, part="row"
    )


@require_POST
@login_required
def claim_speaker_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    claim = review.load_claim(request, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return review.respond(
            request,
            claim,
            partial="speaker",
            status=422,
            speaker_error="The form was incomplete; reload the page and try again.",
        )
    try:
        updated = speaker_confirm.claim_speaker_confirm(
            claim_id=claim.pk, expected_version=form.cleaned_data["version"], actor=request.user
        )
    except StaleVersion:
        return review.respond(
            request,
            claim,
            partial="speaker",
            status=409,
            speaker_error=STALE,
        )
    except speaker_confirm.SpeakerConfirmRefused as exc:
        return review.respond(request, claim, partial="speaker", status=422, speaker_error=str(exc))
    return review.respond(
        request,
        updated,
        partial="speaker",
        anchor="claim",
        success=f"Speaker confirmed: {updated.speaker}.",
    )
