"""What leaves the desk: verdicts keep the scale they were published under, editors see the
public page's ClaimReview before publishing, the public page is branded and shows no internal
names, and the demo desk can publish ClaimReview as loaded."""

from __future__ import annotations

import importlib
import io
import json
import re
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from claims.models import Article, Claim, Rating, Verdict
from claims.reports.claimreview import ExportReport, validate_claimreview
from claims.reports.exports import export_chunks
from claims.reports.filters import filter_claims
from claims.services import rating_set_retired, verdict_approve, verdict_save
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, approved_verdict, rating

pytestmark = pytest.mark.django_db

BASE = "https://checks.example.org"


def _publish(claim: Claim, label: str, *, reviewer, editor) -> Verdict:
    """Through the desk's own workflow: a source, a verdict, an editor's approval."""
    SourceFactory(claim=claim, kind="primary")
    claim.refresh_from_db()
    verdict = verdict_save(
        claim_id=claim.pk,
        expected_version=claim.version,
        rating=rating(label),
        rationale="Checked against the record.",
        actor=reviewer,
    )
    claim.refresh_from_db()
    return verdict_approve(
        claim_id=claim.pk, expected_version=claim.version, verdict_id=verdict.pk, actor=editor
    )


def _claimreview(report: ExportReport | None = None) -> list[dict]:
    chunks = export_chunks(
        "claimreview", claims=filter_claims({}), used_filter={}, base_url=BASE, report=report
    )
    return json.loads("".join(chunks))


# The scale a verdict was published under ----------------------------------------------------


def test_approval_records_the_rating_and_scale_it_was_published_under(reviewer, editor):
    verdict = _publish(ClaimFactory(), "Mostly true", reviewer=reviewer, editor=editor)
    assert (
        verdict.published_label,
        verdict.published_value,
        verdict.published_worst,
        verdict.published_best,
    ) == ("Mostly true", 4, 1, 5)


def test_a_retired_ratings_verdicts_still_export(reviewer, editor):
    claim = ClaimFactory()
    _publish(claim, "True", reviewer=reviewer, editor=editor)
    rating_set_retired(rating_id=rating("True").pk, retired=True, actor=editor)
    report = ExportReport()
    (doc,) = _claimreview(report)
    assert report.refused_count == 0
    assert doc["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "True",
        "ratingValue": 5,
        "worstRating": 1,
        "bestRating": 5,
    }
    assert validate_claimreview(doc, base_url=BASE) == []
    public = Client().get(reverse("public_verdict", args=[claim.public_id])).content.decode()
    assert "application/ld+json" in public


def test_renaming_or_revaluing_a_rating_leaves_published_reviews_as_they_were(reviewer, editor):
    _publish(ClaimFactory(), "False", reviewer=reviewer, editor=editor)
    Rating.objects.filter(label="False").update(label="Wrong", claimreview_value=3)
    (doc,) = _claimreview()
    assert doc["reviewRating"]["alternateName"] == "False"
    assert doc["reviewRating"]["ratingValue"] == 1


def test_the_migration_backfills_approved_verdicts_with_the_whole_scale(editor):
    old = approved_verdict(ClaimFactory(), label="True", approver=editor)
    unverifiable = approved_verdict(ClaimFactory(), label="Unverifiable", approver=editor)
    Verdict.objects.update(
        published_label="", published_value=None, published_worst=None, published_best=None
    )
    Rating.objects.filter(label="True").update(retired=True)
    migration = importlib.import_module("claims.migrations.0008_verdict_rating_scale")
    migration.backfill(apps, None)
    old.refresh_from_db()
    unverifiable.refresh_from_db()
    assert (old.published_label, old.published_value, old.published_worst) == ("True", 5, 1)
    assert old.published_best == 5
    assert unverifiable.published_label == "Unverifiable"
    assert unverifiable.published_value is None and unverifiable.published_best is None
    assert _claimreview(ExportReport())[0]["reviewRating"]["ratingValue"] == 5


# The claim page's preview of the public page ----------------------------------------------


def _panel(html: str) -> str:
    match = re.search(r'<section id="publication".*?</section>', html, re.S)
    assert match, "no public page panel"
    return match.group(0)


def _preview_panel(client, claim) -> str:
    """The panel as an editor gets it: the claim page carries a placeholder that loads it
    (htmx) and links to it (no JavaScript); the preview itself is its own request."""
    url = reverse("claim_publication", args=[claim.pk])
    placeholder = _panel(client.get(reverse("claim_detail", args=[claim.pk])).content.decode())
    assert f'hx-get="{url}"' in placeholder and f'href="{url}"' in placeholder
    assert "claimreview-preview" not in placeholder
    return _panel(client.get(url, headers={"HX-Request": "true"}).content.decode())


