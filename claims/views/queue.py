"""The claim queue and "Review next"."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, retarget

from claims.access import require_reviewer
from claims.forms_review import QueueFilterForm
from claims.models import ClaimStatus, Rating
from claims.services.queue import NothingLeft, queue_page, review_next

FILTER_KEYS = ("q", "status", "type", "assignee", "verdict", "outlet", "speaker", "article", "sort")


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


def _filter_query(data: QueryDict) -> str:
    """The filters of a request as a query string, without empty values or the page."""
    pairs = [(k, data[k]) for k in (*FILTER_KEYS, "per_page") if data.get(k)]
    return urlencode(pairs)


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require_reviewer(request)
    ratings = list(Rating.objects.all())
    form = QueueFilterForm(request.GET, ratings=ratings)
    form.is_valid()
    filters = form.filters()
    page, counts = queue_page(
        filters=filters,
        user=request.user,
        page=_page_number(request.GET.get("page")),
        per_page=form.per_page_value(),
    )
    status_counts = [
        {
            "value": value,
            "label": label,
            "count": counts.counts[value],
            "approximate": counts.approximate,
            "selected": value in filters.statuses() and filters.status not in {"open", "all"},
        }
        for value, label in ClaimStatus.choices
    ]
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "status_counts": status_counts,
        "filter_query": _filter_query(request.GET),
    }
    partial = request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request
    response = render(
        request, "claims/queue.html#queue-results" if partial else "claims/queue.html", context
    )
    # The same URL serves the list alone (htmx) and the whole page: caches must keep them
    # apart, or "Back" after a filter change could show a bare list.
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_POST
@login_required
def queue_next(request: HttpRequest) -> HttpResponse:
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
        if request.htmx:
            response = render(
                request, "claims/queue.html#queue-notice", {"notice": str(exc)}, status=200
            )
            return retarget(response, "#queue-notice")
        messages.warning(request, str(exc))
        return redirect(back)
    url = reverse("claim_detail", args=[claim.pk])
    if request.htmx:
        return HttpResponseClientRedirect(url)
    messages.success(request, "This claim is now assigned to you.")
    return redirect(url)
