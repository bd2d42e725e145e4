"""Login under attack: per-address lockout across usernames, per-username progressive delays
across addresses (never a lock), an admin's unlock path, and proxy headers trusted only when
configured."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client

LOGIN = "/accounts/login/"
ROOT = Path(__file__).resolve().parent.parent


def _attempt(username: str, password: str, *, address: str = "203.0.113.7", **headers: str):
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": username, "password": password}, headers=headers)
    return response, client


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _age_failures(username: str, seconds: int) -> None:
    """Let time pass for the delay without sleeping in the test."""
    for attempt in AccessAttempt.objects.filter(username=username):
        attempt.attempt_time -= timedelta(seconds=seconds)
        attempt.save(update_fields=["attempt_time"])


def test_a_spray_of_usernames_from_one_address_locks_that_address(editor, password, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _attempt(f"nobody{n}", "guess")
    # Even the right password of a real account is refused from that address now...
    response, client = _attempt(editor.username, password)
    assert response.status_code == 429
    assert not _logged_in(client)
    # ...but the editor, elsewhere, is not affected.
    response, client = _attempt(editor.username, password, address="198.51.100.20")
    assert response.status_code == 302
    assert _logged_in(client)


def test_a_username_tried_from_many_addresses_is_slowed_with_a_growing_delay(
    editor, password, settings
):
    free = settings.FACTCHECK_LOGIN_FREE_FAILURES
    for n in range(free):
        response, _ = _attempt(editor.username, "guess", address=f"198.51.100.{n + 1}")
        assert response.status_code == 200  # a plain wrong password
    response, client = _attempt(editor.username, password, address="192.0.2.50")
    assert response.status_code == 429
    assert response["Retry-After"] == "1"
    assert b"Wait 1 seconds" in response.content
    assert not _logged_in(client)
    # The refused attempt was neither checked nor counted.
    assert AccessAttempt.objects.filter(username=editor.username).count() == free
    _age_failures(editor.username, 1)
    _attempt(editor.username, "guess", address="192.0.2.51")
    response, _ = _attempt(editor.username, password, address="192.0.2.52")
    assert response.status_code == 429
    assert response["Retry-After"] == "2"  # the delay doubled


def test_the_delay_is_capped_so_spraying_a_name_never_locks_its_owner_out(
    editor, password, settings
):
    for n in range(20):
        AccessAttempt.objects.create(
            username=editor.username,
            ip_address=f"198.51.100.{n + 1}",
            user_agent="spray",
            get_data="",
            post_data="",
            http_accept="*/*",
            path_info=LOGIN,
            failures_since_start=1,
        )
    response, _ = _attempt(editor.username, password, address="192.0.2.60")
    assert response.status_code == 429
    assert int(response["Retry-After"]) <= settings.FACTCHECK_LOGIN_MAX_DELAY_SECONDS
    _age_failures(editor.username, settings.FACTCHECK_LOGIN_MAX_DELAY_SECONDS)
    response, client = _attempt(editor.username, password, address="192.0.2.60")
    assert response.status_code == 302
    assert _logged_in(client)


def test_an_admin_unlocks_an_address_and_a_username_with_the_axes_commands(
    editor, password, settings
):
    for _n in range(settings.AXES_FAILURE_LIMIT):
        _attempt(editor.username, "guess", address="203.0.113.9")
    assert _attempt(editor.username, password, address="203.0.113.9")[0].status_code == 429
    call_command("axes_reset_ip", "203.0.113.9")
    call_command("axes_reset_username", editor.username)
    response, client = _attempt(editor.username, password, address="203.0.113.9")
    assert response.status_code == 302
    assert _logged_in(client)


def test_x_forwarded_for_is_ignored_without_a_configured_proxy(editor, password, settings):
    assert settings.FACTCHECK_TRUSTED_PROXY_COUNT == 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        _attempt(f"nobody{n}", "guess", **{"X-Forwarded-For": f"192.0.2.{n + 1}"})
    # A forged header per attempt did not spread the failures over many addresses.
    response, _ = _attempt(editor.username, password, **{"X-Forwarded-For": "192.0.2.200"})
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_behind_a_configured_proxy_the_client_is_the_address_the_proxy_appended(
    editor, password, settings
):
    settings.FACTCHECK_TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.1"
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The client forges a left-hand entry; the proxy appends the real address.
        _attempt(
            f"nobody{n}", "guess", address=proxy, **{"X-Forwarded-For": "10.9.9.9, 192.0.2.66"}
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.66"}
    locked, _ = _attempt(
        editor.username, password, address=proxy, **{"X-Forwarded-For": "192.0.2.66"}
    )
    assert locked.status_code == 429
    # Another client behind the same proxy is not locked out with the attacker.
    response, client = _attempt(
        editor.username, password, address=proxy, **{"X-Forwarded-For": "198.51.100.99"}
    )
    assert response.status_code == 302
    assert _logged_in(client)


def test_x_forwarded_proto_from_a_client_does_not_make_a_request_secure(settings, db):
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get(LOGIN, headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def _proxy_header(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    clean.update({"SECRET_KEY": "x" * 50, "DEBUG": "0", **env})
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'factcheck.settings'; "
        "django.setup(); from django.conf import settings; "
        "print(settings.SECURE_PROXY_SSL_HEADER)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def test_x_forwarded_proto_is_trusted_only_with_a_configured_proxy_count():
    assert _proxy_header() == "None"
    assert _proxy_header(TRUSTED_PROXY_COUNT="1") == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_a_long_username_is_refused_before_axes_stores_it(db):
    response, _ = _attempt("u" * 300, "x")
    assert response.status_code == 400
    assert b"at most 150 characters" in response.content
    assert not AccessAttempt.objects.exists()
