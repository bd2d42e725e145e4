"""Importing published fact-checks into the archive (manage.py import_factchecks, the
editors' upload page). Re-importing updates by review URL and never duplicates."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from claims.matching.formats import CSV_COLUMNS, Record, read_archive
from claims.models import FactCheck
from claims.services.audit import activity_record

BATCH = 1000
FIELDS = [c for c in CSV_COLUMNS if c != "review_url"]
MAX_REPORTED = 200


@dataclass
class ImportReport:
    origin: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def read(self) -> int:
        return self.created + self.updated + self.unchanged + self.skipped

    def summary(self) -> str:
        return (
            f"{self.origin}: {self.created:,} new, {self.updated:,} updated, "
            f"{self.unchanged:,} unchanged, {self.skipped:,} skipped"
        )


def _flush(batch: dict[str, dict[str, Any]], origin: str, report: ImportReport) -> None:
    if not batch:
        return
    now = timezone.now()
    with transaction.atomic():
        existing = {f.review_url: f for f in FactCheck.objects.filter(review_url__in=list(batch))}
        new, changed = [], []
        for url, data in batch.items():
            current = existing.get(url)
            if current is None:
                new.append(FactCheck(review_url=url, origin=origin, updated=now, **data))
                continue
            if all(getattr(current, k) == v for k, v in data.items()):
                report.unchanged += 1
                continue
            for k, v in data.items():
                setattr(current, k, v)
            current.origin, current.updated = origin, now
            changed.append(current)
        # One upsert statement per batch (INSERT … ON CONFLICT (review_url) DO UPDATE) on both
        # databases: bulk_update's CASE expressions are two orders of magnitude slower.
        FactCheck.objects.bulk_create(
            [*new, *changed],
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["review_url"],
            update_fields=[*FIELDS, "origin", "updated"],
        )
    report.created += len(new)
    report.updated += len(changed)
    batch.clear()


def archive_import_records(
    *,
    records: Iterable[Record],
    origin: str,
    actor: AbstractBaseUser | None,
    progress: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Upsert the records in batches; bad ones are counted and reported, never stored.

    Batches commit one by one, so an archive of a million rows does not hold one transaction
    open and a failure late in the file keeps what was imported before it (a re-run updates
    those rows in place)."""
    report = ImportReport(origin=origin[:500])
    batch: dict[str, dict[str, Any]] = {}
    for number, record in records:
        if isinstance(record, str):
            report.skipped += 1
            if len(report.problems) < MAX_REPORTED:
                report.problems.append((number, record))
            continue
        url = record["review_url"]
        if url in batch:
            # The same review twice in one file: the later row wins, counted once.
            report.unchanged += 1
        batch[url] = {k: record[k] for k in FIELDS}
        if len(batch) >= BATCH:
            _flush(batch, report.origin, report)
            if progress:
                progress(report)
    _flush(batch, report.origin, report)
    if progress:
        progress(report)
    activity_record(
        actor=actor,
        action="archive.import",
        after={
            "origin": report.origin,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "skipped": report.skipped,
        },
        summary="Imported fact-checks: " + report.summary(),
    )
    return report


def archive_import(
    *,
    stream: IO[bytes],
    origin: str,
    actor: AbstractBaseUser | None,
    progress: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Read a ClaimReview JSON-LD or CSV archive from `stream` and upsert it (ArchiveFormatError
    if the file as a whole cannot be read; rows already committed stay)."""
    return archive_import_records(
        records=read_archive(stream), origin=origin, actor=actor, progress=progress
    )
