"""Bringing articles in and turning them into claims.

Extraction has three steps with different transaction needs: mark the article running (its
own short commit, so the page can show progress), run the extractor (no transaction: it can
take seconds and must not hold a write lock), then store claims and mark the article done in
one transaction. A failure at any point marks the article failed with the error and keeps it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from claims import extraction as extraction_engine
from claims.models import (
    Article,
    Claim,
    ClaimOrigin,
    ClaimStatus,
    ClaimType,
    SpeakerBasis,
    SpeakerKind,
    content_hash,
)
from claims.services.audit import StaleVersion, activity_record, bump_version
from claims.services.ingest import is_byline
from claims.services.policy import ensure_article_writable
from claims.services.speakers import speakers_sync_article

logger = logging.getLogger(__name__)

ExtractionStatus = Article.ExtractionStatus


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
    digest = content_hash(text)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        raise DuplicateArticle(existing)
    try:
        # A savepoint, so losing a race with an identical submission leaves the outer
        # transaction usable and reports the duplicate instead of a server error.
        with transaction.atomic():
            article = Article.objects.create(
                title=title.strip()[:500] or "Untitled article",
                body=text,
                outlet=outlet.strip()[:200],
                url=url.strip(),
                author=author.strip()[:300],
                published=published,
                submitted_by=submitted_by if submitted_by and submitted_by.pk else None,
            )
    except IntegrityError:
        raise DuplicateArticle(Article.objects.get(content_hash=digest)) from None
    activity_record(
        actor=submitted_by,
        action="article.create",
        article=article,
        after={"title": article.title, "outlet": article.outlet, "url": article.url},
        summary=f"Added article “{article.title[:200]}”",
    )
    return article


def extract_many(texts: list[str]) -> list[list[extraction_engine.Claim]]:
    """The claims of each text, in order: the one door every extraction goes through. The
    engine parses several texts together (spaCy's nlp.pipe) with the desk's model setting."""
    model = settings.FACTCHECK_NLP_MODEL
    if len(texts) == 1:
        return [extraction_engine.extract_claims(texts[0], model=model)]
    return list(extraction_engine.extract_claims_batch(texts, model=model))


def _choice(value: Any, valid: frozenset[str]) -> str:
    # An engine that predates a field, or a value this database does not know, stores "".
    return value if isinstance(value, str) and value in valid else ""


_BASES = frozenset(SpeakerBasis.values)
_KINDS = frozenset(SpeakerKind.values)


def claim_fields(body: str, extracted: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """The stored field values of each extracted claim whose span lies in the body (the one
    place that validates the extractor's output; bulk imports write these without models). A
    byline ("By Dana Whitfield, Staff Writer") names the author (see ingest.byline_author); it
    is never a claim."""
    valid_types = set(ClaimType.values)
    for c in extracted:
        if not 0 <= c.start < c.end <= len(body) or is_byline(body[c.start : c.end]):
            continue
        yield {
            "start": c.start,
            "end": c.end,
            "quote": body[c.start : c.end],
            "statement": c.text,
            "type": c.type if c.type in valid_types else ClaimType.EVENT,
            "score": min(1.0, max(0.0, float(c.score))),
            "checkworthy": bool(c.checkworthy),
            "speaker": (c.speaker or "")[:300],
            # No basis or kind without a speaker: there is nothing to confirm or to type.
            "speaker_basis": _choice(getattr(c, "speaker_basis", None), _BASES)
            if c.speaker
            else "",
            "speaker_kind": _choice(getattr(c, "speaker_kind", None), _KINDS) if c.speaker else "",
            "quoted": bool(getattr(c, "quoted", False)),
            "quantities": [q.to_dict() for q in c.quantities],
        }


def claims_from_extraction(article: Article, extracted: Iterable[Any]) -> list[Claim]:
    """Unsaved Claim rows for the extractor's output."""
    return [Claim(article=article, **fields) for fields in claim_fields(article.body, extracted)]


def _untouched(claim: Claim) -> bool:
    return (
        claim.origin == ClaimOrigin.EXTRACTOR
        and claim.version == 1
        and claim.status == ClaimStatus.NEW
    )


def article_extract(*, article: Article, actor: AbstractBaseUser | None = None) -> list[Claim]:
    """Run the extractor over the article and store its claims.

    Safe to run again: claims a person has touched (edited, rejected, split, added...) stay,
    and the extractor's claims that overlap them are not added back; untouched extractor
    claims are replaced by the new output, and a span already present is never duplicated.
    """
    extracted = extract_many([article.body])[0]
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        existing = list(article.claims.all())
        stale = [c.pk for c in existing if _untouched(c)]
        kept = [c for c in existing if not _untouched(c)]
        kept_spans = {(c.start, c.end) for c in kept}
        fresh = [
            c
            for c in claims_from_extraction(article, extracted)
            if (c.start, c.end) not in kept_spans
            and not any(k.start < c.end and c.start < k.end for k in kept)
        ]
        Claim.objects.filter(pk__in=stale).delete()
        claims = Claim.objects.bulk_create(fresh)
        speakers_sync_article(article_id=article.pk)
        article.extraction_status = ExtractionStatus.DONE
        article.extraction_error = ""
        article.extracted_at = article.extraction_changed = timezone.now()
        article.save(
            update_fields=[
                "extraction_status",
                "extraction_error",
                "extracted_at",
                "extraction_changed",
            ]
        )
        activity_record(
            actor=actor,
            action="article.extract",
            article=article,
            after={"claims": len(claims), "kept": len(kept), "replaced": len(stale)},
            summary=f"Extracted {len(claims)} claims",
        )
    return claims


def _set_extraction_status(article_id: int, status: str, error: str = "") -> None:
    # One writer for the status so every change is stamped: the stall check reads the stamp.
    Article.objects.filter(pk=article_id).update(
        extraction_status=status, extraction_error=error, extraction_changed=timezone.now()
    )


def article_extraction_run(*, article_id: int, actor: AbstractBaseUser | None = None) -> Article:
    """Extract claims now, recording progress and any failure on the article."""
    _set_extraction_status(article_id, ExtractionStatus.RUNNING)
    article = Article.objects.get(pk=article_id)
    try:
        article_extract(article=article, actor=actor)
    except Exception as exc:
        logger.exception("Claim extraction failed for article %s", article_id)
        _mark_failed(article, actor, f"{type(exc).__name__}: {exc}")
    else:
        match_after_extraction(article, actor)
    article.refresh_from_db()
    return article


def match_after_extraction(article: Article, actor: AbstractBaseUser | None) -> None:
    """Checked before? runs once the claims are stored; a failure here leaves the extraction
    done (the claim page can match again on demand)."""
    from claims.services.matching import article_match

    try:
        article_match(article=article, actor=actor)
    except Exception:
        logger.exception("Claim matching failed for article %s", article.pk)


@transaction.atomic
def _mark_failed(article: Article, actor: AbstractBaseUser | None, error: str) -> None:
    _set_extraction_status(article.pk, ExtractionStatus.FAILED, error[:2000])
    activity_record(
        actor=actor,
        action="article.extract_failed",
        article=article,
        after={"error": error[:500]},
        summary="Claim extraction failed",
    )


def article_extraction_schedule(
    *, article: Article, actor: AbstractBaseUser | None = None, inline: bool | None = None
) -> Article:
    """Extract inline for short texts (the person sees claims on the next page), otherwise
    hand the work to the task worker. Call outside any transaction so the worker can see
    the article."""
    from claims.tasks import extract_article_claims

    if inline is None:
        inline = len(article.body) <= settings.FACTCHECK_INLINE_EXTRACTION_CHARS
    _set_extraction_status(article.pk, ExtractionStatus.PENDING)
    if inline:
        return article_extraction_run(article_id=article.pk, actor=actor)
    try:
        extract_article_claims.enqueue(
            article_id=article.pk, actor_id=actor.pk if actor and actor.pk else None
        )
    except Exception as exc:
        logger.exception("Could not queue extraction for article %s", article.pk)
        _mark_failed(article, actor, f"Could not queue the extraction: {exc}")
    article.refresh_from_db()
    return article


def article_extraction_retry(*, article: Article, actor: AbstractBaseUser | None) -> Article:
    """Try a failed or stalled extraction again; one done or still under way is left be.

    The retryable state is claimed with one conditional UPDATE, so of several Retry clicks
    arriving together exactly one queues a task; the others find it pending already."""
    if not article.extraction_retryable:
        return article
    stall_cutoff = timezone.now() - timedelta(minutes=settings.FACTCHECK_EXTRACTION_STALL_MINUTES)
    claimed = (
        Article.objects.filter(pk=article.pk)
        .filter(
            Q(extraction_status=ExtractionStatus.FAILED)
            | Q(
                extraction_status__in=[ExtractionStatus.PENDING, ExtractionStatus.RUNNING],
                extraction_changed__lt=stall_cutoff,
            )
        )
        .update(extraction_status=ExtractionStatus.PENDING, extraction_changed=timezone.now())
    )
    if claimed != 1:
        article.refresh_from_db()
        return article
    activity_record(
        actor=actor,
        action="article.extract_retry",
        article=article,
        before={
            "status": article.extraction_status,
            "error": article.extraction_error[:500],
        },
        summary="Retried claim extraction",
    )
    return article_extraction_schedule(article=article, actor=actor)


# Article details -----------------------------------------------------------------------------

ARTICLE_DETAIL_FIELDS = ("title", "url", "outlet", "author", "published")


@transaction.atomic
def article_edit(
    *,
    article_id: int,
    expected_version: int,
    changes: dict[str, Any],
    actor: AbstractBaseUser,
) -> Article:
    """Change an article's details if nobody changed them since `expected_version`.

    The URL, outlet and date are what a published ClaimReview says about where a claim
    appeared: on an article with published claims only editors change them (services.policy),
    and the change moves `metadata_changed`, which the ClaimReview carries as dateModified.
    """
    article = Article.objects.get(pk=article_id)
    if article.version != expected_version:
        raise StaleVersion(article)
    changed = {
        k: v for k, v in changes.items() if k in ARTICLE_DETAIL_FIELDS and getattr(article, k) != v
    }
    if not changed:
        return article
    moves_claimreview = ensure_article_writable(article, changed, actor)
    extra = {"metadata_changed": timezone.now()} if moves_claimreview else {}
    before = {k: getattr(article, k) for k in changed}
    if not bump_version(
        Article.objects.filter(pk=article_id, version=expected_version), **changed, **extra
    ):
        raise StaleVersion(Article.objects.get(pk=article_id))
    article.refresh_from_db()
    activity_record(
        actor=actor,
        action="article.edit",
        article=article,
        before=before,
        after={k: getattr(article, k) for k in changed},
        summary="Changed the article's "
        + ", ".join(sorted(changed))
        + (" (published ClaimReview modified)" if moves_claimreview else ""),
    )
    return article


def article_reextract(
    *, article: Article, actor: AbstractBaseUser | None = None, queue: bool = False
) -> Article:
    """Run a newer extractor over an article already extracted, on purpose.

    Claims a person touched stay exactly as they are (see ``article_extract``); only the
    extractor's untouched claims are replaced. An extraction still under way is left be.
    """
    if article.extraction_in_progress and not article.extraction_stalled:
        return article
    activity_record(
        actor=actor,
        action="article.reextract",
        article=article,
        before={"status": article.extraction_status, "claims": article.claims.count()},
        summary="Re-extracted claims with the current extractor",
    )
    return article_extraction_schedule(article=article, actor=actor, inline=not queue)
