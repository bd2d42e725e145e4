"""The claim page: context, comments, history, roles and a fixed number of queries."""

from __future__ import annotations

import pytest

from claims.models import Activity, ClaimStatus
from claims.services.audit import claim_update
from claims.services.review import verdict_save
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    CommentFactory,
    SourceFactory,
    UserFactory,
    VerdictFactory,
    rating,
)

pytestmark = pytest.mark.django_db


def test_claim_page_shows_the_claim_in_its_paragraph(reviewer_client):
    body = (
        "First paragraph about something else.\n\n"
        "The mayor said the budget is $4.2 billion. Critics disagreed.\n\n"
        "A final paragraph."
    )
    article = ArticleFactory(body=body, outlet="Morning Post")
    start = body.index("The mayor")
    end = body.index("Critics") - 1
    claim = ClaimFactory(article=article, start=start, end=end, quote=body[start:end])
    content = reviewer_client.get(f"/claims/{claim.pk}/").content.decode()
    assert "<mark>The mayor said the budget is $4.2 billion.</mark> Critics disagreed." in content
    assert "First paragraph" not in content
    assert f'href="/articles/{article.pk}/"' in content
    assert "Quantity" in content and "the mayor" in content and "$4.2 billion" in content


def test_anonymous_is_sent_to_login_and_outsider_gets_403(client, outsider_client):
    claim = ClaimFactory()
    response = client.get(f"/claims/{claim.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert outsider_client.get(f"/claims/{claim.pk}/").status_code == 403


def test_missing_claim_is_404(reviewer_client):
    assert reviewer_client.get("/claims/999999/").status_code == 404


def test_page_names_the_documented_buttons_and_fields(reviewer_client):
    claim = ClaimFactory()
    content = reviewer_client.get(f"/claims/{claim.pk}/").content.decode()
    for text in (
        ">Save verdict</button>",
        ">Rating</label>",
        ">Rationale</label>",
        ">Add a source</a>",
    ):
        assert text in content
    # "Add a source" opens the form on demand; without JavaScript its link is the page with
    # the form open.
    content = reviewer_client.get(f"/claims/{claim.pk}/sources/").content.decode()
    for text in (
        ">Add source</button>",
        ">Source URL</label>",
        ">Relation</label>",
        ">Kind</label>",
        ">Title</label>",
        ">Publisher</label>",
    ):
        assert text in content


def test_every_form_carries_the_version_it_was_loaded_with(editor_client, reviewer):
    claim = ClaimFactory(version=7)
    SourceFactory(claim=claim, version=3)
    VerdictFactory(claim=claim, reviewer=reviewer)
    claim.status = ClaimStatus.AWAITING_APPROVAL
    claim.save()
    content = editor_client.get(f"/claims/{claim.pk}/").content.decode()
    assert content.count('name="version" value="7"') == 3  # verdict, approve, send back
    # The assignment form opens on demand, with the version it was opened at.
    url = f"/claims/{claim.pk}/assign/"
    assign = editor_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert assign.count('name="version" value="7"') == 1 and "<html" not in assign
    # Without JavaScript the link is the page with the form open.
    assert editor_client.get(url).content.decode().count('name="version" value="7"') == 4
    assert 'value="3"' in content


def test_comments_plain_and_htmx(reviewer_client, htmx_headers, reviewer):
    claim = ClaimFactory()
    response = reviewer_client.post(f"/claims/{claim.pk}/comments/", {"body": "Asked the office."})
    assert response.status_code == 302
    assert response["Location"] == f"/claims/{claim.pk}/#comments"
    response = reviewer_client.post(
        f"/claims/{claim.pk}/comments/", {"body": "They replied."}, headers=htmx_headers
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="comments"')
    assert "Asked the office." in content and "They replied." in content
    assert claim.comments.count() == 2
    assert Activity.objects.filter(claim=claim, action="comment.add").count() == 2


def test_empty_comment_is_refused(reviewer_client, htmx_headers):
    claim = ClaimFactory()
    response = reviewer_client.post(
        f"/claims/{claim.pk}/comments/", {"body": "  "}, headers=htmx_headers
    )
    assert response.status_code == 422
    assert b"Write something before posting." in response.content
    assert not claim.comments.exists()


def test_outsider_cannot_comment(outsider_client):
    claim = ClaimFactory()
    assert outsider_client.post(f"/claims/{claim.pk}/comments/", {"body": "hi"}).status_code == 403
    assert not claim.comments.exists()


def test_history_shows_who_changed_what_before_and_after(reviewer_client, reviewer):
    claim = ClaimFactory()
    claim_update(
        claim_id=claim.pk,
        expected_version=1,
        changes={"speaker": "the treasurer"},
        actor=reviewer,
    )
    verdict_save(
        claim_id=claim.pk,
        expected_version=2,
        rating=rating("True"),
        rationale="ok",
        actor=reviewer,
    )
    content = reviewer_client.get(f"/claims/{claim.pk}/").content.decode()
    history = content.split('id="history"')[1]
    assert "rita" in history
    assert "Changed speaker" in history
    assert "<td>the mayor</td><td>the treasurer</td>" in history
    # Labels, not stored values.
    assert "<td>New</td><td>Awaiting approval</td>" in history
    assert "awaiting_approval" not in history


@pytest.mark.parametrize("size", [1, 15])
def test_claim_page_query_count_is_fixed(editor_client, size, django_assert_max_num_queries):
    claim = ClaimFactory()
    authors = [UserFactory(role="reviewer") for _ in range(3)]
    for i in range(size):
        SourceFactory(claim=claim, added_by=authors[i % 3])
        CommentFactory(claim=claim, author=authors[i % 3])
        VerdictFactory(claim=claim, reviewer=authors[i % 3])
    verdict_save(
        claim_id=claim.pk,
        expected_version=1,
        rating=rating("True"),
        rationale="ok",
        actor=authors[0],
    )
    # Session, user, roles; the claim twice (authorise, then with its relations); sources,
    # verdicts, ratings, comments, history; the assignable users and the public page's
    # ClaimReview preview (the claim's export row, its corrections, the scale: editors only).
    with django_assert_max_num_queries(14):
        response = editor_client.get(f"/claims/{claim.pk}/")
    assert response.status_code == 200
