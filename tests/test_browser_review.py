"""A reviewer's day in Chromium: Review next, a primary source, a verdict; an editor approves."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim, ClaimStatus
from tests.factories import ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reviewer_takes_a_claim_sources_it_and_an_editor_approves(
    page, login, browser, live_server, reviewer, editor, password
):
    ClaimFactory(statement="Low priority claim.", score=0.1)
    claim = ClaimFactory(statement="The budget is $4.2 billion.", score=0.97)

    login(reviewer)
    expect(page).to_have_url(re.compile(r"/queue/$"))
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Review next").click()
    expect(page).to_have_url(re.compile(rf"/claims/{claim.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The budget is $4.2 billion.")
    expect(page.get_by_test_id("claim-status")).to_have_text("In review")

    page.get_by_role("link", name="Add a source").click()
    add = page.locator("#source-add")
    add.get_by_label("Source URL").fill("https://council.example/budget-2024.pdf")
    add.get_by_label("Title").fill("Adopted budget 2024")
    add.get_by_label("Publisher").fill("City Council")
    add.get_by_label("Relation").select_option("supports")
    add.get_by_label("Kind").select_option("primary")
    add.get_by_role("button", name="Add source").click()
    # htmx swaps the sources region in place: the new source is listed, the page not reloaded.
    expect(page.locator("#sources .source-title")).to_contain_text("Adopted budget 2024")
    expect(page.locator("#messages")).to_have_text("Source added.")

    verdict = page.locator("#verdict-form")
    verdict.get_by_label("Rating").select_option(label="True")
    verdict.get_by_label("Rationale").fill("The **adopted budget** shows $4.2 billion.")
    verdict.get_by_role("button", name="Save verdict").click()
    expect(page.get_by_test_id("claim-status")).to_have_text("Awaiting approval")
    expect(page.locator(".verdict-pending .rationale strong")).to_have_text("adopted budget")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)

    # The editor works in a separate browser context with their own session.
    context = browser.new_context(base_url=live_server.url)
    try:
        other = context.new_page()
        other.goto("/accounts/login/")
        other.get_by_label("Username").fill(editor.username)
        other.get_by_label("Password").fill(password)
        other.get_by_role("button", name="Log in").click()
        expect(other).to_have_url(re.compile(r"/dashboard/$"))
        other.goto(f"/claims/{claim.pk}/")
        expect(other.locator("#approval")).to_contain_text("Sources are sufficient")
        other.get_by_role("button", name="Approve").click()
        expect(other.get_by_test_id("claim-status")).to_have_text("Approved")
        expect(other.locator("#history")).to_contain_text("Approved “True”")
        other.reload()
        expect(other.get_by_test_id("claim-status")).to_have_text("Approved")
    finally:
        context.close()
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.APPROVED


def test_keyboard_moves_through_the_queue_and_takes_the_next_claim(page, login, reviewer):
    first = ClaimFactory(statement="First by priority.", score=0.9)
    second = ClaimFactory(statement="Second by priority.", score=0.5)
    login(reviewer)
    expect(page.get_by_text("Keyboard shortcuts")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("data-queue-keys", "ready")
    rows = page.locator("#queue-table tbody tr")
    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_class(re.compile("is-selected"))
    page.keyboard.press("j")
    expect(rows.nth(1)).to_have_class(re.compile("is-selected"))
    page.keyboard.press("k")
    expect(rows.nth(0)).to_have_class(re.compile("is-selected"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/claims/{first.pk}/$"))
    page.go_back()
    expect(page.locator("html")).to_have_attribute("data-queue-keys", "ready")
    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(rf"/claims/{first.pk}/$"))
    assert Claim.objects.get(pk=first.pk).assignee == reviewer
    assert Claim.objects.get(pk=second.pk).assignee is None
    # From a claim, n takes the next one too.
    expect(page.locator("html")).to_have_attribute("data-queue-keys", "ready")
    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(rf"/claims/{second.pk}/$"))


def test_filters_update_the_list_and_the_address_without_a_reload(page, login, reviewer):
    ClaimFactory(statement="A policy claim.", type="policy")
    ClaimFactory(statement="An event claim.", type="event")
    login(reviewer)
    page.wait_for_load_state("load")
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Type").select_option("policy")
    expect(page).to_have_url(re.compile(r"type=policy"))
    expect(page.locator("#queue-table")).to_contain_text("A policy claim.")
    expect(page.locator("#queue-table")).not_to_contain_text("An event claim.")
    assert page.evaluate("window.__sameDocument") is True


def test_a_stale_verdict_shows_theirs_beside_mine_and_keeps_my_text(page, login, reviewer):
    from claims.services.review import verdict_save
    from tests.factories import UserFactory, rating

    claim = ClaimFactory(statement="Spending rose by 12 percent.")
    login(reviewer)
    page.goto(f"/claims/{claim.pk}/")
    page.wait_for_load_state("load")
    form = page.locator("#verdict-form")
    form.get_by_label("Rating").select_option(label="False")
    form.get_by_label("Rationale").fill("My reading of the table.")
    # Meanwhile a colleague saves a verdict on the same claim.
    colleague = UserFactory(username="carla", role="reviewer")
    verdict_save(
        claim_id=claim.pk,
        expected_version=claim.version,
        rating=rating("True"),
        rationale="Their reading of the minutes.",
        actor=colleague,
    )
    form.get_by_role("button", name="Save verdict").click()
    conflict = page.locator(".conflict")
    expect(conflict).to_contain_text("Their version")
    expect(conflict).to_contain_text("Their reading of the minutes.")
    expect(page.locator("#verdict-form").get_by_label("Rationale")).to_have_value(
        "My reading of the table."
    )
    expect(page.locator("#messages .message-error")).to_have_count(0)
    assert Claim.objects.get(pk=claim.pk).current_verdict.reviewer == colleague


# The claim page as a fact-checker reads it (issue 12) ---------------------------------------


def _guessed_speaker_claim(**kwargs):
    # A guessed speaker shows the confirmation panel; the checked-before panel loads after the
    # page: both sit above or beside the verdict, which must stay in the first screen.
    return ClaimFactory(speaker_basis="pronoun", **kwargs)


def test_the_verdict_panel_is_above_the_fold_at_1440_by_900(page, login, reviewer):
    claim = _guessed_speaker_claim(statement="Spending on schools rose by 12 percent.")
    page.set_viewport_size({"width": 1440, "height": 900})
    login(reviewer)
    page.goto(f"/claims/{claim.pk}/")
    expect(page.get_by_test_id("speaker-guess")).to_be_visible()
    expect(page.locator("#checked-before h2")).to_be_visible()
    page.wait_for_load_state("networkidle")
    heading = page.locator("#verdict").bounding_box()
    assert heading is not None and heading["y"] + heading["height"] <= 900, heading
    # The add-source form opens on demand, so it does not push the verdict down.
    expect(page.locator("#source-add")).to_have_count(0)


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id || ''")


def test_adding_a_source_and_a_comment_change_the_counts_focus_and_announce(page, login, reviewer):
    claim = ClaimFactory(statement="The budget is $4.2 billion.")
    login(reviewer)
    page.goto(f"/claims/{claim.pk}/")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#sources-count")).to_have_text("0")
    page.get_by_role("link", name="Add a source").click()
    add = page.locator("#source-add")
    expect(page.locator("#source-add-heading")).to_be_focused()
    # A bad address: 422, the form stays with the input, focus on the field to fix.
    add.get_by_label("Source URL").fill("ftp://council.example/budget.pdf")
    add.get_by_role("button", name="Add source").click()
    expect(page.locator("#source-add").get_by_label("Source URL")).to_be_focused()
    expect(page.locator("#sources-count")).to_have_text("0")
    long_url = "https://council.example/" + "budget-2024-adopted-" * 12 + "final.pdf"
    page.locator("#source-add").get_by_label("Source URL").fill(long_url)
    page.locator("#source-add").get_by_role("button", name="Add source").click()
    expect(page.locator("#sources-count")).to_have_text("1")
    expect(page.locator("#messages")).to_have_text("Source added.")
    expect(page.locator("#sources .source").first).to_be_focused()
    expect(page.locator("#history-list .timeline-item").first).to_contain_text("source")
    # The new history row carries the long address inside the panel, in labels.
    expect(page.locator("#history-list .changes").first).to_contain_text("Source URL")
    overflow = page.evaluate(
        "(() => { const h = document.getElementById('history');"
        " return h.scrollWidth - h.clientWidth; })()"
    )
    assert overflow <= 0, overflow

    expect(page.locator("#comments-count")).to_have_text("0")
    page.locator("#comments").get_by_label("Comment").fill("Table 4 has the figure.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comments-count")).to_have_text("1")
    # Each result replaces the last: the old notice does not pile up.
    expect(page.locator("#messages")).to_have_text("Comment posted.")
    expect(page.locator("#comment-list .comment").last).to_be_focused()


def test_saving_a_verdict_and_approving_move_focus_to_the_result_and_announce_it(
    page, login, browser, live_server, reviewer, editor, password
):
    from tests.factories import SourceFactory

    claim = ClaimFactory(statement="Crime fell by a third.")
    SourceFactory(claim=claim, kind="primary")
    login(reviewer)
    page.goto(f"/claims/{claim.pk}/")
    page.wait_for_load_state("networkidle")
    form = page.locator("#verdict-form")
    form.get_by_label("Rating").select_option(label="True")
    # Without a rationale: 422, focus on the field that needs it.
    form.get_by_label("Rationale").fill("   ")
    form.get_by_role("button", name="Save verdict").click()
    expect(page.locator("#verdict-form").get_by_label("Rationale")).to_be_focused()
    page.locator("#verdict-form").get_by_label("Rationale").fill("The police figures.")
    page.locator("#verdict-form").get_by_role("button", name="Save verdict").click()
    expect(page.get_by_test_id("claim-status")).to_have_text("Awaiting approval")
    expect(page.locator("#verdict-draft")).to_be_focused()
    expect(page.locator("#messages")).to_contain_text("Verdict saved.")

    context = browser.new_context(base_url=live_server.url)
    try:
        other = context.new_page()
        other.goto("/accounts/login/")
        other.get_by_label("Username").fill(editor.username)
        other.get_by_label("Password").fill(password)
        other.get_by_role("button", name="Log in").click()
        expect(other).to_have_url(re.compile(r"/dashboard/$"))
        other.goto(f"/claims/{claim.pk}/")
        other.wait_for_load_state("networkidle")
        other.get_by_role("button", name="Approve", exact=True).click()
        expect(other.get_by_test_id("claim-status")).to_have_text("Approved")
        expect(other.locator("#verdict-in-force")).to_be_focused()
        expect(other.locator("#messages")).to_have_text("Verdict approved.")
        expect(other.locator("#history-list .timeline-item").first).to_contain_text("Approved")
    finally:
        context.close()
