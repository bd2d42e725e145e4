"""The article workspace in Chromium: paste the seed article, see its claims highlighted,
reject one and add one by selecting text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from claims.models import Article, Claim, ClaimOrigin, ClaimStatus
from claims.services.articles import article_extraction_run
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = Path(settings.BASE_DIR).parent / "shared" / "eval" / "articles" / "seed_mobilization.txt"
HEADLINE = "TOP MILITARY BRASS IN UKRAINE"


def select_text(page, needle: str) -> None:
    """Select `needle` inside the article text as a person dragging the mouse would."""
    page.evaluate(
        """(needle) => {
            const body = document.getElementById("article-body");
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.data.indexOf(needle);
                if (at === -1) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + needle.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                node.parentElement.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
                return;
            }
            throw new Error("text not found in the article: " + needle);
        }""",
        needle,
    )


def test_paste_seed_article_then_reject_and_add_claims(page, login, reviewer) -> None:
    if not SEED.exists():
        pytest.skip(f"Seed article not found at {SEED}; it lives in the shared eval folder.")
    text = SEED.read_text(encoding="utf-8")
    login(reviewer)
    page.goto("/articles/new/")
    page.get_by_label("Title").fill("U.S. would welcome Russians fleeing the draft")
    page.get_by_label("Text").fill(text)
    page.get_by_role("button", name="Extract claims").click()

    expect(page).to_have_url(re.compile(r"/articles/\d+/$"))
    rows = page.locator(".claim-row")
    expect(rows.first).to_be_visible()
    troops = page.locator("#article-body mark.hl", has_text="300,000")
    expect(troops).to_have_count(1)
    expect(troops).to_be_visible()

    # Clicking the highlight selects its claim in the list.
    troops.click()
    claim_id = troops.get_attribute("data-claim-id")
    expect(page.locator(f"#claim-{claim_id}")).to_have_class(re.compile(r"\bis-selected\b"))
    expect(page.locator(f"#claim-{claim_id}")).to_contain_text("300,000")

    # Reject a claim (htmx swaps its row and the highlights).
    victim = rows.nth(1)
    victim_id = victim.get_attribute("data-claim-id")
    victim.get_by_role("button", name="Reject").click()
    rejected_row = page.locator(f"#claim-{victim_id}")
    expect(rejected_row).to_have_class(re.compile(r"\bstatus-rejected\b"))
    expect(rejected_row.get_by_role("button", name="Restore")).to_be_visible()
    expect(page.locator(f'#article-body mark[data-claim-id="{victim_id}"]').first).to_have_class(
        re.compile(r"\bstatus-rejected\b")
    )

    # Add a claim by selecting text in the article.
    count_before = rows.count()
    select_text(page, HEADLINE)
    expect(page.get_by_label("Claim text, as it appears in the article")).to_have_value(HEADLINE)
    page.get_by_role("button", name="Add selected text as a claim").click()
    expect(rows).to_have_count(count_before + 1)
    expect(page.locator("#article-body mark.hl", has_text=HEADLINE)).to_have_count(1)

    article = Article.objects.get()
    assert article.claims.filter(pk=victim_id, status=ClaimStatus.REJECTED).exists()
    added = article.claims.get(origin=ClaimOrigin.PERSON)
    assert added.quote == HEADLINE
    assert article.body[added.start : added.end] == HEADLINE


def test_page_updates_itself_when_extraction_finishes(page, login, reviewer) -> None:
    article = ArticleFactory(
        body="Officials said 300,000 reservists were called up last week. It rained.",
        extraction_status=Article.ExtractionStatus.PENDING,
    )
    login(reviewer)
    page.goto(f"/articles/{article.pk}/")
    expect(page.get_by_role("status").filter(has_text="Waiting to extract")).to_be_visible()
    expect(page.locator(".claim-row")).to_have_count(0)
    article_extraction_run(article_id=article.pk)  # what the worker would do
    expect(page.locator(".claim-row").first).to_be_visible(timeout=8000)
    expect(page.locator("#article-body mark.hl", has_text="300,000")).to_have_count(1)
    expect(page.locator("progress")).to_have_count(0)


def test_stale_edit_shows_the_conflict_and_keeps_the_input(page, login, reviewer) -> None:
    body = "Officials said 300,000 reservists were called up last week. It rained."
    article = ArticleFactory(body=body)
    claim = ClaimFactory(article=article, start=0, end=body.index(".") + 1)
    login(reviewer)
    page.goto(f"/articles/{article.pk}/")
    row = page.locator(f"#claim-{claim.pk}")
    row.get_by_text("Correct this claim").click()
    row.get_by_label("Statement").fill("My rewrite of the claim")
    # Someone else saves first.
    Claim.objects.filter(pk=claim.pk).update(statement="Their rewrite", version=2)
    row.get_by_role("button", name="Save claim").click()
    conflict = page.locator(f"#claim-{claim.pk} .conflict")
    expect(conflict).to_contain_text("Someone else changed this claim")
    expect(conflict).to_contain_text("Their rewrite")
    expect(page.locator(f"#claim-{claim.pk}").get_by_label("Statement")).to_have_value(
        "My rewrite of the claim"
    )
    claim.refresh_from_db()
    assert claim.statement == "Their rewrite"
