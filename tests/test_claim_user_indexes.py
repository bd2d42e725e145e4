"""Claims index who created them and who confirmed their speaker only where that is set, and
deleting such a user still clears the claims' references to them."""

from __future__ import annotations

import pytest
from django.db import connection

from claims.models import Claim
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

PARTIAL = {
    "claim_created_by_idx": "created_by_id",
    "claim_speaker_confirmed_by_idx": "speaker_confirmed_by_id",
}


def _claim_indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'claims_claim'"
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master"
                " WHERE type = 'index' AND tbl_name = 'claims_claim'"
            )
        return {name: sql or "" for name, sql in cursor.fetchall()}


def test_the_user_columns_have_only_partial_indexes():
    indexes = _claim_indexes()
    for name, column in PARTIAL.items():
        assert f"{column} IS NOT NULL" in indexes[name].replace('"', "")
    full = [
        n
        for n, sql in indexes.items()
        if n not in PARTIAL and any(c in sql for c in PARTIAL.values())
    ]
    assert not full, full


def test_deleting_a_user_clears_the_claims_they_created_or_confirmed(seeded):
    person = UserFactory()
    created = ClaimFactory(created_by=person)
    confirmed = ClaimFactory(speaker="the mayor")
    Claim.objects.filter(pk=confirmed.pk).update(
        speaker_confirmed_by=person, speaker_confirmed_at=confirmed.created
    )
    person.delete()
    assert Claim.objects.get(pk=created.pk).created_by_id is None
    assert Claim.objects.get(pk=confirmed.pk).speaker_confirmed_by_id is None
