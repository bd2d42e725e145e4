"""The queue's rows, printed in Python, are the markup the queue template printed before.

REFERENCE (tests/reference/queue_row.html) is that template's row, kept as the
specification; every case below renders both and compares them: text that needs escaping
everywhere, long statements, a missing outlet and speaker, the checked-before badge, each
verdict state and each assignee state.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone

from claims.models import ClaimStatus, MatchState
from claims.services.queue import assignment_is_live
from claims.views.queue_rows import queue_rows
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory, approved_verdict

# The queue template's row loop before the rows moved to Python (git show ee25e31).
REFERENCE = Template((Path(__file__).parent / "reference" / "queue_row.html").read_text())
NASTY = "He said \"<script>alert(1)</script>\" & left, 'quoted' — ok"


def _rows(claims):
    for claim in claims:
        claim.assignment_live = assignment_is_live(claim)
    expected = REFERENCE.render(Context({"claims": claims}))
    return expected, "".join(f"\n      {row}\n" for row in queue_rows(claims))


def _normalised(html: str) -> str:
    return " ".join(html.split()).replace("> <", "><")


@pytest.mark.parametrize("outlet", ['The <Daily> & "Example"', ""])
def test_rows_print_what_the_template_printed(db, reviewer, editor, outlet):
    article = ArticleFactory(title=NASTY + " " + "very long title " * 4, outlet=outlet)
    plain = ClaimFactory(article=article, statement=NASTY, speaker=NASTY, score=0.125)
    long = ClaimFactory(article=article, statement=(NASTY + " ") * 8, speaker="", score=0.615)
    MatchState.objects.create(claim=long, checked_before=True)
    published = ClaimFactory(article=article)
    approved_verdict(published, label="True", approver=editor)
    awaiting = ClaimFactory(article=article, status=ClaimStatus.AWAITING_APPROVAL)
    VerdictFactory(claim=awaiting, reviewer=reviewer)
    held = ClaimFactory(
        article=article,
        status=ClaimStatus.IN_REVIEW,
        assignee=reviewer,
        assigned_at=timezone.now(),
    )
    VerdictFactory(claim=held, reviewer=reviewer)
    expired = ClaimFactory(
        article=article,
        status=ClaimStatus.IN_REVIEW,
        assignee=reviewer,
        assigned_at=timezone.now() - timedelta(days=3),
    )
    claims = [
        type(c)
        .objects.select_related("article", "assignee", "current_verdict__rating", "match_state")
        .get(pk=c.pk)
        for c in (plain, long, published, awaiting, held, expired)
    ]
    expected, printed = _rows(claims)
    assert _normalised(printed) == _normalised(expected)
    assert "<script>" not in printed
    assert "Checked before" in printed and "expired" in printed
