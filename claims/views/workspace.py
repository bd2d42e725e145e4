"""The article workspace: its context, and the corrections made to claims in it.

Plain forms get Post/Redirect/Get; htmx forms get only the changed part (a claim row, or the
whole workspace when claims appear or disappear). A refused correction re-renders the
workspace with the person's input kept: 422 for invalid input, 409 for a stale version.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.http import require_POST
from django_htmx.http import retarget

from claims.access import get_article_for_user, get_claim_for_user
from claims.forms_articles import (
    ArticleDetailsForm,
    ClaimAddForm,
    ClaimEditForm,
    ClaimMergeForm,
    ClaimSplitForm,
    VersionForm,
)
from claims.models import Article, Claim, ClaimStatus, drafts_by_claim
from claims.services.audit import StaleVersion
from claims.services.workspace import (
    ClaimActionError,
    body_segments,
    claim_add,
    claim_edit,
    claim_merge,
    claim_reject,
    claim_restore,
    claim_split,
    locate_quote,
    split_offset,
)

DETAIL = "claims/article_detail.html"


def workspace_context(
    article: Article,
    *,
    bound: dict[tuple[int, str], Any] | None = None,
    notes: dict[int, dict[str, Any]] | None = None,
    add_form: ClaimAddForm | None = None,
    details_form: ArticleDetailsForm | None = None,
) -> dict[str, Any]:
    """Everything the workspace template needs. `bound` maps (claim id, form kind) to a form
    carrying the person's input after an error; `notes` carries conflict details per claim."""
    bound = bound or {}
    notes = notes or {}
    claims = list(
        article.claims.select_related("current_verdict__rating", "speaker_confirmed_by").order_by(
            "start", "id"
        )
    )
    active = [c for c in claims if c.status != ClaimStatus.REJECTED]
    following = {a.pk: b for a, b in itertools.pairwise(active)}
    drafts = drafts_by_claim([c.pk for c in claims])
    for number, claim in enumerate(claims, start=1):
        # The number ties a highlight to its row; every per-claim control names it.
        claim.number = number
        auto_id = f"id_c{claim.pk}_%s"
        claim.edit_form = bound.get((claim.pk, "edit")) or ClaimEditForm(
            initial={
                "statement": claim.statement,
                "type": claim.type,
                "speaker": claim.speaker,
            },
            auto_id=auto_id,
        )
        claim.split_form = bound.get((claim.pk, "split")) or ClaimSplitForm(auto_id=auto_id)
        claim.next_claim = following.get(claim.pk)
        claim.note = notes.get(claim.pk)
        # Only a published verdict colours the text by its rating; a draft is marked as one.
        claim.published = claim.published_verdict
        claim.draft = drafts.get(claim.pk)
        claim.draft_label = claim.draft_state() if claim.draft else None
        if claim.published:
            claim.verdict_class = "verdict-" + _slug(claim.published.rating.label)
        elif claim.draft:
            claim.verdict_class = claim.draft_label.css
        else:
            claim.verdict_class = ""
        claim.verdict_icon = _verdict_icon(claim.published.rating.label) if claim.published else ""
        claim.mark_tag = _mark_tag(claim)
        claim.mark_title = _mark_title(claim)
        # Appended, visually hidden, to every per-claim control so each says which claim.
        claim.which = f"claim {number}: “{Truncator(claim.statement).words(10)}”"
        claim.focus_control = ""
        claim.open_corrections = (claim.pk, "edit") in bound or (claim.pk, "split") in bound
    segments = body_segments(article.body, claims)
    tagged: set[int] = set()
    for segment in segments:
        primary = segment.primary
        # Only a claim's first highlighted run carries its tag, so a long claim shows it once.
        segment.tag = primary.mark_tag if primary and primary.pk not in tagged else ""
        if primary:
            tagged.add(primary.pk)
    return {
        "article": article,
        "claims": claims,
        "segments": segments,
        "add_form": add_form or ClaimAddForm(),
        "details_form": details_form or ArticleDetailsForm(initial=_details_initial(article)),
        "counts": {s: sum(c.status == s for c in claims) for s in ClaimStatus.values},
        "legend_statuses": [(s, ClaimStatus(s).label) for s in ClaimStatus.values],
        "legend_verdicts": LEGEND_VERDICTS,
        "in_progress": article.extraction_in_progress and not article.extraction_stalled,
        "stall_minutes": settings.FACTCHECK_EXTRACTION_STALL_MINUTES,
    }


def _details_initial(article: Article) -> dict[str, Any]:
    return {
        "version": article.version,
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet,
        "author": article.author,
        "published": article.published,
    }


