"""Checked before? Matching ranks, the panel (htmx and plain), Reuse, repeats, queue filter."""

from __future__ import annotations

from datetime import date

import pytest

from claims.models import (
    Activity,
    Article,
    Claim,
    ClaimMatch,
    ClaimStatus,
    FactCheck,
    MatchState,
    RepeatStatus,
    Verdict,
)
from claims.services.matching import article_match, claim_match, closest_rating
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, approved_verdict

pytestmark = pytest.mark.django_db

VACCINE = "Vaccines cause autism in young children, Senator Bob Smith said."


def archive(**kw) -> FactCheck:
    n = FactCheck.objects.count() + 1
    data = {
        "claim_reviewed": f"Unrelated claim number {n} about tomato harvests in Spain.",
        "review_url": f"https://checks.example/{n}",
        "rating_label": "False",
        "publisher": "Example Checks",
        "published": date(2024, 1, 5),
    }
    return FactCheck.objects.create(**(data | kw))


def claim_saying(text: str, **kw) -> Claim:
    article = ArticleFactory(body=f"{text} More words follow here.", published=date(2024, 2, 1))
    return ClaimFactory(article=article, end=len(text), quote=text, statement=text, **kw)


@pytest.fixture
def vaccine_archive():
    for _ in range(5):
        archive()
    return archive(
        claim_reviewed="Bob Smith says vaccines cause autism in children.",
        title="No, vaccines do not cause autism",
        rating_label="Pants on Fire",
        claimant="Bob Smith",
    )


def test_the_matching_fact_check_ranks_first_with_reasons(vaccine_archive, reviewer) -> None:
    claim = claim_saying(VACCINE)
    state = claim_match(claim=claim, actor=reviewer)
    best = ClaimMatch.objects.filter(claim=claim, kind="archive").order_by("rank").first()
    assert best.factcheck == vaccine_archive
    assert best.score > 0.5
    assert "autism" in best.reasons["terms"] or "autism" in " ".join(best.reasons["terms"])
    assert "smith" in best.reasons["names"]
    assert state.checked_before is True
    assert Activity.objects.filter(action="claim.match", claim=claim).exists()


def test_figures_with_units_are_a_reason(reviewer) -> None:
    fc = archive(claim_reviewed="The council approved a budget of $4.2 billion for roads.")
    claim = claim_saying("The council approved a budget of $4.2 billion for roads and bridges.")
    claim_match(claim=claim, actor=reviewer)
    best = ClaimMatch.objects.filter(claim=claim, kind="archive").order_by("rank").first()
    assert best.factcheck == fc
    assert best.reasons["figures"] == ["$4.2e+09"]


def test_an_unrelated_claim_is_not_checked_before(vaccine_archive, reviewer) -> None:
    claim = claim_saying("The new bridge over the river opened to traffic on Tuesday.")
    state = claim_match(claim=claim, actor=reviewer)
    assert state.checked_before is False


def test_an_earlier_desk_claim_with_a_verdict_matches_and_is_a_repeat(reviewer) -> None:
    original = claim_saying(VACCINE)
    approved_verdict(original, label="False")
    repeat = claim_saying("Senator Bob Smith said vaccines cause autism in young children.")
    state = claim_match(claim=repeat, actor=reviewer)
    desk = ClaimMatch.objects.get(claim=repeat, kind="desk", rank=1)
    assert desk.matched_claim == original
    assert state.checked_before is True
    assert state.repeat_of == original
    assert state.repeat_status == RepeatStatus.SUGGESTED


def test_a_later_claim_is_never_the_original(reviewer) -> None:
    first = claim_saying(VACCINE)
    claim_saying("Senator Bob Smith said vaccines cause autism in young children.")
    state = claim_match(claim=first, actor=reviewer)
    assert state.repeat_of is None
    assert not ClaimMatch.objects.filter(claim=first, kind="desk").exists()


def test_extraction_matches_the_new_articles_claims(vaccine_archive, editor) -> None:
    from claims.services.articles import article_extraction_run

    article = Article.objects.create(
        title="Health row",
        body="Senator Bob Smith said on Monday that vaccines cause autism in children. "
        "He repeated the claim at a rally in Springfield attended by 2,000 people.",
        extraction_status=Article.ExtractionStatus.PENDING,
    )
    article_extraction_run(article_id=article.pk, actor=editor)
    claims = list(article.claims.all())
    assert claims
    assert MatchState.objects.filter(claim__in=claims).count() == len(claims)
    assert Activity.objects.filter(action="article.match", article=article).exists()


def test_the_command_matches_old_claims(vaccine_archive) -> None:
    from django.core.management import call_command

    claim = claim_saying(VACCINE)
    call_command("match_claims", stdout=__import__("io").StringIO())
    assert MatchState.objects.get(claim=claim).checked_before


# The panel ------------------------------------------------------------------------------


def test_the_claim_page_links_the_panel_and_loads_it_with_htmx(reviewer_client) -> None:
    claim = claim_saying(VACCINE)
    body = reviewer_client.get(f"/claims/{claim.pk}/").content.decode()
    assert f'hx-get="/claims/{claim.pk}/checked-before/"' in body
    assert f'href="/claims/{claim.pk}/checked-before/"' in body


