"""Import articles from a file, a folder of files, or a URL, and extract their claims.

    python manage.py import_article story.html --outlet "Daily Example"
    python manage.py import_article ./articles/            # every .txt/.md/.html in it
    python manage.py import_article story.txt --url https://news.example/story
    python manage.py import_article https://news.example/story

Extraction runs in this process by default (a command line has nobody waiting on a page),
and articles are stored in batches of --batch-size, one transaction each
(claims.services.importing); --enqueue stores them one by one and hands extraction to the
task worker instead.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator

from claims.services.articles import (
    DuplicateArticle,
    article_create,
    article_extraction_schedule,
)
from claims.services.importing import (
    BATCH_SIZE,
    ImportResult,
    ImportTimings,
    articles_import_batch,
)
from claims.services.ingest import (
    UPLOAD_EXTENSIONS,
    ArticleDraft,
    IngestError,
    draft_from_upload,
    draft_from_url,
    title_from_text,
)


class ProgressBar:
    """A one-line bar on stderr, redrawn in place; silent when stderr is not a terminal
    unless forced, so logs and CI output stay readable."""

    def __init__(self, total: int, stream: TextIO, *, enabled: bool) -> None:
        self.total, self.stream, self.enabled = total, stream, enabled
        self.done = 0
        self.started = time.monotonic()

    def step(self, label: str = "") -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        rate = self.done / max(time.monotonic() - self.started, 1e-6)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
            f"{rate:5.1f}/s {label[:30]:<30}"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Import an article (file, folder of files, or URL) and extract its claims."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="A .txt/.md/.html file, a folder of them, or a URL.")
        parser.add_argument("--title", default="", help="Title (default: from the page/file).")
        parser.add_argument("--outlet", default="", help="Outlet that published it.")
        parser.add_argument(
            "--author", default="", help="Author (default: the page's, or the text's byline)."
        )
        parser.add_argument(
            "--url",
            default="",
            help="The article's address, which a published ClaimReview carries (one article).",
        )
        parser.add_argument("--published", default="", help="Publication date, YYYY-MM-DD.")
        parser.add_argument("--user", default="", help="Username recorded as the submitter.")
        parser.add_argument(
            "--enqueue", action="store_true", help="Leave extraction to the task worker."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Articles stored per transaction (default {BATCH_SIZE}).",
        )
        parser.add_argument(
            "--progress",
            choices=["auto", "always", "never"],
            default="auto",
            help="Progress bar for folders (auto: only on a terminal).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options["user"])
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        self.batch_size = options["batch_size"]
        # Read by bench/bench_import.py to report extraction and storage apart.
        self.timings = ImportTimings()
        overrides = {
            "title": options["title"],
            "outlet": options["outlet"],
            "author": options["author"],
            "published": self._date(options["published"]),
            "url": self._url(options["url"]),
        }
        source: str = options["source"]
        inline = not options["enqueue"]
        if source.startswith(("http://", "https://")):
            draft = self._or_fail(lambda: draft_from_url(source))
            self._import_one(draft.with_overrides(**overrides), user, inline, strict=True)
            return
        path = Path(source)
        if path.is_dir():
            if overrides["url"]:
                raise CommandError("--url names one article; it cannot be given with a folder.")
            self._import_folder(path, overrides, user, inline, options["progress"])
            return
        if not path.is_file():
            raise CommandError(f"{source} is neither a file, a folder nor an http(s) URL.")
        draft = self._or_fail(lambda: self._read(path))
        self._import_one(draft.with_overrides(**overrides), user, inline, strict=True)

    # ---------------------------------------------------------------------------------

    def _user(self, username: str) -> AbstractBaseUser | None:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        return user

    def _date(self, value: str) -> date | None:
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--published {value!r} is not a YYYY-MM-DD date.") from exc

    def _url(self, value: str) -> str:
        value = value.strip()
        if not value:
            return ""
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError as exc:
            raise CommandError(f"--url {value!r} is not an http(s) address.") from exc
        if len(value) > 2000:
            raise CommandError("--url is longer than 2,000 characters.")
        return value

    def _or_fail(self, build: Any) -> ArticleDraft:
        try:
            return build()
        except IngestError as exc:
            raise CommandError(str(exc)) from exc

    def _read(self, path: Path) -> ArticleDraft:
        return draft_from_upload(path.name, path.read_bytes())

    def _report(self, result: ImportResult, *, strict: bool) -> str:
        if result.outcome == "duplicate":
            self.stdout.write(f"Duplicate: already imported as article {result.article_id}.")
        elif result.outcome == "failed":
            self.stdout.write(
                f"Article {result.article_id}: claim extraction failed: {result.error}"
            )
            if strict:
                raise CommandError("Claim extraction failed; the article was kept.")
        else:
            self.stdout.write(f"Article {result.article_id}: {result.claims} claims.")
        return result.outcome

    def _import_one(
        self, draft: ArticleDraft, user: AbstractBaseUser | None, inline: bool, *, strict: bool
    ) -> str:
        """Returns "imported", "duplicate" or "failed" (extraction failed, article kept)."""
        if inline:
            (result,) = articles_import_batch(
                drafts=[draft], submitted_by=user, timings=self.timings
            )
            return self._report(result, strict=strict)
        try:
            article = article_create(
                text=draft.text,
                title=draft.title or title_from_text(draft.text),
                outlet=draft.outlet,
                url=draft.url,
                author=draft.author,
                published=draft.published,
                submitted_by=user,
            )
        except DuplicateArticle as exc:
            self.stdout.write(f"Duplicate: already imported as article {exc.existing.pk}.")
            return "duplicate"
        article = article_extraction_schedule(article=article, actor=user, inline=inline)
        status = article.extraction_status
        if status == article.ExtractionStatus.FAILED:
            self.stdout.write(
                f"Article {article.pk}: claim extraction failed: {article.extraction_error}"
            )
            if strict:
                raise CommandError("Claim extraction failed; the article was kept.")
            return "failed"
        if status == article.ExtractionStatus.DONE:
            self.stdout.write(f"Article {article.pk}: {article.claims.count()} claims.")
        else:
            self.stdout.write(f"Article {article.pk}: claim extraction queued.")
        return "imported"

    def _import_folder(
        self,
        folder: Path,
        overrides: dict[str, Any],
        user: AbstractBaseUser | None,
        inline: bool,
        progress: str,
    ) -> None:
        files = sorted(
            p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in UPLOAD_EXTENSIONS
        )
        if not files:
            raise CommandError(f"No .txt, .md or .html files in {folder}.")
        stream = self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr
        enabled = progress == "always" or (progress == "auto" and stream.isatty())
        bar = ProgressBar(len(files), stream, enabled=enabled)
        tally = {"imported": 0, "duplicate": 0, "failed": 0, "unreadable": 0}
        batch: list[ArticleDraft] = []

        def flush() -> None:
            for result in articles_import_batch(
                drafts=batch, submitted_by=user, timings=self.timings
            ):
                tally[self._report(result, strict=False)] += 1
            batch.clear()

        # Only one batch of texts is held at a time, so memory does not grow with the folder.
        for path in files:
            try:
                draft = self._read(path).with_overrides(**overrides)
            except IngestError as exc:
                self.stdout.write(f"Skipped {path.name}: {exc}")
                tally["unreadable"] += 1
            else:
                if inline:
                    batch.append(draft)
                    if len(batch) >= self.batch_size:
                        flush()
                else:
                    tally[self._import_one(draft, user, inline, strict=False)] += 1
            bar.step(path.name)
        if batch:
            flush()
        bar.close()
        self.stdout.write(
            f"Done: {tally['imported']} imported, {tally['duplicate']} duplicates, "
            f"{tally['failed']} failed extraction, {tally['unreadable']} unreadable."
        )
