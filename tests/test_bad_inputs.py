"""Every kind of bad input a person or a remote page can send gets a 4xx and changes nothing.

One case per kind found while attacking the desk (issue 10); each used to give a 500. The
closing notes list each kind with the status it now returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from claims import fetch
from claims.models import Activity, Article, Claim, Rating, Source, Verdict
from tests.factories import ClaimFactory, SourceFactory, rating
from tests.pages_server import serve_pages
from tests.test_articles_fetch import allow_test_server

WORDS = " ".join(["The council approved a budget of $4.2 billion on Monday."] * 4)
SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="10" height="10"/><text x="1" y="5">' + WORDS.encode() + b"</text></svg>"
)
BIDI_HOST = "https://exa\u202emple.org/report"


def _html(charset: str) -> bytes:
    body = f"<p>{WORDS} Le café coûte très cher à Zürich, déclare le maire.</p>"
    return f'<html><head><meta charset="{charset}"></head><body>{body}</body></html>'.encode()


def _snapshot() -> dict[str, Any]:
    """Everything a bad request could have changed."""
    return {
        "articles": list(Article.objects.values_list("id", "title", "url")),
        "claims": list(Claim.objects.values_list("id", "version", "status")),
        "sources": list(Source.objects.values_list("id", "version", "title", "url")),
        "ratings": list(Rating.objects.values_list("id", "label", "claimreview_value")),
        "verdicts": Verdict.objects.count(),
        "activity": Activity.objects.count(),
        "login attempts": AccessAttempt.objects.count(),
    }


@dataclass
class Env:
    reviewer: Client
    editor: Client
    anonymous: Client
    base_url: str
    pages: dict[str, tuple[int, str, bytes]]
    claim: Claim
    source: Source


@pytest.fixture
def env(reviewer, editor, monkeypatch) -> Iterator[Env]:
    monkeypatch.setattr(fetch, "is_public_address", allow_test_server)
    claim = ClaimFactory()
    source = SourceFactory(claim=claim)

    def client_for(user: Any) -> Client:
        c = Client(raise_request_exception=False)
        if user is not None:
            c.force_login(user)
        return c

    with serve_pages() as (base, pages):
        yield Env(
            client_for(reviewer), client_for(editor), client_for(None), base, pages, claim, source
        )


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/html")


def _source_data(env: Env, **changes: str) -> dict[str, str]:
    s = env.source
    data = {
        "url": s.url,
        "title": s.title,
        "publisher": s.publisher,
        "published": "",
        "excerpt": s.excerpt,
        "relation": s.relation,
        "kind": s.kind,
        "version": str(s.version),
        **changes,
    }
    return {f"source-{s.pk}-{k}": v for k, v in data.items()}


def _verdict_data(env: Env, **changes: str) -> dict[str, str]:
    return {
        "rating": str(rating("False").pk),
        "rationale": "The budget was $3.1 billion.",
        "confidence": "high",
        "version": str(env.claim.version),
        **changes,
    }


def _served(env: Env, path: str, ctype: str, body: bytes) -> str:
    env.pages[path] = (200, ctype, body)
    return env.base_url + path


def _race_delete(monkeypatch: pytest.MonkeyPatch, view_function: str) -> None:
    """A colleague removes the source after the view loaded it and before the service runs."""
    from claims.views import review_sources

    real = getattr(review_sources, view_function)

    def colleague_first(**kwargs: Any) -> Any:
        Source.objects.filter(pk=kwargs["source_id"]).delete()
        return real(**kwargs)

    monkeypatch.setattr(review_sources, view_function, colleague_first)


Case = Callable[[Env, pytest.MonkeyPatch], Any]

CASES: dict[str, Case] = {
    "SVG uploaded as .html": lambda e, m: e.reviewer.post(
        "/articles/new/", {"file": _upload("drawing.html", SVG)}
    ),
    "SVG served as text/html": lambda e, m: e.reviewer.post(
        "/articles/new/", {"url": _served(e, "/svg", "text/html", SVG)}
    ),
    "queue page past bigint": lambda e, m: e.reviewer.get("/queue/?page=99999999999999999999"),
    "desk report to=9999-12-31": lambda e, m: e.reviewer.get("/reports/?to=9999-12-31"),
    "desk export.csv to=9999-12-31": lambda e, m: e.reviewer.get(
        "/reports/export.csv?to=9999-12-31"
    ),
    "rating ClaimReview value 32768": lambda e, m: e.editor.post(
        "/settings/ratings/add/", {"rating-label": "Huge", "rating-claimreview_value": "32768"}
    ),
    "login username over 255 characters": lambda e, m: e.anonymous.post(
        "/accounts/login/", {"username": "u" * 300, "password": "x"}
    ),
    "login username over Django's 150": lambda e, m: e.anonymous.post(
        "/accounts/login/", {"username": "u" * 151, "password": "x"}
    ),
    "POST charset=iso-8859-1": lambda e, m: e.reviewer.generic(
        "POST",
        f"/claims/{e.claim.pk}/sources/",
        b"url=https%3A%2F%2Fcouncil.example%2Fb%E9.pdf&relation=supports&kind=primary",
        content_type="application/x-www-form-urlencoded; charset=iso-8859-1",
    ),
    "POST charset=undefined": lambda e, m: e.reviewer.generic(
        "POST",
        f"/claims/{e.claim.pk}/sources/",
        b"url=https%3A%2F%2Fcouncil.example%2Fb.pdf&relation=supports&kind=primary",
        content_type="application/x-www-form-urlencoded; charset=undefined",
    ),
    "two people delete the same source": lambda e, m: (
        _race_delete(m, "source_delete"),
        e.reviewer.post(
            f"/claims/{e.claim.pk}/sources/{e.source.pk}/delete/",
            {"version": e.source.version},
        ),
    )[1],
    "edit a source another person deletes": lambda e, m: (
        _race_delete(m, "source_update"),
        e.reviewer.post(
            f"/claims/{e.claim.pk}/sources/{e.source.pk}/edit/", _source_data(e, title="Mine")
        ),
    )[1],
    "bidi override in a source URL's host": lambda e, m: e.reviewer.post(
        f"/claims/{e.claim.pk}/sources/",
        {"url": BIDI_HOST, "relation": "supports", "kind": "primary"},
    ),
    "bidi override in a source title": lambda e, m: e.reviewer.post(
        f"/claims/{e.claim.pk}/sources/{e.source.pk}/edit/",
        _source_data(e, title="Budget \u202egpj.exe"),
    ),
    "control character in an article title": lambda e, m: e.reviewer.post(
        "/articles/new/", {"text": WORDS, "title": "Council\x07 budget"}
    ),
    "rationale over its length limit": lambda e, m: e.reviewer.post(
        f"/claims/{e.claim.pk}/verdict/", _verdict_data(e, rationale="x" * 20_001)
    ),
    "source excerpt over its length limit": lambda e, m: e.reviewer.post(
        f"/claims/{e.claim.pk}/sources/",
        {
            "url": "https://c.example/",
            "excerpt": "x" * 5_001,
            "relation": "supports",
            "kind": "primary",
        },
    ),
    "undecodable bytes without a charset": lambda e, m: e.reviewer.post(
        "/articles/new/",
        {"file": SimpleUploadedFile("a.txt", bytes(range(128, 256)) * 40, "text/plain")},
    ),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_bad_input_gets_a_4xx_and_changes_nothing(kind, env, monkeypatch):
    before = _snapshot()
    response = CASES[kind](env, monkeypatch)
    assert 400 <= response.status_code < 500, (kind, response.status_code)
    if kind.startswith(("two people delete", "edit a source another")):
        # The colleague's deletion is the one change; this request added nothing to it.
        before["sources"] = [row for row in before["sources"] if row[0] != env.source.pk]
    assert _snapshot() == before


def test_export_command_refuses_a_date_past_the_calendar(db, tmp_path):
    with pytest.raises(CommandError, match="date"):
        call_command("export_verdicts", "--format", "csv", "--to", "9999-12-31")


# A page whose charset label is bogus is not bad input: the label is ignored and the bytes are
# decoded as UTF-8 or by detection (never by the named codec, which raised UnicodeError or
# turned ASCII into something else), and the article is stored with its words intact.

LABEL_CASES: dict[str, Case] = {
    "meta charset undefined": lambda e, m: e.reviewer.post(
        "/articles/new/", {"file": _upload("a.html", _html("undefined"))}
    ),
    "meta charset punycode": lambda e, m: e.reviewer.post(
        "/articles/new/", {"file": _upload("a.html", _html("punycode"))}
    ),
    "remote Content-Type charset=undefined": lambda e, m: e.reviewer.post(
        "/articles/new/",
        {"url": _served(e, "/u", "text/html; charset=undefined", _html("utf-8"))},
    ),
    "remote Content-Type charset=punycode": lambda e, m: e.reviewer.post(
        "/articles/new/",
        {"url": _served(e, "/p", "text/html; charset=punycode", _html("punycode"))},
    ),
}


@pytest.mark.parametrize("kind", list(LABEL_CASES))
def test_bogus_charset_label_is_ignored_and_the_text_decoded_without_mojibake(
    kind, env, monkeypatch
):
    response = LABEL_CASES[kind](env, monkeypatch)
    assert response.status_code == 302, (kind, response.status_code)
    article = Article.objects.latest("id")
    assert "Le café coûte très cher à Zürich" in article.body
