"""Background tasks (django.tasks API): run by `manage.py db_worker` in production and
immediately in tests (ImmediateBackend)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task


@task()
def extract_article_claims(article_id: int, actor_id: int | None = None) -> str:
    from claims.services.articles import article_extraction_run

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    article = article_extraction_run(article_id=article_id, actor=actor)
    return article.extraction_status


@task()
def index_imported_articles(article_ids: list[int], actor_id: int | None = None) -> int:
    """What a single extraction does after storing its claims (speaker index, Checked
    before?), for a batch a folder import stored in one transaction: in the worker, so the
    import itself stays a fixed number of statements per batch."""
    from claims.models import Article
    from claims.services.articles import match_after_extraction
    from claims.services.speakers import speakers_sync_article

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    articles = list(Article.objects.filter(pk__in=article_ids))
    for article in articles:
        speakers_sync_article(article_id=article.pk)
        match_after_extraction(article, actor)
    return len(articles)


@task()
def match_claims_later(claim_ids: list[int]) -> int:
    """Checked before? for claims never matched (the panel's first view of an old claim): in
    the worker, so the page never waits for the full-text engine. Claims matched meanwhile (a
    second view queued them again) are skipped."""
    from claims.models import Claim, ClaimStatus
    from claims.services.matching import claims_match

    claims = (
        Claim.objects.select_related("article")
        .filter(pk__in=claim_ids, match_state__isnull=True)
        .exclude(status=ClaimStatus.REJECTED)
    )
    return claims_match(claims=claims)
