"""Re-extract chosen articles with the current extractor, keeping every claim a person touched.

    python manage.py reextract_articles ARTICLE_ID [ARTICLE_ID ...]
    python manage.py reextract_articles --all [--queue]

Claims are never re-extracted behind the desk's back: an upgraded extractor applies to stored
articles only when someone runs this. Untouched extractor claims (new, never edited) are
replaced; edited, reviewed, rejected, split, merged and hand-added claims stay, and no new
claim is added over them. Each run is recorded in the article's history.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import Article
from claims.services import article_reextract


class Command(BaseCommand):
    help = "Re-extract claims for chosen articles (or --all), keeping claims a person touched."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("article_ids", nargs="*", type=int, metavar="ARTICLE_ID")
        parser.add_argument("--all", action="store_true", help="every article in the workbench")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="hand each article to the task worker instead of extracting here",
        )

    def handle(self, *args: Any, article_ids: list[int], **options: Any) -> None:
        if options["all"] == bool(article_ids):
            raise CommandError("Give article ids or --all (not both).")
        articles = Article.objects.order_by("pk")
        if article_ids:
            articles = articles.filter(pk__in=article_ids)
            missing = sorted(set(article_ids) - set(articles.values_list("pk", flat=True)))
            if missing:
                raise CommandError(
                    "No article with id " + ", ".join(map(str, missing)) + "; nothing was done."
                )
        failed = 0
        # iterator(): --all over a large desk must not hold every article body in memory.
        fields = ("pk", "title", "extraction_status", "extraction_changed")
        for article in articles.only(*fields).iterator(chunk_size=100):
            if article.extraction_in_progress and not article.extraction_stalled:
                self.stdout.write(f"#{article.pk}: skipped, an extraction is under way.")
                continue
            done = article_reextract(article=article, queue=options["queue"])
            if done.extraction_status == Article.ExtractionStatus.FAILED:
                failed += 1
                self.stderr.write(f"#{done.pk}: failed: {done.extraction_error}")
            else:
                self.stdout.write(
                    f"#{done.pk}: {done.get_extraction_status_display().lower()}, "
                    f"{done.claims.count()} claims"
                )
        if failed:
            raise CommandError(f"{failed} article(s) failed; they are kept, marked failed.")
