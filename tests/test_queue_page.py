"""The queue page: filters in the URL, counts per status, sorting, pagination, roles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.models import ClaimStatus, ClaimType
from claims.templatetags.display import clip
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory, rating

pytestmark = pytest.mark.django_db


def _statements(response) -> list[str]:
    return [c.statement for c in response.context["page"].claims]


def test_anonymous_user_is_sent_to_login(client):
    response = client.get("/queue/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_outsider_gets_403(outsider_client):
    assert outsider_client.get("/queue/").status_code == 403


def test_editor_sees_the_queue(editor_client):
    ClaimFactory(statement="Editors see this claim.")
    response = editor_client.get("/queue/")
    assert response.status_code == 200
    assert b"Editors see this claim." in response.content


def test_default_queue_shows_open_claims_most_checkworthy_then_oldest(reviewer_client):
    now = timezone.now()
    ClaimFactory(statement="low", score=0.2)
    ClaimFactory(statement="high newer", score=0.9, created=now)
    ClaimFactory(statement="high older", score=0.9, created=now - timedelta(days=1))
    ClaimFactory(statement="done", score=1.0, status=ClaimStatus.APPROVED)
    ClaimFactory(statement="waiting", score=1.0, status=ClaimStatus.AWAITING_APPROVAL)
    response = reviewer_client.get("/queue/")
    assert _statements(response) == ["high older", "high newer", "low"]


def test_page_lists_counts_per_status(reviewer_client):
    ClaimFactory.create_batch(2)
    ClaimFactory(status=ClaimStatus.APPROVED)
    response = reviewer_client.get("/queue/")
    counts = {s["value"]: s["count"] for s in response.context["status_counts"]}
    assert counts[ClaimStatus.NEW] == 2
    assert counts[ClaimStatus.APPROVED] == 1
    assert counts[ClaimStatus.REJECTED] == 0
    assert b"Awaiting approval" in response.content


def test_status_counts_follow_the_other_filters(reviewer_client):
    ClaimFactory(type=ClaimType.QUANTITY)
    ClaimFactory(type=ClaimType.POLICY)
    response = reviewer_client.get("/queue/?type=policy")
    counts = {s["value"]: s["count"] for s in response.context["status_counts"]}
    assert counts[ClaimStatus.NEW] == 1


def test_filters_by_status_type_article_outlet_and_speaker(reviewer_client):
    article = ArticleFactory(outlet="Morning Post")
    target = ClaimFactory(
        article=article, statement="target", type=ClaimType.POLICY, speaker="The Minister"
    )
    ClaimFactory(statement="other type", type=ClaimType.EVENT)
    ClaimFactory(statement="approved", status=ClaimStatus.APPROVED, type=ClaimType.POLICY)
    assert _statements(reviewer_client.get("/queue/?type=policy")) == ["target"]
    assert _statements(reviewer_client.get(f"/queue/?article={article.pk}")) == ["target"]
    assert _statements(reviewer_client.get("/queue/?outlet=Morning+Post")) == ["target"]
    assert _statements(reviewer_client.get("/queue/?speaker=minister")) == [target.statement]
    assert _statements(reviewer_client.get("/queue/?status=approved")) == ["approved"]
    assert len(_statements(reviewer_client.get("/queue/?status=all"))) == 3


def test_speaker_filter_finds_a_speaker_edited_after_the_claim_was_stored(reviewer_client):
    claim = ClaimFactory(statement="renamed", speaker="A spokesperson")
    claim.speaker = "Dr Lena Berg"
    claim.save()
    assert _statements(reviewer_client.get("/queue/?speaker=lena+BERG")) == ["renamed"]
    assert _statements(reviewer_client.get("/queue/?speaker=spokesperson")) == []


def test_speaker_filter_reads_percent_and_underscore_as_themselves(reviewer_client):
    ClaimFactory(statement="literal", speaker="The 50% Club")
    ClaimFactory(statement="wildcard would match", speaker="The 500 Club")
    ClaimFactory(statement="underscore would match", speaker="The 50x Club")
    assert _statements(reviewer_client.get("/queue/?speaker=50%25")) == ["literal"]
    assert _statements(reviewer_client.get("/queue/?speaker=50_")) == []


def test_speaker_filter_matching_many_names_still_finds_each_claim(reviewer_client, monkeypatch):
    # Past the limit of names looked up first, the filter reads the claims by substring.
    monkeypatch.setattr("claims.services.queue.SPEAKER_NAMES_LIMIT", 1)
    ClaimFactory(statement="one", speaker="Ana Ruiz", score=0.9)
    ClaimFactory(statement="two", speaker="Ana Ruizova", score=0.5)
    ClaimFactory(statement="neither", speaker="Tom Okafor")
    assert _statements(reviewer_client.get("/queue/?speaker=ruiz")) == ["one", "two"]


def test_assignee_filter_treats_expired_assignments_as_unassigned(
    reviewer_client, reviewer, other_reviewer, settings
):
    now = timezone.now()
    ttl = timedelta(minutes=settings.FACTCHECK_ASSIGNMENT_TTL_MINUTES)
    ClaimFactory(statement="mine", assignee=reviewer, assigned_at=now)
    ClaimFactory(statement="theirs", assignee=other_reviewer, assigned_at=now)
    ClaimFactory(statement="expired", assignee=other_reviewer, assigned_at=now - ttl * 2)
    ClaimFactory(statement="free")
    assert _statements(reviewer_client.get("/queue/?assignee=me")) == ["mine"]
    assert sorted(_statements(reviewer_client.get("/queue/?assignee=unassigned"))) == [
        "expired",
        "free",
    ]
    response = reviewer_client.get("/queue/?assignee=anyone")
    assert len(_statements(response)) == 4
    assert b"expired" in response.content


def test_verdict_filter_matches_the_current_verdict(reviewer_client):
    with_false = ClaimFactory(statement="rated false")
    verdict = VerdictFactory(claim=with_false, rating=rating("False"))
    with_false.current_verdict = verdict
    with_false.save()
    ClaimFactory(statement="unrated")
    false_id = rating("False").pk
    assert _statements(reviewer_client.get(f"/queue/?verdict={false_id}")) == ["rated false"]
    assert _statements(reviewer_client.get("/queue/?verdict=none")) == ["unrated"]


def test_text_search_finds_claims_by_their_words(reviewer_client):
    ClaimFactory(statement="Unemployment fell to 4 percent last year.")
    ClaimFactory(statement="The bridge cost twice the estimate.")
    response = reviewer_client.get("/queue/?q=unemployment")
    assert _statements(response) == ["Unemployment fell to 4 percent last year."]


def test_sorting_by_newest(reviewer_client):
    now = timezone.now()
    ClaimFactory(statement="old", created=now - timedelta(days=2), score=0.9)
    ClaimFactory(statement="new", created=now, score=0.1)
    assert _statements(reviewer_client.get("/queue/?sort=newest")) == ["new", "old"]
    assert _statements(reviewer_client.get("/queue/?sort=oldest")) == ["old", "new"]


def test_pagination_keeps_the_filters_in_the_links(reviewer_client):
    ClaimFactory.create_batch(30, type=ClaimType.POLICY)
    response = reviewer_client.get("/queue/?type=policy&per_page=25")
    assert len(_statements(response)) == 25
    assert response.context["page"].has_next
    content = response.content.decode()
    assert "type=policy" in content and "page=2" in content
    second = reviewer_client.get("/queue/?type=policy&per_page=25&page=2")
    assert len(_statements(second)) == 5
    assert not second.context["page"].has_next


def test_invalid_filters_are_reported_and_ignored(reviewer_client):
    ClaimFactory(statement="still listed")
    response = reviewer_client.get("/queue/?type=nonsense&page=abc")
    assert response.status_code == 200
    assert _statements(response) == ["still listed"]
    assert b"(ignored)" in response.content


def test_htmx_request_gets_only_the_results_partial(reviewer_client, htmx_headers):
    ClaimFactory(statement="partial claim")
    response = reviewer_client.get("/queue/?type=quantity", headers=htmx_headers)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="queue-results"')
    assert "partial claim" in content
    assert "<html" not in content


def test_history_restore_gets_the_whole_page_and_responses_vary_on_htmx(reviewer_client):
    response = reviewer_client.get(
        "/queue/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert b"<html" in response.content
    assert "HX-Request" in response["Vary"]


def test_filter_form_works_without_javascript_and_lists_shortcuts(reviewer_client):
    response = reviewer_client.get("/queue/")
    content = response.content.decode()
    assert 'method="get" action="/queue/"' in content
    assert 'hx-push-url="true"' in content
    for label in ("Search", "Status", "Type", "Assignee", "Verdict", "Outlet", "Speaker"):
        assert f">{label}</label>" in content
    assert "Keyboard shortcuts" in content
    assert "<kbd>j</kbd>" in content and "<kbd>n</kbd>" in content
    assert ">Review next</button>" in content


@pytest.mark.parametrize("page_size", [25, 100])
def test_queue_query_count_does_not_grow_with_page_size(
    reviewer_client, page_size, django_assert_max_num_queries, reviewer, editor
):
    for i in range(page_size + 5):
        claim = ClaimFactory(
            assignee=reviewer if i % 2 else None, assigned_at=timezone.now() if i % 2 else None
        )
        if i % 3 == 0:
            verdict = VerdictFactory(claim=claim, reviewer=editor)
            claim.current_verdict = verdict
            claim.save()
    # Session, user, roles, the rating list, five status counts and the page itself.
    with django_assert_max_num_queries(10):
        response = reviewer_client.get(f"/queue/?per_page={page_size}&q=budget")
    assert len(response.context["page"].claims) == page_size


def test_plain_form_submission_is_sent_to_the_address_without_empty_fields(reviewer_client):
    response = reviewer_client.get(
        "/queue/?q=budget&status=open&type=&assignee=anyone&verdict=&outlet=&sort=priority"
        "&per_page=25"
    )
    assert response.status_code == 302
    assert response["Location"] == "/queue/?q=budget"


def test_htmx_filter_change_shows_the_filters_in_use_and_announces_the_count(
    reviewer_client, htmx_headers
):
    ClaimFactory(statement="A policy claim.", type=ClaimType.POLICY)
    ClaimFactory(statement="Another policy claim.", type=ClaimType.POLICY)
    response = reviewer_client.get(
        "/queue/?q=&status=open&type=policy&outlet=", headers=htmx_headers
    )
    assert response.status_code == 200
    assert response["HX-Push-Url"] == "/queue/?type=policy"
    content = response.content.decode()
    assert '<div id="messages" hx-swap-oob="innerHTML">' in content
    assert "2 claims match these filters." in content
    assert 'id="filter-count" hx-swap-oob="true"> (1 in use)' in content


def test_same_filters_again_replace_the_history_entry(reviewer_client):
    response = reviewer_client.get(
        "/queue/?type=policy",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/queue/?type=policy"},
    )
    assert response["HX-Replace-Url"] == "/queue/?type=policy"
    assert "HX-Push-Url" not in response


def test_long_claims_are_cut_at_a_word_with_the_full_text_kept(reviewer_client):
    statement = "The council said " + "the budget grew again " * 10 + "in the final year."
    ClaimFactory(statement=statement)
    content = reviewer_client.get("/queue/").content.decode()
    assert f'title="{statement}"' in content
    assert f'<span class="visually-hidden">{statement}</span>' in content
    shown = clip(statement, 160)
    assert f'<span aria-hidden="true">{shown}</span>' in content
    # Cut between words: what is shown is followed by a space in the full text.
    assert statement[len(shown) - 1] == " " and shown.endswith("…")
