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
