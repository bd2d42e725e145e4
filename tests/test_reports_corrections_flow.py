"""A correction travels from the review workflow into what the desk publishes."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from claims.models import Claim, ClaimStatus
from claims.services.review import verdict_approve, verdict_save
from claims.services.sources import source_add
from tests.factories import ClaimFactory, rating

pytestmark = pytest.mark.django_db


def _claimreview_ratings() -> list[str]:
    out = StringIO()
    call_command(
        "export_verdicts",
        "--format",
        "claimreview",
        "--base-url",
        "https://desk.example",
        stdout=out,
    )
    text = out.getvalue().strip()
    docs = json.loads(text) if text.startswith("[") else [json.loads(x) for x in text.splitlines()]
    return [doc["reviewRating"]["alternateName"] for doc in docs]


def _save_and_approve(claim_id: int, label: str, reviewer, editor, reason: str = "") -> None:
    claim = Claim.objects.get(pk=claim_id)
    verdict = verdict_save(
        claim_id=claim_id,
        expected_version=claim.version,
        rating=rating(label),
        rationale=f"Rated {label} against the adopted budget.",
        actor=reviewer,
        correction_reason=reason,
    )
    claim.refresh_from_db()
    verdict_approve(
        claim_id=claim_id, expected_version=claim.version, verdict_id=verdict.pk, actor=editor
    )


def test_pending_correction_keeps_the_approved_verdict_published(reviewer, editor, client):
    claim = ClaimFactory()
    source_add(
        claim=claim, url="https://council.example/budget.pdf", kind="primary", actor=reviewer
    )
    _save_and_approve(claim.pk, "True", reviewer, editor)
    assert _claimreview_ratings() == ["True"]

    claim.refresh_from_db()
    verdict_save(
        claim_id=claim.pk,
        expected_version=claim.version,
        rating=rating("Mostly true"),
        rationale="The total excludes the capital budget.",
        actor=reviewer,
        correction_reason="The capital budget was left out.",
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.AWAITING_APPROVAL
    # Until an editor approves the correction, readers and search engines keep the old verdict.
    assert _claimreview_ratings() == ["True"]
    public = client.get(f"/v/{claim.public_id}/")
    assert public.status_code == 200
    assert b"True" in public.content


def test_approved_correction_replaces_the_published_verdict(reviewer, editor):
    claim = ClaimFactory()
    source_add(
        claim=claim, url="https://council.example/budget.pdf", kind="primary", actor=reviewer
    )
    _save_and_approve(claim.pk, "True", reviewer, editor)
    _save_and_approve(
        claim.pk, "Mostly true", reviewer, editor, reason="The capital budget was left out."
    )
    assert _claimreview_ratings() == ["Mostly true"]
