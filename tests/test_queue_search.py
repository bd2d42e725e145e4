"""The queue's text search runs on the database's own full-text engine on both databases
(PostgreSQL's stored tsvector, SQLite's FTS5 table): every word required, stemmed, in any
order, and nothing typed is query syntax."""

from __future__ import annotations

import pytest

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _found(client, q: str) -> list[str]:
    response = client.get("/queue/", {"q": q, "status": "all"})
    assert response.status_code == 200
    return [c.statement for c in response.context["page"].claims]


@pytest.fixture
def claims(reviewer):
    ClaimFactory(statement="Unemployment rates rose sharply in the northern counties.")
    ClaimFactory(statement="The council cut the parks budget by 12 percent.")
    ClaimFactory(statement="Hospital admissions rose after the heatwave.", speaker="Ana Ruiz")


def test_every_word_is_required_in_any_order_and_stemmed(reviewer_client, claims):
    assert _found(reviewer_client, "counties unemployment rate") == [
        "Unemployment rates rose sharply in the northern counties."
    ]
    assert _found(reviewer_client, "budget parks") == [
        "The council cut the parks budget by 12 percent."
    ]
    assert _found(reviewer_client, "budget hospital") == []


@pytest.mark.parametrize("q", ['"unbalanced', "parks AND (", "NEAR(a b)", "col:value", "*", "'"])
def test_query_syntax_typed_by_a_reviewer_is_just_words(reviewer_client, claims, q):
    _found(reviewer_client, q)
