"""Every page type fits the screen: no sideways scrolling at 1440, 430 and 360 px."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from claims.models import Claim, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    CommentFactory,
    SourceFactory,
    approved_verdict,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_URL = "https://statistics.example/releases/2026/very-long-path-segment-" + "x" * 120 + ".pdf"
WIDTHS = (1440, 430, 390, 360)
# Set FACTCHECK_SHOTS=/some/dir to keep a full-page screenshot of every page and width.
SHOTS = os.environ.get("FACTCHECK_SHOTS")


@pytest.fixture
def desk(editor, reviewer):
    article = ArticleFactory(
        title="Council approves a record budget after a long night of debate on spending",
        outlet="The Daily Example with a rather long outlet name",
        url=LONG_URL,
    )
    claim = ClaimFactory(
        article=article, speaker="the mayor", assignee=reviewer, assigned_at=timezone.now()
    )
    SourceFactory(claim=claim, url=LONG_URL, title="Release " + "table " * 20)
    CommentFactory(claim=claim, author=reviewer, body="See " + LONG_URL)
    published = ClaimFactory(article=article, speaker="the treasurer")
    approved_verdict(published, label="Mostly true", approver=editor)
    gone = ClaimFactory(article=article)
    approved_verdict(gone, approver=editor)
    Verdict.objects.filter(claim=gone).update(
        retracted_at=timezone.now(), retraction_reason="Legal request"
    )
    return {"article": article, "claim": claim, "published": published, "gone": gone}


def _pages(desk) -> dict[str, tuple[str, str | None]]:
    """Page type -> (path, who is logged in: None, 'editor' or 'outsider')."""
    article, claim = desk["article"], desk["claim"]
    published: Claim = desk["published"]
    return {
        "login": ("/accounts/login/", None),
        "queue": ("/queue/", "editor"),
        "articles": ("/articles/", "editor"),
        "article_new": ("/articles/new/", "editor"),
        "workspace": (f"/articles/{article.pk}/", "editor"),
        "claim": (f"/claims/{claim.pk}/", "editor"),
        "claim_publication": (f"/claims/{published.pk}/publication/", "editor"),
        "article_report": (f"/articles/{article.pk}/report/", "editor"),
        "desk_report": ("/reports/", "editor"),
        "ratings": ("/settings/ratings/", "editor"),
        "public": (f"/v/{published.public_id}/", None),
        "withdrawn": (f"/v/{desk['gone'].public_id}/", None),
        "forbidden": ("/settings/ratings/", "outsider"),
        "missing": ("/articles/999999/", "editor"),
        "dashboard": ("/dashboard/", "editor"),
        "speaker": (f"/speakers/claim/{published.pk}/", "editor"),
    }


PAGE_TYPES = (
    "login",
    "queue",
    "articles",
    "article_new",
    "workspace",
    "claim",
    "claim_publication",
    "article_report",
    "desk_report",
    "ratings",
    "public",
    "withdrawn",
    "forbidden",
    "missing",
    "dashboard",
    "speaker",
)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_never_scrolls_sideways(page, login, editor, outsider, desk, kind):
    # One log-in and one data set per page type, every width in turn: the widths only resize.
    path, who = _pages(desk)[kind]
    if who:
        login({"editor": editor, "outsider": outsider}[who])
    too_wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        page.wait_for_load_state("networkidle")
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{kind}-{width}.png", full_page=True)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            too_wide.append(f"{width}px is {scroll}px wide")
    assert not too_wide, f"{kind}: " + "; ".join(too_wide)


def test_phone_header_is_one_line_with_the_menu_behind_a_toggle(page, login, editor, desk):
    page.set_viewport_size({"width": 390, "height": 800})
    login(editor)
    header = page.locator(".site-header")
    assert header.bounding_box()["height"] < 60
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(nav.get_by_role("link", name="Articles")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    # On a wide screen there is no toggle: the links are always in the header row.
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/queue/")
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(nav.get_by_role("link", name="Articles")).to_be_visible()
    assert header.bounding_box()["height"] < 60


@pytest.mark.parametrize("where", ["queue", "claim"])
def test_review_next_button_keeps_its_words_on_one_line_on_a_phone(
    page, login, reviewer, desk, where
):
    # overflow-wrap: anywhere on the panels once broke it into "Revie / w next" at 360-390 px.
    login(reviewer)
    path = "/queue/" if where == "queue" else _pages(desk)["claim"][0]
    for width in (390, 360):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(path)
        button = page.get_by_role("button", name="Review next")
        line = button.evaluate("b => parseFloat(getComputedStyle(b).lineHeight)")
        box = button.bounding_box()
        # One line of text inside the button's padding, not two.
        assert box["height"] < 2 * line, f"{where} at {width}px: {box['height']}px tall"
