"""The desk's rating scale: add, rename, reorder, retire.

Ratings are never deleted once used: verdicts reference them with PROTECT, and retiring only
hides a rating from the choices, so old verdicts keep their label and ClaimReview value.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min

from claims.models import Rating
from claims.roles import is_editor
from claims.services.audit import StaleVersion, activity_record


def rating_snapshot(rating: Rating, *, scale: Sequence[Rating] | None = None) -> dict[str, object]:
    """The Verdict.published_* fields for a verdict approved now with `rating`: its label and
    ClaimReview value, and the bounds of the scale in force. The rating's own value is always
    inside the bounds, even if it was retired after the verdict was written. `scale` (every
    rating, as the caller already loaded them) saves the bounds query."""
    value = rating.claimreview_value
    if value is None:
        return {
            "published_label": rating.label,
            "published_value": None,
            "published_worst": None,
            "published_best": None,
        }
    if scale is not None:
        values = [r.claimreview_value for r in scale if not r.retired]
        numeric = [v for v in values if v is not None]
        bounds = {"worst": min(numeric, default=None), "best": max(numeric, default=None)}
    else:
        bounds = Rating.objects.filter(retired=False, claimreview_value__isnull=False).aggregate(
            worst=Min("claimreview_value"), best=Max("claimreview_value")
        )
    worst = value if bounds["worst"] is None else min(bounds["worst"], value)
    best = value if bounds["best"] is None else max(bounds["best"], value)
    return {
        "published_label": rating.label,
        "published_value": value,
        "published_worst": worst,
        "published_best": best,
    }


def _require_editor(actor: AbstractBaseUser) -> None:
    if not is_editor(actor):
        raise PermissionDenied("Only editors can change the rating scale.")


def _label_taken(label: str, exclude_pk: int | None = None) -> bool:
    qs = Rating.objects.filter(label__iexact=label)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def _renumber() -> None:
    """Positions 1..n in the current order, so moving up/down is a swap of neighbours."""
    for position, pk in enumerate(
        Rating.objects.order_by("position", "id").values_list("pk", flat=True), 1
    ):
        Rating.objects.filter(pk=pk).exclude(position=position).update(position=position)


@transaction.atomic
def rating_create(
    *,
    label: str,
    actor: AbstractBaseUser,
    claimreview_value: int | None = None,
    requires_primary_source: bool = True,
    description: str = "",
) -> Rating:
    _require_editor(actor)
    label = label.strip()
    if not label:
        raise ValidationError({"label": "Give the rating a name."})
    if _label_taken(label):
        raise ValidationError({"label": f"There is already a rating called “{label}”."})
    last = Rating.objects.aggregate(m=Max("position"))["m"] or 0
    rating = Rating.objects.create(
        label=label,
        position=last + 1,
        claimreview_value=claimreview_value,
        requires_primary_source=requires_primary_source,
        description=description.strip(),
    )
    activity_record(
        actor=actor,
        action="rating.create",
        after={"label": label, "position": rating.position},
        summary=f"Added rating “{label}”",
    )
    return rating


@transaction.atomic
def rating_update(
    *,
    rating_id: int,
    expected_label: str,
    label: str,
    actor: AbstractBaseUser,
    claimreview_value: int | None,
    requires_primary_source: bool,
    description: str,
) -> Rating:
    """Rename or re-describe a rating. Ratings carry no version column, so the label the form
    was loaded with serves as one: if someone renamed it meanwhile, the save is refused."""
    _require_editor(actor)
    rating = Rating.objects.select_for_update().get(pk=rating_id)
    if rating.label != expected_label:
        raise StaleVersion(rating, "Someone renamed this rating since you loaded the page.")
    label = label.strip()
    if not label:
        raise ValidationError({"label": "Give the rating a name."})
    if _label_taken(label, exclude_pk=rating.pk):
        raise ValidationError({"label": f"There is already a rating called “{label}”."})
    new = {
        "label": label,
        "claimreview_value": claimreview_value,
        "requires_primary_source": requires_primary_source,
        "description": description.strip(),
    }
    changed = {k: v for k, v in new.items() if getattr(rating, k) != v}
    if not changed:
        return rating
    before = {k: getattr(rating, k) for k in changed}
    for key, value in changed.items():
        setattr(rating, key, value)
    rating.save(update_fields=list(changed))
    activity_record(
        actor=actor,
        action="rating.edit",
        before=before,
        after=changed,
        summary=f"Changed rating “{before.get('label', label)}”",
    )
    return rating


@transaction.atomic
def rating_move(*, rating_id: int, direction: str, actor: AbstractBaseUser) -> Rating:
    """Swap the rating with its neighbour above ("up") or below ("down")."""
    _require_editor(actor)
    if direction not in {"up", "down"}:
        raise ValidationError("Move a rating up or down.")
    list(Rating.objects.select_for_update().order_by("position", "id"))
    _renumber()
    ordered = list(Rating.objects.order_by("position", "id"))
    index = next(i for i, r in enumerate(ordered) if r.pk == rating_id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return ordered[index]
    a, b = ordered[index], ordered[other]
    Rating.objects.filter(pk=a.pk).update(position=b.position)
    Rating.objects.filter(pk=b.pk).update(position=a.position)
    activity_record(
        actor=actor,
        action="rating.move",
        before={"label": a.label, "position": a.position},
        after={"label": a.label, "position": b.position},
        summary=f"Moved rating “{a.label}” {direction}",
    )
    a.refresh_from_db()
    return a


@transaction.atomic
def rating_set_retired(*, rating_id: int, retired: bool, actor: AbstractBaseUser) -> Rating:
    _require_editor(actor)
    rating = Rating.objects.select_for_update().get(pk=rating_id)
    if rating.retired == retired:
        return rating
    if retired and not Rating.objects.filter(retired=False).exclude(pk=rating.pk).exists():
        raise ValidationError("Keep at least one rating on the scale.")
    rating.retired = retired
    rating.save(update_fields=["retired"])
    activity_record(
        actor=actor,
        action="rating.retire" if retired else "rating.restore",
        before={"label": rating.label, "retired": not retired},
        after={"label": rating.label, "retired": retired},
        summary=f"{'Retired' if retired else 'Restored'} rating “{rating.label}”",
    )
    return rating
