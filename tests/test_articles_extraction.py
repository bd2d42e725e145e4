"""Extraction as a background task: progress, failure, retry, re-runs; and import_article."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims import extraction, fetch, tasks
from claims.models import Activity, Article, ClaimOrigin, ClaimStatus
from claims.services.articles import (
    article_create,
    article_extract,
    article_extraction_schedule,
)
from claims.tasks import extract_article_claims
from tests.factories import ArticleFactory, ClaimFactory
from tests.pages_server import serve_pages
from tests.test_articles_fetch import allow_test_server
from tests.test_articles_ingest import HOSTILE_HTML

STORY = (
    "Putin ordered a partial mobilization last week, drafting up to 300,000 reservists. "
    "Georgia officials said daily border crossings have nearly doubled to 10,000 people. "
    "The weather was pleasant."
)


class FakeTask:
    """Stands in for the task so it stays queued, as it would until a worker picks it up."""

    def __init__(self, queued: list[dict]) -> None:
        self.queued = queued

    def enqueue(self, **kwargs: object) -> None:
        self.queued.append(kwargs)


def boom(text: str, model: str | None = None) -> list:
    raise RuntimeError("the model file is missing")


# The task --------------------------------------------------------------------------------


def test_long_text_goes_to_the_task_worker(db, settings, reviewer) -> None:
    settings.FACTCHECK_INLINE_EXTRACTION_CHARS = 10
    article = article_create(text=STORY, title="Draft", submitted_by=reviewer)
    # The test backend runs the task at once, through the django.tasks API.
    article = article_extraction_schedule(article=article, actor=reviewer)
    assert article.extraction_status == Article.ExtractionStatus.DONE
    assert article.claims.exists()


def test_queued_article_waits_as_pending(db, settings, reviewer, monkeypatch) -> None:
    settings.FACTCHECK_INLINE_EXTRACTION_CHARS = 10
    queued: list[dict] = []
    monkeypatch.setattr(tasks, "extract_article_claims", FakeTask(queued))
    article = article_create(text=STORY, title="Draft", submitted_by=reviewer)
    article = article_extraction_schedule(article=article, actor=reviewer)
    assert article.extraction_status == Article.ExtractionStatus.PENDING
    assert queued == [{"article_id": article.pk, "actor_id": reviewer.pk}]


def test_task_runs_extraction(db) -> None:
    article = ArticleFactory(body=STORY, extraction_status=Article.ExtractionStatus.PENDING)
    result = extract_article_claims.enqueue(article_id=article.pk)
    assert result.return_value == "done"
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.DONE
    assert article.extracted_at is not None
    assert any("300,000" in c.quote for c in article.claims.all())


def test_failed_extraction_keeps_the_article_with_the_error(db, monkeypatch) -> None:
    monkeypatch.setattr(extraction, "extract_claims", boom)
    article = ArticleFactory(body=STORY, extraction_status=Article.ExtractionStatus.PENDING)
    extract_article_claims.enqueue(article_id=article.pk)
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.FAILED
    assert "the model file is missing" in article.extraction_error
    assert not article.claims.exists()
    assert Activity.objects.filter(action="article.extract_failed", article=article).exists()


def test_rerun_does_not_duplicate_claims(db) -> None:
    article = ArticleFactory(body=STORY)
    first = article_extract(article=article)
    article_extract(article=article)
    assert article.claims.count() == len(first)
    spans = list(article.claims.values_list("start", "end"))
    assert len(spans) == len(set(spans))


def test_rerun_keeps_what_people_changed(db, reviewer) -> None:
    article = ArticleFactory(body=STORY)
    article_extract(article=article)
    claims = list(article.claims.order_by("start"))
    claims[0].status = ClaimStatus.REJECTED
    claims[0].version = 2
    claims[0].save()
    added = ClaimFactory(
        article=article,
        start=STORY.index("The weather"),
        end=len(STORY),
        origin=ClaimOrigin.PERSON,
        created_by=reviewer,
    )
    article_extract(article=article)
    assert article.claims.filter(pk=claims[0].pk, status=ClaimStatus.REJECTED).exists()
    assert article.claims.filter(pk=added.pk).exists()
    assert article.claims.filter(start=claims[0].start).count() == 1


# The page while extraction runs ------------------------------------------------------------


def test_pending_article_polls_and_offers_a_refresh_link(reviewer_client, db) -> None:
    article = ArticleFactory(body=STORY, extraction_status=Article.ExtractionStatus.RUNNING)
    html = reviewer_client.get(f"/articles/{article.pk}/").content.decode()
    assert f'hx-get="/articles/{article.pk}/status/" hx-trigger="every 1s"' in html
    assert "<progress" in html
    assert f'href="/articles/{article.pk}/">Refresh</a>' in html


def test_finished_article_does_not_poll(reviewer_client, db) -> None:
    article = ArticleFactory(body=STORY)
    html = reviewer_client.get(f"/articles/{article.pk}/").content.decode()
    assert "every 1s" not in html


def test_status_endpoint_keeps_polling_while_running(reviewer_client, db, htmx_headers) -> None:
    article = ArticleFactory(body=STORY, extraction_status=Article.ExtractionStatus.PENDING)
    response = reviewer_client.get(f"/articles/{article.pk}/status/", headers=htmx_headers)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="extraction-status"')
    assert 'hx-trigger="every 1s"' in html


def test_status_endpoint_reloads_the_page_when_done(reviewer_client, db, htmx_headers) -> None:
    article = ArticleFactory(body=STORY, extraction_status=Article.ExtractionStatus.DONE)
    response = reviewer_client.get(f"/articles/{article.pk}/status/", headers=htmx_headers)
    assert response["HX-Refresh"] == "true"


def test_status_endpoint_without_htmx_goes_to_the_article(reviewer_client, db) -> None:
    article = ArticleFactory(body=STORY)
    response = reviewer_client.get(f"/articles/{article.pk}/status/")
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{article.pk}/"


def test_outsider_cannot_poll_or_retry(outsider_client, db) -> None:
    article = ArticleFactory(body=STORY, extraction_status=Article.ExtractionStatus.FAILED)
    assert outsider_client.get(f"/articles/{article.pk}/status/").status_code == 403
    assert outsider_client.post(f"/articles/{article.pk}/retry/").status_code == 403


def test_failed_extraction_shows_the_error_and_a_retry_button(reviewer_client, db) -> None:
    article = ArticleFactory(
        body=STORY,
        extraction_status=Article.ExtractionStatus.FAILED,
        extraction_error="RuntimeError: <b>model</b> missing",
    )
    html = reviewer_client.get(f"/articles/{article.pk}/").content.decode()
    assert "Claim extraction failed: RuntimeError: &lt;b&gt;model&lt;/b&gt; missing" in html
    assert f'action="/articles/{article.pk}/retry/"' in html
    assert ">Retry extraction</button>" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_retry_extracts_the_claims(reviewer_client, db, htmx, htmx_headers) -> None:
    article = ArticleFactory(body=STORY, extraction_status=Article.ExtractionStatus.FAILED)
    response = reviewer_client.post(
        f"/articles/{article.pk}/retry/", headers=htmx_headers if htmx else {}
    )
    if htmx:
        assert response["HX-Redirect"] == f"/articles/{article.pk}/"
    else:
        assert response.status_code == 302
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.DONE
    assert article.claims.exists()
    assert Activity.objects.filter(action="article.extract_retry").exists()


def _running_since(minutes_ago: int) -> Article:
    from datetime import timedelta

    from django.utils import timezone

    return ArticleFactory(
        body=STORY,
        extraction_status=Article.ExtractionStatus.RUNNING,
        extraction_changed=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_stalled_extraction_stops_polling_and_offers_a_retry(reviewer_client, db, settings):
    settings.FACTCHECK_EXTRACTION_STALL_MINUTES = 15
    article = _running_since(minutes_ago=16)
    html = reviewer_client.get(f"/articles/{article.pk}/").content.decode()
    assert "every 1s" not in html
    assert "has not finished after 15 minutes" in html
    assert ">Retry extraction</button>" in html


def test_status_endpoint_stops_polling_once_extraction_stalls(
    reviewer_client, db, settings, htmx_headers
) -> None:
    settings.FACTCHECK_EXTRACTION_STALL_MINUTES = 15
    article = _running_since(minutes_ago=30)
    html = reviewer_client.get(f"/articles/{article.pk}/status/", headers=htmx_headers)
    assert "every 1s" not in html.content.decode()
    assert "Retry extraction" in html.content.decode()


def test_retry_restarts_a_stalled_extraction(reviewer_client, db, settings) -> None:
    settings.FACTCHECK_EXTRACTION_STALL_MINUTES = 15
    article = _running_since(minutes_ago=16)
    reviewer_client.post(f"/articles/{article.pk}/retry/")
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.DONE
    assert article.claims.exists()
    retry = Activity.objects.get(action="article.extract_retry")
    assert retry.before["status"] == "running"


def test_retry_leaves_an_extraction_still_under_way_alone(reviewer_client, db, settings) -> None:
    settings.FACTCHECK_EXTRACTION_STALL_MINUTES = 15
    article = _running_since(minutes_ago=2)
    response = reviewer_client.post(f"/articles/{article.pk}/retry/", follow=True)
    assert "nothing to retry" in response.content.decode()
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.RUNNING
    assert not article.claims.exists()


def test_retry_that_fails_again_says_so(reviewer_client, db, monkeypatch) -> None:
    monkeypatch.setattr(extraction, "extract_claims", boom)
    article = ArticleFactory(body=STORY, extraction_status=Article.ExtractionStatus.FAILED)
    response = reviewer_client.post(f"/articles/{article.pk}/retry/", follow=True)
    assert "Claim extraction failed again." in response.content.decode()
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.FAILED


def test_submitting_when_extraction_fails_keeps_the_article(reviewer_client, db, monkeypatch):
    monkeypatch.setattr(extraction, "extract_claims", boom)
    response = reviewer_client.post("/articles/new/", {"text": STORY}, follow=True)
    article = Article.objects.get()
    assert article.extraction_status == Article.ExtractionStatus.FAILED
    assert "Retry extraction" in response.content.decode()


# import_article ----------------------------------------------------------------------------


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_article", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_a_file(db, tmp_path: Path, reviewer) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    out, _ = run(str(path), "--title", "Mobilization", "--outlet", "Wire", "--user", "rita")
    article = Article.objects.get()
    assert out.strip() == f"Article {article.pk}: {article.claims.count()} claims."
    assert (article.title, article.outlet, article.submitted_by) == (
        "Mobilization",
        "Wire",
        reviewer,
    )


def test_command_imports_a_folder_with_a_progress_bar(db, tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"s{n}.txt").write_text(f"{STORY} Story {n}.", encoding="utf-8")
    (tmp_path / "dup.md").write_text(STORY + " Story 0.", encoding="utf-8")
    (tmp_path / "broken.html").write_bytes(b"\x00\x01binary")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    out, err = run(str(tmp_path), "--progress", "always")
    assert Article.objects.count() == 3
    assert "Duplicate: already imported as article" in out
    assert "Skipped broken.html" in out
    assert "Done: 3 imported, 1 duplicates, 0 failed extraction, 1 unreadable." in out
    assert "5/5" in err and "[" in err


def test_command_reports_a_duplicate_without_failing(db, tmp_path: Path) -> None:
    existing = ArticleFactory(body=STORY)
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    out, _ = run(str(path))
    assert f"already imported as article {existing.pk}" in out
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/path.txt"], "neither a file"),
        (["--user", "nobody", "{story}"], "No user named"),
        (["--published", "yesterday", "{story}"], "not a YYYY-MM-DD date"),
        (["http://127.0.0.1:9/story"], "private or reserved"),
    ],
)
def test_command_errors_are_clear(db, tmp_path: Path, args, message) -> None:
    story = tmp_path / "s.txt"
    story.write_text(STORY, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run(*[a.format(story=story) for a in args])
    assert not Article.objects.exists()


def test_command_can_leave_extraction_to_the_worker(db, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(tasks, "extract_article_claims", FakeTask([]))
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    out, _ = run(str(path), "--enqueue")
    assert "claim extraction queued" in out
    assert Article.objects.get().extraction_status == Article.ExtractionStatus.PENDING


def test_long_article_waits_for_db_worker_then_shows_claims(
    transactional_db, reviewer_client, settings
):
    """The production path: django-tasks-db queues the task, `db_worker` runs it. The worker
    manages its own connections, so this test commits for real (transactional_db)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.FACTCHECK_INLINE_EXTRACTION_CHARS = 10
    reviewer_client.post("/articles/new/", {"text": STORY})
    article = Article.objects.get()
    assert article.extraction_status == Article.ExtractionStatus.PENDING
    page = reviewer_client.get(f"/articles/{article.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.DONE
    assert article.claims.exists()


def test_command_imports_a_url(db, monkeypatch) -> None:
    monkeypatch.setattr(fetch, "is_public_address", allow_test_server)
    with serve_pages() as (base, pages):
        pages["/story"] = (200, "text/html; charset=utf-8", HOSTILE_HTML.encode())
        out, _ = run(base + "/story", "--title", "Typed title")
    article = Article.objects.get()
    assert out.strip() == f"Article {article.pk}: {article.claims.count()} claims."
    assert (article.title, article.outlet, article.url) == (
        "Typed title",
        "Daily Example",
        base + "/story",
    )