def test_the_panel_as_a_page_and_as_an_htmx_region(
    vaccine_archive, reviewer_client, htmx_headers
) -> None:
    claim = claim_saying(VACCINE)
    plain = reviewer_client.get(f"/claims/{claim.pk}/checked-before/")
    assert plain.status_code == 200
    page = plain.content.decode()
    assert "<html" in page and "Pants on Fire" in page and "Example Checks" in page
    assert vaccine_archive.review_url in page
    assert "2024-01-05" in page or "Jan. 5, 2024" in page
    region = reviewer_client.get(f"/claims/{claim.pk}/checked-before/", headers=htmx_headers)
    text = region.content.decode()
    assert "<html" not in text and 'id="checked-before"' in text
    assert text.count('data-testid="match"') <= 5


def test_an_old_match_says_it_may_be_out_of_date(reviewer_client, settings) -> None:
    settings.FACTCHECK_MATCH_STALE_DAYS = 30
    archive(claim_reviewed="Vaccines cause autism in young children.", published=date(2015, 1, 1))
    claim = claim_saying(VACCINE)
    body = reviewer_client.get(f"/claims/{claim.pk}/checked-before/").content.decode()
    assert "may be out of date" in body


def test_outsiders_see_no_panel(outsider_client) -> None:
    claim = claim_saying(VACCINE)
    assert outsider_client.get(f"/claims/{claim.pk}/checked-before/").status_code == 403


def test_match_again_plain_redirects_and_htmx_returns_the_panel(
    vaccine_archive, reviewer_client, htmx_headers
) -> None:
    claim = claim_saying(VACCINE)
    plain = reviewer_client.post(f"/claims/{claim.pk}/checked-before/match/")
    assert plain.status_code == 302
    swapped = reviewer_client.post(
        f"/claims/{claim.pk}/checked-before/match/", headers=htmx_headers
    )
    assert swapped.status_code == 200 and "Matched again." in swapped.content.decode()


# Reuse ------------------------------------------------------------------------------------


def test_closest_rating_maps_labels_and_values() -> None:
    assert closest_rating(FactCheck(rating_label="Pants on Fire")).label == "False"
    assert closest_rating(FactCheck(rating_label="Mostly False")).label == "Mostly false"
    assert closest_rating(FactCheck(rating_label="Mixture")).label == "Half true"
    assert closest_rating(FactCheck(rating_label="Correct Attribution")).label == "True"
    assert (
        closest_rating(
            FactCheck(rating_label="", rating_value=4, best_rating=5, worst_rating=1)
        ).label
        == "Mostly true"
    )
    assert closest_rating(FactCheck(rating_label="Satire")) is None


def _reuse(client, claim, match, **headers):
    return client.post(
        f"/claims/{claim.pk}/checked-before/reuse/",
        {"version": claim.version, "match": match.pk},
        **headers,
    )


def test_reuse_starts_a_draft_verdict_with_the_fact_check_as_source(
    vaccine_archive, reviewer, reviewer_client, editor_client, editor
) -> None:
    claim = claim_saying(VACCINE)
    claim_match(claim=claim, actor=reviewer)
    claim.refresh_from_db()
    match = ClaimMatch.objects.get(claim=claim, factcheck=vaccine_archive)
    response = _reuse(reviewer_client, claim, match)
    assert response.status_code == 302 and response["Location"].endswith("#verdict")
    claim.refresh_from_db()
    verdict = claim.current_verdict
    assert verdict.rating.label == "False"
    assert "Pants on Fire" in verdict.rationale and vaccine_archive.review_url in verdict.rationale
    assert claim.status == ClaimStatus.AWAITING_APPROVAL
    assert verdict.approved_at is None
    source = claim.sources.get()
    assert source.url == vaccine_archive.review_url and source.publisher == "Example Checks"
    assert Activity.objects.filter(action="match.reuse", claim=claim).exists()
    # The archived check is a secondary source; approval still needs a primary one.
    SourceFactory(claim=claim)
    approve = editor_client.post(
        f"/claims/{claim.pk}/approve/", {"version": claim.version, "verdict": verdict.pk}
    )
    assert approve.status_code == 302
    verdict.refresh_from_db()
    assert verdict.approved_by == editor


def test_reuse_with_htmx_redirects_the_page(
    vaccine_archive, reviewer, reviewer_client, htmx_headers
) -> None:
    claim = claim_saying(VACCINE)
    claim_match(claim=claim, actor=reviewer)
    claim.refresh_from_db()
    match = ClaimMatch.objects.get(claim=claim, factcheck=vaccine_archive)
    response = _reuse(reviewer_client, claim, match, headers=htmx_headers)
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/claims/{claim.pk}/#verdict"


