"""One claim: its context, sources, verdict, approval, comments and history.

Every write has two branches. A plain form POST redirects back to the claim page with a
message (Post/Redirect/Get), or re-renders the whole page with the user's input and the
errors. An htmx POST gets the region it changed (409 when the form was stale, 422 when the
input was bad); regions that depend on it ride along out of band.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.access import require_editor, require_reviewer
from claims.forms_review import (
    ApproveForm,
    AssignForm,
    CommentForm,
    RetractForm,
    SendBackForm,
    VerdictForm,
)
from claims.models import Activity, Claim
from claims.services.audit import StaleVersion
from claims.services.policy import WriteRefused
from claims.services.review import (
    CLAIM_RELATED,
    ApprovalRefused,
    claim_assign,
    comment_add,
    verdict_approve,
    verdict_save,
    verdict_send_back,
)
from claims.services.withdrawal import verdict_retract
from claims.views.review_context import (
    ALL,
    REGIONS,
    claim_context,
    request_ratings,
    source_prefix,
)

TEMPLATE = "claims/claim_detail.html"
__all__ = ["errors_into", "load_claim", "respond", "respond_done", "source_prefix"]


# What the page (a GET) joins to the claim. Its verdict in force comes from the list of the
# claim's verdicts, which the page reads anyway (claim_context): joined here as well, its
# rating and people made an eight-table join that PostgreSQL took 2-4 ms to plan, ten times
# what reading the rows costs.
PAGE_RELATED = ("article", "assignee", "speaker_confirmed_by")


def load_claim(request: HttpRequest, pk: int, *, related: tuple[str, ...] = CLAIM_RELATED) -> Claim:
    """Authorise, then the claim with everything its header, verdict panel and writes read,
    in one query (the writes below update this copy in place and render from it); the page
    itself asks for PAGE_RELATED."""
    require_reviewer(request)
    return get_object_or_404(Claim.objects.select_related(*related), pk=pk)


def errors_into(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def respond(
    request: HttpRequest,
    claim: Claim,
    *,
    partial: str,
    status: int = 200,
    anchor: str = "",
    success: str = "",
    **overrides: Any,
) -> HttpResponse:
    """Render the region (htmx) or the page (plain) from a fresh read of the whole claim;
    successful plain POSTs redirect. For refusals and conflicts, where the page may have
    moved under the user; a successful write answers with respond_done."""
    if not request.htmx and status == 200 and success:
        messages.success(request, success)
        return redirect(reverse("claim_detail", args=[claim.pk]) + (f"#{anchor}" if anchor else ""))
    fresh = load_claim(request, claim.pk)
    context = claim_context(request, fresh, **overrides)
    if success:
        context["notice"] = success
    if request.htmx:
        error = overrides.get("workflow_error") or overrides.get("sources_error")
        if error:
            context["announce_error"] = error
        return render(request, f"{TEMPLATE}#{partial}-response", context, status=status)
    return render(request, TEMPLATE, context, status=status)


def respond_done(
    request: HttpRequest,
    claim: Claim,
    *,
    partial: str,
    success: str,
    anchor: str,
    activity: Activity | None,
    regions: str | None = None,
    **overrides: Any,
) -> HttpResponse:
    """A successful write: a plain form redirects (Post/Redirect/Get); htmx gets the regions
    the write changed, rendered from the claim the service updated in place, with the new
    history row and the counts out of band, and the result announced in #messages."""
    if not request.htmx:
        messages.success(request, success)
        return redirect(reverse("claim_detail", args=[claim.pk]) + f"#{anchor}")
    context = claim_context(
        request, claim, regions=REGIONS[regions or partial], new_activity=activity, **overrides
    )
    context["notice"] = success
    return render(request, f"{TEMPLATE}#{partial}-response", context)


@require_GET
@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = load_claim(request, pk, related=PAGE_RELATED)
    return render(request, TEMPLATE, claim_context(request, claim, regions=ALL))


@require_GET
@login_required
def publication_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor's public-page preview on its own request: the claim page and every write's
    htmx answer carry a placeholder that loads it, so neither builds the ClaimReview; without
    JavaScript the placeholder's link opens it as a page."""
    claim = load_claim(request, pk)
    require_editor(request)
    # The verdicts list ("status") brings each verdict with its rating: the preview needs the
    # pending one and whether any supersedes another.
    context = claim_context(request, claim, regions={"publication", "status"})
    if not request.htmx:
        return render(request, "claims/claim_publication.html", context)
    return render(request, "claims/claim_publication.html#publication", context)


# Verdicts and approval --------------------------------------------------------------------


