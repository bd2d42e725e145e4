"""Logging in through the real login form, in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reviewer_logs_in_through_the_form_and_lands_on_the_queue(page, login, reviewer):
    login(reviewer)
    expect(page).to_have_url(re.compile(r"/queue/$"))
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()
    expect(page.locator(".role-badge")).to_have_text("reviewer")


def test_wrong_password_shows_an_error(page, login, reviewer):
    login(reviewer, secret="not-the-password")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")


def test_logging_out_returns_to_the_login_page(page, login, reviewer):
    login(reviewer)
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
