"""Exports say how each speaker was found and what it is, and ClaimReview names as a claim's
author only a person or an organisation."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from claims.reports.claimreview import (
    ExportReport,
    build_claimreview,
    claim_author,
    organization,
    rating_scale,
    validate_claimreview,
)
from claims.reports.exports import COLUMNS, export_chunks, iter_rows
from claims.reports.filters import filter_claims
from tests.factories import ArticleFactory, ClaimFactory, approved_verdict

pytestmark = pytest.mark.django_db

BASE = "https://factcheck.example.org"


def _text(fmt: str) -> str:
    return "".join(export_chunks(fmt, claims=filter_claims({}), used_filter={}, base_url=BASE))


def _doc(claim) -> dict[str, Any]:
    row = next(iter_rows(filter_claims({}).filter(pk=claim.pk)))
    return build_claimreview(row, base_url=BASE, scale=rating_scale(), author=organization())


@pytest.fixture
def guessed():
    return ClaimFactory(speaker="Ada Park", speaker_basis="pronoun", speaker_kind="person")


def test_speaker_columns_follow_the_speaker_in_every_export(guessed):
    assert COLUMNS[COLUMNS.index("speaker") + 1 : COLUMNS.index("speaker") + 3] == (
        "speaker_basis",
        "speaker_kind",
    )
    (row,) = list(csv.DictReader(io.StringIO(_text("csv"))))
    assert (row["speaker"], row["speaker_basis"], row["speaker_kind"]) == (
        "Ada Park",
        "pronoun",
        "person",
    )
    (line,) = _text("jsonl").splitlines()
    assert json.loads(line)["speaker_basis"] == "pronoun"
    (record,) = json.loads(_text("json"))["claims"]
    assert record["speaker_kind"] == "person"


def test_a_claim_without_a_speaker_exports_empty_speaker_fields():
    ClaimFactory(speaker="", speaker_basis="", speaker_kind="")
    (row,) = list(csv.DictReader(io.StringIO(_text("csv"))))
    assert (row["speaker_basis"], row["speaker_kind"]) == ("", "")


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("person", {"@type": "Person", "name": "the speaker"}),
        ("organization", {"@type": "Organization", "name": "the speaker"}),
        # A document or data cannot make a claim; nor is a speaker of unknown kind a person.
        ("document", {"@type": "Organization", "name": "Evening Post"}),
        ("data", {"@type": "Organization", "name": "Evening Post"}),
        ("", {"@type": "Organization", "name": "Evening Post"}),
    ],
)
def test_claim_author_type_follows_the_speaker_kind(kind, expected):
    claim = ClaimFactory(
        speaker="the speaker", speaker_kind=kind, article=ArticleFactory(outlet="Evening Post")
    )
    approved_verdict(claim)
    doc = _doc(claim)
    assert doc["itemReviewed"]["author"] == expected
    assert validate_claimreview(doc, base_url=BASE) == []


def test_an_organisation_speaker_is_published_as_an_organisation():
    claim = ClaimFactory(
        speaker="Acme Corp", speaker_kind="organization", article=ArticleFactory(outlet="")
    )
    approved_verdict(claim)
    (doc,) = json.loads(_text("claimreview"))
    assert doc["itemReviewed"]["author"] == {"@type": "Organization", "name": "Acme Corp"}


@pytest.mark.parametrize("kind", ["data", "document", ""])
def test_without_an_outlet_a_non_party_speaker_is_never_named(kind):
    row = {"speaker": "state labor data", "speaker_kind": kind, "article_outlet": ""}
    assert claim_author(row) is None
    claim = ClaimFactory(
        speaker="state labor data", speaker_kind=kind, article=ArticleFactory(outlet="")
    )
    approved_verdict(claim)
    # No author to name: the document goes out without one (a property Google only
    # recommends) and the editor is warned, instead of an author being invented.
    report = ExportReport()
    (doc,) = json.loads(
        "".join(
            export_chunks(
                "claimreview",
                claims=filter_claims({}),
                used_filter={},
                base_url=BASE,
                report=report,
            )
        )
    )
    assert "author" not in doc["itemReviewed"]
    assert report.warned_count == 1
    assert any("itemReviewed.author" in line for line in report.warning_lines())


def test_no_exported_claimreview_names_a_non_person_as_a_person():
    outlet = ArticleFactory(outlet="Evening Post")
    for kind in ("person", "organization", "document", "data", ""):
        approved_verdict(ClaimFactory(speaker=f"speaker {kind}", speaker_kind=kind, article=outlet))
    docs = json.loads(_text("claimreview"))
    people = {
        d["itemReviewed"]["author"]["name"]
        for d in docs
        if d["itemReviewed"]["author"]["@type"] == "Person"
    }
    assert people == {"speaker person"}
