"""Every link and form works without JavaScript: the whole review path, in Chromium with
scripts switched off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim, ClaimStatus
from tests.factories import ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def nojs(browser, live_server):
    contexts = []

    def _page_for(user, password):
        context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = context.new_page()
        tab.goto("/accounts/login/")
        tab.get_by_label("Username").fill(user.username)
        tab.get_by_label("Password").fill(password)
        tab.get_by_role("button", name="Log in").click()
        # Editors land on the dashboard, reviewers on the queue.
        expect(tab).to_have_url(re.compile(r"/(queue|dashboard)/$"))
        return tab

    yield _page_for
    for context in contexts:
        context.close()


def test_review_and_approval_work_with_scripts_off(nojs, reviewer, editor, password):
    claim = ClaimFactory(statement="The budget is $4.2 billion.", score=0.97)
    page = nojs(reviewer, password)

    page.get_by_role("button", name="Review next").click()
    expect(page).to_have_url(re.compile(rf"/claims/{claim.pk}/"))

    # Without scripts "Add a source" is a plain link to the page with the form open.
    page.get_by_role("link", name="Add a source").click()
    expect(page).to_have_url(re.compile(rf"/claims/{claim.pk}/sources/#source-add$"))
    add = page.locator("#source-add")
    add.get_by_label("Source URL").fill("https://council.example/budget.pdf")
    add.get_by_label("Title").fill("Adopted budget")
    add.get_by_label("Kind").select_option("primary")
    add.get_by_role("button", name="Add source").click()
    expect(page.locator("#sources")).to_contain_text("Adopted budget")

    verdict = page.locator("#verdict-form")
    verdict.get_by_label("Rating").select_option(label="True")
    verdict.get_by_label("Rationale").fill("The adopted budget shows $4.2 billion.")
    verdict.get_by_role("button", name="Save verdict").click()
    expect(page.get_by_test_id("claim-status")).to_have_text("Awaiting approval")

    desk = nojs(editor, password)
    desk.goto(f"/claims/{claim.pk}/")
    desk.get_by_role("button", name="Approve").click()
    expect(desk.get_by_test_id("claim-status")).to_have_text("Approved")
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.APPROVED

    # The report and its download links are plain links.
    desk.goto(f"/articles/{claim.article_id}/report/")
    expect(desk.get_by_text("The budget is $4.2 billion.").first).to_be_visible()


def test_queue_filters_and_workspace_corrections_work_with_scripts_off(nojs, reviewer, password):
    claim = ClaimFactory(statement="A policy claim.", type="policy")
    ClaimFactory(statement="An event claim.", type="event")
    page = nojs(reviewer, password)

    page.get_by_label("Type").select_option("policy")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"type=policy"))
    expect(page.locator("#queue-table")).to_contain_text("A policy claim.")
    expect(page.locator("#queue-table")).not_to_contain_text("An event claim.")

    page.goto(f"/articles/{claim.article_id}/")
    page.locator(f"#claim-{claim.pk}").get_by_role("button", name="Reject").click()
    expect(page.locator(f"#claim-{claim.pk}").get_by_role("button", name="Restore")).to_be_visible()
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.REJECTED
