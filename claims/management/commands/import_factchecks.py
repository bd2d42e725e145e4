"""Import published fact-checks into the archive that claims are matched against.

    python manage.py import_factchecks feed.json        # ClaimReview JSON-LD: one, array, DataFeed
    python manage.py import_factchecks archive.csv      # CSV, header in claims/matching/formats.py
    python manage.py import_factchecks ./archives/      # every .json/.jsonld/.csv in it
    python manage.py import_factchecks https://factchecker.example/feed.json

Re-importing updates by review URL and never duplicates. Bad rows are reported and skipped.
URLs go through the SSRF-safe fetcher (claims/fetch.py) with the archive size limit
(FACTCHECK_ARCHIVE_MAX_BYTES) and are parsed as they arrive.
"""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.fetch import ARCHIVE_CONTENT_TYPES, FetchError, open_url
from claims.matching.formats import ArchiveFormatError
from claims.services.archive import ImportReport, archive_import

EXTENSIONS = {".json", ".jsonld", ".csv"}


class _Counting(io.RawIOBase):
    """Counts the bytes read, for the progress bar's share of the file."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.count = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


class Command(BaseCommand):
    help = "Import ClaimReview JSON-LD or CSV fact-checks from a file, a folder or a URL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="A file, a folder of .json/.jsonld/.csv, or a URL.")
        parser.add_argument("--user", default="", help="Username recorded in the audit trail.")
        parser.add_argument(
            "--progress",
            choices=["auto", "always", "never"],
            default="auto",
            help="Progress bar on stderr (auto: only on a terminal).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user called {options['user']!r}.")
        self.user = user
        self.progress_mode = options["progress"]
        source: str = options["source"]
        if source.startswith(("http://", "https://")):
            self._import_url(source)
            return
        path = Path(source)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in EXTENSIONS)
            if not files:
                raise CommandError(f"No .json, .jsonld or .csv files in {path}.")
            for file in files:
                self._import_file(file, fail=False)
        elif path.is_file():
            self._import_file(path, fail=True)
        else:
            raise CommandError(f"{source} is not a file, a folder or an http(s) URL.")

    def _import_file(self, path: Path, *, fail: bool) -> None:
        size = path.stat().st_size
        if size > settings.FACTCHECK_ARCHIVE_MAX_BYTES:
            self._problem(
                f"{path}: larger than the {settings.FACTCHECK_ARCHIVE_MAX_BYTES:,}-byte limit.",
                fail,
            )
            return
        with path.open("rb") as raw:
            counting = _Counting(raw)
            self._run(io.BufferedReader(counting), str(path), counting, size, fail)

    def _import_url(self, url: str) -> None:
        try:
            with open_url(
                url,
                timeout=float(settings.FACTCHECK_ARCHIVE_FETCH_TIMEOUT),
                max_bytes=settings.FACTCHECK_ARCHIVE_MAX_BYTES,
                allowed_types=ARCHIVE_CONTENT_TYPES,
                accept="application/ld+json,application/json,text/csv;q=0.9",
            ) as stream:
                counting = _Counting(stream)
                self._run(io.BufferedReader(counting), url, counting, 0, True)
        except FetchError as exc:
            raise CommandError(str(exc)) from exc

    def _run(
        self, stream: IO[bytes], origin: str, counting: _Counting, size: int, fail: bool
    ) -> None:
        started = time.monotonic()
        show = self.progress_mode == "always" or (
            self.progress_mode == "auto" and self.stderr.isatty()
        )

        def progress(report: ImportReport) -> None:
            if not show:
                return
            rate = report.read / max(time.monotonic() - started, 1e-6)
            if size:
                filled = int(30 * counting.count / size)
                bar = f"[{'#' * filled}{'.' * (30 - filled)}] "
            else:
                bar = f"{counting.count / 1e6:.1f} MB "
            self.stderr.write(f"\r{bar}{report.read:,} rows {rate:,.0f}/s", ending="")
            self.stderr.flush()

        try:
            report = archive_import(
                stream=stream, origin=origin, actor=self.user, progress=progress
            )
        except (ArchiveFormatError, FetchError) as exc:
            if show:
                self.stderr.write("")
            self._problem(f"{origin}: {exc}", fail)
            return
        if show:
            self.stderr.write("")
        elapsed = time.monotonic() - started
        for number, message in report.problems:
            self.stderr.write(f"{origin}: skipped record {number}: {message}")
        if report.skipped > len(report.problems):
            self.stderr.write(f"{origin}: … and {report.skipped - len(report.problems):,} more")
        self.stdout.write(f"{report.summary()} ({report.read / max(elapsed, 1e-6):,.0f} rows/s)")

    def _problem(self, message: str, fail: bool) -> None:
        if fail:
            raise CommandError(message)
        self.stderr.write(message)
