"""Published or not, at a glance: one notion of the verdict in force and of a draft, the same
label and colour on every page, and both in every export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimStatus, Verdict, VerdictState, drafts_by_claim
from claims.services.audit import claim_update
from claims.services.review import verdict_save, verdict_send_back
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, approved_verdict, rating

pytestmark = pytest.mark.django_db


def _draft(claim: Claim, label: str, author) -> Verdict:
    claim.refresh_from_db()
    return verdict_save(
        claim_id=claim.pk,
        expected_version=claim.version,
        rating=rating(label),
        rationale="Working on it.",
        actor=author,
    )


@pytest.fixture
def drafts(reviewer, editor):
    """One article: a sent-back "Mostly true", an awaiting "Unverifiable", a published
    "False" whose correction to "True" awaits approval."""
    article = ArticleFactory(title="Drafts and published")
    body = article.body
    sentences = [0, body.index("Spending"), body.index("Critics")]
    ends = [body.index(".", s) + 1 for s in sentences]
    sent_back, awaiting, corrected = (
        ClaimFactory(article=article, start=s, end=e) for s, e in zip(sentences, ends, strict=True)
    )
    _draft(sent_back, "Mostly true", reviewer)
    sent_back.refresh_from_db()
    verdict_send_back(
        claim_id=sent_back.pk, expected_version=sent_back.version, note="More.", actor=editor
    )
    _draft(awaiting, "Unverifiable", reviewer)
    SourceFactory(claim=corrected)
    approved_verdict(corrected, label="False", approver=editor)
    corrected.refresh_from_db()
    verdict_save(
        claim_id=corrected.pk,
        expected_version=corrected.version,
        rating=rating("True"),
        rationale="Re-read the table.",
        correction_reason="Misread.",
        actor=reviewer,
    )
    for claim in (sent_back, awaiting, corrected):
        claim.refresh_from_db()
    return {
        "article": article,
        "sent_back": sent_back,
        "awaiting": awaiting,
        "corrected": corrected,
    }


def test_one_definition_of_published_and_open(drafts):
    published = Claim.objects.published()
    assert list(published) == [drafts["corrected"]]
    assert set(Claim.objects.open()) == {drafts["sent_back"]}
    assert list(Verdict.objects.in_force()) == [drafts["corrected"].current_verdict]
    found = drafts_by_claim([c.pk for c in Claim.objects.all()])
    assert found[drafts["sent_back"].pk].rating.label == "Mostly true"
    assert found[drafts["awaiting"].pk].rating.label == "Unverifiable"
    assert found[drafts["corrected"].pk].rating.label == "True"
    assert drafts["sent_back"].draft_state() is VerdictState.SENT_BACK
    assert drafts["awaiting"].draft_state() is VerdictState.AWAITING
    assert not drafts["awaiting"].is_published and drafts["corrected"].is_published


def test_article_report_labels_drafts_and_agrees_with_its_scorecard(reviewer_client, drafts):
    html = reviewer_client.get(reverse("article_report", args=[drafts["article"].pk]))
    html = html.content.decode()
    assert "Verdict:</span> <strong" in html  # the one published verdict
    assert "Mostly true · Draft, sent back" in html
    assert "Unverifiable · Draft, awaiting approval" in html
    assert "True · Draft, awaiting approval" in html  # the correction
    for label in ("Mostly true", "Unverifiable"):
        assert f'rating-badge rating-vnone">{label}<' not in html
        assert f'">{label}</strong>' not in html
    # Display labels, never the value with its underscore cut out.
    assert "Inreview" not in html and "Awaitingapproval" not in html
    assert ">In review<" in html and ">Awaiting approval<" in html
    # The scorecard counts the two drafts as not yet rated and the published one as False.
    assert "Not yet rated" in html


def test_desk_report_verdict_column_labels_drafts(reviewer_client, drafts):
    html = reviewer_client.get(reverse("desk_report")).content.decode()
    assert html.count('data-testid="draft-rating"') == 3
    assert html.count('data-testid="published-rating"') == 1
    assert "Mostly true · Draft, sent back" in html


def test_workspace_labels_drafts_and_colours_only_the_published(reviewer_client, drafts):
    html = reviewer_client.get(reverse("article_detail", args=[drafts["article"].pk]))
    html = html.content.decode()
    assert "Mostly true · Draft, sent back" in html
    assert "Unverifiable · Draft, awaiting approval" in html
    assert "verdict-mostly-true" not in html and "verdict-unverifiable" not in html
    assert "verdict-false" in html  # the published rating colours its highlight
    assert html.count('class="hl status-') == 3


def test_claim_page_labels_the_draft(reviewer_client, drafts):
    html = reviewer_client.get(reverse("claim_detail", args=[drafts["sent_back"].pk]))
    html = html.content.decode()
    assert 'data-testid="draft-state">Draft, sent back<' in html
    assert 'data-testid="published-rating"' not in html


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_exports_carry_the_published_rating_and_the_draft_with_its_status(
    reviewer_client, drafts, fmt
):
    response = reviewer_client.get(reverse("desk_export", args=[fmt]))
    text = b"".join(response.streaming_content).decode()
    if fmt == "csv":
        rows = {int(r["claim_id"]): r for r in csv.DictReader(io.StringIO(text))}
        blank = ""
    else:
        rows = {r["claim_id"]: r for r in json.loads(text)["claims"]}
        blank = None
    sent_back = rows[drafts["sent_back"].pk]
    assert (sent_back["rating"], sent_back["draft_rating"], sent_back["draft_status"]) == (
        blank,
        "Mostly true",
        "sent_back",
    )
    awaiting = rows[drafts["awaiting"].pk]
    assert (awaiting["rating"], awaiting["draft_rating"], awaiting["draft_status"]) == (
        blank,
        "Unverifiable",
        "awaiting",
    )
    assert awaiting["rationale"] in (blank, "")
    corrected = rows[drafts["corrected"].pk]
    assert (corrected["rating"], corrected["draft_rating"], corrected["draft_status"]) == (
        "False",
        "True",
        "awaiting",
    )


def test_every_versioned_write_stamps_updated(reviewer):
    claim = ClaimFactory()
    past = timezone.now() - timezone.timedelta(days=3)
    Claim.objects.filter(pk=claim.pk).update(updated=past)
    claim_update(
        claim_id=claim.pk,
        expected_version=claim.version,
        changes={"speaker": "the treasurer"},
        actor=reviewer,
    )
    claim.refresh_from_db()
    assert claim.updated > past and claim.version == 2
    assert claim.status == ClaimStatus.NEW
