"""`import_article FOLDER` stores articles in batches: one transaction and a fixed number of
statements per batch, extraction through one function, failures and duplicates kept apart."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Activity, Article, Claim, SpeakerMention
from claims.services import articles as article_services
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

STORY = (
    "The city council approved a budget of $4.2 billion on Monday, the mayor said. "
    "Unemployment fell to 3.1 percent in May, the lowest since 2001. "
)


def _folder(tmp_path: Path, n: int) -> Path:
    for i in range(n):
        (tmp_path / f"story_{i:03d}.txt").write_text(f"{STORY}Story {i}.", encoding="utf-8")
    return tmp_path


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_article", *args, "--progress", "never", stdout=out)
    return out.getvalue()


def test_a_folder_is_stored_with_its_claims_and_audit_rows(tmp_path, reviewer):
    out = run(str(_folder(tmp_path, 5)), "--user", reviewer.username, "--batch-size", "2")
    articles = list(Article.objects.order_by("pk"))
    assert len(articles) == 5
    assert all(a.extraction_status == Article.ExtractionStatus.DONE for a in articles)
    assert all(a.extracted_at and a.submitted_by == reviewer for a in articles)
    for article in articles:
        n = article.claims.count()
        assert n > 0
        assert f"Article {article.pk}: {n} claims." in out
        actions = set(article.activities.values_list("action", flat=True))
        assert actions == {"article.create", "article.extract"}
    claim = Claim.objects.first()
    assert claim.quote == claim.article.body[claim.start : claim.end]
    assert "Done: 5 imported, 0 duplicates, 0 failed extraction, 0 unreadable." in out


def test_statements_per_batch_do_not_grow_with_the_articles(
    tmp_path, django_assert_max_num_queries
):
    folder = _folder(tmp_path, 30)
    # Hash lookup, articles, claims, audit rows, and the transaction's own statements.
    with django_assert_max_num_queries(8):
        run(str(folder), "--batch-size", "30")
    assert Article.objects.count() == 30


def test_extraction_goes_through_extract_many_once_per_batch(tmp_path, monkeypatch):
    calls: list[int] = []
    original = article_services.extract_many

    def counting(texts: list[str]):
        calls.append(len(texts))
        return original(texts)

    monkeypatch.setattr(article_services, "extract_many", counting)
    run(str(_folder(tmp_path, 5)), "--batch-size", "2")
    assert calls == [2, 2, 1]


def test_a_text_whose_extraction_fails_is_kept_as_failed_and_the_rest_stored(tmp_path, monkeypatch):
    original = article_services.extract_many

    def flaky(texts: list[str]):
        if any("Story 1." in t for t in texts):
            raise RuntimeError("the engine tripped")
        return original(texts)

    monkeypatch.setattr(article_services, "extract_many", flaky)
    out = run(str(_folder(tmp_path, 3)))
    failed = Article.objects.get(extraction_status=Article.ExtractionStatus.FAILED)
    assert "Story 1." in failed.body
    assert "RuntimeError: the engine tripped" in failed.extraction_error
    assert failed.activities.filter(action="article.extract_failed").exists()
    assert Article.objects.filter(extraction_status=Article.ExtractionStatus.DONE).count() == 2
    assert "Done: 2 imported, 0 duplicates, 1 failed extraction, 0 unreadable." in out


def test_duplicates_in_the_folder_and_in_the_workbench_are_reported(tmp_path):
    existing = ArticleFactory(body=f"{STORY}Story 0.")
    folder = _folder(tmp_path, 2)
    (folder / "copy.md").write_text(f"{STORY}Story 1.", encoding="utf-8")
    out = run(str(folder))
    assert f"Duplicate: already imported as article {existing.pk}." in out
    stored = Article.objects.exclude(pk=existing.pk).get()
    assert f"Duplicate: already imported as article {stored.pk}." in out
    assert Activity.objects.filter(action="article.create").count() == 1


def test_a_batch_size_below_one_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--batch-size"):
        run(str(_folder(tmp_path, 1)), "--batch-size", "0")
    assert not Article.objects.exists()


def test_a_stored_batch_is_indexed_for_speakers_and_matching_once_it_commits(
    tmp_path, reviewer, django_capture_on_commit_callbacks
):
    (tmp_path / "one.txt").write_text(
        'Mayor Ana Ruiz said the city approved a budget of $4.2 billion on Monday. "Parks '
        'spending will rise by 12 percent," Ruiz said.',
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run(str(tmp_path), "--user", reviewer.username)
    assert len(callbacks) == 1
    article = Article.objects.get()
    assert SpeakerMention.objects.filter(claim__article=article).exists()
    assert "article.match" in set(article.activities.values_list("action", flat=True))


def test_a_batch_keeps_the_dashboard_tallies_and_the_speaker_texts(tmp_path):
    # A batch's COPY goes through the database's own triggers (claims/dashboard/tally.py,
    # migration 0016's speaker texts on PostgreSQL): what they kept must equal a full recount.
    from django.db import connection

    from claims.dashboard import tally
    from claims.models_speakers import DeskDay

    run(str(_folder(tmp_path, 6)), "--batch-size", "4")
    assert Claim.objects.count() > 0

    def kept() -> set[tuple]:
        return set(
            DeskDay.objects.filter(n__gt=0).values_list(
                "day", "metric", "grain", "type", "outlet", "key", "n"
            )
        )

    by_triggers = kept()
    assert by_triggers
    tally.rebuild()
    assert kept() == by_triggers
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT DISTINCT speaker FROM claims_claim"
                " WHERE speaker <> '' EXCEPT SELECT speaker FROM claims_speakername) missing"
            )
            assert cursor.fetchone()[0] == 0
