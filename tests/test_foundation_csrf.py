"""CSRF on every POST, htmx ones included (the token travels in <body hx-headers>)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client(reviewer) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    return client


def _token_from_page(client: Client) -> str:
    page = client.get("/queue/").content.decode()
    headers = re.search(r"hx-headers='([^']+)'", page)
    assert headers, "base.html must carry the CSRF token for htmx"
    return json.loads(headers.group(1))["X-CSRFToken"]


def test_post_without_a_token_is_refused(strict_client):
    ClaimFactory()
    response = strict_client.post("/queue/next/")
    assert response.status_code == 403


def test_htmx_post_with_the_token_from_hx_headers_is_accepted(strict_client, htmx_headers):
    claim = ClaimFactory()
    token = _token_from_page(strict_client)
    response = strict_client.post(
        f"/claims/{claim.pk}/comments/",
        {"body": "Checked the minutes."},
        headers={**htmx_headers, "X-CSRFToken": token},
    )
    assert response.status_code == 200
    assert claim.comments.count() == 1


def test_htmx_post_without_the_token_is_refused(strict_client, htmx_headers):
    claim = ClaimFactory()
    response = strict_client.post(
        f"/claims/{claim.pk}/comments/", {"body": "Sneaky."}, headers=htmx_headers
    )
    assert response.status_code == 403
    assert claim.comments.count() == 0
