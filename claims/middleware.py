"""Refusing requests Django would fail on later, before any view or the CSRF check runs."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from email.message import Message

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
_UTF8 = codecs.lookup("utf-8").name


def _charset(content_type: str) -> str | None:
    message = Message()
    message["Content-Type"] = content_type
    value = message.get_param("charset")
    return str(value).strip() if isinstance(value, str) else None


class FormCharsetMiddleware:
    """Every page is UTF-8, so browsers post forms as UTF-8. A form body declared in another
    charset is refused with 400: an unknown name ("undefined") makes Django raise while
    decoding request.POST (inside the CSRF check, whose own error page then fails too), and
    a legacy charset would store whatever its bytes map to."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.split(";", 1)[0].strip().lower() in FORM_TYPES:
            charset = _charset(content_type)
            if charset and not _is_utf8(charset):
                return HttpResponseBadRequest(
                    f"Forms must be sent as UTF-8; this one declared the charset {charset[:40]!r}.",
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)


def _is_utf8(name: str) -> bool:
    if name.lower() in {"ascii", "us-ascii"}:
        return True
    try:
        return codecs.lookup(name).name == _UTF8
    except LookupError:
        return False
