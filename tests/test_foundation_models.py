"""Database-level rules of the data model."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from claims.models import Activity, Article, Claim, Rating, content_hash
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def test_rating_scale_is_seeded_in_order():
    labels = list(Rating.objects.values_list("label", flat=True))
    assert labels == [
        "True",
        "Mostly true",
        "Half true",
        "Mostly false",
        "False",
        "Misleading",
        "Unverifiable",
    ]
    assert Rating.objects.get(label="Unverifiable").requires_primary_source is False


def test_claim_span_must_be_a_valid_range():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(article=article, start=10, end=10)


def test_claim_score_must_lie_between_zero_and_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(score=1.5)


def test_source_url_must_be_http():
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceFactory(url="javascript:alert(1)")


def test_duplicate_article_text_is_refused_by_the_database():
    article = ArticleFactory(body="Same  text.\n")
    assert article.content_hash == content_hash("same text.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="Copy", body="Same text.")


def test_correction_needs_a_reason():
    first = VerdictFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        VerdictFactory(claim=first.claim, supersedes=first, correction_reason="")


def test_activity_rows_are_append_only():
    claim = ClaimFactory()
    row = Activity.objects.create(action="claim.edit", claim=claim, article=claim.article)
    row.summary = "rewritten"
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        Activity.objects.filter(pk=row.pk).update(summary="x")
    with pytest.raises(TypeError):
        Activity.objects.all().delete()


def test_audit_trail_outlives_the_claim():
    claim = ClaimFactory()
    Activity.objects.create(action="claim.edit", claim=claim, article=claim.article)
    Claim.objects.filter(pk=claim.pk).delete()
    assert Activity.objects.get().claim_id is None


def test_models_and_migrations_agree():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    # --check exits non-zero (SystemExit) when a model change has no migration.
    call_command("makemigrations", "claims", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
