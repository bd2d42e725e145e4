"""A repeat link goes with its original: deleting the original claim (a merge, a re-extraction
that replaces untouched claims) clears the link and its status instead of breaking the
matchstate_repeat_has_original constraint."""

from __future__ import annotations

import pytest

from claims.models import Claim, MatchState, RepeatStatus
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [RepeatStatus.SUGGESTED, RepeatStatus.CONFIRMED])
def test_deleting_the_original_clears_the_repeat_link(status):
    original, repeat = ClaimFactory(), ClaimFactory()
    MatchState.objects.create(
        claim=repeat, repeat_of=original, repeat_status=status, repeat_score=0.93
    )
    Claim.objects.filter(pk=original.pk).delete()
    state = MatchState.objects.get(claim=repeat)
    assert (state.repeat_of_id, state.repeat_status, state.repeat_score) == (None, "", None)
