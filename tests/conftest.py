"""Shared fixtures: personas, logged-in clients and the real browser."""

from __future__ import annotations

import importlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import PASSWORD, UserFactory

CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _seed_roles_and_ratings() -> None:
    from django.apps import apps

    seed = importlib.import_module("claims.migrations.0002_roles_and_rating_scale")
    seed.forwards(apps, None)


@pytest.fixture(autouse=True)
def _seeded_roles_and_ratings(request) -> None:
    """Transactional tests flush the database, taking the data migration's rows with it, and
    pytest-django runs them before the tests it cannot see use the database; so any test that
    touches the database gets the seed back (get_or_create: a no-op when it is there)."""
    if request.node.get_closest_marker("django_db") is None:
        requested = [n for n in ("transactional_db", "db") if n in request.fixturenames]
        if not requested:
            return
        request.getfixturevalue(requested[0])
    _seed_roles_and_ratings()


@pytest.fixture
def seeded(db) -> None:
    _seed_roles_and_ratings()


# Personas -------------------------------------------------------------------------------


@pytest.fixture
def reviewer(seeded):
    return UserFactory(username="rita", role="reviewer")


@pytest.fixture
def other_reviewer(seeded):
    return UserFactory(username="rob", role="reviewer")


@pytest.fixture
def editor(seeded):
    return UserFactory(username="edna", role="editor")


@pytest.fixture
def outsider(seeded):
    """Logged in, but with no workbench role."""
    return UserFactory(username="otto")


@pytest.fixture
def password() -> str:
    return PASSWORD


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reviewer_client(reviewer) -> Client:
    return _client_for(reviewer)


@pytest.fixture
def other_reviewer_client(other_reviewer) -> Client:
    return _client_for(other_reviewer)


@pytest.fixture
def editor_client(editor) -> Client:
    return _client_for(editor)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return _client_for(outsider)


@pytest.fixture
def htmx_headers() -> dict[str, str]:
    """Headers that make django-htmx treat a test request as an htmx request."""
    return {"HX-Request": "true"}


# Real browser ---------------------------------------------------------------------------


def _browser_required() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true"} or bool(
        os.environ.get("FACTCHECK_REQUIRE_BROWSER")
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = (
            f"Chromium not found at {CHROMIUM}. Install it with `apt-get install -y chromium` "
            "or point FACTCHECK_CHROMIUM at a Chromium binary."
        )
        if _browser_required():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server, settings):
    """A fresh browser tab on the live server; fails the test on any CSP violation."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    violations: list[str] = []
    tab.on(
        "console",
        lambda msg: (
            violations.append(msg.text)
            if "Content Security Policy" in msg.text or "Refused to" in msg.text
            else None
        ),
    )
    in_flight: set[object] = set()
    tab.on("request", lambda request: in_flight.add(request))
    tab.on("requestfinished", lambda request: in_flight.discard(request))
    tab.on("requestfailed", lambda request: in_flight.discard(request))
    yield tab
    # A request still on its way when the test ends (a panel that loads itself, such as
    # "Checked before?") is handled by the live server while the database is flushed for the
    # next test, and its locks and the flush's TRUNCATE can deadlock (seen once on
    # PostgreSQL). The answers are waited for first; an idle tab waits for nothing.
    deadline = time.monotonic() + 10
    while in_flight and time.monotonic() < deadline:
        tab.wait_for_timeout(50)
    context.close()
    assert not violations, f"CSP violations in the browser: {violations}"


@pytest.fixture
def login(page, password):
    """Log a user in through the real login form."""

    def _login(user, *, secret: str | None = None) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(secret or password)
        # Wait for the next page's load event: htmx wires up its forms on DOMContentLoaded, so
        # a test acting on the page before then meets plain forms that ignore a change event.
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Log in").click()

    return _login
