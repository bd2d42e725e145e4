"""Each request reads its user and the user's roles in one statement (claims.auth), with the
same access the roles gave before; sessions from before the change keep working."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse

from claims.auth import PATH, RoleBackend
from claims.roles import Role, is_editor, is_reviewer, user_roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _user_and_role_reads(captured) -> list[str]:
    # The queue's own queries join auth_user for the assignee; these read from it.
    reads = ('FROM "auth_user"', 'FROM "auth_group"', 'FROM "auth_user_groups"')
    return [q["sql"] for q in captured if any(r in q["sql"] for r in reads)]


def test_a_request_reads_the_user_with_the_roles_in_one_statement(reviewer_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = reviewer_client.get(reverse("queue"))
    assert response.status_code == 200
    user_reads = _user_and_role_reads(ctx.captured_queries)
    assert len(user_reads) == 1, user_reads
    assert "auth_group" in user_reads[0]


@pytest.mark.parametrize(
    ("role", "reviewer", "editor"),
    [
        ("reviewer", True, False),
        ("editor", True, True),
        ("admin", True, True),
        (None, False, False),
    ],
)
def test_roles_read_with_the_user_match_the_groups(seeded, role, reviewer, editor):
    user = UserFactory(role=role)
    Group.objects.get_or_create(name="newsletter")[0].user_set.add(user)
    loaded = RoleBackend().get_user(user.pk)
    assert user_roles(loaded) == ({Role(role)} if role else set())
    assert (is_reviewer(loaded), is_editor(loaded)) == (reviewer, editor)


def test_a_superuser_is_an_admin_without_the_group(seeded):
    user = UserFactory(is_superuser=True)
    assert user_roles(RoleBackend().get_user(user.pk)) == {Role.ADMIN}


def test_an_inactive_missing_or_malformed_user_is_not_loaded(seeded):
    assert RoleBackend().get_user(UserFactory(is_active=False, role="editor").pk) is None
    assert RoleBackend().get_user(999_999) is None
    assert RoleBackend().get_user("not-a-key") is None


def test_a_user_in_every_role_and_other_groups_gets_each_role_once(seeded):
    user = UserFactory(role="reviewer")
    for name in ("editor", "admin", "newsletter"):
        Group.objects.get_or_create(name=name)[0].user_set.add(user)
    loaded = RoleBackend().get_user(str(user.pk))
    assert loaded.pk == user.pk and loaded.username == user.username
    assert user_roles(loaded) == {Role.REVIEWER, Role.EDITOR, Role.ADMIN}


def test_a_role_taken_away_applies_to_the_users_next_request(reviewer, reviewer_client):
    assert reviewer_client.get(reverse("queue")).status_code == 200
    reviewer.groups.clear()
    assert reviewer_client.get(reverse("queue")).status_code == 403


def test_sessions_from_before_the_change_stay_logged_in(reviewer, client):
    migration = importlib.import_module("claims.migrations.0017_sessions_role_backend")
    store = SessionStore()
    store.update(
        {
            "_auth_user_id": str(reviewer.pk),
            "_auth_user_backend": migration.OLD,
            "_auth_user_hash": reviewer.get_session_auth_hash(),
        }
    )
    store.create()
    client.cookies["sessionid"] = store.session_key
    # With the old backend named, Django would no longer recognise the session.
    assert client.get(reverse("queue")).status_code == 302

    migration.forwards(apps, None)
    data = Session.objects.get(pk=store.session_key).get_decoded()
    assert data["_auth_user_backend"] == PATH
    assert client.get(reverse("queue")).status_code == 200

    migration.backwards(apps, None)
    data = Session.objects.get(pk=store.session_key).get_decoded()
    assert data["_auth_user_backend"] == migration.OLD
