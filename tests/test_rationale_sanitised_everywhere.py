"""Every page that shows a rationale renders it through the one sanitiser and allow-list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory, approved_verdict

HOSTILE = (
    "Checked against the **budget**.\n\n"
    '<img src="https://tracker.example/pixel.gif" alt="">\n\n'
    "![pixel](https://tracker.example/md.gif)\n\n"
    '<script>alert("x")</script>\n\n'
    '<a href="javascript:alert(1)" onclick="alert(2)">click</a>\n\n'
    "| Year | Spend |\n| --- | --- |\n| 2025 | $4.2bn |\n"
)


@pytest.fixture
def published(editor):
    claim = ClaimFactory()
    approved_verdict(claim, approver=editor, rationale=HOSTILE)
    claim.refresh_from_db()
    return claim


def _pages(claim) -> dict[str, str]:
    return {
        "claim page": reverse("claim_detail", args=[claim.pk]),
        "article report": reverse("article_report", args=[claim.article_id]),
        "public page": reverse("public_verdict", args=[claim.public_id]),
    }


@pytest.mark.parametrize("page", ["claim page", "article report", "public page"])
def test_hostile_rationale_is_rendered_by_one_allow_list_on_every_page(
    reviewer_client, published, page
):
    response = reviewer_client.get(_pages(published)[page])
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>budget</strong>" in html
    # The raw text may appear escaped (the edit form's textarea); never as a live element.
    assert 'src="https://tracker.example' not in html
    assert "<img" not in html
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html
    assert 'onclick="' not in html
    # Pipe tables are part of the allow-list and render as tables everywhere.
    assert "<table>" in html and "<td>$4.2bn</td>" in html
