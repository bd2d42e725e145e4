"""Logging in and out, roles, and who may see what."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims.roles import is_editor, is_reviewer, primary_role
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_login_page_renders_the_workbench_form(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b"Log in" in response.content


def test_every_page_but_login_requires_login(client):
    for url in ["/", "/queue/", "/accounts/password_change/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_login_with_the_right_password_lands_on_the_queue(client, reviewer, password):
    response = client.post(
        "/accounts/login/", {"username": reviewer.username, "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("queue")
    assert b"rita" in response.content
    assert b"reviewer" in response.content


def test_wrong_password_shows_an_error_and_does_not_log_in(client, reviewer):
    response = client.post("/accounts/login/", {"username": reviewer.username, "password": "no"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_out(client, reviewer, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": reviewer.username, "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": reviewer.username, "password": password}
    )
    assert response.status_code == 429
    assert b"Too many failed log-in attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(reviewer_client):
    response = reviewer_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert reviewer_client.get("/queue/").status_code == 302


def test_outsider_without_a_role_sees_nothing(outsider_client):
    ClaimFactory()
    response = outsider_client.get("/queue/")
    assert response.status_code == 403
    assert b"no workbench role" in response.content


def test_queue_lists_claims_from_the_database(reviewer_client):
    claim = ClaimFactory(statement="The council approved a budget of $4.2 billion.")
    response = reviewer_client.get("/queue/")
    assert response.status_code == 200
    assert claim.statement.encode() in response.content


def test_password_change_works(reviewer_client, password):
    response = reviewer_client.post(
        "/accounts/password_change/",
        {
            "old_password": password,
            "new_password1": "a-brand-new-passphrase-77",
            "new_password2": "a-brand-new-passphrase-77",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_change/done/"


def test_roles_are_seeded_groups(reviewer, editor, outsider):
    assert is_reviewer(reviewer) and not is_editor(reviewer)
    assert is_reviewer(editor) and is_editor(editor)
    assert not is_reviewer(outsider)
    assert primary_role(editor) == "editor"
    assert primary_role(outsider) is None


def test_create_user_command_takes_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("FACTCHECK_PASSWORD", "a-long-desk-passphrase-42")
    call_command("create_user", "dana", role="editor")
    user = get_user_model().objects.get(username="dana")
    assert user.check_password("a-long-desk-passphrase-42")
    assert is_editor(user)
    assert not user.is_staff


def test_create_user_command_rejects_a_weak_password(monkeypatch):
    monkeypatch.setenv("FACTCHECK_PASSWORD", "123")
    with pytest.raises(CommandError, match="Password rejected"):
        call_command("create_user", "weak", role="reviewer")
    assert not get_user_model().objects.filter(username="weak").exists()


def test_admin_role_gets_the_django_admin(monkeypatch, client):
    monkeypatch.setenv("FACTCHECK_PASSWORD", "a-long-admin-passphrase-42")
    call_command("create_user", "root", role="admin")
    client.force_login(get_user_model().objects.get(username="root"))
    assert client.get("/admin/claims/claim/").status_code == 200
    assert client.get("/admin/claims/activity/").status_code == 200


def test_pages_carry_a_strict_content_security_policy(reviewer_client):
    response = reviewer_client.get("/queue/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert b'"allowEval":false' in response.content
    assert b"X-CSRFToken" in response.content