def test_a_stale_reuse_is_refused_and_changes_nothing(
    vaccine_archive, reviewer, reviewer_client
) -> None:
    claim = claim_saying(VACCINE)
    claim_match(claim=claim, actor=reviewer)
    claim.refresh_from_db()
    match = ClaimMatch.objects.get(claim=claim, factcheck=vaccine_archive)
    Claim.objects.filter(pk=claim.pk).update(version=claim.version + 1)
    response = _reuse(reviewer_client, claim, match)
    assert response.status_code == 409
    assert not Verdict.objects.filter(claim=claim).exists()
    assert not claim.sources.exists()


def test_a_match_of_another_claim_cannot_be_reused(
    vaccine_archive, reviewer, reviewer_client
) -> None:
    claim = claim_saying(VACCINE)
    other = claim_saying("Bob Smith says vaccines cause autism in children today.")
    claim_match(claim=other, actor=reviewer)
    match = ClaimMatch.objects.filter(claim=other).first()
    response = _reuse(reviewer_client, claim, match)
    assert response.status_code == 422
    assert not Verdict.objects.filter(claim=claim).exists()


# Repeats ----------------------------------------------------------------------------------


@pytest.fixture
def repeat_pair(reviewer):
    original = claim_saying(VACCINE)
    SourceFactory(claim=original)
    approved_verdict(original, label="False")
    repeat = claim_saying("Senator Bob Smith said vaccines cause autism in young children.")
    claim_match(claim=repeat, actor=reviewer)
    repeat.refresh_from_db()
    return original, repeat


def test_reviewers_confirm_and_undo_a_repeat_audited(
    repeat_pair, reviewer_client, htmx_headers
) -> None:
    _original, repeat = repeat_pair
    response = reviewer_client.post(f"/claims/{repeat.pk}/repeat/confirm/", headers=htmx_headers)
    assert response.status_code == 200 and "Confirmed repeat" in response.content.decode()
    state = MatchState.objects.get(claim=repeat)
    assert state.repeat_status == RepeatStatus.CONFIRMED and state.repeat_decided_by is not None
    again = reviewer_client.post(f"/claims/{repeat.pk}/repeat/confirm/", headers=htmx_headers)
    assert again.status_code == 409
    undo = reviewer_client.post(f"/claims/{repeat.pk}/repeat/undo/")
    assert undo.status_code == 302
    state.refresh_from_db()
    assert state.repeat_status == RepeatStatus.UNDONE
    actions = list(Activity.objects.filter(claim=repeat).values_list("action", flat=True))
    assert "repeat.confirm" in actions and "repeat.undo" in actions
    # A later run of matching keeps the reviewer's decision.
    claim_match(claim=repeat, actor=None)
    state.refresh_from_db()
    assert state.repeat_status == RepeatStatus.UNDONE


def test_a_confirmed_repeat_takes_the_originals_verdict_for_approval(
    repeat_pair, reviewer_client, editor_client
) -> None:
    original, repeat = repeat_pair
    refused = reviewer_client.post(
        f"/claims/{repeat.pk}/repeat/take-verdict/", {"version": repeat.version}
    )
    assert refused.status_code == 422
    reviewer_client.post(f"/claims/{repeat.pk}/repeat/confirm/")
    response = reviewer_client.post(
        f"/claims/{repeat.pk}/repeat/take-verdict/", {"version": repeat.version}
    )
    assert response.status_code == 302
    repeat.refresh_from_db()
    verdict = repeat.current_verdict
    assert verdict.rating.label == "False" and verdict.approved_at is None
    assert repeat.status == ClaimStatus.AWAITING_APPROVAL
    assert set(repeat.sources.values_list("url", flat=True)) == set(
        original.sources.values_list("url", flat=True)
    )
    approve = editor_client.post(
        f"/claims/{repeat.pk}/approve/", {"version": repeat.version, "verdict": verdict.pk}
    )
    assert approve.status_code == 302
    repeat.refresh_from_db()
    assert repeat.status == ClaimStatus.APPROVED


def test_no_repeat_to_decide_is_a_422(reviewer_client) -> None:
    claim = claim_saying(VACCINE)
    assert reviewer_client.post(f"/claims/{claim.pk}/repeat/confirm/").status_code == 422


# Queue and workspace ------------------------------------------------------------------------


def test_the_queue_filters_and_badges_checked_before_claims(
    vaccine_archive, reviewer, reviewer_client
) -> None:
    matched = claim_saying(VACCINE)
    other = claim_saying("The new bridge over the river opened to traffic on Tuesday.")
    article_match(article=matched.article, actor=reviewer)
    article_match(article=other.article, actor=reviewer)
    everything = reviewer_client.get("/queue/").content.decode()
    assert "Checked before</a>" in everything
    only = reviewer_client.get("/queue/?checked=yes").content.decode()
    assert f'href="/claims/{matched.pk}/"' in only
    assert f'href="/claims/{other.pk}/"' not in only


def test_the_workspace_badges_matched_claims(vaccine_archive, reviewer, reviewer_client) -> None:
    matched = claim_saying(VACCINE)
    article_match(article=matched.article, actor=reviewer)
    body = reviewer_client.get(f"/articles/{matched.article.pk}/").content.decode()
    assert f'href="/claims/{matched.pk}/checked-before/"' in body
