"""Checked before? The claim's matches panel (its own page without JavaScript, loaded into the
claim page by htmx), Reuse, repeats, and the editors' archive upload."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims import forms_matching
from claims.access import HtmxHttpRequest, require_editor
from claims.matching.formats import CSV_COLUMNS, ArchiveFormatError
from claims.models import Claim, ClaimMatch, MatchKind, MatchState, RepeatStatus
from claims.services.archive import archive_import
from claims.services.audit import StaleVersion
from claims.services.matching import (
    claim_match,
    closest_rating,
    match_reuse,
    repeat_confirm,
    repeat_take_verdict,
    repeat_undo,
)
from claims.views.review import load_claim

logger = logging.getLogger(__name__)

TEMPLATE = "claims/checked_before.html"
SHOWN = 5


def _panel_context(claim: Claim, **extra: Any) -> dict[str, Any]:
    """The panel in a fixed number of queries: the state, the matches with their targets."""
    state = (
        MatchState.objects.select_related("repeat_of__current_verdict__rating", "repeat_decided_by")
        .filter(claim=claim)
        .first()
    )
    if state is None:
        # Never matched (an old claim, or matching failed at extraction): the worker matches
        # it, never this request (the panel polls until then; "Match now" works without
        # JavaScript). The immediate backend (tests, a single-process setup) matches it here.
        _match_later(claim)
        state = (
            MatchState.objects.select_related(
                "repeat_of__current_verdict__rating", "repeat_decided_by"
            )
            .filter(claim=claim)
            .first()
        )
    if state is None:
        return {"claim": claim, "state": None, "matches": [], "pending": True, **extra}
    matches = list(
        ClaimMatch.objects.filter(claim=claim)
        .select_related(
            "factcheck",
            "matched_claim__article",
            "matched_claim__current_verdict__rating",
        )
        .order_by("-score", "kind", "rank")[:SHOWN]
    )
    stale_before = timezone.now().date() - timedelta(days=settings.FACTCHECK_MATCH_STALE_DAYS)
    for m in matches:
        m.percent = round(100 * m.score)
        if m.kind == MatchKind.ARCHIVE:
            m.when = m.factcheck.published
            m.desk_rating = closest_rating(m.factcheck)
            m.can_reuse = m.desk_rating is not None
        else:
            verdict = m.matched_claim.current_verdict
            m.when = verdict.approved_at.date() if verdict and verdict.approved_at else None
            m.verdict = verdict if verdict and verdict.approved_at else None
            m.can_reuse = m.verdict is not None
        m.stale = bool(m.when and m.when < stale_before)
        m.strong = m.score >= settings.FACTCHECK_MATCH_MIN_PERCENT / 100
    original_verdict = None
    if state.repeat_of_id and state.repeat_of.current_verdict_id:
        v = state.repeat_of.current_verdict
        original_verdict = v if v.approved_at and not v.withdrawn_at else None
    return {
        "claim": claim,
        "state": state,
        "matches": matches,
        "original_verdict": original_verdict,
        "stale_days": settings.FACTCHECK_MATCH_STALE_DAYS,
        "RepeatStatus": RepeatStatus,
        **extra,
    }


def _match_later(claim: Claim) -> None:
    from claims.tasks import match_claims_later

    try:
        match_claims_later.enqueue(claim_ids=[claim.pk])
    except Exception:
        # The panel still offers "Match now"; a failing queue must not fail the claim page.
        logger.exception("Could not queue matching for claim %s", claim.pk)


def _panel(request: HtmxHttpRequest, claim: Claim, *, status: int = 200, **extra: Any):
    context = _panel_context(claim, **extra)
    name = f"{TEMPLATE}#panel" if request.htmx else TEMPLATE
    return render(request, name, context, status=status)


def _done(request: HtmxHttpRequest, claim: Claim, message: str, *, anchor: str) -> HttpResponse:
    if request.htmx:
        return _panel(request, claim, notice=message)
    messages.success(request, message)
    return redirect(reverse("claim_detail", args=[claim.pk]) + f"#{anchor}")


@require_GET
@login_required
def checked_before(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    return _panel(request, claim)


@require_POST
@login_required
def match_run(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    claim_match(claim=claim, actor=request.user)
    return _done(request, claim, "Matched again.", anchor="checked-before")


@require_POST
@login_required
def match_reuse_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    form = forms_matching.ReuseForm(request.POST)
    if not form.is_valid():
        return _panel(request, claim, status=422, error="The form was incomplete; reload the page.")
    try:
        verdict = match_reuse(
            claim_id=claim.pk,
            expected_version=form.cleaned_data["version"],
            match_id=form.cleaned_data["match"],
            actor=request.user,
        )
    except StaleVersion as exc:
        return _panel(request, load_claim(request, pk), status=409, error=str(exc))
    except (ValidationError, PermissionDenied) as exc:
        return _panel(request, claim, status=422, error=" ".join(_messages(exc)))
    message = (
        f"Draft verdict “{verdict.rating.label}” started from the earlier check; it now awaits "
        "an editor's approval."
    )
    if request.htmx:
        # The verdict panel of the claim page changed too: load the page afresh.
        messages.success(request, message)
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("claim_detail", args=[claim.pk]) + "#verdict"
        return response
    messages.success(request, message)
    return redirect(reverse("claim_detail", args=[claim.pk]) + "#verdict")


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return [str(m) for m in exc.messages]
    return [str(exc)]


def _repeat_post(request: HtmxHttpRequest, pk: int, action) -> HttpResponse:  # type: ignore[no-untyped-def]
    claim = load_claim(request, pk)
    try:
        message = action(claim)
    except StaleVersion as exc:
        return _panel(request, claim, status=409, error=str(exc))
    except (ValidationError, PermissionDenied) as exc:
        return _panel(request, claim, status=422, error=" ".join(_messages(exc)))
    return _done(request, claim, message, anchor="checked-before")


@require_POST
@login_required
def repeat_confirm_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    def run(claim: Claim) -> str:
        state = repeat_confirm(claim_id=claim.pk, actor=request.user)
        return f"Confirmed: this claim repeats claim #{state.repeat_of_id}."

    return _repeat_post(request, pk, run)


@require_POST
@login_required
def repeat_undo_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    def run(claim: Claim) -> str:
        state = repeat_undo(claim_id=claim.pk, actor=request.user)
        return f"Undone: this claim is no longer marked as a repeat of #{state.repeat_of_id}."

    return _repeat_post(request, pk, run)


@require_POST
@login_required
def repeat_take_verdict_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    form = forms_matching.VersionForm(request.POST)
    if not form.is_valid():
        return _panel(request, claim, status=422, error="The form was incomplete; reload the page.")
    try:
        verdict = repeat_take_verdict(
            claim_id=claim.pk, expected_version=form.cleaned_data["version"], actor=request.user
        )
    except StaleVersion as exc:
        return _panel(request, load_claim(request, pk), status=409, error=str(exc))
    except (ValidationError, PermissionDenied) as exc:
        return _panel(request, claim, status=422, error=" ".join(_messages(exc)))
    messages.success(
        request,
        f"Draft verdict “{verdict.rating.label}” taken from the original; it awaits approval.",
    )
    target = reverse("claim_detail", args=[claim.pk]) + "#verdict"
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


# The archive ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def archive_import_view(request: HtmxHttpRequest) -> HttpResponse:
    require_editor(request)
    form = forms_matching.ArchiveUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "columns": CSV_COLUMNS, "can_import": True}
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = archive_import(
                    stream=upload.file, origin=f"upload:{upload.name}", actor=request.user
                )
            except ArchiveFormatError as exc:
                form.add_error("file", str(exc))
            else:
                if not request.htmx:
                    messages.success(request, "Imported " + report.summary() + ".")
                    for number, message in report.problems[:20]:
                        messages.warning(request, f"Skipped record {number}: {message}")
                    return redirect("archive_import")
                context["report"] = report
                return render(request, "claims/archive_import.html#upload", context)
        status = 422
    else:
        status = 200
    context["archive_size"] = _archive_size()
    name = "claims/archive_import.html#upload" if request.htmx else "claims/archive_import.html"
    return render(request, name, context, status=status)


def _archive_size() -> int:
    from claims.models import FactCheck

    return FactCheck.objects.count()
