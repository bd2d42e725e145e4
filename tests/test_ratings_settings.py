"""/settings/ratings/: editors add, rename, reorder and retire ratings."""

from __future__ import annotations

import re

import pytest

from claims.models import Activity, Claim, Rating
from tests.factories import ClaimFactory, VerdictFactory, rating

pytestmark = pytest.mark.django_db


def _labels() -> list[str]:
    return list(Rating.objects.order_by("position", "id").values_list("label", flat=True))


def _edit(r: Rating, **changes) -> dict[str, str]:
    data = {
        "label": r.label,
        "claimreview_value": r.claimreview_value or "",
        "description": r.description,
        "expected_label": r.label,
        **changes,
    }
    if r.requires_primary_source and "requires_primary_source" not in changes:
        data["requires_primary_source"] = "on"
    return {f"rating-{r.pk}-{k}": v for k, v in data.items()}


def test_editor_sees_the_scale_in_order(editor_client):
    response = editor_client.get("/settings/ratings/")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.index("Mostly true") < content.index("Unverifiable")


def test_reviewer_outsider_and_anonymous_cannot_manage_ratings(
    reviewer_client, outsider_client, client
):
    assert reviewer_client.get("/settings/ratings/").status_code == 403
    assert outsider_client.get("/settings/ratings/").status_code == 403
    assert client.get("/settings/ratings/").status_code == 302
    assert reviewer_client.post("/settings/ratings/add/", {"new-label": "X"}).status_code == 403
    assert not Rating.objects.filter(label="X").exists()


