"""In Chromium: drafts read as drafts on the article report, the desk report and the
workspace; an editor withdraws a published verdict and the public page says so."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from claims.services.review import verdict_save, verdict_send_back
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, approved_verdict, rating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _save(claim: Claim, label: str, author) -> None:
    claim.refresh_from_db()
    verdict_save(
        claim_id=claim.pk,
        expected_version=claim.version,
        rating=rating(label),
        rationale="Still checking.",
        actor=author,
    )


@pytest.fixture
def desk(reviewer, editor):
    article = ArticleFactory(title="Budget coverage with drafts")
    body = article.body
    first_end = body.index(".") + 1
    second = body.index("Spending")
    sent_back = ClaimFactory(article=article, start=0, end=first_end)
    awaiting = ClaimFactory(article=article, start=second, end=body.index(".", second) + 1)
    _save(sent_back, "Mostly true", reviewer)
    sent_back.refresh_from_db()
    verdict_send_back(
        claim_id=sent_back.pk, expected_version=sent_back.version, note="Source?", actor=editor
    )
    _save(awaiting, "Unverifiable", reviewer)
    return {"article": article, "sent_back": sent_back, "awaiting": awaiting}


def test_sent_back_and_awaiting_verdicts_read_as_drafts_everywhere(page, login, reviewer, desk):
    login(reviewer)
    article = desk["article"]

    page.goto(f"/articles/{article.pk}/report/")
    claims = page.locator(".report-claim")
    expect(claims.nth(0).get_by_test_id("draft-rating")).to_contain_text(
        "Mostly true · Draft, sent back"
    )
    expect(claims.nth(1).get_by_test_id("draft-rating")).to_contain_text(
        "Unverifiable · Draft, awaiting approval"
    )
    expect(page.locator(".report-claims .verdict-label", has_text="Verdict:")).to_have_count(0)
    expect(page.locator(".report-claims .badge.status-in_review")).to_have_text("In review")
    expect(page.locator(".report-claims .badge.status-awaiting_approval")).to_have_text(
        "Awaiting approval"
    )

    page.goto("/reports/")
    expect(page.get_by_test_id("draft-rating")).to_have_count(2)
    expect(page.get_by_test_id("published-rating")).to_have_count(0)
    expect(page.get_by_test_id("draft-rating").first).to_have_class("badge state-draft")

    page.goto(f"/articles/{article.pk}/")
    expect(page.locator(f"#claim-{desk['sent_back'].pk} [data-testid=draft-rating]")).to_have_text(
        "Mostly true · Draft, sent back"
    )
    expect(page.locator(f"#claim-{desk['awaiting'].pk} [data-testid=draft-rating]")).to_have_text(
        "Unverifiable · Draft, awaiting approval"
    )
    # The text is not coloured as if the draft's rating were published.
    expect(page.locator("#article-body mark.state-draft")).to_have_count(2)
    expect(page.locator("#article-body mark.verdict-mostly-true")).to_have_count(0)


def test_editor_withdraws_a_published_verdict_and_the_public_page_says_so(
    page, login, editor, browser, live_server
):
    claim = ClaimFactory(statement="The budget is $4.2 billion.")
    SourceFactory(claim=claim)
    approved_verdict(claim, label="True")
    login(editor)
    page.goto(f"/claims/{claim.pk}/")
    page.get_by_text("Withdraw the published verdict (legal or safety)").click()
    page.get_by_label("Legal or safety reason").fill("Court order.")
    page.get_by_role("button", name="Withdraw now").click()
    expect(page.locator(".verdict-retracted")).to_contain_text("Withdrawn")
    reader = browser.new_context(base_url=live_server.url)
    public = reader.new_page()
    response = public.goto(f"/v/{claim.public_id}/")
    assert response.status == 410
    expect(public.get_by_role("heading", level=1)).to_have_text(
        "This fact check has been withdrawn"
    )
    reader.close()
