"""The address bar after an htmx filter change (queue, desk report, articles)."""

from __future__ import annotations

from django.http import HttpResponse
from django_htmx.http import push_url, replace_url

from claims.access import HtmxHttpRequest


def show_address(request: HtmxHttpRequest, response: HttpResponse, url: str) -> HttpResponse:
    """Put the filters in use (`url`, without empty fields) in the address bar: a new history
    entry when they changed, the same entry when not (the search box's change event and the
    submit that follows it, or Apply pressed twice, would otherwise leave two Back steps)."""
    if request.htmx.current_url_abs_path == url:
        return replace_url(response, url)
    return push_url(response, url)
