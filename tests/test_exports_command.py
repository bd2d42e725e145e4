"""`manage.py export_verdicts`: formats, filters, output files and refusals."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, approved_verdict

pytestmark = pytest.mark.django_db

BASE = "https://checks.example.org"


@pytest.fixture
def claims(editor):
    march = approved_verdict(
        ClaimFactory(speaker="the mayor"),
        approved_at=timezone.make_aware(datetime(2026, 3, 10, 9)),
        approver=editor,
    ).claim
    SourceFactory(claim=march)
    april = approved_verdict(
        ClaimFactory(speaker="the governor"),
        label="False",
        approved_at=timezone.make_aware(datetime(2026, 4, 10, 9)),
        approver=editor,
    ).claim
    open_claim = ClaimFactory()
    return {"march": march, "april": april, "open": open_claim}


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("export_verdicts", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_csv_to_stdout_has_every_claim(claims):
    rows = list(csv.DictReader(io.StringIO(_run("--format", "csv"))))
    assert {int(r["claim_id"]) for r in rows} == set(Claim.objects.values_list("id", flat=True))


def test_filters_apply(claims):
    text = _run("--format", "jsonl", "--from", "2026-04-01", "--status", "approved")
    assert [json.loads(line)["claim_id"] for line in text.splitlines()] == [claims["april"].pk]


def test_article_option_limits_to_one_article(claims):
    article = claims["march"].article
    document = json.loads(_run("--format", "json", "--article", str(article.pk)))
    assert document["filter"] == {"article": str(article.pk)}
    assert [r["claim_id"] for r in document["claims"]] == [claims["march"].pk]


def test_unknown_article_is_an_error(claims):
    with pytest.raises(CommandError, match="no article #999999"):
        _run("--format", "csv", "--article", "999999")


def test_bad_filter_is_an_error_naming_the_option(claims):
    with pytest.raises(CommandError, match="--from"):
        _run("--format", "csv", "--from", "yesterday")
    with pytest.raises(CommandError, match="--rating"):
        _run("--format", "csv", "--rating", "Pants on fire")


def test_output_file_is_written(claims, tmp_path):
    target = tmp_path / "out.csv"
    _run("--format", "csv", "--status", "approved", "--output", str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert {int(r["claim_id"]) for r in rows} == {claims["march"].pk, claims["april"].pk}
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_claimreview_needs_a_base_url(claims, settings):
    settings.FACTCHECK_PUBLIC_BASE_URL = ""
    with pytest.raises(CommandError, match="FACTCHECK_PUBLIC_BASE_URL"):
        _run("--format", "claimreview")


def test_claimreview_rejects_a_relative_base_url(claims, settings):
    settings.FACTCHECK_PUBLIC_BASE_URL = ""
    with pytest.raises(CommandError, match="absolute"):
        _run("--format", "claimreview", "--base-url", "checks.example.org")


def test_claimreview_with_base_url_option(claims, settings):
    settings.FACTCHECK_PUBLIC_BASE_URL = ""
    docs = json.loads(_run("--format", "claimreview", "--base-url", BASE))
    assert {d["url"] for d in docs} == {
        f"{BASE}/v/{claims['march'].public_id}/",
        f"{BASE}/v/{claims['april'].public_id}/",
    }


def test_claimreview_from_the_setting(claims, settings):
    settings.FACTCHECK_PUBLIC_BASE_URL = BASE
    docs = json.loads(_run("--format", "claimreview", "--rating", "False"))
    assert [d["reviewRating"]["alternateName"] for d in docs] == ["False"]


def test_invalid_claimreview_is_listed_exits_non_zero_and_the_valid_ones_are_written(
    claims, tmp_path, editor
):
    bad = approved_verdict(ClaimFactory(statement="  "), approver=editor).claim
    target = tmp_path / "reviews.jsonld"
    with pytest.raises(CommandError) as failure:
        _run("--format", "claimreview", "--base-url", BASE, "--output", str(target))
    assert failure.value.returncode == 1
    message = str(failure.value)
    assert f"Claim #{bad.pk}" in message and "claimReviewed is missing" in message
    assert "Exported 2 ClaimReview document(s)" in message
    docs = json.loads(target.read_text(encoding="utf-8"))
    assert {d["url"] for d in docs} == {
        f"{BASE}/v/{claims['march'].public_id}/",
        f"{BASE}/v/{claims['april'].public_id}/",
    }
    assert [p.name for p in tmp_path.iterdir()] == ["reviews.jsonld"]


def test_missing_recommended_properties_are_warnings_on_stderr_with_exit_status_zero(
    claims, editor
):
    bare = approved_verdict(ClaimFactory(article=ArticleFactory(url="")), approver=editor).claim
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "export_verdicts", "--format", "claimreview", "--base-url", BASE, stdout=out, stderr=err
    )
    assert len(json.loads(out.getvalue())) == 3
    assert f"Claim #{bare.pk}" in err.getvalue()
    assert "itemReviewed.appearance is missing" in err.getvalue()
    assert "recommends" in err.getvalue()


def test_strict_mode_refuses_missing_recommended_properties(claims, editor, settings):
    settings.FACTCHECK_CLAIMREVIEW_STRICT = True
    bare = approved_verdict(ClaimFactory(article=ArticleFactory(url="")), approver=editor).claim
    out = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(
            "export_verdicts",
            "--format",
            "claimreview",
            "--base-url",
            BASE,
            stdout=out,
            stderr=io.StringIO(),
        )
    assert failure.value.returncode == 1
    assert f"Claim #{bare.pk}" in str(failure.value)
    assert len(json.loads(out.getvalue())) == 2


def test_output_into_a_missing_folder_is_an_error(claims, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        _run("--format", "csv", "--output", str(tmp_path / "nope" / "out.csv"))
