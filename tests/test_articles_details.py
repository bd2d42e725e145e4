"""Article metadata belongs to the desk: the details form, import_article --url, bylines."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from claims.models import Activity, Article
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, approved_verdict

pytestmark = pytest.mark.django_db

BYLINE_STORY = (
    "Council approves record budget\n\n"
    "By Dana Whitfield, Staff Writer\n\n"
    "The city council approved a $4.2 billion budget on Tuesday, up 8 percent from last year. "
    "Spending on schools rose by 12 percent, the finance director said.\n"
)


def _details(article: Article, **changes) -> dict[str, object]:
    data = {
        "version": article.version,
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet,
        "author": article.author,
        "published": article.published.isoformat() if article.published else "",
    }
    data.update(changes)
    return data


@pytest.fixture
def published_article(editor) -> Article:
    article = ArticleFactory(published=date(2026, 3, 1))
    claim = ClaimFactory(article=article)
    SourceFactory(claim=claim)
    approved_verdict(
        claim, approver=editor, approved_at=timezone.now() - timezone.timedelta(days=2)
    )
    return article


def test_workspace_shows_the_details_form(reviewer_client):
    article = ArticleFactory()
    html = reviewer_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert f'action="{reverse("article_edit", args=[article.pk])}"' in html
    for label in ("Title", "URL", "Outlet", "Author", "Publication date"):
        assert f">{label}</label>" in html


def test_details_save_plain_redirects_and_is_audited(reviewer_client):
    article = ArticleFactory(url="")
    response = reviewer_client.post(
        reverse("article_edit", args=[article.pk]),
        _details(article, url="https://news.example/story", author="Dana Whitfield"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.url, article.author, article.version) == (
        "https://news.example/story",
        "Dana Whitfield",
        2,
    )
    assert article.metadata_changed is None  # nothing of it was published
    audit = Activity.objects.get(action="article.edit", article=article)
    assert audit.before == {"url": "", "author": "Sam Reporter"}
    assert audit.after["url"] == "https://news.example/story"


def test_details_save_htmx_returns_the_header(reviewer_client, htmx_headers):
    article = ArticleFactory()
    response = reviewer_client.post(
        reverse("article_edit", args=[article.pk]),
        _details(article, title="A better title"),
        headers=htmx_headers,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<header id="article-details"')
    assert "<h1>A better title</h1>" in html
    # Announced once through the persistent #messages region, not inside the swapped header.
    header = html[: html.index("</header>")]
    assert "Article details saved." not in header and 'role="status"' not in header
    assert (
        '<div id="messages" hx-swap-oob="innerHTML"><p class="message message-success">'
        "Article details saved.</p></div>"
    ) in html


@pytest.mark.parametrize("htmx", [False, True])
def test_stale_details_are_refused_with_409_keeping_the_input(reviewer_client, htmx):
    article = ArticleFactory()
    stale = _details(article, title="Mine")
    Article.objects.filter(pk=article.pk).update(title="Theirs", version=2)
    response = reviewer_client.post(
        reverse("article_edit", args=[article.pk]),
        stale,
        headers={"HX-Request": "true"} if htmx else {},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'value="Mine"' in html and "Their version:</strong> “Theirs”" in html
    assert 'name="version" value="2"' in html  # saving again is a deliberate overwrite
    article.refresh_from_db()
    assert article.title == "Theirs"


def test_bad_details_are_refused_with_422_and_nothing_changes(reviewer_client):
    article = ArticleFactory()
    response = reviewer_client.post(
        reverse("article_edit", args=[article.pk]), _details(article, url="ftp://x", title="")
    )
    assert response.status_code == 422
    article.refresh_from_db()
    assert article.version == 1


@pytest.mark.parametrize("field,value", [("url", "https://x.example/moved"), ("outlet", "Wire")])
def test_reviewer_cannot_change_what_a_published_claimreview_carries(
    reviewer_client, published_article, field, value
):
    response = reviewer_client.post(
        reverse("article_edit", args=[published_article.pk]),
        _details(published_article, **{field: value}),
    )
    assert response.status_code == 422
    assert "only an editor can change" in response.content.decode()
    published_article.refresh_from_db()
    assert getattr(published_article, field) != value


def test_reviewer_may_still_fix_the_title_of_a_published_article(
    reviewer_client, published_article
):
    response = reviewer_client.post(
        reverse("article_edit", args=[published_article.pk]),
        _details(published_article, title="Typo fixed"),
    )
    assert response.status_code == 302
    published_article.refresh_from_db()
    assert published_article.metadata_changed is None


def test_editor_change_moves_the_claimreview_date_modified(editor_client, published_article):
    response = editor_client.post(
        reverse("article_edit", args=[published_article.pk]),
        _details(published_article, url="https://news.example/moved"),
    )
    assert response.status_code == 302
    published_article.refresh_from_db()
    assert published_article.metadata_changed is not None
    export = editor_client.get(
        reverse("article_export", args=[published_article.pk, "claimreview"])
    )
    (doc,) = json.loads(b"".join(export.streaming_content))
    assert doc["itemReviewed"]["appearance"]["url"] == "https://news.example/moved"
    assert doc["dateModified"] == timezone.now().date().isoformat()
    assert doc["dateModified"] > doc["datePublished"]
    assert Activity.objects.filter(action="article.edit", article=published_article).exists()


# import_article --url, and bylines ------------------------------------------------------


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_article", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_article_takes_a_url(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text(BYLINE_STORY, encoding="utf-8")
    _run(str(path), "--url", "https://news.example/budget", "--outlet", "Daily Example")
    article = Article.objects.get()
    assert article.url == "https://news.example/budget"
    assert article.outlet == "Daily Example"
    assert article.author == "Dana Whitfield"  # from the byline, none given


def test_import_article_author_option_wins_over_the_byline(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_text(BYLINE_STORY, encoding="utf-8")
    _run(str(path), "--author", "Wire staff")
    assert Article.objects.get().author == "Wire staff"


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "not a url"])
def test_import_article_refuses_a_bad_url(tmp_path: Path, bad: str):
    path = tmp_path / "story.txt"
    path.write_text(BYLINE_STORY, encoding="utf-8")
    with pytest.raises(CommandError, match="--url"):
        _run(str(path), "--url", bad)
    assert not Article.objects.exists()


def test_import_article_refuses_a_url_for_a_folder(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BYLINE_STORY, encoding="utf-8")
    with pytest.raises(CommandError, match="folder"):
        _run(str(tmp_path), "--url", "https://news.example/a")


def test_pasted_byline_fills_the_author_and_is_not_a_claim(reviewer_client):
    response = reviewer_client.post(reverse("article_new"), {"text": BYLINE_STORY})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.author == "Dana Whitfield"
    assert article.claims.exists()
    assert not article.claims.filter(quote__startswith="By Dana").exists()


def test_a_byline_inside_running_text_is_not_a_claim(reviewer_client):
    text = (
        "Council approves budget. By Dana Whitfield, Staff Writer. The city council approved "
        "a $4.2 billion budget on Tuesday, up 8 percent from last year."
    )
    reviewer_client.post(reverse("article_new"), {"text": text, "title": "Budget"})
    article = Article.objects.get()
    assert not article.claims.filter(quote__contains="Dana Whitfield").exists()
    assert article.claims.filter(quote__contains="$4.2 billion").exists()
