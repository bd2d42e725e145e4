"""The article workspace and the rating scale in Chromium, driven as a keyboard and
screen-reader user would: counts that change in place, focus that stays on a sensible control,
each result announced once in #messages, and no sideways scrolling."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from claims.models import Claim, ClaimOrigin, ClaimStatus, Rating
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory, approved_verdict
from tests.test_browser_without_js import nojs as nojs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set FACTCHECK_SHOTS=/some/dir to keep a full-page screenshot of each page at each width.
SHOTS = os.environ.get("FACTCHECK_SHOTS")

SENTENCES = [
    "The city council approved a budget of $4.2 billion on Monday, the mayor said.",
    "Spending on schools rose by 12 percent compared with last year.",
    "She said the plan would create 3,000 jobs by 2028.",
    "Critics said the plan would raise property taxes for more than 50,000 households.",
    "The treasurer said the city has the lowest debt in the region.",
    "Unemployment fell to 4.1 percent in the third quarter, according to the statistics office.",
    "The minister said crime has halved since 2020.",
    "Bus fares will stay frozen until the end of next year.",
]


@pytest.fixture
def workspace(editor, reviewer):
    body = " ".join(SENTENCES)
    article = ArticleFactory(
        title="Council approves a record budget after a long night of debate", body=body
    )
    claims = []
    for sentence in SENTENCES:
        start = body.index(sentence)
        claims.append(
            ClaimFactory(article=article, start=start, end=start + len(sentence), quantities=[])
        )
    Claim.objects.filter(pk=claims[2].pk).update(speaker="the mayor", speaker_basis="pronoun")
    Claim.objects.filter(pk=claims[6].pk).update(speaker="the minister", speaker_basis="role")
    Claim.objects.filter(pk=claims[1].pk).update(status=ClaimStatus.IN_REVIEW)
    approved_verdict(claims[4], label="False", approver=editor)
    approved_verdict(claims[5], label="True", approver=editor)
    draft = VerdictFactory(claim=claims[3])
    Claim.objects.filter(pk=claims[3].pk).update(
        current_verdict=draft, status=ClaimStatus.AWAITING_APPROVAL
    )
    Claim.objects.filter(pk=claims[7].pk).update(status=ClaimStatus.REJECTED)
    return article, claims


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
        page.screenshot(path=f"{SHOTS}/{name}-screen.png")


def _too_wide(page) -> int | None:
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return scroll if scroll > inner else None


def test_reject_and_restore_change_the_counts_in_place_and_keep_focus(
    page, login, reviewer, workspace
) -> None:
    article, claims = workspace
    login(reviewer)
    page.goto(f"/articles/{article.pk}/")
    counts = page.locator("#claim-counts")
    expect(counts).to_have_text(
        "3 new · 1 in review · 1 awaiting approval · 2 approved · 1 rejected"
    )
    first = claims[0]
    reject = page.locator(f"#reject-{first.pk}")
    # The button says which claim, so a list of Reject buttons is not 8 identical names.
    expect(reject).to_have_accessible_name(re.compile(r"^Reject claim 1: “The city council"))
    reject.focus()
    page.keyboard.press("Enter")

    expect(counts).to_have_text(
        "2 new · 1 in review · 1 awaiting approval · 2 approved · 2 rejected"
    )
    restore = page.locator(f"#restore-{first.pk}")
    expect(restore).to_be_focused()
    expect(page.locator("#messages")).to_have_text("Claim 1 rejected. Use Restore to undo.")
    expect(page.locator("#workspace [role=status]")).to_have_count(0)
    expect(page.locator(f'#article-body mark[data-claim-id="{first.pk}"]')).to_have_class(
        re.compile(r"\bstatus-rejected\b")
    )

    page.keyboard.press("Enter")
    expect(counts).to_have_text(
        "3 new · 1 in review · 1 awaiting approval · 2 approved · 1 rejected"
    )
    expect(page.locator(f"#reject-{first.pk}")).to_be_focused()
    expect(page.locator("#messages")).to_have_text("Claim 1 restored.")
    # The live region is the base page's, never replaced: still polite and a status.
    expect(page.locator("#messages")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#messages")).to_have_attribute("role", "status")
    assert Claim.objects.get(pk=first.pk).status == ClaimStatus.NEW


def test_highlights_are_not_tab_stops_and_show_their_key(page, login, reviewer, workspace):
    article, claims = workspace
    login(reviewer)
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator("#article-body mark.hl")).to_have_count(len(claims))
    expect(page.locator("#article-body mark[tabindex]")).to_have_count(0)
    guessed = page.locator(f'#article-body mark[data-claim-id="{claims[2].pk}"]')
    expect(guessed).to_have_attribute("data-tag", "3 · speaker guessed")
    tag = guessed.evaluate("m => getComputedStyle(m, '::before').content")
    assert tag == '"3 · speaker guessed"'
    expect(page.locator(f'#article-body mark[data-claim-id="{claims[4].pk}"]')).to_have_attribute(
        "data-tag", "5 ✗"
    )
    expect(page.get_by_text("Key to the highlights")).to_be_visible()
    # Selecting a highlighted claim's text is unaffected by the tag drawn before it.
    text = guessed.evaluate("m => m.textContent")
    assert text == SENTENCES[2]


def test_add_a_claim_opens_from_the_top_and_focus_lands_on_the_new_claim(
    page, login, reviewer, workspace
) -> None:
    article, _ = workspace
    login(reviewer)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"/articles/{article.pk}/")
    toggle = page.locator("#add-claim-toggle")
    assert toggle.bounding_box()["y"] < 900  # reachable without scrolling a pane
    expect(page.get_by_label("Claim text, as it appears in the article")).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    quote = page.get_by_label("Claim text, as it appears in the article")
    expect(quote).to_be_focused()
    quote.fill("the lowest debt in the region")
    page.get_by_role("button", name="Add claim").click()
    expect(page.locator("#messages")).to_have_text("Claim 6 added.")
    added = Claim.objects.get(quote="the lowest debt in the region")
    expect(page.locator(f"#claim-{added.pk}")).to_be_focused()
    expect(page.locator("#claim-counts")).to_contain_text("4 new")


def test_split_and_merge_buttons_do_not_touch(page, login, reviewer, workspace) -> None:
    article, claims = workspace
    login(reviewer)
    page.goto(f"/articles/{article.pk}/")
    page.locator(f"#correct-{claims[0].pk}").click()
    split = page.locator(f"#split-{claims[0].pk}").bounding_box()
    merge = page.locator(f"#merge-{claims[0].pk}").bounding_box()
    assert merge["y"] - (split["y"] + split["height"]) >= 16
    expect(page.locator(f"#merge-{claims[0].pk}")).to_have_accessible_name(
        "Merge claim 1 with the next claim (claim 2)"
    )


def test_rating_move_keeps_focus_on_the_moved_rating_and_announces(page, login, editor):
    # Read before the server writes: SQLite's shared test database locks the table meanwhile.
    moved = Rating.objects.order_by("position", "id")[2]
    total = Rating.objects.count()
    login(editor)
    page.goto("/settings/ratings/")
    up = page.locator(f"#move-up-{moved.pk}")
    expect(up).to_have_accessible_name(f"Move “{moved.label}” up")
    up.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_have_text(f"Moved “{moved.label}” up: now 2 of {total}.")
    expect(page.locator(f"#move-up-{moved.pk}")).to_be_focused()
    expect(page.locator(".rating-item").nth(1)).to_have_id(f"rating-{moved.pk}")
    # Up again reaches the top: the up button is disabled, so focus moves to its neighbour.
    # Press only once the first swap has settled, as a person would.
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
    page.keyboard.press("Enter")
    expect(page.locator(".rating-item").first).to_have_id(f"rating-{moved.pk}")
    expect(page.locator(f"#move-down-{moved.pk}")).to_be_focused()
    expect(page.locator("#messages")).to_have_text(re.compile(r"now 1 of"))


@pytest.mark.parametrize("kind", ["workspace", "ratings"])
def test_workspace_and_rating_scale_never_scroll_sideways(page, login, editor, workspace, kind):
    article, claims = workspace
    login(editor)
    path = f"/articles/{article.pk}/" if kind == "workspace" else "/settings/ratings/"
    too_wide = []
    for width in (1440, 430, 390, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        _shot(page, f"{kind}-{width}")
        if (wide := _too_wide(page)) is not None:
            too_wide.append(f"{width}px is {wide}px wide")
        if kind == "workspace":
            # The widest state: the add form and a claim's corrections open.
            page.locator("#add-claim-toggle").click()
            page.locator(f"#correct-{claims[0].pk}").click()
        else:
            page.locator(".rating-edit summary").first.click()
        _shot(page, f"{kind}-{width}-open")
        if (wide := _too_wide(page)) is not None:
            too_wide.append(f"{width}px with its forms open is {wide}px wide")
    assert not too_wide, f"{kind}: " + "; ".join(too_wide)


def test_adding_a_claim_and_reordering_ratings_work_with_scripts_off(
    nojs, reviewer, editor, password
):
    claim = ClaimFactory()
    page = nojs(reviewer, password)
    page.goto(f"/articles/{claim.article_id}/")
    # "Add a claim" is a native disclosure near the top: it opens without scripts.
    page.locator("#add-claim-toggle").click()
    page.get_by_label("Claim text, as it appears in the article").fill(
        "Spending on schools rose by 12 percent"
    )
    page.get_by_role("button", name="Add claim").click()
    expect(page.locator("#messages")).to_contain_text("Claim 2 added.")
    expect(page.locator("#claim-counts")).to_contain_text("2 new")
    assert Claim.objects.filter(origin=ClaimOrigin.PERSON).count() == 1

    ordered = list(Rating.objects.order_by("position", "id"))
    desk = nojs(editor, password)
    desk.goto("/settings/ratings/")
    desk.get_by_role("button", name=f"Move “{ordered[1].label}” up").click()
    expect(desk).to_have_url(re.compile(rf"/settings/ratings/#rating-{ordered[1].pk}$"))
    expect(desk.locator("#messages")).to_contain_text(f"Moved “{ordered[1].label}” up: now 1")
    expect(desk.locator(".rating-item").first).to_have_id(f"rating-{ordered[1].pk}")


def test_confirming_a_guessed_speaker_updates_its_highlight_and_keeps_focus(
    page, login, reviewer, workspace
) -> None:
    article, claims = workspace
    guessed = claims[2]
    login(reviewer)
    page.goto(f"/articles/{article.pk}/")
    mark = page.locator(f'#article-body mark[data-claim-id="{guessed.pk}"]')
    expect(mark).to_have_attribute("data-tag", "3 · speaker guessed")
    confirm = page.locator(f"#claim-{guessed.pk}").get_by_role("button", name="Confirm speaker")
    expect(confirm).to_have_accessible_name(re.compile(r"^Confirm speaker of claim 3: “She said"))
    confirm.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_have_text("Speaker confirmed: the mayor.")
    expect(page.locator(f"#claim-{guessed.pk}")).to_be_focused()
    expect(mark).to_have_attribute("data-tag", "3")
