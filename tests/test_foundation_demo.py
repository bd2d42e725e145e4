"""The demo data `make run` loads."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from claims.models import Article, Claim
from claims.roles import is_editor, is_reviewer

pytestmark = pytest.mark.django_db

SEED = (
    Path(__file__).resolve().parents[2] / "shared" / "eval" / "articles" / "seed_mobilization.txt"
)


@pytest.fixture
def passwords_file(tmp_path, monkeypatch):
    from claims.management.commands import load_demo

    path = tmp_path / ".demo-passwords"
    monkeypatch.setattr(load_demo, "PASSWORD_FILE", path)
    return path


def test_load_demo_twice_duplicates_nothing_and_keeps_passwords(passwords_file):
    first, second = StringIO(), StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)
    assert Article.objects.count() == 1
    assert get_user_model().objects.filter(username__in=["reviewer", "editor"]).count() == 2
    # The same logins are printed both times, so a second `make run` does not lock anyone out.
    assert first.getvalue().split("Demo logins:")[1] == second.getvalue().split("Demo logins:")[1]
    reviewer = get_user_model().objects.get(username="reviewer")
    password = passwords_file.read_text().splitlines()[0].split(" ", 1)[1]
    assert reviewer.check_password(password)
    assert is_reviewer(reviewer) and not is_editor(reviewer)
    assert is_editor(get_user_model().objects.get(username="editor"))


@pytest.mark.skipif(not SEED.exists(), reason="../shared/eval is not beside the project")
def test_demo_loads_the_seed_article_with_its_claims(passwords_file):
    call_command("load_demo", stdout=StringIO())
    article = Article.objects.get()
    assert article.body == SEED.read_text(encoding="utf-8")
    troops = Claim.objects.get(article=article, quote__contains="300,000 reserve troops")
    assert troops.type == "quantity"
    assert any(q.get("value") == 300000 or q.get("low") == 300000 for q in troops.quantities)


def test_demo_falls_back_to_its_own_article_without_shared(passwords_file, tmp_path):
    call_command("load_demo", seed=tmp_path / "missing.txt", stdout=StringIO())
    article = Article.objects.get()
    assert "300,000 reservists" in article.body
    assert article.claims.filter(speaker__icontains="Jean-Pierre").exists()
