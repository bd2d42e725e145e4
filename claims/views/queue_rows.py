"""The queue table's rows, worked out once in Python for the template to print.

A row read straight from the model costs the template engine about 28 variable lookups (each
trying a dict key, then an attribute, then a call, through exceptions), three URL reversals
and a few model methods: about 0.3 ms a row, most of a 100-row page's time
(bench/bench_queue.py). Here each row is a plain dict, whose lookups succeed at the first
try, and each address is filled into a pattern reversed once per page.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.urls import reverse

from claims.models import Claim, ClaimStatus, ClaimType
from claims.templatetags.display import clip, is_clipped
from claims.templatetags.speakers import speaker_html

# A placeholder id no real row has, swapped for each row's id in the reversed pattern.
_MARK = 987654321987
STATEMENT_CLIP = 160
TITLE_CLIP = 40
OUTLET_CLIP = 24
_TYPES = dict(ClaimType.choices)
_STATUSES = dict(ClaimStatus.choices)
_HUNDREDTH = Decimal("0.01")


def _pattern(name: str) -> str:
    return reverse(name, args=[_MARK]).replace(str(_MARK), "{}")


def _score(value: float | None) -> str:
    """As `floatformat:2` prints it (halves rounded up from the shortest decimal form)."""
    if value is None:
        return ""
    try:
        return str(Decimal(repr(value)).quantize(_HUNDREDTH, ROUND_HALF_UP))
    except InvalidOperation:
        return ""


def _verdict(claim: Claim) -> dict[str, str] | None:
    verdict = claim.current_verdict
    if verdict is None:
        return None
    if verdict.is_published:
        return {"css": "state-published", "text": verdict.rating.label}
    state = claim.draft_state()
    if state is None:
        return {"css": "state-draft", "text": verdict.rating.label}
    return {"css": state.css, "text": f"{verdict.rating.label} · {state.label}"}


def queue_rows(claims: list[Claim]) -> list[dict[str, Any]]:
    """What the queue table prints of each claim (claims from services.queue.queue_page)."""
    claim_url = _pattern("claim_detail")
    checked_url = _pattern("checked_before")
    speaker_url = _pattern("speaker_for_claim")
    article_url = _pattern("article_detail")
    rows = []
    for claim in claims:
        statement = claim.statement
        article = claim.article
        match = getattr(claim, "match_state", None)
        rows.append(
            {
                "url": claim_url.format(claim.pk),
                "statement": statement,
                "clipped": clip(statement, STATEMENT_CLIP)
                if is_clipped(statement, STATEMENT_CLIP)
                else "",
                "checked_url": checked_url.format(claim.pk)
                if match is not None and match.checked_before
                else "",
                "type": _TYPES.get(claim.type, claim.type),
                "speaker": speaker_html(claim.speaker, speaker_url.format(claim.pk)),
                "score": _score(claim.score),
                "article_url": article_url.format(claim.article_id),
                "title": article.title,
                "title_clip": clip(article.title, TITLE_CLIP),
                "outlet": article.outlet,
                "outlet_clip": clip(article.outlet, OUTLET_CLIP),
                "status": claim.status,
                "status_label": _STATUSES.get(claim.status, claim.status),
                "verdict": _verdict(claim),
                "assignee": claim.assignee.username if claim.assignment_live else "",
                "expired": bool(claim.assignee_id) and not claim.assignment_live,
            }
        )
    return rows
