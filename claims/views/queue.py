"""The claim queue."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims.access import require_reviewer
from claims.models import Claim, ClaimStatus


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require_reviewer(request)
    claims = (
        Claim.objects.select_related("article", "assignee")
        .filter(status__in=[ClaimStatus.NEW, ClaimStatus.IN_REVIEW])
        .order_by("-score", "created", "id")
    )
    page = Paginator(claims, 50).get_page(request.GET.get("page"))
    return render(request, "claims/queue.html", {"page": page})
