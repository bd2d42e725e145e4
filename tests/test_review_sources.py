"""Sources on a claim: added, edited and removed in place; http(s) only; conflicts refused."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from claims.models import Activity, Source
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "url": "https://stats.example.gov/budget-2024.pdf",
    "title": "Budget 2024",
    "publisher": "Statistics Office",
    "published": "2024-03-01",
    "excerpt": "Total spending: 4.2 billion.",
    "relation": "supports",
    "kind": "primary",
}


def test_reviewer_adds_a_source_with_a_plain_form_and_is_redirected(reviewer_client, reviewer):
    claim = ClaimFactory()
    response = reviewer_client.post(f"/claims/{claim.pk}/sources/", GOOD)
    assert response.status_code == 302
    assert response["Location"] == f"/claims/{claim.pk}/#sources"
    source = claim.sources.get()
    assert source.kind == "primary" and source.relation == "supports"
    assert source.added_by == reviewer
    assert Activity.objects.filter(claim=claim, action="source.add").exists()
    page = reviewer_client.get(response["Location"])
    assert b"Source added." in page.content
    assert b"Budget 2024" in page.content


def test_htmx_add_returns_the_sources_region_and_updates_checks_out_of_band(
    reviewer_client, htmx_headers
):
    claim = ClaimFactory()
    response = reviewer_client.post(f"/claims/{claim.pk}/sources/", GOOD, headers=htmx_headers)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="sources"')
    assert "Budget 2024" in content
    assert 'id="approval" class="approval-box" hx-swap-oob="true"' in content
    assert '<span id="sources-count" hx-swap-oob="true">1</span>' in content
    # Only the new history row, prepended: the history is not read and rendered again.
    assert '<ol hx-swap-oob="afterbegin:#history-list">' in content
    assert content.count('class="timeline-item"') == 1
    assert "Added secondary source" in content or "Added primary source" in content


@pytest.mark.parametrize(
    "url", ["ftp://files.example/x", "javascript:alert(1)", "file:///etc/passwd", "not a url"]
)
def test_non_http_urls_are_refused_and_the_input_kept(reviewer_client, url):
    claim = ClaimFactory()
    response = reviewer_client.post(f"/claims/{claim.pk}/sources/", {**GOOD, "url": url})
    assert response.status_code == 422
    assert not claim.sources.exists()
    content = response.content.decode()
    assert "Budget 2024" in content  # the title the user typed is still in the form


def test_invalid_source_htmx_returns_422_with_errors(reviewer_client, htmx_headers):
    claim = ClaimFactory()
    response = reviewer_client.post(
        f"/claims/{claim.pk}/sources/", {**GOOD, "url": ""}, headers=htmx_headers
    )
    assert response.status_code == 422
    assert b"Give the source" in response.content


def test_database_refuses_non_http_urls_even_without_the_form():
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(claim=claim, url="ftp://x.example/a")


def test_form_fields_have_the_documented_labels(reviewer_client):
    claim = ClaimFactory()
    # The form opens on demand: this is where "Add a source" leads without JavaScript.
    content = reviewer_client.get(f"/claims/{claim.pk}/sources/").content.decode()
    for label in ("Source URL", "Title", "Publisher", "Relation", "Kind"):
        assert (
            f'<label for="id_source_{label.lower().replace("source ", "")}">{label}</label>'
            in content
        )
    assert ">Add source</button>" in content


def _edit_data(source: Source, **changes) -> dict[str, str]:
    prefix = f"source-{source.pk}"
    data = {
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher,
        "published": "",
        "excerpt": source.excerpt,
        "relation": source.relation,
        "kind": source.kind,
        "version": str(source.version),
        **changes,
    }
    return {f"{prefix}-{k}": v for k, v in data.items()}


def test_editing_a_source_records_before_and_after(reviewer_client):
    source = SourceFactory(title="Old title")
    response = reviewer_client.post(
        f"/claims/{source.claim_id}/sources/{source.pk}/edit/",
        _edit_data(source, title="New title"),
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "New title"
    assert source.version == 2
    activity = Activity.objects.get(action="source.edit")
    assert activity.before == {"title": "Old title"}
    assert activity.after == {"title": "New title"}


def test_stale_source_edit_is_refused_showing_theirs_and_keeping_mine(
    reviewer_client, htmx_headers
):
    source = SourceFactory(title="Original")
    loaded = _edit_data(source, title="Mine")
    Source.objects.filter(pk=source.pk).update(title="Theirs", version=2)
    for headers in ({}, htmx_headers):
        response = reviewer_client.post(
            f"/claims/{source.claim_id}/sources/{source.pk}/edit/", loaded, headers=headers
        )
        assert response.status_code == 409
        content = response.content.decode()
        assert "Their version" in content and "Theirs" in content
        assert 'value="Mine"' in content
        source.refresh_from_db()
        assert source.title == "Theirs"


def test_removing_a_source_htmx_and_plain(reviewer_client, htmx_headers):
    first, second = SourceFactory(), SourceFactory()
    response = reviewer_client.post(
        f"/claims/{first.claim_id}/sources/{first.pk}/delete/",
        {"version": first.version},
        headers=htmx_headers,
    )
    assert response.status_code == 200
    assert not Source.objects.filter(pk=first.pk).exists()
    response = reviewer_client.post(
        f"/claims/{second.claim_id}/sources/{second.pk}/delete/", {"version": second.version}
    )
    assert response.status_code == 302
    assert not Source.objects.filter(pk=second.pk).exists()
    assert Activity.objects.filter(action="source.delete").count() == 2


def test_removing_a_source_someone_just_changed_is_refused(reviewer_client):
    source = SourceFactory()
    Source.objects.filter(pk=source.pk).update(version=5)
    response = reviewer_client.post(
        f"/claims/{source.claim_id}/sources/{source.pk}/delete/", {"version": 1}
    )
    assert response.status_code == 409
    assert Source.objects.filter(pk=source.pk).exists()


def test_a_source_cannot_be_edited_through_another_claims_url(reviewer_client):
    source = SourceFactory()
    other = ClaimFactory()
    response = reviewer_client.post(
        f"/claims/{other.pk}/sources/{source.pk}/delete/", {"version": 1}
    )
    assert response.status_code == 404


def test_outsider_and_anonymous_cannot_add_sources(outsider_client, client):
    claim = ClaimFactory()
    assert outsider_client.post(f"/claims/{claim.pk}/sources/", GOOD).status_code == 403
    response = client.post(f"/claims/{claim.pk}/sources/", GOOD)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not claim.sources.exists()


def test_editor_can_add_sources(editor_client):
    claim = ClaimFactory()
    assert editor_client.post(f"/claims/{claim.pk}/sources/", GOOD).status_code == 302
    assert claim.sources.count() == 1


def test_work_by_the_assignee_keeps_the_assignment_alive(reviewer_client, reviewer):
    from datetime import timedelta

    from django.utils import timezone

    earlier = timezone.now() - timedelta(minutes=50)
    claim = ClaimFactory(assignee=reviewer, assigned_at=earlier)
    reviewer_client.post(f"/claims/{claim.pk}/sources/", GOOD)
    claim.refresh_from_db()
    assert claim.assigned_at > earlier


def test_add_source_opens_on_demand_in_place_with_htmx_and_as_the_page_without_javascript(
    reviewer_client, htmx_headers
):
    claim = ClaimFactory()
    page = reviewer_client.get(f"/claims/{claim.pk}/").content.decode()
    assert 'id="source-add"' not in page
    assert f'href="/claims/{claim.pk}/sources/#source-add"' in page
    fragment = reviewer_client.get(f"/claims/{claim.pk}/sources/", headers=htmx_headers)
    content = fragment.content.decode()
    assert content.lstrip().startswith('<form method="post"')
    assert 'id="source-add"' in content and "data-focus-after-swap" in content
    assert "<html" not in content
    plain = reviewer_client.get(f"/claims/{claim.pk}/sources/").content.decode()
    assert "<html" in plain and 'id="source-add"' in plain


def test_a_sources_edit_form_opens_on_demand(reviewer_client, htmx_headers):
    claim = ClaimFactory()
    source = SourceFactory(claim=claim, title="Table 4")
    page = reviewer_client.get(f"/claims/{claim.pk}/").content.decode()
    assert f'name="source-{source.pk}-url"' not in page
    url = f"/claims/{claim.pk}/sources/{source.pk}/edit/"
    assert f'href="{url}#source-{source.pk}"' in page
    fragment = reviewer_client.get(url, headers=htmx_headers).content.decode()
    assert f'name="source-{source.pk}-url"' in fragment and ">Remove source</button>" in fragment
    plain = reviewer_client.get(url).content.decode()
    assert "<html" in plain and f'name="source-{source.pk}-url"' in plain
