"""Checked before? in Chromium: an editor imports an archive file, opens a claim, reuses the
matching fact-check as a draft verdict, and another editor approves it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from claims.models import ClaimStatus
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, UserFactory
from tests.matching_data import claimreview, feed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Senator Bob Smith said vaccines cause autism in young children."


def test_editor_imports_an_archive_reuses_a_match_and_another_editor_approves(
    page, login, browser, live_server, editor, password, tmp_path
):
    second = UserFactory(username="eve", role="editor")
    article = ArticleFactory(body=f"{TEXT} The rally drew a crowd.")
    claim = ClaimFactory(article=article, end=len(TEXT), quote=TEXT, statement=TEXT)
    SourceFactory(claim=claim)
    archive = tmp_path / "feed.json"
    archive.write_bytes(
        feed(
            [
                claimreview(
                    1, "Bob Smith says vaccines cause autism in children.", label="Pants on Fire"
                ),
                claimreview(2, "The moon landing was staged in a studio.", label="False"),
            ]
        )
    )

    login(editor)
    # Editors land on the dashboard.
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    page.goto("/archive/import/")
    page.get_by_label("Archive file").set_input_files(str(archive))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#archive-upload .message-success")).to_contain_text("2 new")

    page.goto(f"/claims/{claim.pk}/")
    panel = page.locator("#checked-before")
    # Loaded after the page by htmx: the first match is the vaccine fact-check.
    first = panel.get_by_test_id("match").first
    expect(first).to_contain_text("Pants on Fire")
    expect(first).to_contain_text("Example Checks")
    expect(first.get_by_role("link", name="Read the fact-check")).to_have_attribute(
        "href", "https://checks.example/reviews/1"
    )
    first.get_by_role("button", name="Reuse").click()
    expect(page).to_have_url(re.compile(rf"/claims/{claim.pk}/#verdict$"))
    expect(page.get_by_test_id("claim-status")).to_have_text("Awaiting approval")
    expect(page.locator("#sources")).to_contain_text("Fact-check 1")
    # The editor who reused it cannot approve their own draft.
    expect(page.locator("#workflow")).to_contain_text("another editor must approve it")

    context = browser.new_context(base_url=live_server.url)
    try:
        other = context.new_page()
        other.goto("/accounts/login/")
        other.get_by_label("Username").fill(second.username)
        other.get_by_label("Password").fill(password)
        other.get_by_role("button", name="Log in").click()
        expect(other).to_have_url(re.compile(r"/dashboard/$"))
        other.goto(f"/claims/{claim.pk}/")
        other.get_by_role("button", name="Approve").click()
        expect(other.get_by_test_id("claim-status")).to_have_text("Approved")
    finally:
        context.close()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.current_verdict.rating.label == "False"
    assert claim.current_verdict.approved_by == second
