"""Verdicts: saving, corrections of approved verdicts, sanitised rationales, conflicts."""

from __future__ import annotations

import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from claims.markdown import render_markdown
from claims.models import Activity, Claim, ClaimStatus, Verdict
from claims.services.audit import StaleVersion
from claims.services.review import verdict_approve, verdict_save
from tests.concurrency import run_in_threads
from tests.factories import ClaimFactory, SourceFactory, UserFactory, rating


def _form(claim: Claim, **extra) -> dict[str, str]:
    return {
        "rating": str(rating("False").pk),
        "rationale": "The budget was **$3.1 billion**, not $4.2 billion.",
        "confidence": "high",
        "version": str(claim.version),
        **extra,
    }


@pytest.mark.django_db
def test_saving_a_verdict_moves_the_claim_to_awaiting_approval(reviewer_client, reviewer):
    claim = ClaimFactory()
    response = reviewer_client.post(f"/claims/{claim.pk}/verdict/", _form(claim))
    assert response.status_code == 302
    assert response["Location"] == f"/claims/{claim.pk}/#verdict"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.AWAITING_APPROVAL
    assert claim.current_verdict.rating.label == "False"
    assert claim.current_verdict.reviewer == reviewer
    assert claim.current_verdict.confidence == "high"
    assert claim.version == 2
    activity = Activity.objects.get(claim=claim, action="verdict.save")
    assert activity.before == {"status": "new"}
    assert activity.after["status"] == "awaiting_approval"


