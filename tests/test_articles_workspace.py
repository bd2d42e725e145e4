"""The article workspace: highlights, and correcting the extractor's claims."""

from __future__ import annotations

import re

import pytest

from claims.models import Activity, Claim, ClaimOrigin, ClaimStatus
from claims.services.workspace import body_segments, locate_quote
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory, approved_verdict

BODY = (
    "The mayor said the budget is $4.2 billion. Schools got 12 percent more. "
    "Critics said taxes will rise. The mayor said the budget is balanced."
)


@pytest.fixture
def article(db):
    article = ArticleFactory(body=BODY)
    first_end = BODY.index(". ") + 1
    second_start = first_end + 1
    second_end = BODY.index(". ", second_start) + 1
    ClaimFactory(article=article, start=0, end=first_end, speaker="the mayor")
    ClaimFactory(article=article, start=second_start, end=second_end, speaker="", quantities=[])
    return article


def claims_of(article) -> list[Claim]:
    return list(article.claims.order_by("start", "id"))


def url(article, claim=None, action: str = "") -> str:
    if claim is None:
        return f"/articles/{article.pk}/claims/{action}/"
    return f"/articles/{article.pk}/claims/{claim.pk}/{action}/"


# Viewing -------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, article) -> None:
    response = client.get(f"/articles/{article.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_outsider_sees_nothing(outsider_client, article) -> None:
    assert outsider_client.get(f"/articles/{article.pk}/").status_code == 403


@pytest.mark.parametrize("client_name", ["reviewer_client", "editor_client"])
def test_workspace_highlights_every_claim_and_lists_it(request, client_name, article) -> None:
    client = request.getfixturevalue(client_name)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    first, second = claims_of(article)
    assert f'data-claim-id="{first.pk}"' in html
    assert f'data-claim-id="{second.pk}"' in html
    assert re.search(rf'<mark class="hl status-new"[^>]*data-claim-id="{first.pk}"', html)
    assert f'id="claim-{first.pk}"' in html
    assert "the mayor" in html  # speaker
    assert "$4.2 billion" in html  # quantity
    assert "Score 0.80" in html
    assert f'href="/claims/{first.pk}/"' in html


def test_marks_reproduce_the_body_exactly(reviewer_client, article) -> None:
    html = reviewer_client.get(f"/articles/{article.pk}/").content.decode()
    body_html = re.search(r'<div id="article-body"[^>]*>(.*?)</div>', html, re.S).group(1)
    text = re.sub(r"<[^>]+>", "", body_html)
    assert text == BODY


def test_published_verdict_colours_the_highlight(reviewer_client, article) -> None:
    claim = claims_of(article)[0]
    approved_verdict(claim)
    html = reviewer_client.get(f"/articles/{article.pk}/").content.decode()
    assert re.search(
        rf'class="hl status-approved verdict-true"[^>]*data-claim-id="{claim.pk}"', html
    )


def test_draft_verdict_does_not_colour_the_highlight_as_published(reviewer_client, article) -> None:
    claim = claims_of(article)[0]
    verdict = VerdictFactory(claim=claim)
    Claim.objects.filter(pk=claim.pk).update(current_verdict=verdict, status="awaiting_approval")
    html = reviewer_client.get(f"/articles/{article.pk}/").content.decode()
    assert re.search(
        rf'class="hl status-awaiting_approval state-draft"[^>]*data-claim-id="{claim.pk}"', html
    )
    assert "verdict-true" not in html


def test_overlapping_spans_render_as_flat_well_formed_marks(db) -> None:
    article = ArticleFactory(body="abcdefghij")
    outer = ClaimFactory(article=article, start=0, end=8)
    inner = ClaimFactory(article=article, start=2, end=5)
    tail = ClaimFactory(article=article, start=6, end=10)
    segments = body_segments(article.body, [outer, inner, tail])
    assert "".join(s.text for s in segments) == "abcdefghij"
    assert [(s.text, s.primary.pk if s.primary else None) for s in segments] == [
        ("ab", outer.pk),
        ("cde", inner.pk),
        ("f", outer.pk),
        ("gh", tail.pk),
        ("ij", tail.pk),
    ]
    assert segments[3].claim_ids == f"{outer.pk} {tail.pk}"


def test_hostile_claim_text_is_escaped(reviewer_client, db) -> None:
    body = 'He wrote <script>alert(1)</script> and <a href="javascript:x()">this</a> today.'
    article = ArticleFactory(body=body)
    ClaimFactory(article=article, start=0, end=len(body), speaker="<b onmouseover=x()>")
    html = reviewer_client.get(f"/articles/{article.pk}/").content.decode()
    assert "<script>alert(1)" not in html
    assert 'href="javascript:' not in html
    assert "<b onmouseover" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# Editing -------------------------------------------------------------------------------


def test_plain_edit_saves_audits_and_redirects(reviewer_client, reviewer, article) -> None:
    claim = claims_of(article)[0]
    response = reviewer_client.post(
        url(article, claim, "edit"),
        {"version": 1, "statement": "Budget is $4.2bn", "type": "quantity", "speaker": "Mayor"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{article.pk}/#claim-{claim.pk}"
    claim.refresh_from_db()
    assert (claim.statement, claim.speaker, claim.version) == ("Budget is $4.2bn", "Mayor", 2)
    activity = Activity.objects.get(action="claim.edit", claim=claim)
    assert activity.actor == reviewer
    assert activity.before["statement"] != activity.after["statement"]


def test_htmx_edit_returns_only_the_row(editor_client, article, htmx_headers) -> None:
    claim = claims_of(article)[0]
    response = editor_client.post(
        url(article, claim, "edit"),
        {"version": 1, "statement": "New words", "type": "policy", "speaker": ""},
        headers=htmx_headers,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="claim-{claim.pk}"')
    assert "New words" in html
    assert "<html" not in html


@pytest.mark.parametrize("htmx", [False, True])
def test_stale_edit_is_refused_showing_the_current_value(
    reviewer_client, article, htmx, htmx_headers
) -> None:
    claim = claims_of(article)[0]
    Claim.objects.filter(pk=claim.pk).update(statement="Someone else's words", version=2)
    response = reviewer_client.post(
        url(article, claim, "edit"),
        {"version": 1, "statement": "My careful rewrite", "type": "quantity", "speaker": "x"},
        headers=htmx_headers if htmx else {},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this claim" in html
    assert "Someone else&#x27;s words" in html  # the current value
    assert "My careful rewrite" in html  # the person's input kept
    claim.refresh_from_db()
    assert claim.statement == "Someone else's words"
    assert claim.version == 2
    assert not Activity.objects.filter(action="claim.edit").exists()
    if htmx:
        assert response["HX-Retarget"] == "#workspace"


def test_empty_statement_is_refused_keeping_the_input(reviewer_client, article) -> None:
    claim = claims_of(article)[0]
    response = reviewer_client.post(
        url(article, claim, "edit"),
        {"version": 1, "statement": "", "type": "quantity", "speaker": "Kept speaker"},
    )
    assert response.status_code == 422
    assert "Kept speaker" in response.content.decode()
    claim.refresh_from_db()
    assert claim.version == 1


def test_outsider_cannot_change_claims(outsider_client, article) -> None:
    claim = claims_of(article)[0]
    for action, data in [
        ("edit", {"version": 1, "statement": "x", "type": "event", "speaker": ""}),
        ("reject", {"version": 1}),
        ("split", {"version": 1, "at": 3}),
    ]:
        assert outsider_client.post(url(article, claim, action), data).status_code == 403
    assert outsider_client.post(url(article, None, "add"), {"quote": "Schools"}).status_code == 403
    claim.refresh_from_db()
    assert claim.version == 1
    assert article.claims.count() == 2


def test_anonymous_cannot_change_claims(client, article) -> None:
    claim = claims_of(article)[0]
    response = client.post(url(article, claim, "reject"), {"version": 1})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEW


def test_claim_of_another_article_is_not_found(reviewer_client, article) -> None:
    other = ClaimFactory()
    response = reviewer_client.post(url(article, other, "reject"), {"version": 1})
    assert response.status_code == 404


def test_get_is_not_allowed_on_corrections(reviewer_client, article) -> None:
    claim = claims_of(article)[0]
    assert reviewer_client.get(url(article, claim, "reject")).status_code == 405


# Reject and restore --------------------------------------------------------------------


def test_plain_reject_then_restore(reviewer_client, article) -> None:
    claim = claims_of(article)[0]
    response = reviewer_client.post(url(article, claim, "reject"), {"version": 1})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (ClaimStatus.REJECTED, 2)
    assert Claim.objects.filter(pk=claim.pk).exists()  # kept, only marked
    page = reviewer_client.get(f"/articles/{article.pk}/").content.decode()
    assert re.search(rf'class="hl status-rejected"[^>]*data-claim-id="{claim.pk}"', page)
    response = reviewer_client.post(url(article, claim, "restore"), {"version": 2})
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (ClaimStatus.NEW, 3)
    actions = list(Activity.objects.filter(claim=claim).values_list("action", flat=True))
    assert sorted(actions) == ["claim.reject", "claim.restore"]


def test_htmx_reject_swaps_the_row_and_the_highlights(editor_client, article, htmx_headers):
    claim = claims_of(article)[0]
    response = editor_client.post(
        url(article, claim, "reject"), {"version": 1}, headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="claim-{claim.pk}" class="claim-row status-rejected')
    assert '<div id="article-body" class="article-body" hx-swap-oob="true"' in html
    restore = re.search(rf'<button [^>]*id="restore-{claim.pk}"[^>]*>Restore<span', html)
    assert restore and "data-focus-after-swap" in restore.group(0)
    # The counts ride along out of band; the result is announced in #messages, never replaced.
    assert re.search(
        r'<p id="claim-counts" [^>]*hx-swap-oob="true">1 new · 0 in review · 0 awaiting approval'
        r" · 0 approved · 1 rejected</p>",
        html,
    )
    announced = '<div id="messages" hx-swap-oob="innerHTML"><p class="message message-success">'
    assert announced + "Claim 1 rejected." in html
    assert 'id="messages" aria-live="polite" hx-swap-oob="true"' not in html
    assert 'role="status"' not in html


def test_htmx_restore_swaps_the_row_back(reviewer_client, article, htmx_headers) -> None:
    claim = claims_of(article)[0]
    Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.REJECTED, version=2)
    response = reviewer_client.post(
        url(article, claim, "restore"), {"version": 2}, headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="claim-{claim.pk}" class="claim-row status-new')
    reject = re.search(rf'<button [^>]*id="reject-{claim.pk}"[^>]*>Reject<span', html)
    assert reject and "data-focus-after-swap" in reject.group(0)
    counts = r'<p id="claim-counts" [^>]*hx-swap-oob="true">2 new · .* · 0 rejected</p>'
    assert re.search(counts, html)
    assert "Claim 1 restored." in html
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (ClaimStatus.NEW, 3)


def test_stale_reject_changes_nothing(reviewer_client, article, htmx_headers) -> None:
    claim = claims_of(article)[0]
    Claim.objects.filter(pk=claim.pk).update(version=5)
    response = reviewer_client.post(
        url(article, claim, "reject"), {"version": 1}, headers=htmx_headers
    )
    assert response.status_code == 409
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEW


def test_restoring_a_claim_that_is_not_rejected_is_refused(reviewer_client, article) -> None:
    claim = claims_of(article)[0]
    response = reviewer_client.post(url(article, claim, "restore"), {"version": 1})
    assert response.status_code == 422
    assert "Only a rejected claim can be restored" in response.content.decode()


# Split ---------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_split_partitions_the_span(reviewer_client, reviewer, article, htmx, htmx_headers) -> None:
    claim = claims_of(article)[0]
    original = (claim.start, claim.end)
    at = claim.quote.index(" is ")
    response = reviewer_client.post(
        url(article, claim, "split"), {"version": 1, "at": at}, headers=htmx_headers if htmx else {}
    )
    assert response.status_code == (200 if htmx else 302)
    if htmx:
        assert response.content.decode().lstrip().startswith('<div id="workspace"')
    first, second, _ = claims_of(article)
    assert (first.start, first.end, second.start, second.end) == (
        original[0],
        original[0] + at,
        original[0] + at,
        original[1],
    )
    assert first.quote + second.quote == BODY[original[0] : original[1]]
    assert first.version == 2
    assert second.origin == ClaimOrigin.PERSON and second.created_by == reviewer
    assert Activity.objects.filter(action="claim.split").count() == 2


def test_split_before_quoted_words_without_javascript(reviewer_client, article) -> None:
    claim = claims_of(article)[0]
    response = reviewer_client.post(
        url(article, claim, "split"), {"version": 1, "before": "is $4.2"}
    )
    assert response.status_code == 302
    first, second, _ = claims_of(article)
    assert first.statement == "The mayor said the budget"
    assert second.statement == "is $4.2 billion."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"before": "no such words"}, "is not in this claim"),
        ({"before": ""}, "Say where to split"),
    ],
)
def test_split_without_a_usable_point_is_refused(reviewer_client, article, data, message) -> None:
    claim = claims_of(article)[0]
    response = reviewer_client.post(url(article, claim, "split"), {"version": 1, **data})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert article.claims.count() == 2


@pytest.mark.parametrize("at", [0, 999])
def test_split_outside_the_quote_is_refused(reviewer_client, article, at) -> None:
    claim = claims_of(article)[0]
    response = reviewer_client.post(url(article, claim, "split"), {"version": 1, "at": at})
    assert response.status_code == 422
    assert article.claims.count() == 2


def test_stale_split_is_refused(reviewer_client, article) -> None:
    claim = claims_of(article)[0]
    Claim.objects.filter(pk=claim.pk).update(version=3)
    response = reviewer_client.post(url(article, claim, "split"), {"version": 1, "at": 5})
    assert response.status_code == 409
    assert article.claims.count() == 2


# Merge ---------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_merge_with_the_next_claim(editor_client, article, htmx, htmx_headers) -> None:
    first, second = claims_of(article)
    response = editor_client.post(
        url(article, first, "merge"),
        {"version": 1, "other": second.pk, "other_version": 1},
        headers=htmx_headers if htmx else {},
    )
    assert response.status_code == (200 if htmx else 302)
    (merged,) = claims_of(article)
    assert (merged.start, merged.end) == (first.start, second.end)
    assert merged.quote == BODY[first.start : second.end]
    assert merged.version == 2
    absorbed = Activity.objects.get(action="claim.merge_absorbed")
    assert absorbed.before["id"] == second.pk
    assert Activity.objects.filter(action="claim.merge", claim=merged).exists()


def test_merge_with_a_claim_that_is_not_next_is_refused(reviewer_client, article) -> None:
    first, second = claims_of(article)
    third = ClaimFactory(article=article, start=second.end + 1, end=second.end + 20)
    response = reviewer_client.post(
        url(article, first, "merge"), {"version": 1, "other": third.pk, "other_version": 1}
    )
    assert response.status_code == 422
    assert "right after it" in response.content.decode()
    assert article.claims.count() == 3


def test_merge_refused_when_the_next_claim_changed(reviewer_client, article) -> None:
    first, second = claims_of(article)
    Claim.objects.filter(pk=second.pk).update(version=2)
    response = reviewer_client.post(
        url(article, first, "merge"), {"version": 1, "other": second.pk, "other_version": 1}
    )
    assert response.status_code == 409
    assert article.claims.count() == 2


def test_merge_refused_when_the_next_claim_has_a_verdict(reviewer_client, article) -> None:
    first, second = claims_of(article)
    VerdictFactory(claim=second)
    response = reviewer_client.post(
        url(article, first, "merge"), {"version": 1, "other": second.pk, "other_version": 1}
    )
    assert response.status_code == 422
    assert article.claims.count() == 2


# Add -----------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_add_from_selection_offsets(reviewer_client, reviewer, article, htmx, htmx_headers):
    start = BODY.index("Critics")
    end = BODY.index("rise.") + len("rise.")
    response = reviewer_client.post(
        url(article, None, "add"),
        # The selection caught a trailing space; the stored span is trimmed.
        {"start": start, "end": end + 1, "type": "prediction", "quote": ""},
        headers=htmx_headers if htmx else {},
    )
    assert response.status_code == (200 if htmx else 302)
    added = article.claims.get(origin=ClaimOrigin.PERSON)
    assert (added.start, added.end, added.quote) == (start, end, "Critics said taxes will rise.")
    assert added.created_by == reviewer and added.type == "prediction"
    assert Activity.objects.filter(action="claim.add", claim=added).exists()


def test_add_by_quoted_text_without_javascript(reviewer_client, article) -> None:
    response = reviewer_client.post(
        url(article, None, "add"), {"quote": "Critics  said\ntaxes will rise", "type": "event"}
    )
    assert response.status_code == 302
    added = article.claims.get(origin=ClaimOrigin.PERSON)
    assert added.quote == "Critics said taxes will rise"


def test_ambiguous_quote_needs_an_occurrence(reviewer_client, article) -> None:
    response = reviewer_client.post(
        url(article, None, "add"), {"quote": "The mayor said the budget is", "type": "event"}
    )
    assert response.status_code == 422
    assert "appears 2 times" in response.content.decode()
    assert "The mayor said the budget is" in response.content.decode()  # input kept
    response = reviewer_client.post(
        url(article, None, "add"),
        {"quote": "The mayor said the budget is balanced", "type": "event", "occurrence": ""},
    )
    assert response.status_code == 302
    response = reviewer_client.post(
        url(article, None, "add"),
        {"quote": "the budget is", "type": "event", "occurrence": 2},
    )
    assert response.status_code == 302
    second = article.claims.filter(origin=ClaimOrigin.PERSON).order_by("start").last()
    assert second.start == BODY.rindex("the budget is")


@pytest.mark.parametrize("htmx", [False, True])
def test_quote_not_in_the_article_is_refused(reviewer_client, article, htmx, htmx_headers):
    response = reviewer_client.post(
        url(article, None, "add"),
        {"quote": "words nobody wrote", "type": "event"},
        headers=htmx_headers if htmx else {},
    )
    assert response.status_code == 422
    assert "not in the article" in response.content.decode()
    assert "words nobody wrote" in response.content.decode()
    assert article.claims.count() == 2


def test_selection_outside_the_body_is_refused(reviewer_client, article) -> None:
    response = reviewer_client.post(
        url(article, None, "add"), {"start": 5, "end": len(BODY) + 10, "type": "event"}
    )
    assert response.status_code == 422
    assert article.claims.count() == 2


def test_locate_quote_handles_occurrences() -> None:
    assert locate_quote("a b a b", "a", 2) == (4, 5)


# Reading and driving the workspace by keyboard and screen reader ------------------------


def test_highlights_are_tagged_keyed_and_not_unnamed_tab_stops(reviewer_client, article) -> None:
    first, second = claims_of(article)
    Claim.objects.filter(pk=second.pk).update(speaker="she", speaker_basis="pronoun")
    approved_verdict(first, label="False")
    html = reviewer_client.get(f"/articles/{article.pk}/").content.decode()
    marks = re.findall(r"<mark class=\"hl [^>]*>", html)
    assert len(marks) == 2
    assert not any("tabindex" in m for m in marks)  # the claim rows carry the named controls
    # Colour is never the only cue: the tag says number, verdict icon and a guessed speaker.
    assert 'data-tag="1 ✗"' in marks[0] and "verdict-false" in marks[0]
    assert 'data-tag="2 · speaker guessed"' in marks[1] and "speaker-guessed" in marks[1]
    assert 'title="Claim 1 · Approved · verdict False · speaker the mayor (stated)"' in marks[0]
    assert "speaker she (guessed)" in marks[1]
    assert "Key to the highlights" in html
    for label in ("New", "In review", "Awaiting approval", "Approved", "Rejected"):
        assert f'">{label}</mark></li>' in html


def test_a_long_claim_shows_its_tag_once(reviewer_client, db) -> None:
    body = "Alpha beta gamma delta. Epsilon zeta."
    article = ArticleFactory(body=body)
    ClaimFactory(article=article, start=0, end=len(body), speaker="")
    ClaimFactory(article=article, start=6, end=10, speaker="")  # nested: cuts the outer one
    html = reviewer_client.get(f"/articles/{article.pk}/").content.decode()
    tags = re.findall(r'data-tag="([^"]*)"', html)
    assert sorted(tags) == ["1", "2"]


def test_every_per_claim_control_says_which_claim(reviewer_client, article) -> None:
    first, second = claims_of(article)
    html = reviewer_client.get(f"/articles/{article.pk}/").content.decode()
    which = f"claim 1: “{first.statement}”"
    assert f'id="open-{first.pk}">Open claim<span class="visually-hidden"> {which}</span>' in html
    assert f'>Reject<span class="visually-hidden"> {which}</span></button>' in html
    assert f'>Correct this claim<span class="visually-hidden"> ({which})</span></summary>' in html
    assert f'id="split-{first.pk}">Split claim<span class="visually-hidden"> 1</span>' in html
    assert (
        f'id="merge-{first.pk}">Merge<span class="visually-hidden"> claim 1</span> with the next'
        ' claim<span class="visually-hidden"> (claim 2)</span>'
    ) in html
    assert f"claim 2: “{second.statement}”" in html


def test_long_statements_are_cut_at_a_word_in_control_names(reviewer_client, db) -> None:
    body = "one two three four five six seven eight nine ten eleven twelve."
    article = ArticleFactory(body=body)
    ClaimFactory(article=article, start=0, end=len(body), statement=body)
    html = reviewer_client.get(f"/articles/{article.pk}/").content.decode()
    assert "claim 1: “one two three four five six seven eight nine ten…”" in html


def test_add_a_claim_opens_from_a_button_near_the_top(reviewer_client, article) -> None:
    html = reviewer_client.get(f"/articles/{article.pk}/").content.decode()
    # A native <details>: it opens without JavaScript, and sits above the article text.
    assert re.search(
        r'<details id="add-claim" class="add-claim">\s*<summary id="add-claim-toggle"', html
    )
    assert html.index('id="add-claim"') < html.index('id="article-body"')


def test_a_refused_add_opens_the_form_and_marks_the_field(
    reviewer_client, article, htmx_headers
) -> None:
    response = reviewer_client.post(
        url(article, None, "add"),
        {"quote": "words nobody wrote", "type": "event"},
        headers=htmx_headers,
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert '<details id="add-claim" class="add-claim" open>' in html
    assert re.search(r'<textarea [^>]*aria-invalid="true"', html)
    # Announced once, in #messages, not also in a banner inside the workspace.
    assert html.count("not in the article; copy it exactly") == 2  # beside the field + #messages
    assert '<p class="message message-error">That text is not in the article' in html
    assert 'role="alert"' not in html


def test_a_plain_refusal_shows_the_reason_in_the_one_messages_region(
    reviewer_client, article
) -> None:
    claim = claims_of(article)[0]
    response = reviewer_client.post(
        url(article, claim, "split"), {"version": 1, "before": "no such words"}
    )
    html = response.content.decode()
    assert response.status_code == 422
    region = html[html.index('<div id="messages"') : html.index('<main id="main">')]
    assert "“no such words” is not in this claim" in region
    assert "workspace-message" not in html
    # Beside the split form too, which stays open with the input kept.
    assert '<p class="field-error">“no such words” is not in this claim' in html
    assert 'value="no such words"' in html


@pytest.mark.parametrize("action", ["split", "merge", "add"])
def test_htmx_split_merge_add_announce_and_focus_the_resulting_claim(
    reviewer_client, article, htmx_headers, action
) -> None:
    first, second = claims_of(article)
    data = {
        "split": {"version": 1, "at": first.quote.index(" is ")},
        "merge": {"version": 1, "other": second.pk, "other_version": 1},
        "add": {"quote": "Critics said taxes will rise.", "type": "event"},
    }[action]
    response = reviewer_client.post(
        url(article, None if action == "add" else first, action), data, headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    expected = {
        "split": "Claim 1 split in two; the second part is claim 2.",
        "merge": "Claims merged into claim 1.",
        "add": "Claim 3 added.",
    }[action]
    assert (
        f'<div id="messages" hx-swap-oob="innerHTML"><p class="message message-success">{expected}'
        in html
    )
    focused = re.findall(r'<li id="claim-(\d+)"[^>]*data-focus-after-swap', html)
    result = first if action != "add" else article.claims.get(origin=ClaimOrigin.PERSON)
    assert focused == [str(result.pk)]
    counts = {"split": "3 new", "merge": "1 new", "add": "3 new"}[action]
    assert re.search(rf'<p id="claim-counts" class="muted claim-counts">{counts} ·', html)
    assert 'role="status"' not in html


def test_htmx_edit_focuses_the_corrections_toggle(editor_client, article, htmx_headers) -> None:
    claim = claims_of(article)[0]
    response = editor_client.post(
        url(article, claim, "edit"),
        {"version": 1, "statement": "Rewritten.", "type": "event", "speaker": "the mayor"},
        headers=htmx_headers,
    )
    html = response.content.decode()
    assert re.search(rf'<summary id="correct-{claim.pk}" data-focus-after-swap>', html)
    assert "Claim saved." in html


def test_adding_an_existing_claim_names_it_by_its_text(reviewer_client, article) -> None:
    first = claims_of(article)[0]
    response = reviewer_client.post(
        url(article, None, "add"), {"start": first.start, "end": first.end, "type": "event"}
    )
    assert response.status_code == 422
    assert f"That text is already a claim: “{first.statement}”." in response.content.decode()
    assert article.claims.count() == 2
