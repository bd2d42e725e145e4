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
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims.access import get_claim_for_user, require_editor
from claims.forms_review import (
    ApproveForm,
    AssignForm,
    CommentForm,
    RetractForm,
    SendBackForm,
    SourceForm,
    VerdictForm,
)
from claims.markdown import render_markdown
from claims.models import Claim, ClaimStatus, Rating, Source
from claims.reports.preview import claim_publication, public_base_url
from claims.roles import is_editor
from claims.services.audit import StaleVersion
from claims.services.policy import Action, WriteRefused, claim_write_allowed
from claims.services.queue import assignment_is_live
from claims.services.review import (
    ApprovalRefused,
    approval_problems,
    claim_assign,
    comment_add,
    verdict_approve,
    verdict_save,
    verdict_send_back,
)
from claims.services.withdrawal import verdict_retract

TEMPLATE = "claims/claim_detail.html"
HISTORY_LIMIT = 200
CONTEXT_CHARS = 1200


def _paragraph(body: str, start: int, end: int) -> tuple[str, str, str]:
    """The paragraph around the claim's span, split into before / span / after."""
    left = body.rfind("\n", 0, start) + 1
    right = body.find("\n", end)
    right = len(body) if right == -1 else right
    left = max(left, start - CONTEXT_CHARS)
    right = min(right, end + CONTEXT_CHARS)
    return body[left:start], body[start:end], body[end:right]


def load_claim(request: HttpRequest, pk: int) -> Claim:
    claim = get_claim_for_user(request, pk, write=request.method == "POST")
    # One query for everything the header and verdict panel show about the claim.
    return Claim.objects.select_related(
        "article",
        "assignee",
        "current_verdict__rating",
        "current_verdict__reviewer",
        "current_verdict__approved_by",
        "speaker_confirmed_by",
    ).get(pk=claim.pk)


def source_prefix(source_pk: int) -> str:
    # Each source's edit form has its own field ids, so every label points at its own input.
    return f"source-{source_pk}"


