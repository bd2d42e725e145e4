"""Bringing articles in and turning them into claims."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from claims.extraction import extract_claims
from claims.models import Article, Claim, ClaimType, content_hash
from claims.services.audit import activity_record


class DuplicateArticle(Exception):
    """The same text (after normalisation) is already in the workbench."""

    def __init__(self, existing: Article) -> None:
        self.existing = existing
        super().__init__(f"This article is already in the workbench as #{existing.pk}.")


@transaction.atomic
def article_create(
    *,
    text: str,
    title: str,
    submitted_by: AbstractBaseUser | None,
    outlet: str = "",
    url: str = "",
    author: str = "",
    published: date | None = None,
) -> Article:
    """Store a new article, or raise DuplicateArticle pointing at the one already stored."""
    existing = Article.objects.filter(content_hash=content_hash(text)).first()
    if existing is not None:
        raise DuplicateArticle(existing)
    article = Article.objects.create(
        title=title.strip() or "Untitled article",
        body=text,
        outlet=outlet.strip(),
        url=url.strip(),
        author=author.strip(),
        published=published,
        submitted_by=submitted_by,
    )
    activity_record(
        actor=submitted_by,
        action="article.create",
        article=article,
        after={"title": article.title, "outlet": article.outlet, "url": article.url},
        summary=f"Added article “{article.title[:200]}”",
    )
    return article


def claims_from_extraction(article: Article, extracted: Iterable[Any]) -> list[Claim]:
    """Unsaved Claim rows for the extractor's output."""
    valid_types = set(ClaimType.values)
    return [
        Claim(
            article=article,
            start=c.start,
            end=c.end,
            quote=c.text,
            statement=c.text,
            type=c.type if c.type in valid_types else ClaimType.EVENT,
            score=min(1.0, max(0.0, float(c.score))),
            checkworthy=bool(c.checkworthy),
            speaker=c.speaker or "",
            quantities=[q.to_dict() for q in c.quantities],
        )
        for c in extracted
    ]


@transaction.atomic
def article_extract(*, article: Article, actor: AbstractBaseUser | None = None) -> list[Claim]:
    """Run the extractor over the article and store its claims, replacing earlier extractor
    claims that nobody has touched yet."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    article.claims.filter(origin="extractor", version=1, status="new").delete()
    claims = Claim.objects.bulk_create(
        claims_from_extraction(article, extract_claims(article.body))
    )
    article.extraction_status = Article.ExtractionStatus.DONE
    article.extraction_error = ""
    article.extracted_at = timezone.now()
    article.save(update_fields=["extraction_status", "extraction_error", "extracted_at"])
    activity_record(
        actor=actor,
        action="article.extract",
        article=article,
        after={"claims": len(claims)},
        summary=f"Extracted {len(claims)} claims",
    )
    return claims
