"""Load the demo: the seed article with its claims, and the demo users.

Idempotent: running it again leaves one article and the same users. Passwords are
generated once and kept in .demo-passwords (git-ignored) and printed once per run.

The article comes with what ClaimReview needs (claims/demo_data/articles.json: a URL, an
outlet a reader can be shown, a date), so an approved demo verdict can be published and
exported as it is.
"""

from __future__ import annotations

import json
import secrets
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.text import slugify

from claims.models import Article, content_hash
from claims.roles import Role
from claims.services import activity_record, article_create, article_extract

SEED_PATH = settings.BASE_DIR.parent / "shared" / "eval" / "articles" / "seed_mobilization.txt"
# Written in the workbench's own words about the same events, for machines without ../shared.
DEMO_PATH = Path(__file__).resolve().parents[2] / "demo_data" / "mobilization.txt"
METADATA_PATH = DEMO_PATH.parent / "articles.json"
# Older demo loads named the outlet after the file's path; it must not reach public pages.
LEGACY_OUTLETS = ("Seed article (shared/eval)", "Workbench demo")
PASSWORD_FILE = settings.BASE_DIR / ".demo-passwords"
DEMO_USERS = (("reviewer", Role.REVIEWER), ("editor", Role.EDITOR))


def _passwords() -> dict[str, str]:
    known: dict[str, str] = {}
    if PASSWORD_FILE.exists():
        for line in PASSWORD_FILE.read_text().splitlines():
            name, _, password = line.partition(" ")
            if name and password:
                known[name] = password
    for name, _role in DEMO_USERS:
        known.setdefault(name, "demo-" + secrets.token_urlsafe(9))
    PASSWORD_FILE.write_text("".join(f"{k} {v}\n" for k, v in known.items()))
    PASSWORD_FILE.chmod(0o600)
    return known


def _metadata(path: Path) -> dict[str, Any]:
    known = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    entry = known.get(path.name)
    if entry is None:
        # Another text given with --seed: the demo outlet, titled after the file.
        entry = {
            **known[DEMO_PATH.name],
            "title": path.stem.replace("_", " ").replace("-", " ").capitalize(),
            "url": f"https://news.example/demo/{slugify(path.stem) or 'article'}",
        }
    return {
        "title": entry["title"],
        "outlet": entry["outlet"],
        "url": entry["url"],
        "published": date.fromisoformat(entry["published"]),
    }


@transaction.atomic
def _refresh_metadata(article: Article, metadata: dict[str, Any]) -> None:
    """Give a demo article loaded by an older version the details ClaimReview needs."""
    fields = ("title", "outlet", "url", "published")
    before = {name: _plain(getattr(article, name)) for name in fields}
    for name in fields:
        setattr(article, name, metadata[name])
    article.save(update_fields=list(fields))
    activity_record(
        actor=None,
        action="article.edit",
        article=article,
        summary="Demo article details updated by load_demo",
        before=before,
        after={name: _plain(metadata[name]) for name in fields},
    )


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


class Command(BaseCommand):
    help = "Load the demo article and the demo users (reviewer, editor); safe to run twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=Path, default=SEED_PATH, help="Article text to load.")

    def handle(self, *args: Any, seed: Path, **options: Any) -> None:
        passwords = _passwords()
        user_model = get_user_model()
        with transaction.atomic():
            for name, role in DEMO_USERS:
                user, _ = user_model.objects.get_or_create(username=name)
                user.set_password(passwords[name])
                user.save()
                user.groups.set([Group.objects.get(name=role)])
        path = seed if seed.exists() else DEMO_PATH
        text = path.read_text(encoding="utf-8")
        metadata = _metadata(path)
        article = Article.objects.filter(content_hash=content_hash(text)).first()
        if article is None:
            reviewer = user_model.objects.get(username="reviewer")
            article = article_create(text=text, submitted_by=reviewer, **metadata)
            article_extract(article=article, actor=None)
            self.stdout.write(f"Loaded article #{article.pk} with {article.claims.count()} claims.")
        elif article.outlet in LEGACY_OUTLETS or not article.url:
            _refresh_metadata(article, metadata)
            self.stdout.write(f"Article #{article.pk} already loaded; updated its details.")
        else:
            self.stdout.write(f"Article #{article.pk} already loaded; nothing to add.")
        self.stdout.write("Demo logins:")
        for name, _role in DEMO_USERS:
            self.stdout.write(f"  {name:9} password: {passwords[name]}")