@require_POST
@login_required
def verdict_create(request: HttpRequest, pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    form = VerdictForm(request.POST, ratings=request_ratings(request))
    if form.is_valid():
        data = form.cleaned_data
        try:
            verdict = verdict_save(
                claim=claim,
                claim_id=claim.pk,
                expected_version=data["version"],
                rating=data["rating"],
                rationale=data["rationale"],
                confidence=data["confidence"],
                correction_reason=data.get("correction_reason") or "",
                proposed_claim=form.proposed_claim(),
                actor=request.user,
            )
        except WriteRefused as exc:
            return respond(
                request,
                claim,
                partial="workflow",
                status=422,
                verdict_form=form,
                workflow_error=f"Not saved: {exc}",
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
            # The user's input stays in the form; the version moves to the current one so
            # that saving again (after reading theirs) is a deliberate overwrite.
            form.data = form.data.copy()
            form.data["version"] = str(exc.current.version)
            return respond(
                request,
                claim,
                partial="workflow",
                status=409,
                verdict_form=form,
                verdict_conflict=True,
            )
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            return respond_done(
                request,
                claim,
                partial="workflow",
                anchor="verdict",
                success="Verdict saved. It now awaits an editor's approval.",
                activity=verdict.activity,
            )
    return respond(request, claim, partial="workflow", status=422, verdict_form=form)


@require_POST
@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    require_editor(request)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return respond(
            request,
            claim,
            partial="workflow",
            status=422,
            workflow_error="The approval form was incomplete; reload the page and try again.",
        )
    try:
        verdict = verdict_approve(
            claim=claim,
            claim_id=claim.pk,
            expected_version=form.cleaned_data["version"],
            verdict_id=form.cleaned_data["verdict"],
            actor=request.user,
            scale=request_ratings(request),
        )
    except StaleVersion as exc:
        return respond(request, claim, partial="workflow", status=409, workflow_error=str(exc))
    except ApprovalRefused as exc:
        return respond(
            request,
            claim,
            partial="workflow",
            status=422,
            workflow_error="Not approved: " + " ".join(exc.problems),
        )
    return respond_done(
        request,
        claim,
        partial="workflow",
        anchor="verdict",
        success="Verdict approved.",
        activity=verdict.activity,
    )


def _workflow_post(
    request: HttpRequest,
    claim: Claim,
    form: Form,
    *,
    form_name: str,
    run: Callable[[dict[str, Any]], object],
    success: str,
    anchor: str,
    partial: str = "workflow",
    regions: str | None = None,
) -> HttpResponse:
    """Run a workflow form's service call and answer with the workflow panel: 409 with the
    current state on a stale version, 422 with the reasons on a refusal, the updated panel on
    success. The form, with the user's input, goes back in every failure."""
    if form.is_valid():
        try:
            result = run(form.cleaned_data)
        except StaleVersion as exc:
            form.add_error(None, str(exc))
            return respond(request, claim, partial=partial, status=409, **{form_name: form})
        except (PermissionDenied, WriteRefused) as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            activity = getattr(result, "activity", None)
            if activity is None:
                # A service that does not hand back its audit row: read the whole claim again.
                return respond(request, claim, partial=partial, anchor=anchor, success=success)
            return respond_done(
                request,
                claim,
                partial=partial,
                anchor=anchor,
                success=success,
                activity=activity,
                regions=regions,
            )
    return respond(request, claim, partial=partial, status=422, **{form_name: form})


@require_POST
@login_required
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    # The claim goes back to the verdict's reviewer: joined here rather than read apart.
    claim = load_claim(request, pk, related=(*CLAIM_RELATED, "current_verdict__reviewer"))
    require_editor(request)
    return _workflow_post(
        request,
        claim,
        SendBackForm(request.POST),
        form_name="send_back_form",
        run=lambda data: verdict_send_back(
            claim=claim,
            claim_id=claim.pk,
            expected_version=data["version"],
            note=data["note"],
            actor=request.user,
        ),
        success="Sent back to review with your note.",
        anchor="verdict",
        regions="send_back",
    )


@require_POST
@login_required
def verdict_retract_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor withdraws the published verdict at once (legal or safety)."""
    claim = load_claim(request, pk)
    require_editor(request)
    return _workflow_post(
        request,
        claim,
        RetractForm(request.POST),
        form_name="retract_form",
        run=lambda data: verdict_retract(
            claim_id=claim.pk,
            expected_version=data["version"],
            reason=data["reason"],
            actor=request.user,
        ),
        success="Verdict withdrawn. The public page now says so, and exports leave it out.",
        anchor="verdict",
    )


@require_http_methods(["GET", "POST"])
@login_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    require_editor(request)
    if request.method == "GET":
        # The form opens on demand: its list of every reviewer is not rendered on each page.
        form = AssignForm(initial={"version": claim.version, "assignee": claim.assignee_id})
        if request.htmx:
            context = {"claim": claim, "assign_form": form, "can_approve": True}
            return render(request, f"{TEMPLATE}#assignment", context)
        return render(request, TEMPLATE, claim_context(request, claim, assign_form=form))
    return _workflow_post(
        request,
        claim,
        AssignForm(request.POST),
        form_name="assign_form",
        run=lambda data: claim_assign(
            claim_id=claim.pk,
            expected_version=data["version"],
            assignee=data["assignee"],
            actor=request.user,
        ),
        success="Assignment saved.",
        anchor="claim",
        partial="assignment",
    )


# Comments ---------------------------------------------------------------------------------


@require_POST
@login_required
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = comment_add(claim=claim, body=form.cleaned_data["body"], actor=request.user)
        return respond_done(
            request,
            claim,
            partial="comments",
            anchor="comments",
            success="Comment posted.",
            activity=comment.activity,
        )
    return respond(request, claim, partial="comments", status=422, comment_form=form)
