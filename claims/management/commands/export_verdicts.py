"""Export verdicts as CSV, JSON Lines, one JSON document, or ClaimReview JSON-LD.

    python manage.py export_verdicts --format csv|json|jsonl|claimreview
        [--from 2026-01-01] [--to 2026-03-31] [--outlet NAME] [--speaker NAME]
        [--type TYPE] [--rating LABEL] [--status STATUS] [--article ID]
        [--output FILE] [--base-url https://factcheck.example.org]

Without --output the export goes to standard output. ClaimReview needs the public site's
address, from FACTCHECK_PUBLIC_BASE_URL or --base-url. Every valid ClaimReview document is
written; each one left out (it breaks a property Google requires) is listed with its reasons on
standard error and the command exits with status 1. Documents missing a property Google only
recommends are written and listed as warnings (exit status 0), unless
FACTCHECK_CLAIMREVIEW_STRICT is on, which refuses them too.

The export is written to a `.export-*` file beside the target and renamed into place when
complete. SIGTERM (a deploy, a timeout) removes that file before exiting; SIGKILL cannot be
caught, so each run first removes `.export-*` files untouched for STALE_TEMP_SECONDS.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet

from claims.models import Article, Claim
from claims.reports.claimreview import ExportReport
from claims.reports.exports import FORMATS, write_export
from claims.reports.filters import ReportFilterForm, filter_claims

TEMP_PREFIX = ".export-"
# A live export writes continuously; one untouched this long belongs to a killed run.
STALE_TEMP_SECONDS = 3600


def sweep_stale_temp_files(directory: Path) -> list[Path]:
    cutoff = time.time() - STALE_TEMP_SECONDS
    removed = []
    for path in directory.glob(f"{TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path)
    return removed


class Terminated(SystemExit):
    """SIGTERM arrived mid-export."""


@contextlib.contextmanager
def _sigterm_exits() -> Iterator[None]:
    """Turn SIGTERM into an exception while the export runs, so the cleanup below runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise Terminated(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


FILTER_OPTIONS = ("from", "to", "outlet", "speaker", "type", "rating", "status")


class Command(BaseCommand):
    help = "Export verdicts (CSV, JSON, JSON Lines or ClaimReview JSON-LD), optionally filtered."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("--from", dest="from", metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="to", metavar="YYYY-MM-DD")
        parser.add_argument("--outlet")
        parser.add_argument("--speaker")
        parser.add_argument("--type")
        parser.add_argument("--rating", help="A rating label, e.g. 'Mostly false'.")
        parser.add_argument("--status")
        parser.add_argument("--article", type=int, help="Only this article's claims.")
        parser.add_argument("--output", "-o", help="File to write; standard output if omitted.")
        parser.add_argument(
            "--base-url",
            default="",
            help="Public site address for ClaimReview urls (default FACTCHECK_PUBLIC_BASE_URL).",
        )

    def handle(self, *args: Any, fmt: str, **options: Any) -> None:
        form = ReportFilterForm({k: options[k] for k in FILTER_OPTIONS if options.get(k)})
        if not form.is_valid():
            reasons = [
                f"--{name.replace('date_', '')}: {' '.join(errors)}"
                for name, errors in form.errors.items()
            ]
            raise CommandError("Invalid filter. " + " ".join(reasons))
        used = form.used()
        claims = filter_claims(used)
        if options.get("article") is not None:
            if not Article.objects.filter(pk=options["article"]).exists():
                raise CommandError(f"There is no article #{options['article']}.")
            claims = claims.filter(article_id=options["article"])
            used = {"article": str(options["article"]), **used}

        base_url = options["base_url"] or settings.FACTCHECK_PUBLIC_BASE_URL
        if fmt == "claimreview":
            if not base_url:
                raise CommandError(
                    "ClaimReview needs the public site's address: set FACTCHECK_PUBLIC_BASE_URL "
                    "or pass --base-url https://your.site"
                )
            parts = urlsplit(base_url)
            if parts.scheme not in {"http", "https"} or not parts.hostname:
                raise CommandError(f"--base-url {base_url!r} must be an absolute http(s) URL.")
        self._export(fmt, claims, used, base_url, options.get("output"))

    def _copy_to_stdout(self, path: Path) -> None:
        binary = getattr(self.stdout._out, "buffer", None)
        with path.open("rb") as source:
            if binary is not None:
                self.stdout.flush()
                shutil.copyfileobj(source, binary)
                binary.flush()
                return
            # A text stream (call_command(stdout=StringIO())): decode piece by piece.
            while block := source.read(1 << 20):
                self.stdout.write(block.decode("utf-8"), ending="")

    def _export(
        self,
        fmt: str,
        claims: QuerySet[Claim],
        used: dict[str, str],
        base_url: str,
        output: str | None,
    ) -> None:
        target = Path(output) if output else None
        directory = target.parent if target else None
        if directory is not None and not directory.is_dir():
            raise CommandError(f"Cannot write {target}: the folder {directory} does not exist.")
        sweep_stale_temp_files(directory or Path(tempfile.gettempdir()))
        report = ExportReport()
        with _sigterm_exits():
            self._write(fmt, claims, used, base_url, target, directory, report)
        if fmt != "claimreview":
            return
        for line in report.warning_lines():
            self.stderr.write(line)
        if report.refused_count:
            raise CommandError(
                "\n".join(
                    [
                        f"Exported {report.exported} ClaimReview document(s).",
                        *report.refusal_lines(),
                    ]
                ),
                returncode=1,
            )

    def _write(
        self,
        fmt: str,
        claims: QuerySet[Claim],
        used: dict[str, str],
        base_url: str,
        target: Path | None,
        directory: Path | None,
        report: ExportReport,
    ) -> None:
        # Written beside the target and renamed into place only once complete, so a failed
        # export never leaves a partial file behind.
        with tempfile.NamedTemporaryFile(dir=directory, prefix=TEMP_PREFIX, delete=False) as handle:
            temp_path = Path(handle.name)
            try:
                write_export(
                    handle,
                    fmt,
                    claims=claims,
                    used_filter=used,
                    base_url=base_url or None,
                    require_domain=bool(base_url),
                    report=report,
                )
            except BaseException:
                handle.close()
                temp_path.unlink(missing_ok=True)
                raise
        if target is None:
            try:
                self._copy_to_stdout(temp_path)
            finally:
                temp_path.unlink(missing_ok=True)
            return
        os.replace(temp_path, target)
        self.stderr.write(f"Wrote {target} ({target.stat().st_size} bytes).")
