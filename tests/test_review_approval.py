"""Approval and sending back: who may, and what the claim needs first."""

from __future__ import annotations

import pytest

from claims.models import Activity, Claim, ClaimStatus, Comment, Source
from claims.services.review import verdict_save
from tests.factories import ClaimFactory, SourceFactory, UserFactory, rating

pytestmark = pytest.mark.django_db


def _awaiting(author, *, label="False", sources=("primary",)) -> tuple[Claim, int]:
    claim = ClaimFactory()
    for kind in sources:
        SourceFactory(claim=claim, kind=kind)
    verdict = verdict_save(
        claim_id=claim.pk,
        expected_version=claim.version,
        rating=rating(label),
        rationale="Reasoned.",
        actor=author,
    )
    claim.refresh_from_db()
    return claim, verdict.pk


def _approve(client, claim: Claim, verdict_id: int, **kwargs):
    return client.post(
        f"/claims/{claim.pk}/approve/",
        {"version": claim.version, "verdict": verdict_id},
        **kwargs,
    )


def test_editor_approves_a_reviewers_verdict(editor_client, editor, reviewer):
    claim, verdict_id = _awaiting(reviewer)
    response = _approve(editor_client, claim, verdict_id)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.current_verdict.approved_by == editor
    assert claim.current_verdict.approved_at is not None
    assert Activity.objects.filter(claim=claim, action="verdict.approve").exists()
    page = editor_client.get(f"/claims/{claim.pk}/").content.decode()
    assert 'data-testid="claim-status">Approved<' in page


def test_htmx_approval_returns_the_workflow_and_the_new_status(
    editor_client, reviewer, htmx_headers
):
    claim, verdict_id = _awaiting(reviewer)
    response = _approve(editor_client, claim, verdict_id, headers=htmx_headers)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="workflow"')
    assert 'data-testid="claim-status">Approved<' in content


def test_reviewer_cannot_approve_own_verdict(reviewer_client, reviewer):
    claim, verdict_id = _awaiting(reviewer)
    assert _approve(reviewer_client, claim, verdict_id).status_code == 403
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.AWAITING_APPROVAL


def test_reviewer_cannot_approve_anyones_verdict(reviewer_client, other_reviewer):
    claim, verdict_id = _awaiting(other_reviewer)
    assert _approve(reviewer_client, claim, verdict_id).status_code == 403


def test_editor_cannot_approve_a_verdict_they_wrote(editor_client, editor, htmx_headers):
    claim, verdict_id = _awaiting(editor)
    for headers in ({}, htmx_headers):
        response = _approve(editor_client, claim, verdict_id, headers=headers)
        assert response.status_code == 422
        assert b"You wrote this verdict" in response.content
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.AWAITING_APPROVAL


def test_approval_needs_at_least_one_source(editor_client, reviewer):
    claim, verdict_id = _awaiting(reviewer, label="Unverifiable", sources=())
    response = _approve(editor_client, claim, verdict_id)
    assert response.status_code == 422
    assert b"Add at least one source" in response.content
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.AWAITING_APPROVAL


def test_approval_needs_a_primary_source_unless_unverifiable(editor_client, reviewer):
    claim, verdict_id = _awaiting(reviewer, label="False", sources=("secondary",))
    response = _approve(editor_client, claim, verdict_id)
    assert response.status_code == 422
    assert b"needs at least one primary source" in response.content
    unverifiable, uv_id = _awaiting(reviewer, label="Unverifiable", sources=("secondary",))
    assert _approve(editor_client, unverifiable, uv_id).status_code == 302
    assert Claim.objects.get(pk=unverifiable.pk).status == ClaimStatus.APPROVED


def test_claim_page_shows_what_approval_still_needs(editor_client, reviewer):
    claim, _ = _awaiting(reviewer, sources=("secondary",))
    content = editor_client.get(f"/claims/{claim.pk}/").content.decode()
    # The reason once, beside an Approve that is disabled and says something is missing.
    assert content.count("needs at least one primary source") == 1
    assert 'id="approve-submit" disabled' in content
    assert "Approve (blocked: 1 thing missing)</button>" in content
    assert ">Send back</button>" in content


def test_reviewer_does_not_see_the_approve_button(reviewer_client, other_reviewer):
    claim, _ = _awaiting(other_reviewer)
    content = reviewer_client.get(f"/claims/{claim.pk}/").content.decode()
    assert ">Approve</button>" not in content
    assert "Awaiting an editor" in content


