"""Match claims against earlier desk claims and the fact-check archive, on demand.

    python manage.py match_claims                 # every claim never matched
    python manage.py match_claims --all           # every claim, again
    python manage.py match_claims --article 12    # one article's claims

New articles are matched as part of extraction; this is for claims that existed before the
archive (or a new import) did.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from claims.models import Claim, ClaimStatus
from claims.services.matching import claims_match


class Command(BaseCommand):
    help = "Match claims against earlier desk claims and the archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Re-match claims matched before.")
        parser.add_argument("--article", type=int, default=None, help="Only this article.")

    def handle(self, *args: Any, **options: Any) -> None:
        claims = Claim.objects.select_related("article").exclude(status=ClaimStatus.REJECTED)
        if options["article"]:
            claims = claims.filter(article_id=options["article"])
        if not options["all"]:
            claims = claims.filter(match_state__isnull=True)
        started = time.monotonic()
        count = claims_match(claims=claims.order_by("id").iterator(chunk_size=500))
        elapsed = time.monotonic() - started
        self.stdout.write(f"Matched {count:,} claims in {elapsed:.1f}s.")
