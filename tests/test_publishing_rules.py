"""What is published changes only through a correction another editor approves; rejected
claims take no verdict; an editor can withdraw a published verdict at once."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from claims.models import Activity, Claim, ClaimStatus, Source, Verdict
from claims.services.policy import Action, WriteMode, WriteRefused, ensure_writable
from claims.services.review import verdict_save
from tests.factories import (
    ClaimFactory,
    SourceFactory,
    UserFactory,
    approved_verdict,
    rating,
)

pytestmark = pytest.mark.django_db

BRANCHES = ["plain", "htmx"]


@pytest.fixture
def published(editor) -> Claim:
    """An approved claim with one primary source, published."""
    claim = ClaimFactory(statement="The council approved a budget of $4.2 billion.")
    SourceFactory(claim=claim, url="https://council.example/adopted.pdf", title="Adopted")
    approved_verdict(claim, label="True", approver=editor)
    claim.refresh_from_db()
    return claim


def _headers(branch: str) -> dict[str, str]:
    return {"HX-Request": "true"} if branch == "htmx" else {}


def _public(client, claim: Claim) -> str:
    response = client.get(reverse("public_verdict", args=[claim.public_id]))
    assert response.status_code == 200
    return response.content.decode()


# Workspace corrections on a published claim ----------------------------------------------


@pytest.mark.parametrize("branch", BRANCHES)
def test_reviewer_cannot_edit_a_published_claim(reviewer_client, published, branch, client):
    response = reviewer_client.post(
        reverse("article_claim_edit", args=[published.article_id, published.pk]),
        {"version": published.version, "statement": "Rewritten.", "type": "event", "speaker": ""},
        headers=_headers(branch),
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "only through a correction" in body and "claim page" in body
    assert "<dd>Rewritten.</dd>" in body  # the input is kept, to carry into a correction
    published.refresh_from_db()
    assert published.statement == "The council approved a budget of $4.2 billion."
    assert "Rewritten." not in _public(client, published)


def test_editor_direct_post_cannot_edit_a_published_claim_either(editor_client, published):
    response = editor_client.post(
        f"/articles/{published.article_id}/claims/{published.pk}/edit/",
        {"version": published.version, "statement": "X", "type": "event", "speaker": "Y"},
    )
    assert response.status_code == 422
    published.refresh_from_db()
    assert (published.statement, published.speaker) != ("X", "Y")


def test_workspace_offers_a_correction_link_not_the_edit_form_for_a_published_claim(
    reviewer_client, published
):
    html = reviewer_client.get(reverse("article_detail", args=[published.article_id])).content
    html = html.decode()
    row = html[html.index(f'id="claim-{published.pk}"') :]
    row = row[: row.index("</li>")]
    assert "Propose a correction on the claim page" in row
    assert reverse("article_claim_edit", args=[published.article_id, published.pk]) not in row


@pytest.mark.parametrize("action", ["reject", "split"])
def test_published_claim_cannot_be_rejected_or_split_even_when_back_in_review(
    reviewer_client, published, action
):
    # A correction sent back leaves the claim "in review" while its verdict is published.
    Claim.objects.filter(pk=published.pk).update(status=ClaimStatus.IN_REVIEW)
    data = {"version": published.version, "at": 5}
    response = reviewer_client.post(
        f"/articles/{published.article_id}/claims/{published.pk}/{action}/", data
    )
    assert response.status_code == 422
    assert "published" in response.content.decode()
    published.refresh_from_db()
    assert published.status == ClaimStatus.IN_REVIEW
    assert published.end == published.article.body.index(".") + 1


# Sources on a published claim --------------------------------------------------------------


@pytest.mark.parametrize("branch", BRANCHES)
def test_source_add_on_approved_claim_starts_a_correction_or_is_refused(
    reviewer_client, published, branch, client
):
    response = reviewer_client.post(
        reverse("source_add", args=[published.pk]),
        {"url": "https://unapproved.example/blog", "relation": "context", "kind": "secondary"},
        headers=_headers(branch),
    )
    assert response.status_code in (200, 302)
    source = Source.objects.get(url="https://unapproved.example/blog")
    assert source.staged == Source.Staged.ADD
    # Not published: the public page and the exports keep the approved sources.
    assert "unapproved.example" not in _public(client, published)
    page = reviewer_client.get(reverse("claim_detail", args=[published.pk])).content.decode()
    assert "Added in the pending correction" in page
    export = reviewer_client.get(reverse("desk_export", args=["json"]))
    doc = json.loads(b"".join(export.streaming_content))
    (row,) = [r for r in doc["claims"] if r["claim_id"] == published.pk]
    assert [s["url"] for s in row["sources"]] == ["https://council.example/adopted.pdf"]
    assert Activity.objects.filter(claim=published, action="source.stage_add").exists()


@pytest.mark.parametrize("branch", BRANCHES)
def test_removing_the_last_source_of_a_published_claim_keeps_it_published(
    reviewer_client, published, branch, client
):
    source = published.sources.get()
    response = reviewer_client.post(
        reverse("source_delete", args=[published.pk, source.pk]),
        {"version": source.version},
        headers=_headers(branch),
    )
    assert response.status_code in (200, 302)
    source.refresh_from_db()  # still there: only marked for removal
    assert source.staged == Source.Staged.REMOVE
    assert "council.example/adopted.pdf" in _public(client, published)
    again = reviewer_client.post(
        reverse("source_delete", args=[published.pk, source.pk]),
        {"version": source.version},
        headers=_headers(branch),
    )
    assert again.status_code == 422
    assert "already removed" in again.content.decode()


def test_editing_a_published_source_stages_an_edited_copy(reviewer_client, published, client):
    source = published.sources.get()
    response = reviewer_client.post(
        reverse("source_edit", args=[published.pk, source.pk]),
        {
            f"source-{source.pk}-url": "https://council.example/amended.pdf",
            f"source-{source.pk}-title": "Amended",
            f"source-{source.pk}-relation": "supports",
            f"source-{source.pk}-kind": "primary",
            f"source-{source.pk}-version": source.version,
        },
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.url == "https://council.example/adopted.pdf"
    assert source.staged == Source.Staged.REMOVE
    copy = published.sources.get(staged=Source.Staged.ADD)
    assert copy.url == "https://council.example/amended.pdf"
    html = _public(client, published)
    assert "adopted.pdf" in html and "amended.pdf" not in html


# The correction that publishes it ----------------------------------------------------------


def _correct(client, claim: Claim, **extra):
    claim.refresh_from_db()
    data = {
        "version": claim.version,
        "rating": rating("Mostly true").pk,
        "rationale": "The amended budget is lower.",
        "confidence": "high",
        "correction_reason": "The council amended the budget.",
        "proposed_statement": claim.statement,
        "proposed_speaker": claim.speaker,
        "proposed_type": claim.type,
        **extra,
    }
    return client.post(reverse("verdict_save", args=[claim.pk]), data)


def test_correction_publishes_wording_and_sources_only_when_another_editor_approves(
    reviewer_client, reviewer, editor_client, editor, published, client
):
    reviewer_client.post(
        reverse("source_add", args=[published.pk]),
        {"url": "https://council.example/amended.pdf", "relation": "supports", "kind": "primary"},
    )
    old_source = published.sources.get(url="https://council.example/adopted.pdf")
    reviewer_client.post(
        reverse("source_delete", args=[published.pk, old_source.pk]),
        {"version": old_source.version},
    )
    response = _correct(
        reviewer_client,
        published,
        proposed_statement="The council approved an amended budget of $4.0 billion.",
        proposed_speaker="the council clerk",
    )
    assert response.status_code == 302
    published.refresh_from_db()
    correction = published.verdicts.latest("created")
    assert correction.proposed_claim == {
        "statement": "The council approved an amended budget of $4.0 billion.",
        "speaker": "the council clerk",
    }
    # Until approval the public page keeps the approved state: wording, rating and sources.
    html = _public(client, published)
    assert "$4.2 billion" in html and "amended budget" not in html
    assert "adopted.pdf" in html and "amended.pdf" not in html
    assert "the mayor" in html

    # The editor who staged a source change may not approve it; another editor may.
    editor_client.post(
        reverse("source_add", args=[published.pk]),
        {"url": "https://council.example/minutes.pdf", "relation": "context", "kind": "secondary"},
    )
    refused = editor_client.post(
        reverse("approve", args=[published.pk]),
        {"version": published.version, "verdict": correction.pk},
    )
    assert refused.status_code == 422
    assert "another editor must approve" in refused.content.decode()
    second = UserFactory(username="erin", role="editor")
    other_editor = type(editor_client)()
    other_editor.force_login(second)
    published.refresh_from_db()
    approved = other_editor.post(
        reverse("approve", args=[published.pk]),
        {"version": published.version, "verdict": correction.pk},
    )
    assert approved.status_code == 302
    published.refresh_from_db()
    assert published.statement == "The council approved an amended budget of $4.0 billion."
    assert published.speaker == "the council clerk"
    assert set(published.sources.values_list("url", "staged")) == {
        ("https://council.example/amended.pdf", ""),
        ("https://council.example/minutes.pdf", ""),
    }
    html = _public(client, published)
    assert "amended budget of $4.0 billion" in html and "Mostly true" in html
    assert "amended.pdf" in html and "adopted.pdf" not in html
    audit = Activity.objects.filter(claim=published, action="verdict.approve").latest("created")
    assert audit.after["statement"].startswith("The council approved an amended")
    assert audit.after["sources removed"] == ["https://council.example/adopted.pdf"]


def test_the_correction_author_cannot_approve_their_own_wording(editor_client, editor, published):
    _correct(editor_client, published, proposed_statement="Reworded by the editor.")
    published.refresh_from_db()
    correction = published.verdicts.latest("created")
    response = editor_client.post(
        reverse("approve", args=[published.pk]),
        {"version": published.version, "verdict": correction.pk},
    )
    assert response.status_code == 422
    published.refresh_from_db()
    assert published.statement != "Reworded by the editor."


# Rejected claims ----------------------------------------------------------------------------


@pytest.mark.parametrize("branch", BRANCHES)
def test_rejected_claim_takes_no_verdict(reviewer_client, branch):
    claim = ClaimFactory(status=ClaimStatus.REJECTED)
    response = reviewer_client.post(
        reverse("verdict_save", args=[claim.pk]),
        {
            "version": claim.version,
            "rating": rating("True").pk,
            "rationale": "Checked.",
            "confidence": "medium",
        },
        headers=_headers(branch),
    )
    assert response.status_code == 422
    assert "takes no verdict" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED
    assert not claim.verdicts.exists()


def test_rejected_claim_takes_no_verdict_through_the_service(reviewer):
    claim = ClaimFactory(status=ClaimStatus.REJECTED)
    with pytest.raises(WriteRefused, match="Restore it"):
        verdict_save(
            claim_id=claim.pk,
            expected_version=claim.version,
            rating=rating("True"),
            rationale="Checked.",
            actor=reviewer,
        )
    assert not Verdict.objects.filter(claim=claim).exists()


def test_rejected_claim_page_says_how_instead_of_offering_the_verdict_form(reviewer_client):
    claim = ClaimFactory(status=ClaimStatus.REJECTED)
    html = reviewer_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "takes no verdict" in html
    assert 'id="verdict-form"' not in html


# Withdrawal ---------------------------------------------------------------------------------


@pytest.mark.parametrize("branch", BRANCHES)
def test_withdrawn_verdict_public_page_answers_410(
    editor_client, editor, published, branch, client
):
    response = editor_client.post(
        reverse("verdict_retract", args=[published.pk]),
        {"version": published.version, "reason": "Court order: defamation claim pending."},
        headers=_headers(branch),
    )
    assert response.status_code in (200, 302)
    verdict = Verdict.objects.get(pk=published.current_verdict_id)
    assert verdict.retracted_at is not None and verdict.retracted_by == editor
    assert verdict.withdrawn_at is None  # superseding is something else
    public = client.get(reverse("public_verdict", args=[published.public_id]))
    assert public.status_code == 410
    assert "withdrawn" in public.content.decode()
    audit = Activity.objects.get(claim=published, action="verdict.retract")
    assert audit.after["reason"] == "Court order: defamation claim pending."


def test_withdrawal_needs_a_reason_and_an_editor(editor_client, reviewer_client, published):
    no_reason = editor_client.post(
        reverse("verdict_retract", args=[published.pk]), {"version": published.version}
    )
    assert no_reason.status_code == 422
    by_reviewer = reviewer_client.post(
        reverse("verdict_retract", args=[published.pk]),
        {"version": published.version, "reason": "Safety."},
    )
    assert by_reviewer.status_code == 403
    assert Verdict.objects.get(pk=published.current_verdict_id).retracted_at is None


def test_export_drops_withdrawn(editor_client, published):
    editor_client.post(
        reverse("verdict_retract", args=[published.pk]),
        {"version": published.version, "reason": "Safety of a named source."},
    )
    response = editor_client.get(reverse("desk_export", args=["csv"]))
    text = b"".join(response.streaming_content).decode()
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["rating"] == "" and row["rationale"] == "" and row["verdict_id"] == ""
    claimreview = editor_client.get(reverse("desk_export", args=["claimreview"]))
    assert json.loads(b"".join(claimreview.streaming_content)) == []
    report = editor_client.get(reverse("desk_report")).content.decode()
    assert "Not yet rated" in report
    assert 'data-testid="published-rating"' not in report


def test_a_new_verdict_after_withdrawal_publishes_again(reviewer, editor_client, published, client):
    editor_client.post(
        reverse("verdict_retract", args=[published.pk]),
        {"version": published.version, "reason": "Legal review."},
    )
    published.refresh_from_db()
    verdict = verdict_save(
        claim_id=published.pk,
        expected_version=published.version,
        rating=rating("Mostly true"),
        rationale="Re-checked after legal review.",
        actor=reviewer,
    )
    assert verdict.supersedes is None  # nothing published to correct
    published.refresh_from_db()
    editor_client.post(
        reverse("approve", args=[published.pk]),
        {"version": published.version, "verdict": verdict.pk},
    )
    assert "Mostly true" in _public(client, published)


# The gate itself ------------------------------------------------------------------------------


def test_the_gate_names_the_mode_for_each_write(reviewer, editor, published):
    draft = ClaimFactory()
    assert ensure_writable(draft, Action.SOURCE_ADD, reviewer) is WriteMode.DIRECT
    assert ensure_writable(published, Action.SOURCE_ADD, reviewer) is WriteMode.STAGED
    assert ensure_writable(published, Action.VERDICT_SAVE, reviewer) is WriteMode.DIRECT
    assert ensure_writable(published, Action.COMMENT_ADD, reviewer) is WriteMode.DIRECT
    with pytest.raises(WriteRefused):
        ensure_writable(published, Action.CLAIM_EDIT, editor)
    with pytest.raises(WriteRefused):
        ensure_writable(published, Action.VERDICT_RETRACT, reviewer)
    with pytest.raises(WriteRefused):
        ensure_writable(draft, Action.VERDICT_RETRACT, editor)
    assert ensure_writable(published, Action.VERDICT_RETRACT, editor) is WriteMode.DIRECT


def test_claim_page_offers_withdrawal_to_editors_only(editor_client, reviewer_client, published):
    url = reverse("claim_detail", args=[published.pk])
    assert "Withdraw the published verdict" in editor_client.get(url).content.decode()
    assert "Withdraw the published verdict" not in reviewer_client.get(url).content.decode()


def test_htmx_source_add_on_a_published_claim_says_it_is_staged(
    reviewer_client, published, htmx_headers
):
    response = reviewer_client.post(
        reverse("source_add", args=[published.pk]),
        {"url": "https://council.example/minutes.pdf", "relation": "context", "kind": "primary"},
        headers=htmx_headers,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "this change is staged" in html
    assert "Added in the pending correction" in html


def test_claim_page_shows_what_a_pending_correction_will_publish(
    reviewer_client, editor_client, published
):
    _correct(reviewer_client, published, proposed_speaker="the council clerk")
    html = editor_client.get(reverse("claim_detail", args=[published.pk])).content.decode()
    assert "<dt>New speaker</dt><dd>the council clerk</dd>" in html
    assert 'data-testid="published-rating">True<' in html
    assert "Draft, awaiting approval" in html
