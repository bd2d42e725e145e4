"""One date format, one date-time format, word-boundary clipping and figures shown once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from claims.templatetags.display import clip, figure, is_clipped, show_date, show_datetime


def test_dates_read_one_way_with_the_full_date_on_hover():
    html = show_date(date(2022, 9, 21))
    assert html == (
        '<time class="date" datetime="2022-09-21" title="Wednesday 21 September 2022">'
        "21 Sep 2022</time>"
    )
    assert ">21 Sep 2022</time>" in show_date("2022-09-21")


def test_date_times_show_minutes_and_carry_seconds_and_zone_on_hover():
    html = show_datetime(datetime(2026, 12, 1, 19, 11, 5, tzinfo=UTC))
    assert ">1 Dec 2026, 19:11</time>" in html
    assert 'title="Tuesday 1 December 2026, 19:11:05 UTC"' in html
    assert 'datetime="2026-12-01T19:11:05+00:00"' in html
    assert ">1 Dec 2026, 19:11</time>" in show_datetime("2026-12-01T19:11:05+00:00")


def test_missing_or_unreadable_dates_show_nothing():
    assert show_date(None) == "" and show_date("") == "" and show_date("not a date") == ""
    assert show_datetime(None) == ""


def test_clip_cuts_at_a_word_boundary():
    text = "The mayor said Tuesday that the budget would rise"
    assert clip(text, 20) == "The mayor said…"
    assert is_clipped(text, 20) and not is_clipped(text, 200)
    assert clip(text, 200) == text


def test_figures_show_value_and_unit_once():
    percent = {"text": "15 percent", "kind": "percent", "unit": "percent"}
    assert figure(percent) == "15 percent"
    assert figure({"text": "15%", "kind": "percent", "unit": "percent"}) == "15%"
    money = {"text": "$4.2 billion", "kind": "money", "unit": "USD"}
    assert figure(money) == "$4.2 billion (money, USD)"
    assert figure({"text": "3", "kind": "count", "unit": None}) == "3 (count)"
