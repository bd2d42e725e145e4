"""Downloading an article report in Chromium after a verdict is approved."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, approved_verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def approved_claim(editor):
    article = ArticleFactory(title="Council budget coverage")
    claim = ClaimFactory(article=article, speaker="the mayor")
    SourceFactory(claim=claim, title="Adopted budget 2026")
    approved_verdict(claim, label="Mostly true", approver=editor)
    return claim


def test_reviewer_downloads_the_article_report_as_csv(page, login, reviewer, approved_claim):
    login(reviewer)
    page.goto(f"/articles/{approved_claim.article_id}/report/")
    expect(page.get_by_role("heading", name="Council budget coverage")).to_be_visible()
    expect(page.locator(".scorecard-chart rect.bar")).not_to_have_count(0)
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = info.value
    assert download.suggested_filename == f"article-{approved_claim.article_id}_verdicts.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["claim_text"] == approved_claim.statement
    assert row["rating"] == "Mostly true"
    assert "Adopted budget 2026" in row["sources"]


def test_reviewer_downloads_the_claimreview_file(page, login, reviewer, approved_claim):
    login(reviewer)
    page.goto(f"/articles/{approved_claim.article_id}/report/")
    with page.expect_download() as info:
        page.get_by_role("link", name="ClaimReview JSON-LD").click()
    (doc,) = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert doc["claimReviewed"] == approved_claim.statement
    assert doc["reviewRating"]["alternateName"] == "Mostly true"


def test_reader_opens_the_public_page_without_logging_in(page, approved_claim):
    page.goto(f"/v/{approved_claim.public_id}/")
    expect(page.get_by_role("heading", name=approved_claim.statement)).to_be_visible()
    expect(page.get_by_text("Mostly true")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)


def test_desk_report_filter_shows_matches_and_keeps_the_filter_in_the_url(
    page, login, reviewer, approved_claim
):
    login(reviewer)
    page.goto("/reports/")
    page.get_by_role("textbox", name="Speaker").fill("nobody in particular")
    page.get_by_role("button", name="Show report").click()
    expect(page.get_by_text("No claims match this filter.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"speaker=nobody"))


def test_claimreview_warnings_show_in_the_browser_before_the_download(
    page, login, reviewer, editor
):
    claim = ClaimFactory(article=ArticleFactory(title="Pasted statement", url=""))
    SourceFactory(claim=claim)
    approved_verdict(claim, label="False", approver=editor)
    login(reviewer)
    page.goto(f"/articles/{claim.article_id}/report/")
    page.get_by_role("link", name="ClaimReview JSON-LD").click()
    expect(page.get_by_role("heading", name="ClaimReview export")).to_be_visible()
    expect(page.get_by_text("1 document ready, 1 with warnings")).to_be_visible()
    expect(page.get_by_text("itemReviewed.appearance is missing")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the 1 valid document").click()
    (doc,) = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert doc["reviewRating"]["alternateName"] == "False"


def test_editor_sees_the_public_page_panel_and_follows_its_link(
    page, login, editor, approved_claim
):
    login(editor)
    page.goto(f"/claims/{approved_claim.pk}/")
    panel = page.locator("#publication")
    expect(panel.get_by_test_id("claimreview-preview")).to_contain_text('"ClaimReview"')
    panel.get_by_role("link", name=f"/v/{approved_claim.public_id}/").click()
    expect(page.get_by_role("heading", name=approved_claim.statement)).to_be_visible()
    expect(page.locator(".claim-speaker")).to_have_text("the mayor")
