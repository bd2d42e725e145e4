"""/articles/: search, outlet and date filters, claim counts by status, pagination."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from claims.models import ClaimStatus
from tests.factories import ArticleFactory, ClaimFactory

LIST = "/articles/"


@pytest.fixture
def articles(db):
    budget = ArticleFactory(
        title="Council budget", outlet="Daily Example", published=dt.date(2024, 3, 5)
    )
    ClaimFactory(article=budget)
    ClaimFactory(article=budget, status=ClaimStatus.REJECTED)
    ClaimFactory(article=budget, status=ClaimStatus.APPROVED)
    floods = ArticleFactory(
        title="Floods",
        outlet="River Gazette",
        author="Ana Writer",
        published=dt.date(2024, 6, 1),
        body="Rivers rose by two metres overnight in the valley, officials said.",
    )
    return budget, floods


def rows(html: str) -> list[str]:
    return re.findall(r'<a href="/articles/\d+/">([^<]+)</a>', html)


def test_anonymous_is_sent_to_login(client) -> None:
    assert client.get(LIST).status_code == 302


def test_outsider_sees_nothing(outsider_client, articles) -> None:
    response = outsider_client.get(LIST)
    assert response.status_code == 403
    assert "Council budget" not in response.content.decode()


@pytest.mark.parametrize("client_name", ["reviewer_client", "editor_client"])
def test_lists_articles_with_counts_by_status(request, client_name, articles) -> None:
    html = request.getfixturevalue(client_name).get(LIST).content.decode()
    assert rows(html) == ["Floods", "Council budget"]
    budget_row = html[html.index("Council budget") :].split("</tr>")[0]
    cells = re.findall(r'<td class="num"[^>]*>(\d+)</td>', budget_row)
    # total, new, in review, awaiting approval, approved, rejected
    assert cells == ["3", "1", "0", "0", "1", "1"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "budget"}, ["Council budget"]),
        ({"q": "river gazette"}, ["Floods"]),
        ({"q": "ana writer"}, ["Floods"]),
        ({"q": "metres overnight"}, ["Floods"]),
        ({"outlet": "Daily Example"}, ["Council budget"]),
        ({"published_from": "2024-04-01"}, ["Floods"]),
        ({"published_to": "2024-04-01"}, ["Council budget"]),
        (
            {"published_from": "2024-01-01", "published_to": "2024-12-31"},
            ["Floods", "Council budget"],
        ),
    ],
)
def test_search_and_filters(reviewer_client, articles, query, expected) -> None:
    assert rows(reviewer_client.get(LIST, query).content.decode()) == expected


def test_reversed_dates_are_explained(reviewer_client, articles) -> None:
    html = reviewer_client.get(
        LIST, {"published_from": "2024-12-01", "published_to": "2024-01-01"}
    ).content.decode()
    assert "The end date is before the start date." in html


def test_htmx_filter_returns_only_the_results(reviewer_client, articles, htmx_headers) -> None:
    response = reviewer_client.get(
        LIST, {"q": "floods"}, headers={**htmx_headers, "HX-Target": "article-results"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="article-results">')
    assert rows(html) == ["Floods"]
    assert "<html" not in html


def test_pagination_keeps_the_filters(reviewer_client, db) -> None:
    for n in range(30):
        ArticleFactory(title=f"Story {n:02d}", outlet="Wire")
    html = reviewer_client.get(LIST, {"outlet": "Wire"}).content.decode()
    assert len(rows(html)) == 25
    assert 'href="?outlet=Wire&amp;page=2"' in html
    second = reviewer_client.get(LIST, {"outlet": "Wire", "page": 2}).content.decode()
    assert len(rows(second)) == 5


def test_query_count_does_not_grow_with_articles(
    reviewer_client, db, django_assert_max_num_queries
) -> None:
    for _ in range(20):
        article = ArticleFactory()
        ClaimFactory(article=article)
        ClaimFactory(article=article, status=ClaimStatus.IN_REVIEW)
    with django_assert_max_num_queries(10):
        reviewer_client.get(LIST)


def test_workspace_query_count_does_not_grow_with_claims(
    reviewer_client, db, django_assert_max_num_queries
) -> None:
    article = ArticleFactory(body="Word. " * 200)
    for n in range(40):
        ClaimFactory(article=article, start=n * 6, end=n * 6 + 5)
    with django_assert_max_num_queries(10):
        response = reviewer_client.get(f"/articles/{article.pk}/")
    assert response.content.decode().count('<li id="claim-') == 40


def test_plain_filter_submission_drops_empty_fields_from_the_address(reviewer_client):
    response = reviewer_client.get("/articles/?q=budget&outlet=&published_from=&published_to=")
    assert response.status_code == 302
    assert response["Location"] == "/articles/?q=budget"


def test_htmx_filter_announces_the_count_in_the_live_region(reviewer_client):
    ArticleFactory(title="Budget one")
    response = reviewer_client.get(
        "/articles/?q=Budget+one&outlet=",
        headers={"HX-Request": "true", "HX-Target": "article-results"},
    )
    content = response.content.decode()
    assert response["HX-Push-Url"] == "/articles/?q=Budget+one"
    assert '<div id="messages" hx-swap-oob="innerHTML">' in content
    assert "1 article matches." in content
    assert 'role="status"' not in content
