"""The desk dashboard: work waiting, throughput and what was published, with CSV downloads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from claims.access import require_reviewer
from claims.dashboard import panels, tally
from claims.forms_dashboard import DashboardRangeForm


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require_reviewer(request)
    form = DashboardRangeForm(request.GET)
    valid = form.is_valid()
    context: dict[str, Any] = {"form": form, "valid": valid, "panel_titles": panels.PANELS}
    if valid:
        # Recounts only if TIME_ZONE or the triggers changed since the last migrate.
        tally.sync()
        rng, sl = form.cleaned_data["range"], form.cleaned_data["slice"]
        now = timezone.now()
        query = form.query()
        context.update(
            rng=rng,
            slice=sl,
            query=query,
            panels=[panels.build(slug, rng, now, sl, query) for slug in panels.PANELS],
            time_zone=timezone.get_current_timezone_name(),
        )
    if request.htmx:
        # htmx 2 does not swap 4xx responses; the fragment carries the errors itself.
        return render(request, "claims/dashboard.html#dashboard-body", context)
    return render(request, "claims/dashboard.html", context, status=200 if valid else 400)


@require_GET
@login_required
def dashboard_csv(request: HttpRequest, panel: str) -> HttpResponse:
    require_reviewer(request)
    if panel not in panels.PANELS:
        raise Http404("No such dashboard panel.")
    form = DashboardRangeForm(request.GET)
    if not form.is_valid():
        errors = " ".join(e for errs in form.errors.values() for e in errs)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    tally.sync()
    rng, sl = form.cleaned_data["range"], form.cleaned_data["slice"]
    built = panels.build(panel, rng, timezone.now(), sl, form.query())
    response = HttpResponse(
        panels.panel_csv(built, rng, sl), content_type="text/csv; charset=utf-8"
    )
    suffix = "" if panel == "waiting" else f"_{rng.start.isoformat()}_{rng.end.isoformat()}"
    response["Content-Disposition"] = f'attachment; filename="dashboard_{panel}{suffix}.csv"'
    return response
