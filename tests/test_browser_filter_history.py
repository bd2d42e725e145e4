"""Back and Forward restore the queue's and the desk report's filter forms from the address;
shared addresses carry only the filters in use; result counts are announced in #messages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import ArticleFactory, ClaimFactory, approved_verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def claims(editor):
    daily = ArticleFactory(outlet="The Daily Example")
    post = ArticleFactory(outlet="Evening Post")
    ClaimFactory(article=daily, statement="Budget rose by a third.", type="quantity")
    ClaimFactory(article=daily, statement="Budget plan will pass.", type="prediction")
    ClaimFactory(article=post, statement="Schools got less.", type="quantity")
    approved_verdict(ClaimFactory(article=post, speaker="the governor"), label="False")


def test_back_restores_the_queue_search_and_filters_on_every_step(page, login, reviewer, claims):
    login(reviewer)
    search = page.get_by_role("searchbox", name="Search")
    kind = page.get_by_label("Type")
    table = page.locator("#queue-table")
    search.fill("budget")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/queue/\?q=budget$"))
    expect(table).not_to_contain_text("Schools got less.")
    kind.select_option("prediction")
    expect(page).to_have_url(re.compile(r"/queue/\?q=budget&type=prediction$"))
    expect(table).not_to_contain_text("Budget rose by a third.")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/queue/\?q=budget$"))
    expect(search).to_have_value("budget")
    expect(kind).to_have_value("")
    expect(table).to_contain_text("Budget rose by a third.")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/queue/$"))
    expect(search).to_have_value("")
    expect(table).to_contain_text("Schools got less.")
    page.go_forward()
    expect(search).to_have_value("budget")
    page.go_forward()
    expect(search).to_have_value("budget")
    expect(kind).to_have_value("prediction")


def test_queue_announces_its_count_after_a_filter_change(page, login, reviewer, claims):
    login(reviewer)
    page.get_by_label("Type").select_option("quantity")
    expect(page.locator("#messages")).to_have_text("2 claims match these filters.")
    expect(page.locator("#messages")).to_have_count(1)


def test_desk_report_filter_goes_in_the_address_and_back_restores_it(page, login, reviewer, claims):
    login(reviewer)
    page.goto("/reports/")
    outlet = page.get_by_role("textbox", name="Outlet")
    outlet.fill("Evening Post")
    page.get_by_role("button", name="Show report").click()
    expect(page).to_have_url(re.compile(r"/reports/\?outlet=Evening\+Post$"))
    expect(page.locator("#messages")).to_have_text("2 claims in this report.")
    expect(page.get_by_test_id("report-scope")).to_contain_text("Outlet “Evening Post”")
    page.get_by_label("Status").select_option("approved")
    page.get_by_role("button", name="Show report").click()
    expect(page).to_have_url(re.compile(r"outlet=Evening\+Post&status=approved$"))
    outlet.fill("")
    page.get_by_role("button", name="Show report").click()
    expect(page).to_have_url(re.compile(r"/reports/\?status=approved$"))

    page.go_back()
    expect(page).to_have_url(re.compile(r"outlet=Evening\+Post&status=approved$"))
    expect(outlet).to_have_value("Evening Post")
    expect(page.get_by_label("Status")).to_have_value("approved")
    page.go_back()
    expect(outlet).to_have_value("Evening Post")
    expect(page.get_by_label("Status")).to_have_value("")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/reports/$"))
    expect(outlet).to_have_value("")


def test_desk_report_claims_link_to_their_claim_pages(page, login, reviewer, claims):
    login(reviewer)
    page.goto("/reports/?outlet=Evening+Post")
    page.get_by_role("link", name="Schools got less.").click()
    expect(page).to_have_url(re.compile(r"/claims/\d+/$"))


def test_phone_queue_folds_the_filters_behind_a_toggle(page, login, reviewer, claims):
    page.set_viewport_size({"width": 390, "height": 800})
    login(reviewer)
    expect(page.get_by_role("searchbox", name="Search")).to_be_visible()
    kind = page.get_by_label("Type")
    expect(kind).to_be_hidden()
    page.get_by_text("Filters", exact=True).click()
    expect(kind).to_be_visible()
    kind.select_option("prediction")
    expect(page).to_have_url(re.compile(r"type=prediction$"))
    expect(page.get_by_text("Filters (1 in use)")).to_be_visible()


def test_opening_the_shortcut_list_moves_nothing_below_it(page, login, reviewer, claims):
    login(reviewer)
    form = page.locator("#queue-filters")
    before = form.bounding_box()
    page.get_by_text("Keyboard shortcuts").click()
    expect(page.get_by_label("Single-key shortcuts on")).to_be_visible()
    assert form.bounding_box() == before
