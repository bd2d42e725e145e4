"""What a claim's public page carries, shown to editors on the claim page before they publish.

The preview is the ClaimReview document the public page embeds (or will, once the verdict
awaiting approval is approved), with the desk's refusals and warnings for it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, Rating, Verdict
from claims.reports.claimreview import (
    build_claimreview,
    organization,
    publication_problems,
    rating_scale,
)
from claims.reports.exports import PUBLISHED_COLUMNS, iter_rows


@dataclass
class Publication:
    document: str
    refusals: list[str]
    warnings: list[str]
    published: bool  # the verdict in force is approved and public
    pending: Verdict | None  # the verdict the preview shows, if it still awaits approval
    public_path: str | None


def public_base_url(request: HttpRequest) -> str:
    """Where public pages live: FACTCHECK_PUBLIC_BASE_URL, or this site when it is unset."""
    return settings.FACTCHECK_PUBLIC_BASE_URL or request.build_absolute_uri("/")


def claim_publication(
    claim: Claim,
    *,
    pending: Verdict | None,
    base_url: str,
    ratings: Sequence[Rating] | None = None,
    verdicts: Sequence[Verdict] | None = None,
) -> Publication | None:
    """The claim's ClaimReview as published, or as it will be once `pending` (the verdict
    awaiting approval, if any) is approved; None without a verdict to publish. `ratings`
    (the whole scale, when the caller has it) saves the query for the scale's bounds;
    `verdicts` (all the claim's, likewise) the one for its corrections when none of them
    supersedes another."""
    row = next(
        iter_rows(
            Claim.objects.filter(pk=claim.pk),
            with_sources=False,
            with_corrections=verdicts is None or any(v.supersedes_id for v in verdicts),
            stream=False,
            extra=PUBLISHED_COLUMNS,
        ),
        None,
    )
    if row is None:
        return None
    verdict = claim.current_verdict
    published = bool(verdict and verdict.approved_at and not verdict.withdrawn_at)
    if pending is not None:
        row = _as_if_approved(row, pending, correcting=published)
    elif not published:
        return None
    # Today's scale serves only ratings without a published snapshot (the pending one).
    scale = None if row["published_label"] else _scale(ratings)
    doc = build_claimreview(row, base_url=base_url, scale=scale, author=organization())
    refusals, warnings = publication_problems(
        doc, base_url=settings.FACTCHECK_PUBLIC_BASE_URL or None
    )
    return Publication(
        document=json.dumps(doc, ensure_ascii=False, indent=2),
        refusals=refusals,
        warnings=warnings,
        published=published,
        pending=pending,
        public_path=reverse("public_verdict", args=[claim.public_id]) if published else None,
    )


def _scale(ratings: Sequence[Rating] | None) -> tuple[int, int] | None:
    """rating_scale(), from the caller's ratings when it has them."""
    if ratings is None:
        return rating_scale()
    values = [
        r.claimreview_value for r in ratings if not r.retired and r.claimreview_value is not None
    ]
    return (min(values), max(values)) if values else None


def _as_if_approved(row: dict[str, Any], pending: Verdict, *, correcting: bool) -> dict[str, Any]:
    """The row as it will read once `pending` is approved today, on today's scale."""
    in_force_approved = row["approved_at"]
    row = {
        **row,
        "rating": pending.rating.label,
        "rating_value": pending.rating.claimreview_value,
        "published_label": "",
        "approved_at": timezone.now().isoformat(),
    }
    if correcting and not row["corrections"]:
        # The first correction: the review keeps its first publication date.
        row["corrections"] = [{"originally_approved_at": in_force_approved}]
    return row
