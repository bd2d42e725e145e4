"""The dashboard page: who may see it, the range in the URL, htmx and plain, CSV downloads."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory, approved_verdict

pytestmark = pytest.mark.django_db


def test_outsider_is_refused(outsider_client):
    assert outsider_client.get("/dashboard/").status_code == 403
    assert outsider_client.get("/dashboard/waiting.csv").status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_editor_home_is_the_dashboard_and_reviewer_home_the_queue(editor_client, reviewer_client):
    assert editor_client.get("/")["Location"] == "/dashboard/"
    assert reviewer_client.get("/")["Location"] == "/queue/"


def test_reviewer_sees_every_panel_with_accessible_charts(reviewer_client):
    response = reviewer_client.get("/dashboard/?start=2026-01-01&end=2026-01-07&group=day")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("Work waiting", "Throughput", "What we published"):
        assert heading in html
    assert html.count('role="img"') >= 10
    assert "<title id=" in html and "<desc id=" in html
    assert "style=" not in html
    assert "/dashboard/throughput.csv?start=2026-01-01&amp;end=2026-01-07&amp;group=day" in html


def test_htmx_gets_only_the_panels(reviewer_client, htmx_headers):
    response = reviewer_client.get(
        "/dashboard/?start=2026-01-01&end=2026-01-07", headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="dashboard-body"')
    assert "<html" not in html


@pytest.mark.parametrize(
    "query, message",
    [
        ("start=2026-01-07&end=2026-01-01", "ends before it starts"),
        ("start=2025-01-01&end=2026-01-01&group=day", "per week instead"),
        ("start=yesterday", "Enter a valid date"),
    ],
)
def test_a_bad_range_is_a_400_with_a_message(reviewer_client, htmx_headers, query, message):
    response = reviewer_client.get(f"/dashboard/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    # htmx 2 swaps only 2xx responses, so the fragment carries the errors with a 200.
    partial = reviewer_client.get(f"/dashboard/?{query}", headers=htmx_headers)
    assert partial.status_code == 200 and message in partial.content.decode()
    assert reviewer_client.get(f"/dashboard/waiting.csv?{query}").status_code == 400


def test_unknown_panel_is_404(reviewer_client):
    assert reviewer_client.get("/dashboard/secrets.csv").status_code == 404


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_downloads_carry_the_same_numbers(reviewer_client, editor, settings):
    settings.TIME_ZONE = "UTC"
    article = ArticleFactory(outlet="=HYPERLINK(evil)")
    claim = ClaimFactory(article=article, speaker="Karine Jean-Pierre")
    approved_verdict(claim, approver=editor)
    day = claim.created.date().isoformat()
    rows = _csv(reviewer_client.get(f"/dashboard/published.csv?start={day}&end={day}"))
    assert ["range", day, day, "day"] in rows
    at = rows.index(["figure", "By outlet"])
    assert rows[at + 1] == ["Outlet", "Verdicts"]
    # Text a spreadsheet would run as a formula is defused.
    assert rows[at + 2] == ["'=HYPERLINK(evil)", "1"]
    waiting = _csv(reviewer_client.get("/dashboard/waiting.csv"))
    status = waiting.index(["figure", "Claims by status"])
    assert waiting[status + 1 : status + 7] == [
        ["Status", "Claims"],
        ["New", "0"],
        ["In review", "0"],
        ["Awaiting approval", "0"],
        ["Approved", "1"],
        ["Rejected", "0"],
    ]
    throughput = _csv(reviewer_client.get(f"/dashboard/throughput.csv?start={day}&end={day}"))
    flow = throughput.index(["figure", "Work done per day"])
    assert throughput[flow + 2] == [day, "1", "1", "1", "0"]


def test_query_count_does_not_grow_with_the_data(editor_client, editor):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert editor_client.get("/dashboard/?group=week").status_code == 200
        return len(ctx)

    def add(n: int) -> None:
        claim = ClaimFactory(speaker=f"Speaker Number{n}", article=ArticleFactory(outlet=f"O{n}"))
        approved_verdict(claim, approver=editor)
        ClaimFactory(speaker=f"Speaker Number{n}")
        waiting = ClaimFactory(status="awaiting_approval")
        VerdictFactory(claim=waiting)

    add(0)
    before = count()
    for n in range(1, 7):
        add(n)
    assert count() == before


def test_type_and_outlet_filters_apply_to_the_page_and_every_csv(
    reviewer_client, editor, settings, htmx_headers
):
    settings.TIME_ZONE = "UTC"
    for outlet, type_ in (("Gazette", "policy"), ("Gazette", "quantity"), ("Herald", "policy")):
        claim = ClaimFactory(article=ArticleFactory(outlet=outlet), type=type_)
        approved_verdict(claim, approver=editor)
    day = claim.created.date().isoformat()
    query = f"start={day}&end={day}&type=policy&outlet=Gazette"
    page = reviewer_client.get(f"/dashboard/?{query}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "quoted in <strong>Gazette</strong>" in html
    csv_link = f"/dashboard/published.csv?start={day}&amp;end={day}&amp;group=day&amp;type=policy"
    assert csv_link in html
    assert reviewer_client.get(f"/dashboard/?{query}", headers=htmx_headers).status_code == 200
    published = _csv(reviewer_client.get(f"/dashboard/published.csv?{query}"))
    assert ["type", "policy"] in published and ["outlet", "Gazette"] in published
    assert ["fact", "Verdicts in force approved in this range", "1"] in published
    waiting = _csv(reviewer_client.get(f"/dashboard/waiting.csv?{query}"))
    status = waiting.index(["figure", "Claims by status"])
    assert waiting[status + 5] == ["Approved", "1"]
    throughput = _csv(reviewer_client.get(f"/dashboard/throughput.csv?type=policy&start={day}"))
    flow = throughput.index(["figure", "Work done per day"])
    assert throughput[flow + 2][:3] == [day, "2", "2"]


def test_outlet_bars_link_to_the_filtered_dashboard(reviewer_client, editor, settings):
    settings.TIME_ZONE = "UTC"
    claim = ClaimFactory(article=ArticleFactory(outlet="Gazette & Co"))
    approved_verdict(claim, approver=editor)
    day = claim.created.date().isoformat()
    html = reviewer_client.get(f"/dashboard/?start={day}&end={day}").content.decode()
    assert f"?start={day}&amp;end={day}&amp;group=day&amp;outlet=Gazette+%26+Co" in html


def test_an_unknown_type_is_a_400(reviewer_client):
    response = reviewer_client.get("/dashboard/?type=gossip")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert reviewer_client.get("/dashboard/published.csv?type=gossip").status_code == 400
