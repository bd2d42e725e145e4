"""Logging in under attack: the client's real address, and throttles that cannot lock the
desk out.

Two limits work together (README "Security and operations"):

- per address, across usernames: django-axes locks an address after AXES_FAILURE_LIMIT
  failures within the cool-off, whatever names it tried (a spray of new usernames counts);
- per username, across addresses: after LOGIN_FREE_FAILURES failures on one name, each
  further attempt on that name must wait a delay that doubles with every failure, up to
  LOGIN_MAX_DELAY_SECONDS. An early attempt is answered 429 at once (the server never sleeps,
  so throttled attempts cannot tie up the web workers) and is not checked or counted. The
  delay is a pause, not a lock: spraying an editor's name slows guesses at it to one per
  delay, but the editor can always log in once the (short) delay has passed.

Both read axes' AccessAttempt rows, so `manage.py axes_reset_username NAME` and
`manage.py axes_reset_ip ADDRESS` lift either limit at once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the
    entry that many hops from the right of X-Forwarded-For. Entries further left were written
    by the client and are never trusted."""
    remote = request.META.get("REMOTE_ADDR")
    hops = settings.FACTCHECK_TRUSTED_PROXY_COUNT
    if not hops:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < hops:
        # The proxy chain is shorter than configured: a request that bypassed the proxy.
        return remote
    return forwarded[-hops][:45]


def username_delay(username: str) -> int:
    """Seconds this username must still wait before its next attempt is checked."""
    window = timezone.now() - timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    stats = AccessAttempt.objects.filter(username=username, attempt_time__gte=window).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    failures = stats["failures"] or 0
    free = settings.FACTCHECK_LOGIN_FREE_FAILURES
    if failures < free or stats["last"] is None:
        return 0
    delay = min(2 ** (failures - free), settings.FACTCHECK_LOGIN_MAX_DELAY_SECONDS)
    remaining = (stats["last"] + timedelta(seconds=delay) - timezone.now()).total_seconds()
    return max(0, int(remaining + 0.999))


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "username_too_long": "A username has at most %(limit)d characters.",
        "throttled": (
            "Too many failed log-in attempts for this username. Wait %(seconds)d seconds and "
            "try again."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        limit = get_user_model()._meta.get_field("username").max_length or 150
        # Checked before authenticate(): axes would otherwise try to store the name (255
        # characters at most) and the database would refuse it with a 500.
        if len(username) > limit:
            raise forms.ValidationError(
                self.error_messages["username_too_long"],
                code="username_too_long",
                params={"limit": limit},
            )
        if username and (seconds := username_delay(username)):
            self.retry_after = seconds
            raise forms.ValidationError(
                self.error_messages["throttled"], code="throttled", params={"seconds": seconds}
            )
        return super().clean()


class ThrottledLoginView(LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        errors = form.errors.as_data().get("__all__", [])
        codes = {error.code for error in errors}
        if "throttled" in codes:
            response.status_code = 429
            response["Retry-After"] = str(getattr(form, "retry_after", 1))
        elif "username_too_long" in codes:
            response.status_code = 400
        return response