def _preview(html: str) -> dict:
    text = re.search(r'data-testid="claimreview-preview"[^>]*>(.*?)</pre>', html, re.S).group(1)
    return json.loads(text.replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&"))


def test_editor_sees_the_claimreview_an_approval_would_publish(editor_client, reviewer):
    claim = ClaimFactory(speaker="the mayor")
    SourceFactory(claim=claim)
    verdict_save(
        claim_id=claim.pk,
        expected_version=1,
        rating=rating("False"),
        rationale="No.",
        actor=reviewer,
    )
    panel = _preview_panel(editor_client, claim)
    assert "Not published yet" in panel
    assert f'href="{reverse("public_verdict", args=[claim.public_id])}"' not in panel
    doc = _preview(panel)
    assert doc["reviewRating"]["alternateName"] == "False"
    assert doc["itemReviewed"]["author"] == {"@type": "Person", "name": "the mayor"}


def test_editor_sees_the_published_claimreview_and_a_link_to_the_public_page(editor_client, editor):
    claim = approved_verdict(ClaimFactory(), label="Mostly false", approver=editor).claim
    panel = _preview_panel(editor_client, claim)
    public = reverse("public_verdict", args=[claim.public_id])
    assert f'href="{public}"' in panel
    assert _preview(panel)["url"] == f"http://testserver{public}"
    assert "recommends" not in panel


def test_editor_is_warned_before_publishing_a_claim_whose_article_has_no_url(
    editor_client, reviewer
):
    claim = ClaimFactory(article=ArticleFactory(url=""))
    SourceFactory(claim=claim)
    verdict_save(
        claim_id=claim.pk,
        expected_version=1,
        rating=rating("True"),
        rationale="Yes.",
        actor=reviewer,
    )
    panel = _preview_panel(editor_client, claim)
    assert "Google recommends" in panel
    assert "itemReviewed.appearance is missing" in panel


def test_the_preview_of_a_corrected_claim_keeps_its_first_publication_date(
    editor_client, reviewer, editor
):
    # The page reads the corrections only when one of the claim's verdicts supersedes another;
    # here two do: an approved correction and a second one awaiting approval.
    claim = ClaimFactory()
    first = _publish(claim, "True", reviewer=reviewer, editor=editor)
    Verdict.objects.filter(pk=first.pk).update(approved_at="2024-01-05T09:00:00Z")
    for label in ("Mostly true", "Half true"):
        claim.refresh_from_db()
        correction = verdict_save(
            claim_id=claim.pk,
            expected_version=claim.version,
            rating=rating(label),
            rationale="The capital budget was left out.",
            correction_reason="The capital budget was left out.",
            actor=reviewer,
        )
        if label == "Mostly true":
            claim.refresh_from_db()
            verdict_approve(
                claim_id=claim.pk,
                expected_version=claim.version,
                verdict_id=correction.pk,
                actor=editor,
            )
    panel = _preview_panel(editor_client, claim)
    doc = _preview(panel)
    assert doc["reviewRating"]["alternateName"] == "Half true"
    assert doc["datePublished"] == "2024-01-05"


def test_reviewers_do_not_get_the_public_page_panel(reviewer_client, editor):
    claim = approved_verdict(ClaimFactory(), approver=editor).claim
    html = reviewer_client.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert 'id="publication"' not in html


def test_a_claim_without_a_verdict_has_nothing_to_preview(editor_client):
    claim = ClaimFactory()
    panel = _preview_panel(editor_client, claim)
    assert "nothing to publish" in panel and "claimreview-preview" not in panel


@pytest.mark.parametrize("htmx", [True, False])
def test_approving_brings_the_public_page_link_into_the_panel(
    editor_client, reviewer, htmx, htmx_headers
):
    claim = ClaimFactory()
    SourceFactory(claim=claim)
    verdict = verdict_save(
        claim_id=claim.pk,
        expected_version=1,
        rating=rating("True"),
        rationale="Yes.",
        actor=reviewer,
    )
    claim.refresh_from_db()
    response = editor_client.post(
        reverse("approve", args=[claim.pk]),
        {"version": claim.version, "verdict": verdict.pk},
        headers=htmx_headers if htmx else {},
        follow=not htmx,
    )
    assert response.status_code == 200
    # Either answer carries a placeholder that loads the panel on its own request (out of
    # band for htmx, the redirected page for a plain form), so approving does not build the
    # ClaimReview.
    panel = _panel(response.content.decode())
    url = reverse("claim_publication", args=[claim.pk])
    assert f'hx-get="{url}"' in panel and ('hx-swap-oob="true"' in panel) == htmx
    panel = editor_client.get(url, headers=htmx_headers).content.decode()
    assert f'href="{reverse("public_verdict", args=[claim.public_id])}"' in panel


def test_without_javascript_the_preview_opens_as_a_page(editor_client, editor):
    claim = approved_verdict(ClaimFactory(speaker="the mayor"), approver=editor).claim
    response = editor_client.get(reverse("claim_publication", args=[claim.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Public page of claim" in html and "<body" in html
    assert _preview(_panel(html))["claimReviewed"] == claim.statement
    assert f'href="{reverse("claim_detail", args=[claim.pk])}"' in html


def test_reviewers_cannot_open_the_preview(reviewer_client, editor):
    claim = approved_verdict(ClaimFactory(), approver=editor).claim
    response = reviewer_client.get(reverse("claim_publication", args=[claim.pk]))
    assert response.status_code == 403


# The public page ----------------------------------------------------------------------------


def test_public_page_is_branded_and_names_the_speaker_and_the_claims_date(editor, settings):
    settings.FACTCHECK_ORGANIZATION_NAME = "Harbour City Checks"
    settings.FACTCHECK_ORGANIZATION_URL = "https://harbour.example/"
    article = ArticleFactory(published=date(2026, 3, 2), outlet="Evening Post")
    claim = approved_verdict(ClaimFactory(article=article, speaker="the mayor"), approver=editor)
    html = Client().get(reverse("public_verdict", args=[claim.claim.public_id])).content.decode()
    assert "<title>" in html and "· Harbour City Checks</title>" in html
    assert '<a class="brand" href="https://harbour.example/">Harbour City Checks</a>' in html
    assert "Fact-check workbench" not in html
    assert '<strong class="claim-speaker">the mayor</strong>' in html
    assert '<span class="claim-date"><time class="date" datetime="2026-03-02"' in html
    assert ">2 Mar 2026</time></span>" in html
    assert editor.username not in html


def test_public_page_without_a_speaker_names_the_outlet_and_the_day_the_claim_came_in(editor):
    article = ArticleFactory(outlet="Evening Post", published=None)
    claim = approved_verdict(ClaimFactory(article=article, speaker=""), approver=editor).claim
    html = Client().get(reverse("public_verdict", args=[claim.public_id])).content.decode()
    assert "Claim made by Evening Post" in html
    assert f'datetime="{article.created.date().isoformat()}"' in html


# The demo desk --------------------------------------------------------------------------


@pytest.fixture
def demo(tmp_path, monkeypatch):
    from claims.management.commands import load_demo

    monkeypatch.setattr(load_demo, "PASSWORD_FILE", tmp_path / ".demo-passwords")
    call_command("load_demo", stdout=io.StringIO())
    return Article.objects.get()


def test_demo_article_carries_what_claimreview_needs_and_no_internal_names(demo):
    assert demo.url.startswith("https://")
    assert demo.outlet == "The Demo Gazette"
    assert demo.published is not None
    assert "shared" not in demo.outlet and "eval" not in demo.outlet


def test_the_demo_desk_publishes_and_exports_claimreview(demo, reviewer, editor, settings):
    settings.FACTCHECK_PUBLIC_BASE_URL = BASE
    claim = demo.claims.filter(speaker__icontains="Jean-Pierre").first()
    _publish(claim, "Mostly true", reviewer=reviewer, editor=editor)
    out, err = io.StringIO(), io.StringIO()
    call_command("export_verdicts", "--format", "claimreview", stdout=out, stderr=err)
    (doc,) = json.loads(out.getvalue())
    assert validate_claimreview(doc, base_url=BASE) == []
    assert doc["itemReviewed"]["appearance"]["url"] == demo.url
    assert err.getvalue() == ""
    public = Client().get(reverse("public_verdict", args=[claim.public_id])).content.decode()
    assert "application/ld+json" in public and "The Demo Gazette" in public
    assert "Seed article" not in public and "shared/eval" not in public


def test_the_demo_desk_exports_with_warnings_for_missing_recommended_properties(
    demo, reviewer, editor, settings
):
    settings.FACTCHECK_PUBLIC_BASE_URL = BASE
    claim = demo.claims.filter(speaker__icontains="Jean-Pierre").first()
    _publish(claim, "Mostly true", reviewer=reviewer, editor=editor)
    Article.objects.filter(pk=demo.pk).update(url="")
    out, err = io.StringIO(), io.StringIO()
    call_command("export_verdicts", "--format", "claimreview", stdout=out, stderr=err)
    assert len(json.loads(out.getvalue())) == 1
    assert "Warning" in err.getvalue() and "itemReviewed.appearance is missing" in err.getvalue()


def test_load_demo_gives_an_older_demo_article_its_public_details(demo):
    Article.objects.filter(pk=demo.pk).update(outlet="Seed article (shared/eval)", url="")
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    demo.refresh_from_db()
    assert demo.outlet == "The Demo Gazette" and demo.url
    assert "updated its details" in out.getvalue()
    assert demo.activities.filter(action="article.edit").exists()


def test_another_seed_text_gets_a_title_and_url_of_its_own(tmp_path, monkeypatch):
    from claims.management.commands import load_demo

    monkeypatch.setattr(load_demo, "PASSWORD_FILE", tmp_path / ".demo-passwords")
    seed = tmp_path / "harbour_report.txt"
    seed.write_text("The harbour authority said cargo rose 8 percent in 2025.\n", "utf-8")
    call_command("load_demo", seed=seed, stdout=io.StringIO())
    article = Article.objects.get()
    assert article.title == "Harbour report"
    assert article.url == "https://news.example/demo/harbour_report"
    assert article.outlet == "The Demo Gazette"