def _slug(label: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in label.lower()).strip("-")


# Colour is never the only cue: each published verdict's colour comes with an icon, shown on
# the highlight and explained in the key (its own css class, icon, what it stands for; the key
# has its own classes so "verdict-…" on a page always means a highlight or badge wears one).
LEGEND_VERDICTS = [
    ("key-true", "✓", "True or mostly true"),
    ("key-half-true", "≈", "Half true or misleading"),
    ("key-false", "✗", "False or mostly false"),
    ("key-unverifiable", "?", "Unverifiable"),
]
_ICONS = {
    "true": "✓",
    "mostly-true": "✓",
    "half-true": "≈",
    "misleading": "≈",
    "mostly-false": "✗",
    "false": "✗",
    "unverifiable": "?",
}
GUESSED_TAG = "speaker guessed"


def _verdict_icon(label: str) -> str:
    return _ICONS.get(_slug(label), "•")


def _mark_tag(claim: Claim) -> str:
    """The small label drawn before a claim's highlight: its number, the published verdict's
    icon and whether the speaker is only a guess."""
    parts = [str(claim.number)]
    if claim.verdict_icon:
        parts.append(claim.verdict_icon)
    if claim.speaker_guessed:
        parts.append("· " + GUESSED_TAG)
    return " ".join(parts)


def _mark_title(claim: Claim) -> str:
    """What hovering a highlight tells: the claim, its status, verdict and speaker basis."""
    parts = [f"Claim {claim.number}", claim.get_status_display()]
    if claim.published:
        parts.append(f"verdict {claim.published.rating.label}")
    elif claim.draft:
        parts.append(f"{claim.draft_label.label}: {claim.draft.rating.label}")
    if claim.speaker:
        basis = "guessed" if claim.speaker_guessed else "stated"
        parts.append(f"speaker {claim.speaker} ({basis})")
    return " · ".join(parts)


# Claim corrections -----------------------------------------------------------------------


def _number(claim: Claim) -> int:
    """The claim's number in the workspace (reading order, as workspace_context numbers it)."""
    before = Claim.objects.filter(article_id=claim.article_id).filter(
        Q(start__lt=claim.start) | Q(start=claim.start, id__lt=claim.pk)
    )
    return before.count() + 1


def _claim_of(request: HttpRequest, pk: int, claim_pk: int) -> Claim:
    claim = get_claim_for_user(request, claim_pk, write=True)
    if claim.article_id != pk:
        raise Http404("No such claim in this article.")
    return claim


def _after_change(
    request: HttpRequest,
    article: Article,
    claim: Claim | None,
    message: str,
    *,
    part: str,
    focus: str = "row",
) -> HttpResponse:
    """Post/Redirect/Get for plain forms; htmx gets the changed part only, the counts out of
    band and the result announced in #messages. `focus` names the control of `claim` that
    takes focus after the swap (the one the person used is usually gone or hidden)."""
    if not request.htmx:
        messages.success(request, message)
        anchor = f"#claim-{claim.pk}" if claim else ""
        return redirect(reverse("article_detail", args=[article.pk]) + anchor)
    context = workspace_context(article)
    context["notice"] = message
    target = next((c for c in context["claims"] if claim and c.pk == claim.pk), None)
    if target is not None:
        target.focus_control = focus
    if part == "row":
        context["claim"] = target
        context["oob"] = True
        return render(request, DETAIL + "#claim-row-update", context)
    return render(request, DETAIL + "#workspace-update", context)


def _refused(
    request: HttpRequest,
    article: Article,
    *,
    message: str,
    status: int,
    bound: dict[tuple[int, str], Any] | None = None,
    notes: dict[int, dict[str, Any]] | None = None,
    add_form: ClaimAddForm | None = None,
) -> HttpResponse:
    """The workspace again, the person's input kept beside the error or the current values."""
    context = workspace_context(article, bound=bound, notes=notes, add_form=add_form)
    if request.htmx:
        # Announced once through #messages; field errors show beside their fields.
        context["announce_error"] = message
        response = render(request, DETAIL + "#workspace-update", context, status=status)
        return retarget(response, "#workspace")
    messages.error(request, message)
    return render(request, DETAIL, context, status=status)


def _stale_note(current: Claim) -> dict[str, Any]:
    return {
        "stale": True,
        "statement": current.statement,
        "type": current.get_type_display(),
        "speaker": current.speaker,
        "status": current.get_status_display(),
        "version": current.version,
    }


