"""ClaimReview JSON-LD: the builder's output, and the validator on valid and invalid documents."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime
from typing import Any

import pytest
from django.utils import timezone

from claims.models import Rating, Verdict
from claims.reports.claimreview import (
    ExportReport,
    build_claimreview,
    check_claimreview,
    organization,
    publication_problems,
    rating_scale,
    validate_claimreview,
)
from claims.reports.exports import export_chunks, iter_rows
from claims.reports.filters import filter_claims
from tests.factories import ArticleFactory, ClaimFactory, approved_correction, approved_verdict

BASE = "https://factcheck.example.org"

VALID: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example.org/v/5b0e/",
    "claimReviewed": "The council approved a budget of $4.2 billion.",
    "datePublished": "2026-03-04",
    "author": {"@type": "Organization", "name": "Fact-check Desk", "url": BASE},
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": 5,
        "worstRating": 1,
        "bestRating": 5,
        "alternateName": "True",
    },
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "the mayor"},
        "datePublished": "2026-03-02",
        "appearance": {"@type": "CreativeWork", "url": "https://news.example/articles/1"},
    },
}


def _without(path: str) -> dict[str, Any]:
    doc = copy.deepcopy(VALID)
    *parents, leaf = path.split(".")
    target = doc
    for key in parents:
        target = target[key]
    del target[leaf]
    return doc


def _with(path: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(VALID)
    *parents, leaf = path.split(".")
    target = doc
    for key in parents:
        target = target[key]
    target[leaf] = value
    return doc


def test_a_complete_document_is_valid():
    assert validate_claimreview(VALID, base_url=BASE) == []


def test_a_rating_with_only_a_name_is_valid():
    """Google requires alternateName; ratingValue and the bounds are for numeric ratings."""
    doc = _with("reviewRating", {"@type": "Rating", "alternateName": "Unverifiable"})
    assert validate_claimreview(doc) == []


def test_appearance_may_be_a_list_of_urls():
    doc = _with("itemReviewed.appearance", ["https://news.example/a", "https://news.example/b"])
    assert validate_claimreview(doc) == []


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("claimReviewed", "claimReviewed is missing"),
        ("reviewRating", "reviewRating is missing"),
        ("reviewRating.alternateName", "reviewRating.alternateName is missing"),
        ("url", "url is missing"),
        ("author", "author is missing"),
        ("author.name", "author.name is missing"),
        ("datePublished", "datePublished must be an ISO 8601 date"),
        ("itemReviewed", "itemReviewed is missing"),
        ("itemReviewed.author", "itemReviewed.author is missing"),
        ("itemReviewed.datePublished", "itemReviewed.datePublished must be"),
        ("itemReviewed.appearance", "itemReviewed.appearance is missing"),
    ],
)
def test_a_missing_required_field_is_named(path, fragment):
    errors = validate_claimreview(_without(path))
    assert any(fragment in e for e in errors), errors


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        ("@type", "Review", "@type must be ClaimReview"),
        ("@context", "https://example.org", "@context must be https://schema.org"),
        ("claimReviewed", "   ", "claimReviewed is missing"),
        ("url", "/v/5b0e/", "url must be an absolute"),
        ("url", "ftp://factcheck.example.org/v/1/", "url must be an absolute"),
        ("url", "https://elsewhere.example/v/1/", "not on the publisher's domain"),
        ("datePublished", "last Tuesday", "datePublished must be an ISO 8601 date"),
        ("author.@type", "Robot", "author.@type must be Person or Organization"),
        ("itemReviewed.@type", "Thing", "itemReviewed.@type must be Claim"),
        ("itemReviewed.appearance.url", "news.example/1", "appearance.url must be an absolute"),
        ("reviewRating.@type", "Stars", "reviewRating.@type must be Rating"),
        ("reviewRating.ratingValue", 7, "outside worstRating..bestRating"),
        ("reviewRating.ratingValue", 0, "outside worstRating..bestRating"),
        ("reviewRating.ratingValue", "high", "ratingValue must be a number"),
        ("reviewRating.worstRating", 0, "worstRating must be at least 1"),
        ("reviewRating.bestRating", 1, "must be greater than worstRating"),
        ("reviewRating.bestRating", "five", "bestRating must be a number"),
    ],
)
def test_an_invalid_value_is_refused_with_its_reason(path, value, fragment):
    errors = validate_claimreview(_with(path, value), base_url=BASE)
    assert any(fragment in e for e in errors), errors


def test_a_subdomain_of_the_publisher_is_accepted():
    doc = _with("url", "https://www.factcheck.example.org/v/1/")
    assert validate_claimreview(doc, base_url=BASE) == []


def test_a_lookalike_domain_is_refused():
    doc = _with("url", "https://evilfactcheck.example.org/v/1/")
    assert validate_claimreview(doc, base_url=BASE)


def test_rating_value_defaults_to_a_one_to_five_scale():
    doc = _with("reviewRating", {"@type": "Rating", "alternateName": "Odd", "ratingValue": 6})
    assert any("outside" in e for e in validate_claimreview(doc))


def test_not_a_dict_is_refused():
    assert validate_claimreview([VALID]) == ["The document is not a JSON object."]


# Built from the database ------------------------------------------------------------------


def _aware(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 12))


def _doc_for(claim) -> dict[str, Any]:
    row = next(iter_rows(filter_claims({}).filter(pk=claim.pk)))
    return build_claimreview(row, base_url=BASE, scale=rating_scale(), author=organization())


@pytest.mark.django_db
def test_built_document_carries_the_verdict_the_speaker_and_the_article(settings):
    settings.FACTCHECK_ORGANIZATION_NAME = "Example Checks"
    article = ArticleFactory(published=date(2026, 3, 2), outlet="The Daily Example")
    claim = ClaimFactory(article=article, speaker="the mayor")
    verdict = approved_verdict(claim, label="Mostly true")
    doc = _doc_for(claim)
    assert validate_claimreview(doc, base_url=BASE) == []
    assert doc["url"] == f"{BASE}/v/{claim.public_id}/"
    assert doc["claimReviewed"] == claim.statement
    assert doc["author"]["name"] == "Example Checks"
    assert doc["datePublished"] == verdict.approved_at.date().isoformat()
    assert doc["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly true",
        "ratingValue": 4,
        "worstRating": 1,
        "bestRating": 5,
    }
    item = doc["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "the mayor"}
    assert item["datePublished"] == "2026-03-02"
    assert item["appearance"]["url"] == article.url


@pytest.mark.django_db
def test_scale_bounds_come_from_the_active_ratings():
    Rating.objects.filter(label="True").update(retired=True)
    Rating.objects.create(label="Pants on fire", position=9, claimreview_value=1)
    Rating.objects.filter(label="Mostly true").update(claimreview_value=6)
    assert rating_scale() == (1, 6)


@pytest.mark.django_db
def test_unverifiable_has_a_name_and_no_number():
    claim = ClaimFactory()
    approved_verdict(claim, label="Unverifiable")
    doc = _doc_for(claim)
    assert doc["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}
    assert validate_claimreview(doc) == []


@pytest.mark.django_db
def test_without_a_speaker_the_outlet_is_the_claim_author():
    claim = ClaimFactory(speaker="", article=ArticleFactory(outlet="Evening Post"))
    approved_verdict(claim)
    assert _doc_for(claim)["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Evening Post",
    }


@pytest.mark.django_db
def test_a_corrected_verdict_keeps_its_first_publication_date():
    claim = ClaimFactory()
    old = approved_verdict(claim, label="False", approved_at=_aware(2026, 1, 5))
    approved_correction(
        old, label="Mostly false", reason="New data.", approved_at=_aware(2026, 2, 9)
    )
    doc = _doc_for(claim)
    assert doc["datePublished"] == "2026-01-05"
    assert doc["dateModified"] == "2026-02-09"
    assert doc["reviewRating"]["alternateName"] == "Mostly false"


@pytest.mark.django_db
def test_export_lists_only_published_verdicts_and_each_is_valid():
    shown = approved_verdict(ClaimFactory()).claim
    ClaimFactory()  # no verdict
    withdrawn = approved_verdict(ClaimFactory()).claim
    Verdict.objects.filter(pk=withdrawn.current_verdict_id).update(withdrawn_at=timezone.now())
    text = "".join(
        export_chunks("claimreview", claims=filter_claims({}), used_filter={}, base_url=BASE)
    )
    docs = json.loads(text)
    assert [d["url"] for d in docs] == [f"{BASE}/v/{shown.public_id}/"]
    assert all(validate_claimreview(d, base_url=BASE) == [] for d in docs)


@pytest.mark.parametrize(
    "path", ["claimReviewed", "reviewRating", "reviewRating.alternateName", "url"]
)
def test_googles_required_properties_are_errors(path):
    errors, warnings = check_claimreview(_without(path))
    assert errors and not warnings


@pytest.mark.parametrize(
    "path",
    [
        "author",
        "datePublished",
        "itemReviewed",
        "itemReviewed.author",
        "itemReviewed.datePublished",
        "itemReviewed.appearance",
    ],
)
def test_googles_recommended_properties_are_warnings_unless_strict(path, settings):
    errors, warnings = check_claimreview(_without(path))
    assert errors == [] and warnings
    settings.FACTCHECK_CLAIMREVIEW_STRICT = False
    assert publication_problems(_without(path)) == ([], warnings)
    settings.FACTCHECK_CLAIMREVIEW_STRICT = True
    assert publication_problems(_without(path)) == (warnings, [])


def _export(report: ExportReport) -> list[dict[str, Any]]:
    chunks = export_chunks(
        "claimreview", claims=filter_claims({}), used_filter={}, base_url=BASE, report=report
    )
    return json.loads("".join(chunks))


@pytest.mark.django_db
def test_an_article_without_a_url_is_exported_with_a_warning():
    good = approved_verdict(ClaimFactory()).claim
    bare = approved_verdict(ClaimFactory(article=ArticleFactory(url=""))).claim
    report = ExportReport()
    docs = _export(report)
    assert {d["url"] for d in docs} == {
        f"{BASE}/v/{good.public_id}/",
        f"{BASE}/v/{bare.public_id}/",
    }
    assert (report.exported, report.refused_count, report.warned_count) == (2, 0, 1)
    (finding,) = report.warned
    assert finding.claim_id == bare.pk
    assert "itemReviewed.appearance is missing" in str(finding)


@pytest.mark.django_db
def test_strict_mode_refuses_the_article_without_a_url_and_exports_the_rest(settings):
    settings.FACTCHECK_CLAIMREVIEW_STRICT = True
    good = approved_verdict(ClaimFactory()).claim
    bare = approved_verdict(ClaimFactory(article=ArticleFactory(url=""))).claim
    report = ExportReport()
    assert [d["url"] for d in _export(report)] == [f"{BASE}/v/{good.public_id}/"]
    assert [f.claim_id for f in report.refused] == [bare.pk]
    assert report.warned_count == 0


@pytest.mark.django_db
def test_an_invalid_document_is_left_out_with_its_reason_and_the_rest_export():
    good = approved_verdict(ClaimFactory()).claim
    blank = approved_verdict(ClaimFactory(statement="   ")).claim
    report = ExportReport()
    assert [d["url"] for d in _export(report)] == [f"{BASE}/v/{good.public_id}/"]
    assert report.refused_count == 1
    (finding,) = report.refused
    assert finding.claim_id == blank.pk
    assert "claimReviewed is missing" in str(finding)
    assert f"Claim #{blank.pk}" in report.refusal_lines()[1]


@pytest.mark.parametrize(
    "url",
    [
        "https://factcheck.example.org:8443/v/1/",
        "https://editor@factcheck.example.org/v/1/",
        "https://FactCheck.Example.ORG/v/1/",
        "https://factcheck.example.org?x=1",
    ],
)
def test_urls_on_the_publisher_domain_in_other_spellings_are_accepted(url):
    assert validate_claimreview(_with("url", url), base_url=BASE) == []


@pytest.mark.parametrize(
    "url",
    [
        "https:///v/1/",
        "https://factcheck.example.org.evil.example/v/1/",
        "https://evil.example/factcheck.example.org/",
        "https://evil.example#factcheck.example.org",
        "https://factcheck.example.org@evil.example/v/1/",
        "javascript:alert(1)",
    ],
)
def test_urls_off_the_publisher_domain_are_refused(url):
    assert validate_claimreview(_with("url", url), base_url=BASE)


@pytest.mark.django_db
def test_a_long_list_of_refusals_is_cut_short_but_counted(monkeypatch):
    from claims.reports import claimreview

    monkeypatch.setattr(claimreview, "MAX_REASONS", 2)
    for _ in range(5):
        approved_verdict(ClaimFactory(statement=" "))
    report = ExportReport()
    assert _export(report) == []
    assert report.refused_count == 5 and len(report.refused) == 2
    assert report.refusal_lines()[-1] == "  … and 3 more."
