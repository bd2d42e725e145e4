"""Checked before? at desk scale: batched matching gives what one-by-one matching gives, the
rare-word candidate choice, the panel never matching inside a request, and the one stored
tsvector that queue search and matching share."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from claims import tasks
from claims.matching import retrieval
from claims.models import Claim, ClaimMatch, FactCheck, MatchState
from claims.services.matching import claim_match, claims_match
from claims.tasks import match_claims_later
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

SAYINGS = [
    "Vaccines cause autism in young children, Senator Bob Smith said.",
    "Unemployment fell to 3.5 percent in Ohio last year.",
    "The city spent $4.2 billion on new bridges since 2019.",
    "Crime doubled in Springfield after the police budget was cut.",
]


def claim_saying(text: str, tail: str = "More words follow here.") -> Claim:
    article = ArticleFactory(body=f"{text} {tail}", published=date(2024, 2, 1))
    return ClaimFactory(article=article, end=len(text), quote=text, statement=text)


@pytest.fixture
def desk_and_archive() -> list[Claim]:
    for i, text in enumerate(SAYINGS):
        FactCheck.objects.create(
            claim_reviewed=text.replace("said", "claimed"),
            review_url=f"https://checks.example/{i}",
            rating_label="False",
            published=date(2023, 5, 1),
        )
    firsts = [claim_saying(text) for text in SAYINGS]
    return firsts + [claim_saying(text, "Others said so too.") for text in SAYINGS]


class QueuedOnly:
    """Stands in for the task: it stays queued, as until a worker picks it up (or, given no
    list, the queue is down)."""

    def __init__(self, queued: list[dict] | None) -> None:
        self.queued = queued

    def enqueue(self, **kwargs: object) -> None:
        if self.queued is None:
            raise RuntimeError("the queue is down")
        self.queued.append(kwargs)


def _stored(pks: list[int]) -> list[tuple]:
    return list(
        ClaimMatch.objects.filter(claim_id__in=pks)
        .order_by("claim_id", "kind", "rank")
        .values_list("claim_id", "kind", "rank", "factcheck_id", "matched_claim_id", "score")
    )


def test_a_batch_stores_exactly_what_matching_one_by_one_stores(desk_and_archive, reviewer):
    pks = [c.pk for c in desk_and_archive]
    claims = list(Claim.objects.select_related("article").filter(pk__in=pks).order_by("pk"))
    for claim in claims:
        claim_match(claim=claim, actor=reviewer)
    one_by_one = _stored(pks)
    states = dict(MatchState.objects.values_list("claim_id", "repeat_of_id"))
    assert claims_match(claims=claims) == len(claims)
    assert _stored(pks) == one_by_one
    assert dict(MatchState.objects.values_list("claim_id", "repeat_of_id")) == states
    # The second copy of each saying is a repeat of the first, found in the same batch.
    assert states[claims[len(SAYINGS)].pk] == claims[0].pk


def test_the_rarest_words_choose_the_candidates_within_the_budget() -> None:
    share = {"percent": 0.3, "state": 0.01, "tax": 0.0004}
    rows = 1_000_000.0
    chosen = retrieval.rare_lexemes(["percent", "state", "tax", "zebra"], share, 0.0001, rows)
    # zebra is not listed, so rarer than any listed word; state (10,000 rows) is over budget.
    assert chosen == ["zebra", "tax"]
    # Common words only when nothing rarer is there, and at least two words.
    assert retrieval.rare_lexemes(["percent", "state"], share, 0.0001, rows) == [
        "state",
        "percent",
    ]


def test_a_small_or_unanalysed_table_is_searched_with_every_word() -> None:
    words = ["percent", "state", "tax", "zebra"]
    assert retrieval.rare_lexemes(words, {}, 0.0, 0.0) == words


def test_the_first_view_of_an_unmatched_claim_queues_matching_and_polls(
    reviewer_client, htmx_headers, monkeypatch
) -> None:
    queued: list[dict] = []
    monkeypatch.setattr(tasks, "match_claims_later", QueuedOnly(queued))
    claim = claim_saying(SAYINGS[0])
    region = reviewer_client.get(f"/claims/{claim.pk}/checked-before/", headers=htmx_headers)
    text = region.content.decode()
    assert region.status_code == 200 and 'data-testid="match-pending"' in text
    assert 'hx-trigger="load delay:2s"' in text and "Match now" in text
    assert queued == [{"claim_ids": [claim.pk]}]
    assert not MatchState.objects.filter(claim=claim).exists()
    # Without JavaScript: the page says so and "Match now" is a plain form.
    page = reviewer_client.get(f"/claims/{claim.pk}/checked-before/").content.decode()
    assert "<html" in page and "Not matched yet" in page
    assert f'action="/claims/{claim.pk}/checked-before/match/"' in page


def test_a_queue_that_fails_leaves_the_panel_working(reviewer_client, monkeypatch) -> None:
    monkeypatch.setattr(tasks, "match_claims_later", QueuedOnly(None))
    claim = claim_saying(SAYINGS[1])
    response = reviewer_client.get(f"/claims/{claim.pk}/checked-before/")
    assert response.status_code == 200 and "Match now" in response.content.decode()


def test_the_queued_task_matches_only_claims_still_unmatched(desk_and_archive, reviewer):
    first, again = desk_and_archive[0], desk_and_archive[1]
    claim_match(claim=again, actor=reviewer)
    matched_at = MatchState.objects.get(claim=again).matched_at
    match_claims_later.enqueue(claim_ids=[first.pk, again.pk])
    assert MatchState.objects.filter(claim=first).exists()
    assert MatchState.objects.get(claim=again).matched_at == matched_at


def test_an_edited_statement_is_found_by_queue_search_and_matching(reviewer, reviewer_client):
    old = claim_saying("The harbour tunnel cost nothing at all.")
    Claim.objects.filter(pk=old.pk).update(statement="Zebras escaped the Dunmore zoo twice.")
    new = claim_saying("Zebras escaped from the Dunmore zoo twice this spring.")
    claim_match(claim=new, actor=reviewer)
    assert ClaimMatch.objects.filter(claim=new, matched_claim=old).exists()
    page = reviewer_client.get("/queue/", {"q": "Dunmore", "status": "all"}).content.decode()
    assert f"/claims/{old.pk}/" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own statistics")
def test_postgresql_keeps_one_claim_vector_and_its_word_frequencies() -> None:
    for i in range(40):
        claim_saying(f"Taxes rose by {i} percent in the county this year.")
    claim_saying("Zebras escaped the zoo.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('claims_claim_search')")
        assert cursor.fetchone()[0] is None
        cursor.execute("ANALYZE claims_claim")
    retrieval.stats_forget()
    stats = retrieval._stats()
    lexeme = retrieval._lexemes_of({"taxes", "zebras"})
    tax, zebra = lexeme["taxes"], lexeme["zebras"]
    desk = stats.share[retrieval.CLAIM_TABLE]
    assert desk[tax] > 0.9
    assert desk.get(zebra, stats.unlisted[retrieval.CLAIM_TABLE]) < desk[tax]


def test_a_claim_deleted_while_matching_runs_is_left_out(desk_and_archive, monkeypatch):
    from claims.services import matching

    original, repeat = desk_and_archive[0], desk_and_archive[len(SAYINGS)]
    real = matching.rank_desk_claims_many
    found_before: list[int] = []

    def then_deleted(queries):
        # The retrieval found the original; it is deleted before the matches are written.
        found = real(queries)
        found_before.extend(c.key for c in found[0])
        Claim.objects.filter(pk=original.pk).delete()
        return found

    monkeypatch.setattr(matching, "rank_desk_claims_many", then_deleted)
    assert claims_match(claims=[repeat]) == 1
    assert original.pk in found_before
    assert ClaimMatch.objects.filter(claim=repeat, kind="archive").exists()
    assert not ClaimMatch.objects.filter(matched_claim_id=original.pk).exists()
    assert MatchState.objects.get(claim=repeat).repeat_of_id is None
