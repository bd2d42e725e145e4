"""The claim queue and "Review next"."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap

from claims.access import HtmxHttpRequest, require_reviewer
from claims.forms_review import PAGE_SIZES, QueueFilterForm
from claims.models import ClaimStatus, Rating
from claims.services.queue import (
    DEFAULT_SORT,
    NothingLeft,
    QueuePage,
    queue_page,
    review_next,
)
from claims.views.history import show_address
from claims.views.queue_rows import queue_rows

FILTER_KEYS = (
    "q",
    "status",
    "type",
    "assignee",
    "verdict",
    "outlet",
    "speaker",
    "article",
    "checked",
    "sort",
    "per_page",
)
# What a missing parameter means; a shared address leaves these out like the empty ones.
DEFAULTS = {
    "status": "open",
    "assignee": "anyone",
    "sort": DEFAULT_SORT,
    "per_page": str(PAGE_SIZES[0]),
}


# Far more pages than any queue has; a larger number is a typo or a probe, and as an OFFSET
# it would overflow the database's bigint.
MAX_PAGE = 1_000_000


def _page_number(raw: str | None) -> int:
    try:
        number = max(1, int(raw or 1))
    except ValueError:
        return 1
    if number > MAX_PAGE:
        raise BadRequest(f"Page numbers go up to {MAX_PAGE:,}.")
    return number


def _filter_pairs(data: QueryDict) -> list[tuple[str, str]]:
    """The filters of a request, without empty or default values or the page."""
    return [
        (k, value)
        for k in FILTER_KEYS
        if (value := data.get(k, "").strip()) and value != DEFAULTS.get(k)
    ]


def _filter_query(data: QueryDict) -> str:
    return urlencode(_filter_pairs(data))


def _queue_url(pairs: list[tuple[str, str]], **changes: str | int | None) -> str:
    """The queue's address for these filters with some changed (None drops one)."""
    merged = dict(pairs)
    for key, value in changes.items():
        if value is None or str(value) == DEFAULTS.get(key):
            merged.pop(key, None)
        else:
            merged[key] = str(value)
    ordered = [(k, merged[k]) for k in (*FILTER_KEYS, "page") if k in merged]
    return reverse("queue") + ("?" + urlencode(ordered) if ordered else "")


def _count_notice(page: QueuePage) -> str:
    if not page.total:
        return "No claims match these filters."
    about = "about " if page.total_approximate else ""
    noun = "claim matches" if page.total == 1 and not about else "claims match"
    return f"{about}{page.total:,} {noun} these filters."


@require_GET
@login_required
def queue(request: HtmxHttpRequest) -> HttpResponse:
    require_reviewer(request)
    pairs = _filter_pairs(request.GET)
    number = _page_number(request.GET.get("page"))
    canonical = _queue_url(pairs, page=number if number > 1 else None)
    if not request.htmx and any(not v.strip() for v in request.GET.values()):
        # A plain form submission sends every field, empty or not: the address a desk shares
        # (and the one Back returns to) carries only the filters in use.
        return redirect(canonical)
    ratings = list(Rating.objects.all())
    form = QueueFilterForm(request.GET, ratings=ratings)
    form.is_valid()
    filters = form.filters()
    page, counts = queue_page(
        filters=filters,
        user=request.user,
        page=number,
        per_page=form.per_page_value(),
    )
    status_counts = [
        {
            "value": value,
            "label": label,
            "count": counts.counts[value],
            "approximate": counts.approximate,
            "selected": value in filters.statuses() and filters.status not in {"open", "all"},
            "url": _queue_url(pairs, status=value, page=None),
        }
        for value, label in ClaimStatus.choices
    ]
    partial = request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "rows": queue_rows(page.claims),
        "status_counts": status_counts,
        "filter_query": urlencode(pairs),
        "filter_pairs": pairs,
        "active_filters": sum(1 for k, _ in pairs if k not in {"q", "sort", "per_page"}),
        "previous_url": _queue_url(pairs, page=number - 1 if number > 2 else None),
        "next_url": _queue_url(pairs, page=number + 1),
        # htmx swaps only the list: its count is announced in the one live region.
        "announce": partial,
        "count_notice": _count_notice(page),
    }
    response = render(
        request, "claims/queue.html#queue-results" if partial else "claims/queue.html", context
    )
    if partial:
        # The address bar shows the filters in use, not every empty field htmx sent.
        show_address(request, response, canonical)
    # The same URL serves the list alone (htmx) and the whole page: caches must keep them
    # apart, or "Back" after a filter change could show a bare list.
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_POST
@login_required
def queue_next(request: HtmxHttpRequest) -> HttpResponse:
    """Assign the top free claim under the posted filters and open it."""
    require_reviewer(request)
    # The ratings only validate a posted verdict filter; most calls have none.
    ratings = list(Rating.objects.all()) if request.POST.get("verdict") else []
    form = QueueFilterForm(request.POST, ratings=ratings)
    form.is_valid()
    back = reverse("queue") + ("?" + q if (q := _filter_query(request.POST)) else "")
    try:
        claim = review_next(user=request.user, filters=form.filters())
    except NothingLeft as exc:
        messages.warning(request, str(exc))
        if request.htmx:
            # Said in the one live region; the page stays as it is.
            return reswap(render(request, "claims/_announce.html"), "none")
        return redirect(back)
    url = reverse("claim_detail", args=[claim.pk])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    messages.success(request, "This claim is now assigned to you.")
    return redirect(url)
