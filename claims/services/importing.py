"""Importing many articles at once (`import_article FOLDER`): stored in batches.

One article at a time costs about 18 statements and 5 commits (status updates as separate
autocommits, a lock, a re-read, a count for the log line). Here a batch of articles is
extracted first, outside any transaction (extraction takes time and must not hold locks),
then stored in ONE transaction: a lookup of the batch's content hashes, one insert of the
articles (already marked done), one insert of all their claims (COPY on PostgreSQL), one
insert of the audit rows. Nobody watches a command-line import's progress on the article
page, so the pending and running states are never written; the audit trail still gets an
"article.create" and an "article.extract" row per article, as the one-by-one path writes.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from claims.models import Activity, Article, Claim, ClaimOrigin, ClaimStatus, content_hash
from claims.services import articles as article_services
from claims.services.ingest import ArticleDraft, title_from_text
from claims.tasks import index_imported_articles

logger = logging.getLogger(__name__)

ExtractionStatus = Article.ExtractionStatus
BATCH_SIZE = 200

# The claim columns a COPY writes, in order (the generated search vector fills itself).
_FIELD_COLUMNS = (
    "start",
    "end",
    "quote",
    "statement",
    "type",
    "score",
    "checkworthy",
    "speaker",
    "speaker_basis",
    "speaker_kind",
    "quoted",
    "quantities",
)
_QUANTITIES = _FIELD_COLUMNS.index("quantities")
_COPY_COLUMNS = ("article_id", *_FIELD_COLUMNS, "status", "version", "origin", "public_id")
_COPY_COLUMNS += ("created", "updated")


@dataclass
class ImportResult:
    """What happened to one draft: "imported", "duplicate" or "failed" (article kept)."""

    outcome: str
    article_id: int | None = None
    claims: int = 0
    error: str = ""


@dataclass
class ImportTimings:
    """Seconds spent extracting, storing and (with an immediate task backend) indexing the
    batch for speakers and matching, so each can be measured apart."""

    extract: float = 0.0
    store: float = 0.0
    match: float = 0.0
    batches: int = 0


def _extract_batch(texts: list[str]) -> list[list[Any] | Exception]:
    """The claims of each text, or the exception its extraction raised: one bad text must
    not lose the batch, so a failed batch is retried text by text to find it."""
    try:
        return list(article_services.extract_many(texts))
    except Exception:
        logger.warning("Batch extraction failed; retrying the %d texts one by one", len(texts))
    results: list[list[Any] | Exception] = []
    for text in texts:
        try:
            results.append(article_services.extract_many([text])[0])
        except Exception as exc:
            logger.exception("Claim extraction failed during an import")
            results.append(exc)
    return results


def _actor(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.pk and user.is_authenticated else None


def _uuid4_texts(chunk: int = 4096) -> Iterator[str]:
    """Random (version 4) UUIDs as 32 hex digits, drawn from os.urandom a chunk at a time, as
    uuid.uuid4 draws each one: the same values without a UUID object per claim to build and
    then format again for the COPY."""
    while True:
        raw = bytearray(os.urandom(16 * chunk))
        raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])  # version 4
        raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])  # RFC 4122 variant
        digits = raw.hex()
        for i in range(0, 32 * chunk, 32):
            yield digits[i : i + 32]


def _copy_claims(rows: Iterable[tuple[int, dict[str, Any]]], now: datetime) -> None:
    """COPY the claims in, straight from the validated field values: at tens of thousands
    of claims per second, building a model instance per claim costs more than the write.
    `rows` is consumed inside the COPY, so the claims are validated while PostgreSQL is
    already inserting the ones sent before them (its insert is the larger cost)."""
    columns = ", ".join(f'"{c}"' for c in _COPY_COLUMNS)
    # The row's constant tail, formatted once: status, version, origin, then the times.
    stamp = now.isoformat()
    new, extractor = ClaimStatus.NEW.value, ClaimOrigin.EXTRACTOR.value
    public_ids = _uuid4_texts()
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY claims_claim ({columns}) FROM STDIN") as copy,
    ):
        # public_ids never ends: the rows decide how many are drawn.
        for (article_id, f), public_id in zip(rows, public_ids, strict=False):
            values = [f[c] for c in _FIELD_COLUMNS]
            # Most claims carry no quantity: skip the encoder for those.
            quantities = values[_QUANTITIES]
            values[_QUANTITIES] = json.dumps(quantities) if quantities else "[]"
            copy.write_row((article_id, *values, new, 1, extractor, public_id, stamp, stamp))


def _store(
    drafts: list[ArticleDraft],
    extracted: list[list[Any] | Exception],
    submitted_by: AbstractBaseUser | None,
) -> list[ImportResult]:
    now = timezone.now()
    actor = _actor(submitted_by)
    hashes = [content_hash(d.text) for d in drafts]
    existing = dict(
        Article.objects.filter(content_hash__in=set(hashes)).values_list("content_hash", "pk")
    )
    results: list[ImportResult | None] = [None] * len(drafts)
    new_articles: list[tuple[int, Article]] = []
    seen: dict[str, Article] = {}
    repeats: list[tuple[int, str]] = []
    for i, (draft, digest, found) in enumerate(zip(drafts, hashes, extracted, strict=True)):
        if digest in existing:
            results[i] = ImportResult("duplicate", article_id=existing[digest])
            continue
        if digest in seen:
            # The same text twice in one folder: the first copy is stored, this one is not.
            repeats.append((i, digest))
            continue
        failed = isinstance(found, Exception)
        article = Article(
            title=(draft.title or title_from_text(draft.text)).strip()[:500] or "Untitled article",
            body=draft.text,
            outlet=draft.outlet.strip()[:200],
            url=draft.url.strip(),
            author=draft.author.strip()[:300],
            published=draft.published,
            submitted_by=actor,
            content_hash=digest,
            created=now,
            extraction_status=ExtractionStatus.FAILED if failed else ExtractionStatus.DONE,
            extraction_error=f"{type(found).__name__}: {found}"[:2000] if failed else "",
            extracted_at=None if failed else now,
            extraction_changed=now,
        )
        seen[digest] = article
        new_articles.append((i, article))
    Article.objects.bulk_create([a for _, a in new_articles])
    for i, digest in repeats:
        results[i] = ImportResult("duplicate", article_id=seen[digest].pk)
    # Claims per stored article, counted as the claims stream into the database.
    counts: dict[int, int] = {}

    def claim_rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for i, article in new_articles:
            found = extracted[i]
            if isinstance(found, Exception):
                continue
            counts[i] = 0
            for fields in article_services.claim_fields(article.body, found):
                counts[i] += 1
                yield article.pk, fields

    if connection.vendor == "postgresql":
        _copy_claims(claim_rows(), now)
    else:
        Claim.objects.bulk_create(
            [Claim(article_id=a, created=now, **f) for a, f in claim_rows()], batch_size=500
        )
    activities: list[Activity] = []
    for i, article in new_articles:
        activities.append(
            Activity(
                actor=actor,
                action="article.create",
                article=article,
                after={"title": article.title, "outlet": article.outlet, "url": article.url},
                summary=f"Added article “{article.title[:200]}”"[:300],
                created=now,
            )
        )
        if i not in counts:
            activities.append(
                Activity(
                    actor=actor,
                    action="article.extract_failed",
                    article=article,
                    after={"error": article.extraction_error[:500]},
                    summary="Claim extraction failed",
                    created=now,
                )
            )
            results[i] = ImportResult(
                "failed", article_id=article.pk, error=article.extraction_error
            )
            continue
        activities.append(
            Activity(
                actor=actor,
                action="article.extract",
                article=article,
                after={"claims": counts[i], "kept": 0, "replaced": 0},
                summary=f"Extracted {counts[i]} claims",
                created=now,
            )
        )
        results[i] = ImportResult("imported", article_id=article.pk, claims=counts[i])
    Activity.objects.bulk_create(activities)
    return [r for r in results if r is not None]


def articles_import_batch(
    *,
    drafts: list[ArticleDraft],
    submitted_by: AbstractBaseUser | None,
    timings: ImportTimings | None = None,
) -> list[ImportResult]:
    """Extract and store a batch of drafts; one result per draft, in order.

    The batch commits as one transaction. If it loses a race with someone storing the same
    text at the same moment (the content hash is unique), it falls back to storing its
    articles one by one, which reports that article as a duplicate and keeps the rest.
    """
    timings = timings if timings is not None else ImportTimings()
    started = time.perf_counter()
    extracted = _extract_batch([d.text for d in drafts])
    stored = time.perf_counter()
    timings.extract += stored - started
    try:
        with transaction.atomic():
            results = _store(drafts, extracted, submitted_by)
    except IntegrityError:
        logger.warning("An import batch collided with a concurrent import; storing one by one")
        results = []
        for draft, found in zip(drafts, extracted, strict=True):
            try:
                with transaction.atomic():
                    results.extend(_store([draft], [found], submitted_by))
            except IntegrityError:
                existing = Article.objects.filter(content_hash=content_hash(draft.text)).first()
                if existing is None:
                    raise
                results.append(ImportResult("duplicate", article_id=existing.pk))
    imported = [r.article_id for r in results if r.outcome == "imported" and r.article_id]
    indexed = time.perf_counter()
    timings.store += indexed - stored
    if imported:
        # The speaker index and Checked before? follow every stored article, as after a single
        # extraction, but as one task per batch once it has committed (run inline by the
        # immediate backend, by the worker otherwise).
        actor = _actor(submitted_by)
        transaction.on_commit(
            lambda: index_imported_articles.enqueue(
                article_ids=imported, actor_id=actor.pk if actor else None
            )
        )
    timings.match += time.perf_counter() - indexed
    timings.batches += 1
    return results