def test_editor_adds_a_rating_at_the_end(editor_client, htmx_headers):
    response = editor_client.post(
        "/settings/ratings/add/", {"new-label": "Exaggerated", "new-claimreview_value": "2"}
    )
    assert response.status_code == 302
    assert _labels()[-1] == "Exaggerated"
    response = editor_client.post(
        "/settings/ratings/add/", {"new-label": "Satire"}, headers=htmx_headers
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="scale"')
    assert _labels()[-1] == "Satire"
    assert Activity.objects.filter(action="rating.create").count() == 2


def test_duplicate_names_are_refused(editor_client):
    response = editor_client.post("/settings/ratings/add/", {"new-label": "false"})
    assert response.status_code == 422
    assert "already a rating called" in response.content.decode()


def test_renaming_keeps_old_verdicts_pointing_at_the_rating(editor_client):
    r = rating("Half true")
    verdict = VerdictFactory(rating=r)
    response = editor_client.post(f"/settings/ratings/{r.pk}/", _edit(r, label="Half-true"))
    assert response.status_code == 302
    verdict.refresh_from_db()
    assert verdict.rating.label == "Half-true"


def test_renaming_a_stale_form_is_refused(editor_client, htmx_headers):
    r = rating("Half true")
    loaded = _edit(r, label="Partly true")
    Rating.objects.filter(pk=r.pk).update(label="Half-true")
    response = editor_client.post(f"/settings/ratings/{r.pk}/", loaded, headers=htmx_headers)
    assert response.status_code == 409
    assert "It is now called “Half-true”" in response.content.decode()
    assert 'value="Partly true"' in response.content.decode()
    assert Rating.objects.get(pk=r.pk).label == "Half-true"


def test_reordering_moves_a_rating_up_and_down(editor_client, htmx_headers):
    r = rating("Misleading")
    before = _labels()
    editor_client.post(f"/settings/ratings/{r.pk}/move/", {"direction": "up"})
    after = _labels()
    i = before.index("Misleading")
    assert after[i - 1] == "Misleading" and after[i] == before[i - 1]
    response = editor_client.post(
        f"/settings/ratings/{r.pk}/move/", {"direction": "down"}, headers=htmx_headers
    )
    assert response.status_code == 200
    assert _labels() == before


def test_retiring_a_rating_in_use_hides_it_from_choices_but_keeps_old_verdicts(
    editor_client, reviewer_client
):
    r = rating("Misleading")
    claim = ClaimFactory()
    verdict = VerdictFactory(claim=claim, rating=r)
    Claim.objects.filter(pk=claim.pk).update(current_verdict=verdict)
    response = editor_client.post(f"/settings/ratings/{r.pk}/retire/", {"retired": "1"})
    assert response.status_code == 302
    assert Rating.objects.get(pk=r.pk).retired
    page = reviewer_client.get(f"/claims/{claim.pk}/").content.decode()
    assert f'<option value="{r.pk}"' not in page
    assert "Misleading" in page  # the old verdict still shows its rating
    editor_client.post(f"/settings/ratings/{r.pk}/retire/", {"retired": "0"})
    assert not Rating.objects.get(pk=r.pk).retired


def test_the_last_rating_cannot_be_retired(editor_client):
    keep = rating("True")
    Rating.objects.exclude(pk=keep.pk).update(retired=True)
    response = editor_client.post(f"/settings/ratings/{keep.pk}/retire/", {"retired": "1"})
    assert response.status_code == 422
    assert not Rating.objects.get(pk=keep.pk).retired


def test_plain_move_redirects_to_the_rating_and_says_where_it_went(editor_client):
    r = rating("Misleading")
    place = _labels().index("Misleading")  # 0-based: moving up lands on this 1-based place
    response = editor_client.post(f"/settings/ratings/{r.pk}/move/", {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"] == f"/settings/ratings/#rating-{r.pk}"
    page = editor_client.get(response["Location"]).content.decode()
    assert f"Moved “Misleading” up: now {place} of {len(_labels())}." in page


def test_htmx_move_announces_once_and_keeps_focus_on_the_moved_rating(editor_client, htmx_headers):
    r = rating("Misleading")
    response = editor_client.post(
        f"/settings/ratings/{r.pk}/move/", {"direction": "up"}, headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="scale"')
    assert '<div id="messages" hx-swap-oob="innerHTML">' in html
    assert "Moved “Misleading” up" in html
    assert 'role="status"' not in html  # never a second notice inside the swapped panel
    button = re.search(rf'<button [^>]*id="move-up-{r.pk}"[^>]*>', html).group(0)
    assert "data-focus-after-swap" in button
    assert html.count("data-focus-after-swap") == 1


def test_moving_to_the_top_keeps_focus_on_the_enabled_button(editor_client, htmx_headers):
    second = Rating.objects.order_by("position", "id")[1]
    response = editor_client.post(
        f"/settings/ratings/{second.pk}/move/", {"direction": "up"}, headers=htmx_headers
    )
    html = response.content.decode()
    assert _labels()[0] == second.label
    up = re.search(rf'<button [^>]*id="move-up-{second.pk}"[^>]*>', html).group(0)
    down = re.search(rf'<button [^>]*id="move-down-{second.pk}"[^>]*>', html).group(0)
    assert "disabled" in up and "data-focus-after-swap" not in up
    assert "data-focus-after-swap" in down


def test_every_order_button_names_its_rating(editor_client):
    html = editor_client.get("/settings/ratings/").content.decode()
    for r in Rating.objects.all():
        assert f'<span class="visually-hidden">Move “{r.label}” up</span>' in html
        assert f'<span class="visually-hidden">Move “{r.label}” down</span>' in html
    assert "Move “True” up</button>" not in html  # no wall of spelled-out buttons


def test_unknown_direction_is_refused_and_announced(editor_client, htmx_headers):
    r = rating("Misleading")
    before = _labels()
    response = editor_client.post(
        f"/settings/ratings/{r.pk}/move/", {"direction": "sideways"}, headers=htmx_headers
    )
    assert response.status_code == 422
    assert '<p class="message message-error">Move a rating up or down.</p>' in (
        response.content.decode()
    )
    assert _labels() == before
    plain = editor_client.post(f"/settings/ratings/{r.pk}/move/", {"direction": "sideways"})
    assert plain.status_code == 422
    assert "Move a rating up or down." in plain.content.decode()
