"""Pages that belong to no single feature: the landing redirect and error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from claims.roles import is_editor


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # Editors run the desk, so they start on the dashboard; reviewers start on the queue.
    return redirect("dashboard" if is_editor(request.user) else "queue")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "You cannot see this page."
    return render(request, "403.html", {"message": message}, status=403)
