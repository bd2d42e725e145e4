"""The report pages, their downloads and the public verdict page: content and access rules."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimStatus, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    SourceFactory,
    VerdictFactory,
    approved_correction,
    approved_verdict,
    rating,
)

pytestmark = pytest.mark.django_db


def _aware(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 12))


@pytest.fixture
def article(editor):
    article = ArticleFactory(title="Budget story", outlet="The Daily Example")
    body = article.body
    first = ClaimFactory(article=article, speaker="the mayor")
    SourceFactory(claim=first, title="Adopted budget 2026", kind="primary")
    SourceFactory(claim=first, title="Council blog", kind="secondary", relation="context")
    old = approved_verdict(first, label="False", approver=editor)
    approved_correction(old, label="True", reason="We misread the budget table.", approver=editor)
    start = body.index("Spending")
    ClaimFactory(article=article, start=start, end=body.index(".", start) + 1, speaker="")
    return article


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


# Article report ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer_client", "editor_client"])
def test_article_report_shows_claims_verdicts_sources_and_corrections(request, who, article):
    client = request.getfixturevalue(who)
    response = client.get(reverse("article_report", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Budget story" in html and "The Daily Example" in html
    assert "Adopted budget 2026" in html and "Primary" in html and "Secondary" in html
    assert "rating changed from “False” to “True”" in html
    assert "We misread the budget table." in html
    assert "No published verdict." in html
    # Reading order: the first sentence's claim comes before the second's.
    assert html.index("The city council approved") < html.index("Spending on schools")


def test_article_report_chart_is_inline_svg_without_style_attributes(reviewer_client, article):
    html = reviewer_client.get(reverse("article_report", args=[article.pk])).content.decode()
    start = html.index('<ul class="scorecard-chart"')
    chart = html[start : html.index("</ul>", start)]
    widths = dict(
        re.findall(r'class="bar-label">([^<]+)</span>\s*<svg[^>]*><rect[^>]*width="(\d+)"', chart)
    )
    assert int(widths["True"]) > 0 and widths["False"] == "0"
    assert int(widths["Not yet rated"]) > 0
    assert " style=" not in html and "<img" not in html
    assert "claims/reports.css" in html


def test_article_report_links_each_download_format(reviewer_client, article):
    html = reviewer_client.get(reverse("article_report", args=[article.pk])).content.decode()
    for fmt in ("csv", "json", "jsonl", "claimreview"):
        assert reverse("article_export", args=[article.pk, fmt]) in html


def test_article_report_refuses_outsiders_and_sends_anonymous_users_to_login(
    outsider_client, article
):
    url = reverse("article_report", args=[article.pk])
    assert outsider_client.get(url).status_code == 403
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_article_report_of_a_missing_article_is_not_found(reviewer_client):
    assert reviewer_client.get(reverse("article_report", args=[999999])).status_code == 404


def test_article_report_htmx_request_gets_the_page(reviewer_client, article, htmx_headers):
    """The article report has no htmx-swapped region; an htmx request still gets a page."""
    response = reviewer_client.get(
        reverse("article_report", args=[article.pk]), headers=htmx_headers
    )
    assert response.status_code == 200 and "Claims in reading order" in response.content.decode()


# Downloads --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer_client", "editor_client"])
def test_reviewers_and_editors_download_the_article_csv(request, who, article):
    client = request.getfixturevalue(who)
    response = client.get(reverse("article_export", args=[article.pk, "csv"]))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="article-{article.pk}_verdicts.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(_body(response))))
    assert {int(r["claim_id"]) for r in rows} == set(article.claims.values_list("id", flat=True))


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "claimreview"])
def test_outsiders_get_no_export(outsider_client, article, fmt):
    assert outsider_client.get(reverse("article_export", args=[article.pk, fmt])).status_code == 403
    assert outsider_client.get(reverse("desk_export", args=[fmt])).status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "claimreview"])
def test_anonymous_export_requests_go_to_login(article, fmt):
    response = Client().get(reverse("desk_export", args=[fmt]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_format_is_not_found(reviewer_client, article):
    assert reviewer_client.get(reverse("desk_export", args=["xlsx"])).status_code == 404


def test_article_json_download_names_the_article(reviewer_client, article):
    response = reviewer_client.get(reverse("article_export", args=[article.pk, "json"]))
    document = json.loads(_body(response))
    assert document["filter"] == {"article": str(article.pk)}
    assert document["scope"]["article"]["title"] == "Budget story"
    assert document["count"] == 2


def test_claimreview_download_uses_the_request_host_without_a_base_url(
    reviewer_client, article, settings
):
    settings.FACTCHECK_PUBLIC_BASE_URL = ""
    response = reviewer_client.get(reverse("article_export", args=[article.pk, "claimreview"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    docs = json.loads(_body(response))
    claim = article.claims.get(status=ClaimStatus.APPROVED)
    assert [d["url"] for d in docs] == [f"http://testserver/v/{claim.public_id}/"]


def test_claimreview_download_uses_the_configured_base_url(reviewer_client, article, settings):
    settings.FACTCHECK_PUBLIC_BASE_URL = "https://checks.example.org"
    docs = json.loads(_body(reviewer_client.get(reverse("desk_export", args=["claimreview"]))))
    assert docs and all(d["url"].startswith("https://checks.example.org/v/") for d in docs)


def test_invalid_claimreview_is_listed_on_a_page_with_the_valid_ones_to_download(
    reviewer_client, article
):
    blank = approved_verdict(ClaimFactory(statement="   ")).claim
    url = reverse("desk_export", args=["claimreview"])
    response = reviewer_client.get(url)
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    html = response.content.decode()
    assert "1 document ready, 1 left out" in html
    assert f"Claim #{blank.pk}" in html and "claimReviewed is missing" in html
    assert f'href="{reverse("claim_detail", args=[blank.pk])}"' in html
    assert f'href="{url}?confirm=1"' in html
    download = reviewer_client.get(url, {"confirm": "1"})
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-ClaimReview-Refused"] == "1"
    published = article.claims.get(status=ClaimStatus.APPROVED)
    assert [d["url"] for d in json.loads(_body(download))] == [
        f"http://testserver/v/{published.public_id}/"
    ]


def test_claimreview_with_nothing_valid_is_refused_with_the_reasons(reviewer_client):
    blank = approved_verdict(ClaimFactory(statement="   ")).claim
    response = reviewer_client.get(reverse("desk_export", args=["claimreview"]))
    assert response.status_code == 422
    html = response.content.decode()
    assert f"Claim #{blank.pk}" in html and "nothing valid to download" in html


def test_claimreview_warnings_are_shown_before_the_download(reviewer_client, editor):
    bare = approved_verdict(ClaimFactory(article=ArticleFactory(url="")), approver=editor).claim
    url = reverse("article_export", args=[bare.article_id, "claimreview"])
    html = reviewer_client.get(url).content.decode()
    assert "1 document ready, 1 with warnings" in html
    assert "itemReviewed.appearance is missing" in html
    assert f'href="{reverse("article_report", args=[bare.article_id])}"' in html
    docs = json.loads(_body(reviewer_client.get(url, {"confirm": "1"})))
    assert len(docs) == 1 and "appearance" not in docs[0]["itemReviewed"]


def test_strict_mode_refuses_missing_recommended_properties_on_the_web(
    reviewer_client, editor, settings
):
    settings.FACTCHECK_CLAIMREVIEW_STRICT = True
    bare = approved_verdict(ClaimFactory(article=ArticleFactory(url="")), approver=editor).claim
    response = reviewer_client.get(reverse("desk_export", args=["claimreview"]))
    assert response.status_code == 422
    assert f"Claim #{bare.pk}" in response.content.decode()


@pytest.mark.parametrize("page", ["desk_report", "article_report"])
def test_claimreview_link_is_not_a_download_link(reviewer_client, article, page):
    args = [article.pk] if page == "article_report" else []
    html = reviewer_client.get(reverse(page, args=args)).content.decode()
    (link,) = re.findall(r"<a [^>]*export\.claimreview[^>]*>", html)
    assert "download" not in link.replace("export.claimreview", "")
    (csv_link,) = re.findall(r"<a [^>]*export\.csv[^>]*>", html)
    assert " download" in csv_link


# Desk report ------------------------------------------------------------------------------


@pytest.fixture
def desk(editor):
    march = ArticleFactory(outlet="The Daily Example")
    april = ArticleFactory(outlet="Evening Post")
    a = approved_verdict(
        ClaimFactory(article=march, speaker="the mayor"),
        approved_at=_aware(2026, 3, 10),
        approver=editor,
    )
    b = approved_verdict(
        ClaimFactory(article=april, speaker="the governor", type="policy"),
        label="False",
        approved_at=_aware(2026, 4, 10),
        approver=editor,
    )
    c = ClaimFactory(article=april, speaker="the governor", status=ClaimStatus.IN_REVIEW)
    return {"march": a.claim, "april": b.claim, "open": c}


@pytest.mark.parametrize("who", ["reviewer_client", "editor_client"])
def test_desk_report_shows_scorecard_and_breakdowns(request, who, desk):
    client = request.getfixturevalue(who)
    response = client.get(reverse("desk_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "By speaker" in html and "By outlet" in html
    assert "the governor" in html and "Evening Post" in html
    assert html.count('class="bar ') >= 8  # every active rating plus "Not yet rated"


def test_desk_report_filters_by_date_range_and_rating(reviewer_client, desk):
    response = reviewer_client.get(
        reverse("desk_report"), {"from": "2026-04-01", "rating": "False"}
    )
    page = response.context["page"]
    assert [c.pk for c in page.object_list] == [desk["april"].pk]
    assert response.context["card"].total == 1
    assert f"{reverse('desk_export', args=['csv'])}?from=2026-04-01&amp;rating=False" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"outlet": "evening post"}, {"april", "open"}),
        ({"speaker": "The Mayor"}, {"march"}),
        ({"type": "policy"}, {"april"}),
        ({"status": "in_review"}, {"open"}),
        ({"to": "2026-03-31", "status": "approved"}, {"march"}),
    ],
)
def test_desk_report_filters(reviewer_client, desk, params, expected):
    page = reviewer_client.get(reverse("desk_report"), params).context["page"]
    assert {c.pk for c in page.object_list} == {desk[name].pk for name in expected}


def test_desk_report_htmx_filter_returns_only_the_results_region(
    reviewer_client, desk, htmx_headers
):
    response = reviewer_client.get(
        reverse("desk_report"), {"speaker": "the mayor"}, headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="report-results"') and "<html" not in html
    assert 'value="the mayor"' in html  # the form comes back with the filter as typed
    assert desk["march"].statement in html


def test_desk_report_bad_filter_keeps_input_and_explains(reviewer_client, desk):
    response = reviewer_client.get(
        reverse("desk_report"), {"from": "2026-05-01", "to": "2026-04-01"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The end date is before the start date." in html
    assert 'value="2026-05-01"' in html


def test_desk_report_bad_filter_on_htmx_returns_the_message(reviewer_client, desk, htmx_headers):
    response = reviewer_client.get(
        reverse("desk_report"), {"from": "not-a-date"}, headers=htmx_headers
    )
    assert response.status_code == 200  # htmx only swaps 2xx responses
    html = response.content.decode()
    assert "The filter has errors" in html and "Enter a valid date." in html
    assert 'value="not-a-date"' in html


def test_desk_report_refuses_outsiders_and_anonymous(outsider_client, desk):
    assert outsider_client.get(reverse("desk_report")).status_code == 403
    response = Client().get(reverse("desk_report"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_desk_csv_file_name_carries_the_filter(reviewer_client, desk):
    response = reviewer_client.get(
        reverse("desk_export", args=["csv"]), {"status": "approved", "from": "2026-01-01"}
    )
    assert (
        'filename="verdicts_from-2026-01-01_status-approved.csv"' in response["Content-Disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(_body(response))))
    assert {int(r["claim_id"]) for r in rows} == {desk["march"].pk, desk["april"].pk}


def test_desk_jsonl_download_streams_one_line_per_claim(editor_client, desk):
    response = editor_client.get(reverse("desk_export", args=["jsonl"]))
    assert response.streaming
    lines = _body(response).splitlines()
    assert {json.loads(line)["claim_id"] for line in lines} == set(
        Claim.objects.values_list("id", flat=True)
    )


def test_desk_export_with_a_bad_filter_changes_nothing_and_explains(reviewer_client, desk):
    response = reviewer_client.get(reverse("desk_export", args=["csv"]), {"status": "bogus"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


# Public verdict page ----------------------------------------------------------------------


def test_public_page_is_readable_without_login_and_embeds_claimreview(article):
    claim = article.claims.get(status=ClaimStatus.APPROVED)
    response = Client().get(reverse("public_verdict", args=[claim.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert claim.statement in html and "Adopted budget 2026" in html and "True" in html
    assert 'aria-label="Main"' not in html  # no workbench navigation for readers
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    doc = json.loads(match.group(1))
    assert doc["@type"] == "ClaimReview"
    assert doc["url"] == f"http://testserver/v/{claim.public_id}/"
    assert doc["reviewRating"]["alternateName"] == "True"
    assert f'<link rel="canonical" href="{doc["url"]}">' in html


def test_public_page_escapes_markup_in_the_json_ld(editor):
    claim = ClaimFactory(statement="He said </script><script>alert(1)</script>")
    approved_verdict(claim, approver=editor)
    html = Client().get(reverse("public_verdict", args=[claim.public_id])).content.decode()
    assert "<script>alert(1)" not in html
    assert html.count("</script>") == html.count("<script")


def test_public_page_of_an_unapproved_verdict_is_not_found(reviewer):
    claim = ClaimFactory(status=ClaimStatus.AWAITING_APPROVAL)
    verdict = VerdictFactory(claim=claim, rating=rating("False"), reviewer=reviewer)
    Claim.objects.filter(pk=claim.pk).update(current_verdict=verdict)
    assert Client().get(reverse("public_verdict", args=[claim.public_id])).status_code == 404


def test_public_page_of_a_withdrawn_verdict_is_not_found(editor):
    verdict = approved_verdict(ClaimFactory(), approver=editor)
    Verdict.objects.filter(pk=verdict.pk).update(withdrawn_at=timezone.now())
    response = Client().get(reverse("public_verdict", args=[verdict.claim.public_id]))
    assert response.status_code == 404


def test_public_page_of_a_claim_without_a_verdict_is_not_found():
    claim = ClaimFactory()
    assert Client().get(reverse("public_verdict", args=[claim.public_id])).status_code == 404


def test_public_page_of_an_unknown_id_is_not_found():
    url = reverse("public_verdict", args=["00000000-0000-0000-0000-000000000000"])
    assert Client().get(url).status_code == 404


def test_public_page_shows_the_correction(article):
    claim = article.claims.get(status=ClaimStatus.APPROVED)
    html = Client().get(reverse("public_verdict", args=[claim.public_id])).content.decode()
    assert "We misread the budget table." in html


def test_public_page_without_article_url_still_carries_its_json_ld(editor):
    claim = ClaimFactory(article=ArticleFactory(url=""))
    approved_verdict(claim, approver=editor)
    response = Client().get(reverse("public_verdict", args=[claim.public_id]))
    assert response.status_code == 200
    assert "application/ld+json" in response.content.decode()


def test_public_page_in_strict_mode_drops_incomplete_json_ld_but_still_shows(editor, settings):
    settings.FACTCHECK_CLAIMREVIEW_STRICT = True
    claim = ClaimFactory(article=ArticleFactory(url=""))
    approved_verdict(claim, approver=editor)
    response = Client().get(reverse("public_verdict", args=[claim.public_id]))
    assert response.status_code == 200
    assert "application/ld+json" not in response.content.decode()


@pytest.mark.parametrize("who", ["reviewer_client", "outsider_client"])
def test_public_page_is_the_same_for_logged_in_users(request, who, article):
    client = request.getfixturevalue(who)
    claim = article.claims.get(status=ClaimStatus.APPROVED)
    response = client.get(reverse("public_verdict", args=[claim.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    # The same page as readers get: no workbench navigation and no user names.
    assert 'aria-label="Main"' not in html
    assert response.wsgi_request.user.username not in html


def test_public_page_rationale_is_sanitised(editor):
    claim = ClaimFactory()
    approved_verdict(claim, approver=editor, rationale="**Bold** <img src=x onerror=alert(1)>")
    html = Client().get(reverse("public_verdict", args=[claim.public_id])).content.decode()
    assert "<strong>Bold</strong>" in html and "onerror" not in html


def test_desk_report_download_links_drop_the_page_number(reviewer_client, desk):
    html = reviewer_client.get(reverse("desk_report"), {"speaker": "the mayor", "page": "1"})
    assert f'{reverse("desk_export", args=["csv"])}?speaker=the+mayor"' in html.content.decode()


def test_desk_report_form_submission_drops_empty_fields_from_the_address(reviewer_client, desk):
    response = reviewer_client.get("/reports/?date_from=&date_to=2026-03-31&outlet=&status=")
    assert response.status_code == 302
    assert response["Location"] == "/reports/?to=2026-03-31"


def test_desk_report_htmx_filter_puts_the_filter_in_the_address_and_announces(
    reviewer_client, desk, htmx_headers
):
    response = reviewer_client.get(
        "/reports/?date_from=&outlet=The+Daily+Example&status=", headers=htmx_headers
    )
    assert response["HX-Push-Url"] == "/reports/?outlet=The+Daily+Example"
    content = response.content.decode()
    assert '<div id="messages" hx-swap-oob="innerHTML">' in content
    assert "in this report." in content
    assert "Outlet “The Daily Example”" in content


def test_desk_report_history_restore_gets_the_whole_page(reviewer_client, desk):
    response = reviewer_client.get(
        "/reports/?outlet=x", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert b"<html" in response.content
    assert "HX-Request" in response["Vary"]


def test_desk_report_claims_link_to_their_pages_and_dates_read_one_way(reviewer_client, desk):
    content = reviewer_client.get("/reports/").content.decode()
    claim = Claim.objects.order_by("pk").first()
    assert f'<a href="/claims/{claim.pk}/">' in content
    assert '<time class="date" datetime=' in content
    assert not re.search(r">\d{4}-\d{2}-\d{2}<", content)


def test_article_report_has_no_offsets_or_empty_address_and_says_when_it_was_made(
    reviewer_client,
):
    article = ArticleFactory(url="")
    ClaimFactory(article=article)
    content = reviewer_client.get(reverse("article_report", args=[article.pk])).content.decode()
    assert "characters 0" not in content
    assert "none recorded" not in content and ">Address<" not in content
    assert "All claims in this article, in reading order" in content
    assert "generated <time" in content
