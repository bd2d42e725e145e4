"""What each region of the claim page shows, read only for the regions a response renders.

The full page reads everything in a fixed number of queries; an htmx write renders the regions
it changed and reads only what those need (REGIONS), reusing what the write already holds: the
claim it updated in place, the rating scale of the request, the audit row it wrote (prepended
to the history instead of reading the history again).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.http import HttpRequest

from claims.forms_review import (
    ApproveForm,
    CommentForm,
    RetractForm,
    SendBackForm,
    SourceForm,
    VerdictForm,
)
from claims.markdown import render_markdown
from claims.models import Activity, Claim, ClaimStatus, ClaimType, Rating, Source, Verdict
from claims.reports.preview import claim_publication, public_base_url
from claims.roles import is_editor
from claims.services.policy import Action, claim_write_allowed
from claims.services.queue import assignment_is_live
from claims.services.review import approval_problems, pending_verdict

HISTORY_LIMIT = 200
CONTEXT_CHARS = 1200
# The page's regions. The editor's public-page preview is not among them: it loads on its own
# request (claim_publication), as "Checked before?" does, so building the ClaimReview costs
# neither the page nor a write.
ALL = frozenset({"header", "status", "assignment", "sources", "workflow", "comments", "history"})
# What each htmx answer renders (claim_detail.html's *-response partials).
REGIONS: dict[str, frozenset[str]] = {
    "sources": frozenset({"sources", "approval"}),
    # The public-page preview changes too: it rides along as the placeholder that loads it.
    "workflow": frozenset({"status", "workflow"}),
    "send_back": frozenset({"status", "workflow", "comments"}),
    "comments": frozenset({"comments"}),
    "assignment": frozenset({"status", "assignment"}),
}
_RATINGS_ATTR = "_claim_page_ratings"


def request_ratings(request: HttpRequest) -> list[Rating]:
    """The rating scale, read once per request: forms, approval and the preview share it."""
    ratings = getattr(request, _RATINGS_ATTR, None)
    if ratings is None:
        ratings = list(Rating.objects.all())
        setattr(request, _RATINGS_ATTR, ratings)
    return ratings


def source_prefix(source_pk: int) -> str:
    # Each source's edit form has its own field ids, so every label points at its own input.
    return f"source-{source_pk}"


def _paragraph(body: str, start: int, end: int) -> tuple[str, str, str]:
    """The paragraph around the claim's span, split into before / span / after."""
    left = body.rfind("\n", 0, start) + 1
    right = body.find("\n", end)
    right = len(body) if right == -1 else right
    left = max(left, start - CONTEXT_CHARS)
    right = min(right, end + CONTEXT_CHARS)
    return body[left:start], body[start:end], body[end:right]


# History ----------------------------------------------------------------------------------

_FIELD_LABELS = {
    "status": "Status",
    "rating": "Rating",
    "confidence": "Confidence",
    "correction_reason": "Reason for the correction",
    "note": "Note",
    "comment": "Comment",
    "assignee": "Assignee",
    "url": "Source URL",
    "title": "Title",
    "publisher": "Publisher",
    "published": "Date",
    "excerpt": "Excerpt",
    "relation": "Relation",
    "kind": "Kind",
    "statement": "Statement",
    "speaker": "Speaker",
    "type": "Type",
    "reason": "Reason",
}
_VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": dict(ClaimStatus.choices),
    "type": dict(ClaimType.choices),
    "proposed type": dict(ClaimType.choices),
    "confidence": dict(Verdict.Confidence.choices),
    "relation": dict(Source.Relation.choices),
    "kind": dict(Source.Kind.choices),
}


def _label(key: str) -> str:
    if key in _FIELD_LABELS:
        return _FIELD_LABELS[key]
    text = key.replace("_", " ").replace(".", " ")
    return text[:1].upper() + text[1:]


