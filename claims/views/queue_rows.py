"""The queue table's rows (`<tr>`), printed here for the queue template to place.

The queue is the desk's busiest page and its rows are most of it. Drawn by the template, a
row cost about 28 variable lookups (each trying a dict key, then an attribute, then a call,
through exceptions), an escape per value through Django's lazy-string check, three URL
reversals and a few model methods: about 0.3 ms a row (bench/bench_queue.py,
bench/bench_throughput.py). Here each row is one string: every value escaped with the
standard library's html.escape (what django.utils.html.escape does under its wrapper), each
address filled into a pattern reversed once a page. The markup is the template's, unchanged
(tests/test_queue_rows.py).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

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


def _verdict(claim: Claim) -> str:
    verdict = claim.current_verdict
    if verdict is None:
        return '<span class="muted">—</span>'
    label = escape(verdict.rating.label)
    if verdict.is_published:
        return f'<span class="badge state-published">{label}</span>'
    state = claim.draft_state()
    if state is None:
        return f'<span class="badge state-draft">{label}</span>'
    return f'<span class="badge {state.css}">{label} · {escape(state.label)}</span>'


def _assignee(claim: Claim) -> str:
    if claim.assignment_live:
        return escape(claim.assignee.username)
    if claim.assignee_id:
        return '<span class="muted">expired</span>'
    return '<span class="muted">—</span>'


def queue_rows(claims: list[Claim]) -> list[SafeString]:
    """Each claim's table row (claims from services.queue.queue_page)."""
    claim_url = _pattern("claim_detail")
    checked_url = _pattern("checked_before")
    speaker_url = _pattern("speaker_for_claim")
    article_url = _pattern("article_detail")
    rows = []
    for claim in claims:
        url = escape(claim_url.format(claim.pk))
        statement = escape(claim.statement)
        if is_clipped(claim.statement, STATEMENT_CLIP):
            link = (
                f'<a href="{url}" class="claim-link" title="{statement}"><span aria-hidden="true">'
                f"{escape(clip(claim.statement, STATEMENT_CLIP))}</span>"
                f'<span class="visually-hidden">{statement}</span></a>'
            )
        else:
            link = f'<a href="{url}" class="claim-link">{statement}</a>'
        match = getattr(claim, "match_state", None)
        if match is not None and match.checked_before:
            link += (
                f' <a class="badge badge-checked" href="{escape(checked_url.format(claim.pk))}"'
                ' title="An earlier fact-check or desk claim matches">Checked before</a>'
            )
        article = claim.article
        title = escape(article.title)
        outlet = escape(article.outlet)
        article_link = (
            f'<a href="{escape(article_url.format(claim.article_id))}" class="article-context"'
            f' title="{title}{f" · {outlet}" if outlet else ""}">'
            f"{escape(clip(article.title, TITLE_CLIP))}"
            + (
                f'<span class="muted"> · {escape(clip(article.outlet, OUTLET_CLIP))}</span>'
                if outlet
                else ""
            )
            + "</a>"
        )
        status = escape(claim.status)
        rows.append(
            mark_safe(  # every value above went through escape()
                f'<tr class="queue-row" data-href="{url}">\n'
                f'        <td class="claim-cell">{link}</td>\n'
                f'        <td data-label="Type">{escape(_TYPES.get(claim.type, claim.type))}</td>\n'
                f'        <td data-label="Speaker">'
                f"{speaker_html(claim.speaker, speaker_url.format(claim.pk))}</td>\n"
                f'        <td data-label="Score">{_score(claim.score)}</td>\n'
                f'        <td data-label="Article" class="article-cell">{article_link}</td>\n'
                f'        <td data-label="Status"><span class="badge status-{status}">'
                f"{escape(_STATUSES.get(claim.status, claim.status))}</span></td>\n"
                f'        <td data-label="Verdict">{_verdict(claim)}</td>\n'
                f'        <td data-label="Assignee">{_assignee(claim)}</td>\n'
                "      </tr>"
            )
        )
    return rows