@pytest.mark.django_db
def test_htmx_verdict_save_returns_the_workflow_region_and_status(reviewer_client, htmx_headers):
    claim = ClaimFactory()
    response = reviewer_client.post(
        f"/claims/{claim.pk}/verdict/", _form(claim), headers=htmx_headers
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="workflow"')
    assert 'id="claim-status" class="claim-status" hx-swap-oob="true"' in content
    assert "Awaiting approval" in content


@pytest.mark.django_db
def test_verdict_needs_a_rating_and_a_rationale(reviewer_client, htmx_headers):
    claim = ClaimFactory()
    response = reviewer_client.post(
        f"/claims/{claim.pk}/verdict/",
        _form(claim, rating="", rationale="   "),
        headers=htmx_headers,
    )
    assert response.status_code == 422
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEW
    assert not Verdict.objects.exists()


@pytest.mark.django_db
def test_retired_ratings_cannot_be_chosen(reviewer_client):
    claim = ClaimFactory()
    retired = rating("Misleading")
    retired.retired = True
    retired.save()
    response = reviewer_client.post(
        f"/claims/{claim.pk}/verdict/", _form(claim, rating=str(retired.pk))
    )
    assert response.status_code == 422
    assert b"Choose a rating from the scale." in response.content
    assert not Verdict.objects.exists()


@pytest.mark.django_db
def test_stale_verdict_is_refused_with_theirs_beside_mine(
    reviewer_client, other_reviewer, htmx_headers
):
    claim = ClaimFactory()
    loaded = _form(claim, rationale="My careful reasoning.")
    verdict_save(
        claim_id=claim.pk,
        expected_version=claim.version,
        rating=rating("True"),
        rationale="Their reasoning.",
        actor=other_reviewer,
    )
    for headers in ({}, htmx_headers):
        response = reviewer_client.post(f"/claims/{claim.pk}/verdict/", loaded, headers=headers)
        assert response.status_code == 409
        content = response.content.decode()
        assert "Their version" in content and "Their reasoning." in content
        assert "My careful reasoning." in content
    assert Verdict.objects.count() == 1
    assert Claim.objects.get(pk=claim.pk).current_verdict.rationale == "Their reasoning."


@pytest.mark.django_db
def test_rationale_markdown_is_rendered_and_sanitised(reviewer_client):
    claim = ClaimFactory()
    rationale = (
        "See **the report** at [the office](https://stats.example.gov/). "
        '<script>alert("x")</script><img src="https://tracker.example/p.gif">'
        "[bad](javascript:alert(1))"
    )
    reviewer_client.post(f"/claims/{claim.pk}/verdict/", _form(claim, rationale=rationale))
    content = reviewer_client.get(f"/claims/{claim.pk}/").content.decode()
    shown = re.search(r'<div class="rationale">(.*?)</div>', content, re.S).group(1)
    assert "<strong>the report</strong>" in shown
    assert '<a href="https://stats.example.gov/" rel="noopener nofollow">the office</a>' in shown
    assert "<script" not in shown
    assert "<img" not in shown and "tracker.example" not in shown
    assert "javascript:" not in shown


def test_markdown_renderer_allows_only_the_safe_set():
    html = render_markdown(
        "# Title\n\n| a |\n|---|\n| b |\n\n<iframe src=x></iframe>![i](https://x/y.png)"
    )
    assert "<table>" in html
    assert "<iframe" not in html and "<img" not in html


@pytest.mark.django_db
def test_changing_an_approved_verdict_records_a_correction(reviewer, other_reviewer, editor):
    claim = ClaimFactory()
    SourceFactory(claim=claim)
    first = verdict_save(
        claim_id=claim.pk,
        expected_version=1,
        rating=rating("True"),
        rationale="Matches the budget.",
        actor=reviewer,
    )
    verdict_approve(claim_id=claim.pk, expected_version=2, verdict_id=first.pk, actor=editor)
    with pytest.raises(ValidationError) as excinfo:
        verdict_save(
            claim_id=claim.pk,
            expected_version=3,
            rating=rating("Mostly true"),
            rationale="A later revision lowered the total.",
            actor=other_reviewer,
        )
    assert "correction_reason" in excinfo.value.message_dict
    correction = verdict_save(
        claim_id=claim.pk,
        expected_version=3,
        rating=rating("Mostly true"),
        rationale="A later revision lowered the total.",
        correction_reason="The council revised the budget in May.",
        actor=other_reviewer,
    )
    claim.refresh_from_db()
    first.refresh_from_db()
    # Until the correction is approved, the approved verdict stays the one in force.
    assert correction.supersedes == first
    assert claim.current_verdict == first
    assert claim.status == ClaimStatus.AWAITING_APPROVAL
    assert first.withdrawn_at is None
    verdict_approve(claim_id=claim.pk, expected_version=4, verdict_id=correction.pk, actor=editor)
    claim.refresh_from_db()
    first.refresh_from_db()
    assert claim.current_verdict == correction
    assert claim.status == ClaimStatus.APPROVED
    assert first.withdrawn_at is not None
    assert Verdict.objects.filter(claim=claim).count() == 2
    assert Activity.objects.filter(claim=claim, action="verdict.correct").exists()


@pytest.mark.django_db
def test_correction_form_asks_for_a_reason_on_an_approved_claim(reviewer_client, reviewer, editor):
    claim = ClaimFactory()
    SourceFactory(claim=claim)
    first = verdict_save(
        claim_id=claim.pk,
        expected_version=1,
        rating=rating("True"),
        rationale="ok",
        actor=editor,
    )
    other_editor = UserFactory(username="eve", role="editor")
    verdict_approve(claim_id=claim.pk, expected_version=2, verdict_id=first.pk, actor=other_editor)
    page = reviewer_client.get(f"/claims/{claim.pk}/").content.decode()
    assert "Correct the approved verdict" in page
    assert "Reason for the correction" in page
    response = reviewer_client.post(
        f"/claims/{claim.pk}/verdict/",
        _form(Claim.objects.get(pk=claim.pk), correction_reason=""),
    )
    assert response.status_code == 422
    assert b"say why it is being corrected" in response.content


@pytest.mark.django_db
def test_outsider_and_anonymous_cannot_save_verdicts(outsider_client, client):
    claim = ClaimFactory()
    assert outsider_client.post(f"/claims/{claim.pk}/verdict/", _form(claim)).status_code == 403
    response = client.post(f"/claims/{claim.pk}/verdict/", _form(claim))
    assert response.status_code == 302
    assert not Verdict.objects.exists()


@pytest.mark.django_db
def test_editor_can_write_a_verdict(editor_client):
    claim = ClaimFactory()
    assert editor_client.post(f"/claims/{claim.pk}/verdict/", _form(claim)).status_code == 302
    assert Verdict.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_verdict_saves_at_one_version_leave_one_saved():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers with real row locks need PostgreSQL.")
    claim = ClaimFactory()
    users = [UserFactory(username=f"writer{i}", role="reviewer") for i in range(20)]
    true = rating("True")
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(20)

    def work(user) -> None:
        try:
            barrier.wait(timeout=60)
            try:
                verdict_save(
                    claim_id=claim.pk,
                    expected_version=1,
                    rating=true,
                    rationale=f"Written by {user.username}",
                    actor=user,
                )
                outcome = "saved"
            except StaleVersion:
                outcome = "refused"
            with lock:
                outcomes.append(outcome)
        finally:
            connection.close()

    run_in_threads(work, users)
    assert sorted(outcomes) == ["refused"] * 19 + ["saved"]
    assert Verdict.objects.filter(claim=claim).count() == 1
    claim.refresh_from_db()
    assert claim.version == 2
    assert claim.current_verdict is not None
