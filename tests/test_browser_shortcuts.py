"""Single-key shortcuts can be turned off, and `n` never takes work from a focused control."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from tests.factories import ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_turned_off_shortcuts_assign_nothing(page, login, reviewer):
    claim = ClaimFactory(statement="Only claim.", score=0.9)
    login(reviewer)
    expect(page.locator("html")).to_have_attribute("data-queue-keys", "ready")
    page.get_by_text("Keyboard shortcuts").click()
    page.get_by_label("Single-key shortcuts on").uncheck()
    page.reload()
    expect(page.get_by_label("Single-key shortcuts on")).not_to_be_checked()
    page.locator("body").press("n")
    page.wait_for_timeout(300)
    assert page.url.endswith("/queue/")
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_n_on_a_focused_link_assigns_nothing(page, login, reviewer):
    claim = ClaimFactory(statement="Only claim.", score=0.9)
    login(reviewer)
    expect(page.locator("html")).to_have_attribute("data-queue-keys", "ready")
    page.get_by_role("link", name="Articles").focus()
    page.keyboard.press("n")
    page.wait_for_timeout(300)
    assert page.url.endswith("/queue/")
    assert Claim.objects.get(pk=claim.pk).assignee is None
