"""Confirming a guessed speaker in Chromium: htmx swaps the claim row in the workspace and the
speaker in place on the claim page, and the next correction is not refused as stale."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "The governor spoke at noon. She said unemployment fell to 4.1 percent in March."


def _guessed() -> Claim:
    article = ArticleFactory(body=BODY)
    start = BODY.index("She said")
    return ClaimFactory(
        article=article,
        start=start,
        end=len(BODY),
        speaker="Maria Lopez",
        speaker_basis="role",
        speaker_kind="person",
    )


def test_confirm_in_the_workspace_then_edit_without_a_conflict(page, login, reviewer) -> None:
    claim = _guessed()
    login(reviewer)
    page.goto(f"/articles/{claim.article_id}/")
    row = page.locator(f"#claim-{claim.pk}")
    expect(row.get_by_text("speaker guessed from a title or role")).to_be_visible()
    row.get_by_role("button", name="Confirm speaker").click()
    expect(row.get_by_text("confirmed by")).to_be_visible()
    expect(row.get_by_role("button", name="Confirm speaker")).to_have_count(0)
    # The swapped row carries the new version: rejecting now is not a stale-version refusal.
    row.get_by_role("button", name="Reject").click()
    expect(page.locator(f"#claim-{claim.pk}.status-rejected")).to_be_visible()
    claim.refresh_from_db()
    assert claim.speaker_confirmed_by == reviewer
    assert claim.status == "rejected"


def test_confirm_on_the_claim_page(page, login, reviewer) -> None:
    claim = _guessed()
    login(reviewer)
    page.goto(f"/claims/{claim.pk}/")
    speaker = page.locator("#claim-speaker")
    speaker.get_by_role("button", name="Confirm speaker").click()
    expect(speaker.get_by_text("confirmed by")).to_be_visible()
    expect(page.locator("#history")).to_contain_text("Confirmed the speaker")
    assert page.url.endswith(f"/claims/{claim.pk}/")  # htmx: no reload
    claim.refresh_from_db()
    assert claim.speaker_confirmed_at is not None