def _claim_action(
    request: HttpRequest,
    pk: int,
    claim_pk: int,
    *,
    form_class: type[VersionForm],
    kind: str,
    apply: Callable[[Claim, dict[str, Any]], tuple[Claim | None, str]],
    part: str,
    focus: str = "row",
) -> HttpResponse:
    claim = _claim_of(request, pk, claim_pk)
    article = claim.article
    form = form_class(request.POST, auto_id=f"id_c{claim.pk}_%s")
    if not form.is_valid():
        return _refused(
            request,
            article,
            message="Check the highlighted fields.",
            status=422,
            bound={(claim.pk, kind): form},
        )
    try:
        changed, message = apply(claim, form.cleaned_data)
    except StaleVersion as exc:
        current = exc.current
        return _refused(
            request,
            article,
            message=f"{exc} Nothing was saved.",
            status=409,
            bound={(claim.pk, kind): form},
            notes={current.pk: _stale_note(current)},
        )
    except ClaimActionError as exc:
        # Beside the form it belongs to as well as announced.
        form.add_error(None, str(exc))
        return _refused(
            request, article, message=str(exc), status=422, bound={(claim.pk, kind): form}
        )
    return _after_change(request, article, changed, message, part=part, focus=focus)


@require_POST
@login_required
def claim_edit_view(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    def apply(claim: Claim, data: dict[str, Any]) -> tuple[Claim, str]:
        updated = claim_edit(
            claim_id=claim.pk,
            expected_version=data["version"],
            statement=data["statement"],
            type=data["type"],
            speaker=data["speaker"],
            actor=request.user,
        )
        return updated, "Claim saved."

    return _claim_action(
        request,
        pk,
        claim_pk,
        form_class=ClaimEditForm,
        kind="edit",
        apply=apply,
        part="row",
        focus="correct",
    )


@require_POST
@login_required
def claim_reject_view(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    def apply(claim: Claim, data: dict[str, Any]) -> tuple[Claim, str]:
        updated = claim_reject(
            claim_id=claim.pk, expected_version=data["version"], actor=request.user
        )
        return updated, f"Claim {_number(updated)} rejected. Use Restore to undo."

    return _claim_action(
        request,
        pk,
        claim_pk,
        form_class=VersionForm,
        kind="status",
        apply=apply,
        part="row",
        focus="restore",
    )


@require_POST
@login_required
def claim_restore_view(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    def apply(claim: Claim, data: dict[str, Any]) -> tuple[Claim, str]:
        updated = claim_restore(
            claim_id=claim.pk, expected_version=data["version"], actor=request.user
        )
        return updated, f"Claim {_number(updated)} restored."

    return _claim_action(
        request,
        pk,
        claim_pk,
        form_class=VersionForm,
        kind="status",
        apply=apply,
        part="row",
        focus="reject",
    )


@require_POST
@login_required
def claim_split_view(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    def apply(claim: Claim, data: dict[str, Any]) -> tuple[Claim, str]:
        at = data["at"] if data.get("at") is not None else split_offset(claim.quote, data["before"])
        first, second = claim_split(
            claim_id=claim.pk, expected_version=data["version"], at=at, actor=request.user
        )
        return first, (
            f"Claim {_number(first)} split in two; the second part is claim {_number(second)}."
        )

    return _claim_action(
        request, pk, claim_pk, form_class=ClaimSplitForm, kind="split", apply=apply, part="all"
    )


@require_POST
@login_required
def claim_merge_view(request: HttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    def apply(claim: Claim, data: dict[str, Any]) -> tuple[Claim, str]:
        if not Claim.objects.filter(pk=data["other"], article_id=claim.article_id).exists():
            raise ClaimActionError("The next claim no longer exists; reload the page.")
        merged = claim_merge(
            claim_id=claim.pk,
            expected_version=data["version"],
            other_id=data["other"],
            other_version=data["other_version"],
            actor=request.user,
        )
        return merged, f"Claims merged into claim {_number(merged)}."

    return _claim_action(
        request, pk, claim_pk, form_class=ClaimMergeForm, kind="merge", apply=apply, part="all"
    )


@require_POST
@login_required
def claim_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_article_for_user(request, pk, write=True)
    form = ClaimAddForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, article, message="Check the new claim's fields.", status=422, add_form=form
        )
    data = form.cleaned_data
    try:
        if data.get("start") is not None and data.get("end") is not None:
            start, end = data["start"], data["end"]
        else:
            start, end = locate_quote(article.body, data["quote"], data.get("occurrence"))
        claim = claim_add(
            article=article, start=start, end=end, type=data["type"], actor=request.user
        )
    except ClaimActionError as exc:
        form.add_error("quote", str(exc))
        return _refused(request, article, message=str(exc), status=422, add_form=form)
    return _after_change(request, article, claim, f"Claim {_number(claim)} added.", part="all")