def test_approving_a_stale_page_is_refused(editor_client, reviewer, other_reviewer):
    claim, verdict_id = _awaiting(reviewer)
    newer = verdict_save(
        claim_id=claim.pk,
        expected_version=claim.version,
        rating=rating("True"),
        rationale="Changed my mind.",
        actor=other_reviewer,
    )
    response = _approve(editor_client, claim, verdict_id)
    assert response.status_code == 409
    assert b"Someone else changed this" in response.content
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.AWAITING_APPROVAL
    assert claim.current_verdict == newer and newer.approved_at is None


def test_editor_sends_back_with_a_note(editor_client, editor, reviewer, htmx_headers):
    claim, _ = _awaiting(reviewer)
    response = editor_client.post(
        f"/claims/{claim.pk}/send-back/", {"version": claim.version, "note": "Cite the PDF."}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW
    assert claim.assignee == reviewer and claim.assigned_at is not None
    assert Comment.objects.get(claim=claim).body == "Cite the PDF."
    activity = Activity.objects.get(claim=claim, action="verdict.send_back")
    assert activity.after["note"] == "Cite the PDF."
    second, _ = _awaiting(reviewer)
    response = editor_client.post(
        f"/claims/{second.pk}/send-back/",
        {"version": second.version, "note": "Again."},
        headers=htmx_headers,
    )
    assert response.status_code == 200
    assert b'id="comment-list" class="comment-list" hx-swap-oob="true"' in response.content


def test_send_back_needs_a_note(editor_client, reviewer, htmx_headers):
    claim, _ = _awaiting(reviewer)
    response = editor_client.post(
        f"/claims/{claim.pk}/send-back/",
        {"version": claim.version, "note": ""},
        headers=htmx_headers,
    )
    assert response.status_code == 422
    assert b"the note is required" in response.content
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.AWAITING_APPROVAL


def test_reviewer_cannot_send_back(reviewer_client, other_reviewer):
    claim, _ = _awaiting(other_reviewer)
    response = reviewer_client.post(
        f"/claims/{claim.pk}/send-back/", {"version": claim.version, "note": "no"}
    )
    assert response.status_code == 403


def test_anonymous_and_outsider_cannot_approve(client, outsider_client, reviewer):
    claim, verdict_id = _awaiting(reviewer)
    assert _approve(outsider_client, claim, verdict_id).status_code == 403
    assert _approve(client, claim, verdict_id).status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.AWAITING_APPROVAL


def test_editor_assigns_and_reassigns(editor_client, reviewer, other_reviewer, htmx_headers):
    claim = ClaimFactory()
    response = editor_client.post(
        f"/claims/{claim.pk}/assign/", {"version": claim.version, "assignee": reviewer.pk}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.assignee == reviewer and claim.status == ClaimStatus.IN_REVIEW
    response = editor_client.post(
        f"/claims/{claim.pk}/assign/",
        {"version": claim.version, "assignee": other_reviewer.pk},
        headers=htmx_headers,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.assignee == other_reviewer
    activity = Activity.objects.filter(claim=claim, action="claim.assign").first()
    assert activity.before == {"assignee": "rita"} and activity.after == {"assignee": "rob"}


def test_assigning_on_a_stale_page_is_refused(editor_client, reviewer):
    claim = ClaimFactory(version=3)
    response = editor_client.post(
        f"/claims/{claim.pk}/assign/", {"version": 2, "assignee": reviewer.pk}
    )
    assert response.status_code == 409
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_reviewer_cannot_assign(reviewer_client, other_reviewer):
    claim = ClaimFactory()
    response = reviewer_client.post(
        f"/claims/{claim.pk}/assign/", {"version": claim.version, "assignee": other_reviewer.pk}
    )
    assert response.status_code == 403


def test_outsiders_cannot_be_assigned(editor_client):
    claim = ClaimFactory()
    nobody = UserFactory(username="norole")
    response = editor_client.post(
        f"/claims/{claim.pk}/assign/", {"version": claim.version, "assignee": nobody.pk}
    )
    assert response.status_code == 422
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_removed_primary_source_blocks_a_later_approval(editor_client, reviewer):
    claim, verdict_id = _awaiting(reviewer)
    Source.objects.filter(claim=claim).delete()
    assert _approve(editor_client, claim, verdict_id).status_code == 422
