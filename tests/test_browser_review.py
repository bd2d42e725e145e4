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

    add = page.locator("#source-add")
    add.get_by_label("Source URL").fill("https://council.example/budget-2024.pdf")
    add.get_by_label("Title").fill("Adopted budget 2024")
    add.get_by_label("Publisher").fill("City Council")
    add.get_by_label("Relation").select_option("supports")
    add.get_by_label("Kind").select_option("primary")
    add.get_by_role("button", name="Add source").click()
    # htmx swaps the sources region in place: the new source is listed, the page not reloaded.
    expect(page.locator("#sources .source-title")).to_contain_text("Adopted budget 2024")
    expect(page.locator("#sources .message-success")).to_have_text("Source added.")

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
        expect(other.locator("#approval-checks")).to_contain_text("Sources are sufficient")
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
