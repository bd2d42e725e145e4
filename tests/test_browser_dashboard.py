"""In Chromium: open the dashboard, change its range and filters (htmx swaps the panels),
follow a speaker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from claims.services import speakers_sync_article
from tests.factories import ArticleFactory, ClaimFactory, approved_verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_changes_the_range_and_follows_a_speaker(page, login, editor, reviewer):
    article = ArticleFactory(outlet="The Daily Example")
    claim = ClaimFactory(article=article, speaker="Karine Jean-Pierre", statement="Jobs rose.")
    speakers_sync_article(article_id=article.pk)
    approved_verdict(claim, label="Mostly true", approver=editor, reviewer=reviewer)
    today = timezone.localdate()

    login(editor)
    expect(page).to_have_url("/dashboard/")
    expect(page.get_by_role("heading", name="Work waiting")).to_be_visible()
    expect(page.locator("#panel-waiting svg[role=img]")).not_to_have_count(0)

    start = (today - timedelta(days=2)).isoformat()
    page.get_by_label("From", exact=True).fill(start)
    page.get_by_label("To", exact=True).fill(today.isoformat())
    page.get_by_label("Per", exact=True).select_option("day")
    page.get_by_label("Claim type", exact=True).select_option("quantity")
    page.get_by_label("Outlet", exact=True).fill("The Daily Example")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(
        f"/dashboard/?start={start}&end={today.isoformat()}&group=day"
        "&type=quantity&outlet=The%20Daily%20Example"
    )
    expect(page.get_by_text("quoted in The Daily Example", exact=False)).to_be_visible()
    expect(page.get_by_text("(3 days)", exact=False)).to_be_visible()
    flow = page.locator("#figure-throughput-flow table")
    expect(flow.locator("tbody tr")).to_have_count(3)

    page.locator("#figure-published-by-speaker").get_by_role(
        "link", name="Karine Jean-Pierre"
    ).click()
    expect(page.get_by_role("heading", name="Karine Jean-Pierre", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Jobs rose.")).to_be_visible()
