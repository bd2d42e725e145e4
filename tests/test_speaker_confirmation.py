"""A speaker the extractor guessed shows as a guess, and a reviewer confirms it in one click,
from the article workspace and from the claim page."""

from __future__ import annotations

import pytest

from claims.models import Activity, Claim, ClaimStatus, SpeakerBasis
from tests.factories import ArticleFactory, ClaimFactory, approved_verdict

BODY = (
    "The governor spoke at noon. She said unemployment fell to 4.1 percent in March. "
    "Officials cheered."
)


@pytest.fixture
def guessed(db) -> Claim:
    article = ArticleFactory(body=BODY)
    start = BODY.index("She said")
    return ClaimFactory(
        article=article,
        start=start,
        end=BODY.index("March.") + len("March."),
        speaker="Maria Lopez",
        speaker_basis=SpeakerBasis.PRONOUN,
        speaker_kind="person",
    )


def workspace_url(claim: Claim) -> str:
    return f"/articles/{claim.article_id}/claims/{claim.pk}/confirm-speaker/"


def claim_url(claim: Claim) -> str:
    return f"/claims/{claim.pk}/confirm-speaker/"


def test_a_guessed_speaker_shows_as_a_guess_with_a_confirm_button(reviewer_client, guessed):
    for page in (f"/articles/{guessed.article_id}/", f"/claims/{guessed.pk}/"):
        html = reviewer_client.get(page).content.decode()
        assert "speaker guessed from a pronoun" in html
        assert "Confirm speaker" in html


def test_a_stated_speaker_is_not_offered_for_confirmation(reviewer_client, db):
    claim = ClaimFactory(speaker="the mayor", speaker_basis=SpeakerBasis.STATED)
    html = reviewer_client.get(f"/articles/{claim.article_id}/").content.decode()
    assert "the mayor" in html
    assert "Confirm speaker" not in html


@pytest.mark.parametrize("url_of", [workspace_url, claim_url])
def test_plain_confirm_records_who_audits_and_redirects(reviewer_client, reviewer, guessed, url_of):
    response = reviewer_client.post(url_of(guessed), {"version": 1})
    assert response.status_code == 302
    guessed.refresh_from_db()
    assert guessed.speaker_confirmed_by == reviewer
    assert guessed.speaker_confirmed_at is not None
    assert (guessed.speaker, guessed.speaker_basis, guessed.version) == (
        "Maria Lopez",
        "pronoun",
        2,
    )
    assert not guessed.speaker_guessed
    activity = Activity.objects.get(action="claim.speaker_confirm", claim=guessed)
    assert activity.actor == reviewer
    assert activity.before["speaker_confirmed_at"] is None
    assert "Maria Lopez" in activity.summary
    page = reviewer_client.get(response["Location"]).content.decode()
    assert "Confirm speaker" not in page
    assert "confirmed by" in page


def test_htmx_confirm_in_the_workspace_returns_the_claim_row(
    reviewer_client, guessed, htmx_headers
):
    response = reviewer_client.post(workspace_url(guessed), {"version": 1}, headers=htmx_headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="claim-{guessed.pk}"')
    assert "Confirm speaker" not in html
    # The row's other forms carry the new version, so the next correction is not stale.
    assert 'name="version" value="2"' in html


def test_htmx_confirm_on_the_claim_page_returns_the_speaker_and_fresh_forms(
    reviewer_client, guessed, htmx_headers
):
    response = reviewer_client.post(claim_url(guessed), {"version": 1}, headers=htmx_headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<dd id="claim-speaker"')
    assert "Speaker confirmed" in html or "confirmed by" in html
    # The verdict forms ride along with the new version; the history shows the confirmation.
    assert 'id="workflow" class="panel" aria-labelledby="verdict" hx-swap-oob="true"' in html
    assert 'name="version" value="2"' in html
    assert "Confirmed the speaker" in html


@pytest.mark.parametrize("url_of", [workspace_url, claim_url])
@pytest.mark.parametrize("htmx", [False, True])
def test_a_stale_confirm_is_refused_with_409_and_changes_nothing(
    reviewer_client, guessed, htmx_headers, url_of, htmx
):
    Claim.objects.filter(pk=guessed.pk).update(speaker="Ana Ruiz", version=2)
    response = reviewer_client.post(
        url_of(guessed), {"version": 1}, headers=htmx_headers if htmx else {}
    )
    assert response.status_code == 409
    guessed.refresh_from_db()
    assert guessed.speaker_confirmed_at is None
    assert not Activity.objects.filter(action="claim.speaker_confirm").exists()
    # The speaker someone else set is what the reviewer now sees.
    assert "Ana Ruiz" in response.content.decode()


@pytest.mark.parametrize("url_of", [workspace_url, claim_url])
@pytest.mark.parametrize("htmx", [False, True])
def test_confirming_on_a_published_claim_needs_a_correction(
    reviewer_client, guessed, htmx_headers, url_of, htmx
):
    approved_verdict(guessed)
    version = Claim.objects.get(pk=guessed.pk).version
    response = reviewer_client.post(
        url_of(guessed), {"version": version}, headers=htmx_headers if htmx else {}
    )
    assert response.status_code == 422
    assert "correction" in response.content.decode()
    claim = Claim.objects.get(pk=guessed.pk)
    assert claim.status == ClaimStatus.APPROVED
    assert claim.speaker_confirmed_at is None
    assert not Activity.objects.filter(action="claim.speaker_confirm").exists()


def test_confirming_twice_is_refused_the_second_time(reviewer_client, guessed):
    assert reviewer_client.post(claim_url(guessed), {"version": 1}).status_code == 302
    response = reviewer_client.post(claim_url(guessed), {"version": 2})
    assert response.status_code == 422
    assert "no guessed speaker" in response.content.decode()
    assert Activity.objects.filter(action="claim.speaker_confirm").count() == 1


def test_a_confirm_without_a_version_is_refused(reviewer_client, guessed):
    assert reviewer_client.post(claim_url(guessed), {}).status_code == 422
    assert reviewer_client.post(workspace_url(guessed), {"version": "x"}).status_code == 422
    guessed.refresh_from_db()
    assert guessed.speaker_confirmed_at is None


def test_a_get_does_not_confirm(reviewer_client, guessed):
    assert reviewer_client.get(claim_url(guessed)).status_code == 405
    guessed.refresh_from_db()
    assert guessed.speaker_confirmed_at is None


def test_anonymous_visitors_cannot_confirm(client, guessed):
    response = client.post(claim_url(guessed), {"version": 1})
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]
    guessed.refresh_from_db()
    assert guessed.speaker_confirmed_at is None


def test_a_speaker_a_person_types_is_no_longer_a_guess(reviewer_client, reviewer, guessed):
    response = reviewer_client.post(
        f"/articles/{guessed.article_id}/claims/{guessed.pk}/edit/",
        {"version": 1, "statement": guessed.statement, "type": "quantity", "speaker": "Ana Ruiz"},
    )
    assert response.status_code == 302
    guessed.refresh_from_db()
    assert guessed.speaker == "Ana Ruiz"
    assert guessed.speaker_confirmed_by == reviewer
    assert not guessed.speaker_guessed
