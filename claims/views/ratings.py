"""/settings/ratings/: editors manage the rating scale."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims.access import require_editor
from claims.forms_review import RatingForm
from claims.models import Rating
from claims.services.audit import StaleVersion
from claims.services.ratings import rating_create, rating_move, rating_set_retired, rating_update

TEMPLATE = "claims/rating_settings.html"
UPDATE = f"{TEMPLATE}#scale-update"


def _context(*, focus: tuple[int, str] | None = None, **overrides: Any) -> dict[str, Any]:
    """`focus` is (rating id, control) for the control that takes focus after an htmx swap:
    "up"/"down" (the move buttons; the other one when that end of the scale is reached),
    "retire" or "edit"."""
    ratings = list(Rating.objects.annotate(uses=Count("verdicts")).order_by("position", "id"))
    bound = overrides.pop("bound", {})
    last = len(ratings) - 1
    for index, rating in enumerate(ratings):
        rating.focus = ""
        if focus and focus[0] == rating.pk:
            rating.focus = focus[1]
            # A rating moved to the top (bottom) has its up (down) button disabled.
            if rating.focus == "up" and index == 0:
                rating.focus = "down" if last else "retire"
            elif rating.focus == "down" and index == last:
                rating.focus = "up" if last else "retire"
        rating.form = bound.get(rating.pk) or RatingForm(
            prefix=f"rating-{rating.pk}",
            initial={
                "label": rating.label,
                "claimreview_value": rating.claimreview_value,
                "requires_primary_source": rating.requires_primary_source,
                "description": rating.description,
                "expected_label": rating.label,
            },
        )
    context = {"ratings": ratings, "add_form": RatingForm(prefix="new")}
    context.update(overrides)
    return context


def _done(
    request: HttpRequest, message: str, *, focus: tuple[int, str] | None = None
) -> HttpResponse:
    """Plain forms redirect to the page (anchored at the rating); htmx gets the scale with the
    result announced in #messages and focus kept on the rating's control."""
    if request.htmx:
        return render(request, UPDATE, _context(notice=message, focus=focus))
    messages.success(request, message)
    anchor = f"#rating-{focus[0]}" if focus else ""
    return redirect(reverse("rating_settings") + anchor)


def _again(request: HttpRequest, status: int, *, error: str, **overrides: Any) -> HttpResponse:
    """The scale again with the input kept; the reason is announced once (in #messages)."""
    if request.htmx:
        return render(request, UPDATE, _context(announce_error=error, **overrides), status=status)
    messages.error(request, error)
    return render(request, TEMPLATE, _context(**overrides), status=status)


@require_GET
@login_required
def rating_settings(request: HttpRequest) -> HttpResponse:
    require_editor(request)
    return render(request, TEMPLATE, _context())


@require_POST
@login_required
def rating_add(request: HttpRequest) -> HttpResponse:
    require_editor(request)
    form = RatingForm(request.POST, prefix="new")
    if form.is_valid():
        data = form.cleaned_data
        try:
            rating = rating_create(
                label=data["label"],
                claimreview_value=data["claimreview_value"],
                requires_primary_source=data["requires_primary_source"],
                description=data["description"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error("label", exc.message_dict.get("label", exc.messages))
        else:
            return _done(
                request,
                f"Added “{rating.label}” at the end of the scale.",
                focus=(rating.pk, "edit"),
            )
    return _again(request, 422, error="Check the new rating's fields.", add_form=form)


@require_POST
@login_required
def rating_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    rating = get_object_or_404(Rating, pk=pk)
    form = RatingForm(request.POST, prefix=f"rating-{rating.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            updated = rating_update(
                rating_id=rating.pk,
                expected_label=data["expected_label"] or "",
                label=data["label"],
                claimreview_value=data["claimreview_value"],
                requires_primary_source=data["requires_primary_source"],
                description=data["description"],
                actor=request.user,
            )
        except StaleVersion as exc:
            form.add_error(None, f"{exc} It is now called “{exc.current.label}”.")
            form.data = form.data.copy()
            form.data[form.add_prefix("expected_label")] = exc.current.label
            return _again(request, 409, error=f"{exc} Nothing was saved.", bound={rating.pk: form})
        except ValidationError as exc:
            form.add_error("label", exc.message_dict.get("label", exc.messages))
        else:
            return _done(request, f"Saved “{updated.label}”.", focus=(rating.pk, "edit"))
    return _again(
        request, 422, error=f"Check the fields of “{rating.label}”.", bound={rating.pk: form}
    )


@require_POST
@login_required
def rating_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    rating = get_object_or_404(Rating, pk=pk)
    direction = request.POST.get("direction", "")
    try:
        moved = rating_move(rating_id=rating.pk, direction=direction, actor=request.user)
    except ValidationError as exc:
        return _again(request, 422, error=" ".join(exc.messages))
    place = Rating.objects.filter(position__lt=moved.position).count() + 1
    total = Rating.objects.count()
    return _done(
        request,
        f"Moved “{rating.label}” {direction}: now {place} of {total}.",
        focus=(rating.pk, direction),
    )


@require_POST
@login_required
def rating_retire(request: HttpRequest, pk: int) -> HttpResponse:
    require_editor(request)
    rating = get_object_or_404(Rating, pk=pk)
    retire = request.POST.get("retired", "1") == "1"
    try:
        rating_set_retired(rating_id=rating.pk, retired=retire, actor=request.user)
    except ValidationError as exc:
        return _again(request, 422, error=" ".join(exc.messages))
    if retire:
        return _done(
            request,
            f"Retired “{rating.label}”. Verdicts that use it keep it; it is no longer offered.",
            focus=(rating.pk, "retire"),
        )
    return _done(request, f"“{rating.label}” is back on the scale.", focus=(rating.pk, "retire"))