def _value(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _VALUE_LABELS.get(key, {}).get(str(value), str(value))


def activity_changes(activity: Activity) -> list[tuple[str, str, str]]:
    """(field label, before, after) for what the activity changed, in readable labels; a
    field whose value did not change is left out."""
    before = activity.before or {}
    after = activity.after or {}
    rows = []
    for key in [*after, *(k for k in before if k not in after)]:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        rows.append((_label(key), _value(key, old), _value(key, new)))
    return rows


def _with_changes(activities: list[Activity]) -> list[Activity]:
    for activity in activities:
        activity.changes = activity_changes(activity)
    return activities


# The page and its regions -----------------------------------------------------------------


def claim_context(
    request: HttpRequest,
    claim: Claim,
    *,
    regions: Collection[str] = ALL,
    new_activity: Activity | None = None,
    source_forms_bound: dict[int, SourceForm] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """What `regions` of the claim page show, in a fixed number of queries: the full page
    for ALL; for an htmx answer only the regions it renders. `claim` must be loaded with
    services.review.CLAIM_RELATED. `new_activity` is the audit row the write made, which
    the answer prepends to the history without reading the history."""
    user = request.user
    editor = is_editor(user)
    want = set(regions)
    if "workflow" in want:
        want |= {"status", "approval"}

    verdicts: list[Verdict] | None = None
    if want & {"status", "workflow"}:
        rows = claim.verdicts.select_related("reviewer", "approved_by", "retracted_by")
        if "workflow" in want:
            # The verdict form reads the whole scale anyway: each verdict's rating is in it, so
            # the read joins one table fewer.
            scale = {rating.pk: rating for rating in request_ratings(request)}
            verdicts = list(rows.order_by("-created", "-id"))
            for verdict in verdicts:
                verdict.rating = scale[verdict.rating_id]
        else:
            verdicts = list(rows.select_related("rating").order_by("-created", "-id"))
        for verdict in verdicts:
            verdict.rationale_html = render_markdown(verdict.rationale)
        if claim.current_verdict_id:
            # The claim reads leave the verdict in force out (views.review.PAGE_RELATED) or
            # read it without its rating and people (services.review.CLAIM_RELATED): it is
            # one of these, which have them.
            in_force = next((v for v in verdicts if v.pk == claim.current_verdict_id), None)
            if in_force is not None:
                claim.current_verdict = in_force
    context: dict[str, Any] = {
        "claim": claim,
        "article": claim.article,
        "can_approve": editor,
        "published": claim.is_published,
        "correcting": claim.is_published,
        "regions": want,
    }
    pending: Verdict | None = None
    if claim.status == ClaimStatus.AWAITING_APPROVAL:
        if verdicts is not None:
            pending = next((v for v in verdicts if v.approved_at is None), None)
        else:
            pending = pending_verdict(claim)
    context["pending"] = pending

    sources: list[Source] | None = None
    # Outside the sources panel they matter only to a verdict awaiting approval (its checks,
    # and the staged changes a correction would publish).
    if "sources" in want or (want & {"approval", "workflow"} and pending is not None):
        sources = list(claim.sources.select_related("added_by"))
        context["sources"] = sources
        context["sources_count"] = len(sources)
        context["staged_sources"] = [s for s in sources if s.staged]
    if "sources" in want:
        for source in sources or []:
            bound = (source_forms_bound or {}).get(source.pk)
            source.form = bound
        context["source_form"] = SourceForm(initial={"kind": Source.Kind.PRIMARY})

    if "approval" in want and pending is not None:
        # Approval is judged on the sources as they will stand once it is given.
        kinds = {s.kind for s in sources or [] if s.staged != Source.Staged.REMOVE}
        staged_by = {s.staged_by_id for s in sources or [] if s.staged}
        context["source_problems"] = approval_problems(
            claim=claim, verdict=pending, approver=None, source_kinds=kinds
        )
        context["approve_problems"] = (
            approval_problems(
                claim=claim, verdict=pending, approver=user, source_kinds=kinds, staged_by=staged_by
            )
            if editor
            else []
        )
        context["approve_form"] = ApproveForm(
            initial={"version": claim.version, "verdict": pending.pk}
        )
        context["send_back_form"] = SendBackForm(initial={"version": claim.version})

    if verdicts is not None:
        in_force = next((v for v in verdicts if v.pk == claim.current_verdict_id), None)
        draft = next(
            (v for v in verdicts if v.approved_at is None and v.retracted_at is None), None
        )
        if draft is not None and in_force is not None and in_force.approved_at:
            # Drafts older than the approved verdict are history, not work in progress.
            draft = draft if draft.created > in_force.created else None
        context.update(
            verdicts=verdicts,
            in_force=in_force,
            draft=draft,
            draft_state=claim.draft_state() if draft is not None else None,
            assignment_live=assignment_is_live(claim),
        )
    if "status" in want and verdicts is None:
        context["assignment_live"] = assignment_is_live(claim)
    # The assignment form opens on demand (views.review.assign); a refused one comes back
    # through `overrides`.
    context["assign_form"] = None

    if "workflow" in want:
        latest = verdicts[0] if verdicts else None
        ratings = request_ratings(request)
        initial: dict[str, Any] = {
            "version": claim.version,
            "proposed_statement": claim.statement,
            "proposed_speaker": claim.speaker,
            "proposed_type": claim.type,
        }
        if latest:
            initial.update(
                rating=latest.rating_id if not latest.rating.retired else None,
                rationale=latest.rationale,
                confidence=latest.confidence,
            )
        context.update(
            ratings=ratings,
            verdict_form=VerdictForm(initial=initial, ratings=ratings),
            verdict_refusal=claim_write_allowed(claim, Action.VERDICT_SAVE, user)[1],
            retract_form=RetractForm(initial={"version": claim.version})
            if editor and claim.is_published
            else None,
        )

    if "comments" in want:
        comments = list(claim.comments.select_related("author"))
        context.update(comments=comments, comments_count=len(comments), comment_form=CommentForm())

    if "history" in want:
        context["activities"] = _with_changes(
            list(
                claim.activities.select_related("actor").order_by("-created", "-id")[:HISTORY_LIMIT]
            )
        )
    elif new_activity is not None:
        context["history_new"] = _with_changes([new_activity])

    if "publication" in want and editor:
        # Nothing to publish without a verdict in force or one awaiting approval: skip the read.
        context["publication"] = (
            claim_publication(
                claim,
                pending=pending,
                base_url=public_base_url(request),
                ratings=request_ratings(request),
                verdicts=verdicts,
            )
            if pending is not None or claim.is_published
            else None
        )

    if "header" in want:
        before, span, after = _paragraph(claim.article.body, claim.start, claim.end)
        context.update(context_before=before, context_span=span, context_after=after)
    context.update(overrides)
    return context
