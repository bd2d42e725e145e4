"""Importing the fact-check archive: formats, re-imports, bad rows, URLs and the upload page."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from claims import fetch
from claims.models import Activity, FactCheck
from tests.matching_data import CLAIMS, claimreview, csv_archive, feed
from tests.pages_server import serve_pages

pytestmark = pytest.mark.django_db


def _run(path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_factchecks", str(path), stdout=out, stderr=err, progress="never")
    return out.getvalue(), err.getvalue()


def test_a_single_claimreview_document_is_imported(tmp_path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(claimreview(1, CLAIMS[0])))
    out, _ = _run(path)
    fc = FactCheck.objects.get()
    assert "1 new" in out
    assert fc.claim_reviewed == CLAIMS[0]
    assert (fc.rating_label, fc.rating_value, fc.best_rating) == ("False", 1.0, 5.0)
    assert (fc.publisher, fc.claimant, fc.language) == ("Example Checks", "Jane Doe", "en")
    assert str(fc.published) == "2024-03-01"
    assert fc.origin == str(path)


def test_an_array_and_a_datafeed_are_imported(tmp_path) -> None:
    (tmp_path / "a.json").write_text(
        json.dumps([claimreview(1, CLAIMS[0]), claimreview(2, CLAIMS[1])])
    )
    (tmp_path / "b.jsonld").write_bytes(feed([claimreview(3, CLAIMS[2])]))
    _run(tmp_path)
    assert FactCheck.objects.count() == 3


def test_a_csv_with_the_documented_header_is_imported(tmp_path) -> None:
    path = tmp_path / "archive.csv"
    path.write_bytes(csv_archive([(CLAIMS[0], "https://csv.example/1", "Mostly false")]))
    _run(path)
    fc = FactCheck.objects.get()
    assert (fc.rating_label, fc.publisher, str(fc.published)) == (
        "Mostly false",
        "CSV Checks",
        "2023-05-06",
    )


def test_reimporting_updates_by_review_url_and_never_duplicates(tmp_path) -> None:
    path = tmp_path / "feed.json"
    path.write_bytes(feed([claimreview(1, CLAIMS[0]), claimreview(2, CLAIMS[1])]))
    _run(path)
    out, _ = _run(path)
    assert "0 new" in out and "2 unchanged" in out
    path.write_bytes(feed([claimreview(1, CLAIMS[0], label="Mostly false", value=2)]))
    out, _ = _run(path)
    assert "1 updated" in out
    assert FactCheck.objects.count() == 2
    assert (
        FactCheck.objects.get(review_url="https://checks.example/reviews/1").rating_label
        == "Mostly false"
    )


def test_bad_rows_are_reported_and_skipped(tmp_path) -> None:
    bad_url = claimreview(2, CLAIMS[1]) | {"url": "javascript:alert(1)"}
    no_claim = claimreview(3, "") | {"claimReviewed": ""}
    bad_date = claimreview(4, CLAIMS[2]) | {"datePublished": "sometime"}
    path = tmp_path / "feed.json"
    path.write_bytes(feed([claimreview(1, CLAIMS[0]), bad_url, no_claim, bad_date]))
    out, err = _run(path)
    assert FactCheck.objects.count() == 1
    assert "3 skipped" in out
    assert "record 2" in err and "not an http(s) URL" in err
    assert "record 3" in err and "No claim reviewed" in err
    assert "could not be read" in err


def test_a_file_that_is_neither_json_nor_the_csv_header_is_refused(tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="header"):
        _run(path)
    broken = tmp_path / "broken.json"
    broken.write_text('[{"@type": "ClaimReview", ')
    with pytest.raises(CommandError, match="JSON"):
        _run(broken)
    assert not FactCheck.objects.exists()


def test_the_import_is_audited(tmp_path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(claimreview(1, CLAIMS[0])))
    _run(path)
    activity = Activity.objects.get(action="archive.import")
    assert activity.after["created"] == 1


def test_a_url_is_fetched_through_the_safe_fetcher(monkeypatch) -> None:
    monkeypatch.setattr(fetch, "is_public_address", lambda address: True)
    with serve_pages() as (base, pages):
        pages["/feed.json"] = (200, "application/ld+json", feed([claimreview(1, CLAIMS[0])]))
        pages["/page"] = (200, "image/png", b"\x89PNG")
        out = io.StringIO()
        call_command("import_factchecks", base + "/feed.json", stdout=out, progress="never")
        assert FactCheck.objects.count() == 1
        with pytest.raises(CommandError, match="image/png"):
            call_command("import_factchecks", base + "/page", stdout=out, progress="never")


def test_a_url_on_the_local_network_is_refused() -> None:
    with serve_pages() as (base, pages):
        pages["/feed.json"] = (200, "application/json", b"[]")
        with pytest.raises(CommandError, match="private or reserved"):
            call_command("import_factchecks", base + "/feed.json", progress="never")


def test_an_archive_over_its_size_limit_is_refused_while_streaming(monkeypatch, settings) -> None:
    settings.FACTCHECK_ARCHIVE_MAX_BYTES = 2048
    monkeypatch.setattr(fetch, "is_public_address", lambda address: True)
    big = feed([claimreview(i, CLAIMS[i % 3]) for i in range(50)])
    with serve_pages() as (base, pages):
        pages["/big.json"] = (200, "application/json", big)
        with pytest.raises(CommandError, match="larger than"):
            call_command("import_factchecks", base + "/big.json", progress="never")


def test_editors_upload_an_archive_in_the_browser(editor_client) -> None:
    upload = SimpleUploadedFile("feed.json", feed([claimreview(1, CLAIMS[0])]), "application/json")
    response = editor_client.post("/archive/import/", {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "1 new" in response.content.decode()
    assert FactCheck.objects.count() == 1


def test_an_htmx_upload_answers_with_the_upload_region(editor_client, htmx_headers) -> None:
    upload = SimpleUploadedFile(
        "a.csv", csv_archive([(CLAIMS[1], "https://csv.example/9", "False")])
    )
    response = editor_client.post("/archive/import/", {"file": upload}, headers=htmx_headers)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="archive-upload"' in body and "<html" not in body
    assert "1 new" in body


def test_a_bad_upload_is_refused_with_a_message(editor_client) -> None:
    upload = SimpleUploadedFile("notes.txt", b"hello")
    response = editor_client.post("/archive/import/", {"file": upload})
    assert response.status_code == 422
    assert "Upload a .json, .jsonld or .csv file." in response.content.decode()
    upload = SimpleUploadedFile("x.json", b"{not json")
    response = editor_client.post("/archive/import/", {"file": upload})
    assert response.status_code == 422
    assert not FactCheck.objects.exists()


def test_reviewers_cannot_import(reviewer_client) -> None:
    assert reviewer_client.get("/archive/import/").status_code == 403