def _claim_context(
    request: HttpRequest,
    claim: Claim,
    *,
    source_forms_bound: dict[int, SourceForm] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """Everything the claim page shows, in a fixed number of queries."""
    user = request.user
    editor = is_editor(user)
    sources = list(claim.sources.select_related("added_by"))
    for source in sources:
        source.form = (source_forms_bound or {}).get(source.pk) or SourceForm(
            instance=source, initial={"version": source.version}, prefix=source_prefix(source.pk)
        )
    verdicts = list(
        claim.verdicts.select_related("rating", "reviewer", "approved_by", "retracted_by").order_by(
            "-created", "-id"
        )
    )
    ratings = list(Rating.objects.all())
    pending = None
    if claim.status == ClaimStatus.AWAITING_APPROVAL:
        pending = next((v for v in verdicts if v.approved_at is None), None)
    for verdict in verdicts:
        verdict.rationale_html = render_markdown(verdict.rationale)
    # Approval is judged on the sources as they will stand once it is given.
    kinds = {s.kind for s in sources if s.staged != Source.Staged.REMOVE}
    source_problems = approval_problems(
        claim=claim, verdict=pending, approver=None, source_kinds=kinds
    )
    approve_problems = (
        approval_problems(claim=claim, verdict=pending, approver=user, source_kinds=kinds)
        if pending and editor
        else []
    )
    # The same row from the history list, which carries the rendered rationale.
    in_force = next((v for v in verdicts if v.pk == claim.current_verdict_id), None)
    correcting = claim.is_published
    draft = next((v for v in verdicts if v.approved_at is None and v.retracted_at is None), None)
    if draft is not None and in_force is not None and in_force.approved_at:
        # Drafts older than the approved verdict are history, not work in progress.
        draft = draft if draft.created > in_force.created else None
    draft_state = claim.draft_state() if draft is not None else None
    latest = verdicts[0] if verdicts else None
    verdict_initial: dict[str, Any] = {
        "version": claim.version,
        "proposed_statement": claim.statement,
        "proposed_speaker": claim.speaker,
        "proposed_type": claim.type,
    }
    if latest:
        verdict_initial.update(
            rating=latest.rating_id if not latest.rating.retired else None,
            rationale=latest.rationale,
            confidence=latest.confidence,
        )
    before, span, after = _paragraph(claim.article.body, claim.start, claim.end)
    context: dict[str, Any] = {
        "claim": claim,
        "article": claim.article,
        "context_before": before,
        "context_span": span,
        "context_after": after,
        "assignment_live": assignment_is_live(claim),
        "sources": sources,
        "source_form": SourceForm(initial={"kind": Source.Kind.PRIMARY}),
        "verdicts": verdicts,
        "pending": pending,
        "in_force": in_force,
        "published": claim.published_verdict is not None,
        "draft": draft,
        "draft_state": draft_state,
        "correcting": correcting,
        "staged_sources": [s for s in sources if s.staged],
        "verdict_refusal": claim_write_allowed(claim, Action.VERDICT_SAVE, user)[1],
        "retract_form": RetractForm(initial={"version": claim.version})
        if editor and correcting
        else None,
        "ratings": ratings,
        "verdict_form": VerdictForm(initial=verdict_initial, ratings=ratings),
        "approve_form": ApproveForm(
            initial={"version": claim.version, "verdict": pending.pk if pending else None}
        ),
        "send_back_form": SendBackForm(initial={"version": claim.version}),
        "source_problems": source_problems,
        "approve_problems": approve_problems,
        "comments": list(claim.comments.select_related("author")),
        "comment_form": CommentForm(),
        "activities": list(
            claim.activities.select_related("actor").order_by("-created", "-id")[:HISTORY_LIMIT]
        ),
        "can_approve": editor,
        # What the public page will carry: editors see it before they publish.
        "publication": claim_publication(claim, pending=pending, base_url=public_base_url(request))
        if editor
        else None,
        "assign_form": AssignForm(initial={"version": claim.version, "assignee": claim.assignee_id})
        if editor
        else None,
    }
    context.update(overrides)
    return context


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
    """Render the region (htmx) or the page (plain); successful plain POSTs redirect."""
    if not request.htmx and status == 200 and success:
        messages.success(request, success)
        return redirect(reverse("claim_detail", args=[claim.pk]) + (f"#{anchor}" if anchor else ""))
    fresh = load_claim(request, claim.pk)
    context = _claim_context(request, fresh, **overrides)
    if success:
        context["notice"] = success
    if request.htmx:
        return render(request, f"{TEMPLATE}#{partial}-response", context, status=status)
    return render(request, TEMPLATE, context, status=status)


@require_GET
@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    return render(request, TEMPLATE, _claim_context(request, claim))


# Verdicts and approval --------------------------------------------------------------------


@require_POST
@login_required
def verdict_create(request: HttpRequest, pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    ratings = list(Rating.objects.all())
    form = VerdictForm(request.POST, ratings=ratings)
    if form.is_valid():
        data = form.cleaned_data
        try:
            verdict_save(
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
            return respond(
                request,
                claim,
                partial="workflow",
                anchor="verdict",
                success="Verdict saved. It now awaits an editor's approval.",
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
        verdict_approve(
            claim_id=claim.pk,
            expected_version=form.cleaned_data["version"],
            verdict_id=form.cleaned_data["verdict"],
            actor=request.user,
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
    return respond(
        request, claim, partial="workflow", anchor="verdict", success="Verdict approved."
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
) -> HttpResponse:
    """Run a workflow form's service call and answer with the workflow panel: 409 with the
    current state on a stale version, 422 with the reasons on a refusal, the updated panel on
    success. The form, with the user's input, goes back in every failure."""
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except StaleVersion as exc:
            form.add_error(None, str(exc))
            return respond(request, claim, partial="workflow", status=409, **{form_name: form})
        except (PermissionDenied, WriteRefused) as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            return respond(request, claim, partial="workflow", anchor=anchor, success=success)
    return respond(request, claim, partial="workflow", status=422, **{form_name: form})


@require_POST
@login_required
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    require_editor(request)
    return _workflow_post(
        request,
        claim,
        SendBackForm(request.POST),
        form_name="send_back_form",
        run=lambda data: verdict_send_back(
            claim_id=claim.pk,
            expected_version=data["version"],
            note=data["note"],
            actor=request.user,
        ),
        success="Sent back to review with your note.",
        anchor="verdict",
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


@require_POST
@login_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    require_editor(request)
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
    )


# Comments ---------------------------------------------------------------------------------


@require_POST
@login_required
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    claim = load_claim(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        comment_add(claim=claim, body=form.cleaned_data["body"], actor=request.user)
        return respond(
            request, claim, partial="comments", anchor="comments", success="Comment posted."
        )
    return respond(request, claim, partial="comments", status=422, comment_form=form)
