"""Speaker records: matching names, the track record page, merging and undo, the public page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Activity, Claim, Speaker, SpeakerMention
from claims.services import speakers_sync_article
from claims.services.speakers import parse_name
from claims.services.workspace import claim_add, claim_edit
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    VerdictFactory,
    approved_correction,
    approved_verdict,
)

pytestmark = pytest.mark.django_db


def _article_with(*speakers: str):
    article = ArticleFactory()
    claims = [ClaimFactory(article=article, speaker=s) for s in speakers]
    speakers_sync_article(article_id=article.pk)
    return article, claims


def _record(claim: Claim) -> Speaker:
    return SpeakerMention.objects.select_related("speaker").get(claim=claim).speaker


def test_titles_and_descriptions_are_dropped_from_names():
    assert parse_name("Ms Karine Jean-Pierre, the press secretary").display == "Karine Jean-Pierre"
    assert parse_name("Dr. Jean-Pierre").key == "jean-pierre"
    assert parse_name("Karine Jean-Pierre").is_full
    assert not parse_name("Jean-Pierre").is_full
    assert not parse_name("the mayor").is_full
    assert parse_name("  ") is None


def test_surnames_match_the_full_name_within_one_article():
    _, (full, surname, titled) = _article_with(
        "Karine Jean-Pierre", "Jean-Pierre", "Ms Jean-Pierre"
    )
    assert _record(full) == _record(surname) == _record(titled)
    assert _record(full).name == "Karine Jean-Pierre"
    assert _record(full).slug == "karine-jean-pierre"


def test_full_names_match_across_articles_but_surnames_do_not():
    _, (first,) = _article_with("Karine Jean-Pierre")
    _, (again, alone) = _article_with("Ms Karine Jean-Pierre", "Dupont")
    _, (other_alone,) = _article_with("Dupont")
    assert _record(first) == _record(again)
    assert _record(alone) != _record(other_alone)
    assert {_record(alone).slug, _record(other_alone).slug} == {"dupont", "dupont-2"}


def test_a_surname_shared_by_two_full_names_in_an_article_stays_apart():
    _, (joe, jill, biden) = _article_with("Joe Biden", "Jill Biden", "Biden")
    assert len({_record(joe), _record(jill), _record(biden)}) == 3


def test_descriptions_are_scoped_to_their_article():
    _, (one,) = _article_with("the mayor")
    _, (two,) = _article_with("the mayor")
    assert _record(one) != _record(two)


def test_adding_and_editing_claims_keeps_the_index_in_sync(reviewer):
    article = ArticleFactory()
    start = article.body.index("The")
    added = claim_add(
        article=article, start=start, end=start + 10, actor=reviewer, speaker="Jean-Pierre"
    )
    assert _record(added).key == f"jean-pierre@article:{article.pk}"
    other = ClaimFactory(article=article, speaker="")
    claim_edit(
        claim_id=other.pk,
        expected_version=other.version,
        statement=other.statement,
        type=other.type,
        speaker="Karine Jean-Pierre",
        actor=reviewer,
    )
    # The full name arriving in the article re-files the surname under it.
    assert _record(added) == _record(other) == Speaker.objects.get(key="karine jean-pierre")
    claim_edit(
        claim_id=other.pk,
        expected_version=other.version + 1,
        statement=other.statement,
        type=other.type,
        speaker="",
        actor=reviewer,
    )
    assert not SpeakerMention.objects.filter(claim=other).exists()


# The desk's page -----------------------------------------------------------------------------


def test_speaker_page_lists_checked_claims_newest_first(reviewer_client, editor):
    _, (old, new, unchecked, pending) = _article_with(
        "Karine Jean-Pierre", "Jean-Pierre", "Jean-Pierre", "Jean-Pierre"
    )
    Claim.objects.filter(pk=old.pk).update(statement="The older claim")
    Claim.objects.filter(pk=new.pk).update(statement="The newer claim")
    approved_verdict(old, approver=editor, label="False")
    approved_verdict(new, approver=editor, label="True")
    verdict = VerdictFactory(claim=pending)
    Claim.objects.filter(pk=pending.pk).update(current_verdict=verdict, statement="Pending one")
    html = reviewer_client.get("/speakers/karine-jean-pierre/").content.decode()
    assert html.index("Pending one") < html.index("The newer claim") < html.index("The older claim")
    assert "(awaiting approval)" in html
    assert "3 checked claims" in html
    assert unchecked.statement not in html.split("Checked claims", 1)[1]
    assert 'role="img"' in html and "style=" not in html


def test_every_speaker_name_links_to_its_record(reviewer_client, editor):
    _, (claim,) = _article_with("Karine Jean-Pierre")
    approved_verdict(claim, approver=editor)
    link = f'href="/speakers/claim/{claim.pk}/"'
    assert link in reviewer_client.get("/queue/?status=all").content.decode()
    assert link in reviewer_client.get(f"/claims/{claim.pk}/").content.decode()
    assert link in reviewer_client.get(f"/articles/{claim.article_id}/").content.decode()
    assert link in reviewer_client.get("/reports/").content.decode()
    assert link in reviewer_client.get(f"/articles/{claim.article_id}/report/").content.decode()
    response = reviewer_client.get(f"/speakers/claim/{claim.pk}/")
    assert response["Location"] == "/speakers/karine-jean-pierre/"
    nobody = ClaimFactory(speaker="")
    assert reviewer_client.get(f"/speakers/claim/{nobody.pk}/").status_code == 404


def test_outsiders_and_strangers_cannot_see_speaker_pages(outsider_client, client):
    _article_with("Karine Jean-Pierre")
    assert outsider_client.get("/speakers/karine-jean-pierre/").status_code == 403
    assert client.get("/speakers/karine-jean-pierre/").status_code == 302
    assert outsider_client.get("/speakers/no-such-person/").status_code == 403


def test_speaker_page_query_count_is_fixed(reviewer_client, editor):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert reviewer_client.get("/speakers/karine-jean-pierre/").status_code == 200
        return len(ctx)

    _, claims = _article_with(*["Karine Jean-Pierre"] * 3)
    for claim in claims:
        approved_verdict(claim, approver=editor)
    before = count()
    _, more = _article_with(*["Karine Jean-Pierre"] * 8)
    ArticleFactory(outlet="Another Outlet")
    for claim in more:
        approved_verdict(claim, approver=editor)
    assert count() == before


# Merging and undo ----------------------------------------------------------------------------


def test_editor_merges_two_records_and_undoes_it(editor_client, editor):
    _, (full,) = _article_with("Karine Jean-Pierre")
    _, (alone,) = _article_with("Jean-Pierre")
    approved_verdict(full, approver=editor)
    approved_verdict(alone, approver=editor)
    Claim.objects.filter(pk=alone.pk).update(statement="Said elsewhere")
    surname_record = _record(alone)
    page = editor_client.get("/speakers/karine-jean-pierre/").content.decode()
    assert surname_record.slug in page  # suggested: same surname
    response = editor_client.post(
        "/speakers/karine-jean-pierre/merge/", {"other": surname_record.slug}
    )
    assert response.status_code == 302
    assert "Said elsewhere" in editor_client.get("/speakers/karine-jean-pierre/").content.decode()
    assert editor_client.get(f"/speakers/{surname_record.slug}/")["Location"] == (
        "/speakers/karine-jean-pierre/"
    )
    alone.refresh_from_db()
    assert alone.speaker == "Jean-Pierre"  # the claim's own text is untouched
    merge = Activity.objects.get(action="speaker.merge")
    assert merge.actor == editor and merge.after["merged_into"] == "karine-jean-pierre"

    response = editor_client.post(f"/speakers/{surname_record.slug}/unmerge/")
    assert response["Location"] == "/speakers/karine-jean-pierre/"
    assert (
        "Said elsewhere" not in editor_client.get("/speakers/karine-jean-pierre/").content.decode()
    )
    assert Activity.objects.filter(action="speaker.unmerge", actor=editor).count() == 1
    alone.refresh_from_db()
    assert alone.speaker == "Jean-Pierre"


def test_merge_refusals_change_nothing(editor_client, reviewer_client):
    _article_with("Karine Jean-Pierre")
    _, (alone,) = _article_with("Jean-Pierre")
    slug = _record(alone).slug
    assert (
        editor_client.post(
            "/speakers/karine-jean-pierre/merge/", {"other": "karine-jean-pierre"}
        ).status_code
        == 422
    )
    assert (
        editor_client.post("/speakers/karine-jean-pierre/merge/", {"other": "nobody"}).status_code
        == 422
    )
    assert (
        reviewer_client.post("/speakers/karine-jean-pierre/merge/", {"other": slug}).status_code
        == 403
    )
    assert editor_client.post(f"/speakers/{slug}/unmerge/").status_code == 422
    assert not Speaker.objects.filter(merged_into__isnull=False).exists()
    assert not Activity.objects.filter(action__startswith="speaker.").exists()


def test_merging_a_record_that_others_were_merged_into_keeps_them_together(editor):
    from claims.services import speaker_merge

    _, (a,) = _article_with("Karine Jean-Pierre")
    _, (b,) = _article_with("Jean-Pierre")
    _, (c,) = _article_with("Ms Jean-Pierre")
    speaker_merge(speaker=_record(c), into=_record(b), actor=editor)
    speaker_merge(speaker=_record(b), into=_record(a), actor=editor)
    assert set(_record(a).merged.all()) == {_record(b), _record(c)}


# The public page -----------------------------------------------------------------------------


def test_unpublished_speaker_has_no_public_page(client):
    _article_with("Karine Jean-Pierre")
    assert client.get("/v/speakers/karine-jean-pierre/").status_code == 404
    assert client.get("/v/speakers/nobody/").status_code == 404


def test_public_page_shows_only_approved_verdicts_in_force(client, editor_client, editor, reviewer):
    _, (shown, corrected, pending, _unchecked) = _article_with(
        "Karine Jean-Pierre", "Jean-Pierre", "Jean-Pierre", "Jean-Pierre"
    )
    Claim.objects.filter(pk=shown.pk).update(statement="Approved statement")
    Claim.objects.filter(pk=corrected.pk).update(statement="Corrected statement")
    Claim.objects.filter(pk=pending.pk).update(statement="Pending statement")
    approved_verdict(shown, approver=editor, label="Mostly true", reviewer=reviewer)
    old = approved_verdict(corrected, approver=editor, label="True")
    approved_correction(old, label="False", reason="New data")
    verdict = VerdictFactory(claim=pending, reviewer=reviewer)
    Claim.objects.filter(pk=pending.pk).update(current_verdict=verdict)
    assert (
        editor_client.post("/speakers/karine-jean-pierre/publish/", {"publish": "1"}).status_code
        == 302
    )
    html = client.get("/v/speakers/karine-jean-pierre/").content.decode()
    assert "Approved statement" in html and "Corrected statement" in html
    assert "Pending statement" not in html
    assert "selection, not a sample" in html
    assert reviewer.username not in html and editor.username not in html
    assert 'href="/claims/' not in html and "/speakers/" not in html.replace("/v/speakers/", "")
    assert "2 published fact checks" in html
    assert Activity.objects.filter(action="speaker.publish", actor=editor).exists()
    editor_client.post("/speakers/karine-jean-pierre/publish/", {"publish": "0"})
    assert client.get("/v/speakers/karine-jean-pierre/").status_code == 404
    assert Activity.objects.filter(action="speaker.unpublish").exists()


def test_reviewer_cannot_publish_a_speaker(reviewer_client):
    _article_with("Karine Jean-Pierre")
    assert (
        reviewer_client.post("/speakers/karine-jean-pierre/publish/", {"publish": "1"}).status_code
        == 403
    )
    assert Speaker.objects.get(slug="karine-jean-pierre").published_at is None


def test_a_merged_record_public_address_follows_its_published_target(client, editor):
    from claims.services import speaker_merge, speaker_publish

    _, (full,) = _article_with("Karine Jean-Pierre")
    _, (alone,) = _article_with("Jean-Pierre")
    target = _record(full)
    speaker_merge(speaker=_record(alone), into=target, actor=editor)
    assert client.get(f"/v/speakers/{_record(alone).slug}/").status_code == 404
    speaker_publish(speaker=target, publish=True, actor=editor)
    response = client.get(f"/v/speakers/{_record(alone).slug}/")
    assert response["Location"] == "/v/speakers/karine-jean-pierre/"


def test_merge_history_lists_merges_and_undos_with_undo_while_in_force(
    editor_client, reviewer_client, client, editor
):
    _, (full,) = _article_with("Karine Jean-Pierre")
    _, (alone,) = _article_with("Jean-Pierre")
    approved_verdict(full, approver=editor)
    other = _record(alone).slug
    page = editor_client.get("/speakers/karine-jean-pierre/").content.decode()
    assert "No merges or undos involve this record." in page
    editor_client.post("/speakers/karine-jean-pierre/merge/", {"other": other})
    editor_client.post(f"/speakers/{other}/unmerge/")
    editor_client.post("/speakers/karine-jean-pierre/merge/", {"other": other})
    merges = list(Activity.objects.filter(action="speaker.merge").order_by("id"))
    page = editor_client.get("/speakers/karine-jean-pierre/").content.decode()
    assert page.count("Merged speaker “Jean-Pierre” into “Karine Jean-Pierre”") == 2
    assert "Undid the merge of “Jean-Pierre” into “Karine Jean-Pierre”" in page
    # Only the merge still in force can be undone, and it posts to the merged record.
    assert f'id="undo-{merges[1].pk}"' in page and f'id="undo-{merges[0].pk}"' not in page
    assert f'action="/speakers/{other}/unmerge/"' in page
    # Reviewers read the history but cannot undo.
    reviewer_page = reviewer_client.get("/speakers/karine-jean-pierre/").content.decode()
    assert "Undid the merge" in reviewer_page and "Undo this merge" not in reviewer_page
    # The public page carries none of it.
    editor_client.post("/speakers/karine-jean-pierre/publish/", {"publish": "1"})
    public = client.get("/v/speakers/karine-jean-pierre/").content.decode()
    assert "Merge history" not in public and "Merged speaker" not in public
    assert "edna" not in public
    editor_client.post(f"/speakers/{other}/unmerge/")
    page = editor_client.get("/speakers/karine-jean-pierre/").content.decode()
    assert "Undo this merge" not in page


def test_speaker_figures_against_hand_counts(settings, editor):
    from collections import Counter
    from datetime import UTC, datetime

    from claims.dashboard.speakers import checked_claims, speaker_figures

    settings.TIME_ZONE = "America/New_York"
    gazette, herald = ArticleFactory(outlet="Gazette"), ArticleFactory(outlet="Herald")
    # 03:00 UTC on Feb 1 is still January in New York.
    jan = ClaimFactory(
        article=gazette,
        speaker="Ann Lee",
        type="policy",
        created=datetime(2026, 2, 1, 3, 0, tzinfo=UTC),
    )
    feb = ClaimFactory(
        article=gazette, speaker="Ann Lee", created=datetime(2026, 2, 1, 6, 0, tzinfo=UTC)
    )
    mar = ClaimFactory(
        article=herald, speaker="Ann Lee", created=datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    )
    pending = ClaimFactory(
        article=herald, speaker="Ann Lee", created=datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
    )
    ClaimFactory(article=herald, speaker="Ann Lee")  # never checked
    for article in (gazette, herald):
        speakers_sync_article(article_id=article.pk)
    approved_verdict(jan, approver=editor, label="False")
    approved_verdict(feb, approver=editor, label="True")
    approved_verdict(mar, approver=editor, label="False")
    verdict = VerdictFactory(claim=pending)
    Claim.objects.filter(pk=pending.pk).update(current_verdict=verdict)
    speaker = _record(jan)

    figures, total = speaker_figures(checked_claims([speaker.pk], public=False))
    tables = {f.id: f.table.rows for f in figures}
    assert total == 4
    expected = Counter({"False": 2, "True": 1})
    expected[verdict.rating.label] += 1  # the pending verdict counts on the desk's page
    assert dict(map(tuple, tables["mix"])) == expected
    months = {row[0]: row[1:] for row in tables["over-time"]}
    assert list(months) == ["Jan 2026", "Feb 2026", "Mar 2026"]
    assert sum(months["Jan 2026"]) == 1 and sum(months["Mar 2026"]) == 2
    assert tables["by-type"] == [["Quantity", 3], ["Policy", 1]]
    assert tables["outlets"] == [["Gazette", 2], ["Herald", 2]]

    public, public_total = speaker_figures(checked_claims([speaker.pk], public=True))
    public_tables = {f.id: f.table.rows for f in public}
    assert public_total == 3
    assert dict(map(tuple, public_tables["mix"])) == {"False": 2, "True": 1}
    assert public_tables["outlets"] == [["Gazette", 2], ["Herald", 1]]


def test_speaker_page_with_no_checked_claims_has_empty_figures(reviewer_client):
    _article_with("Karine Jean-Pierre")
    html = reviewer_client.get("/speakers/karine-jean-pierre/").content.decode()
    assert "0 checked claims" in html
    assert "No claim of this speaker has a verdict yet." in html
