"""Figures: number words, ranges, bounds, money, percentages, multipliers, fractions, units."""

from __future__ import annotations

import pytest

from claims.extraction import find_quantities

# (sentence, figure text, value, low, high, unit, kind)
CASES = [
    ("drafting up 300,000 reserve troops.", "300,000", 300000, None, None, "troops", "count"),
    ("there were five to six thousand visitors daily", "five to six thousand", None, 5000, 6000,
     "visitors", "count"),
    ("it has increased to about ten thousand,", "about ten thousand", 10000, 9000, 11000, None,
     "count"),
    ("tens of thousands of Russian citizens fled", "tens of thousands", None, 20000, 99999,
     "citizens", "count"),
    ("lines more than a dozen hours long", "more than a dozen", None, 12, None, "hours", "count"),
    ("crossings have nearly doubled in a week", "nearly doubled", 2, 1.8, 2, None, "multiplier"),
    ("a drop of nearly a third, as costs rose", "nearly a third", 1 / 3, 0.3, 1 / 3, None,
     "fraction"),
    ("revenue of $4.2 billion for the quarter", "$4.2 billion", 4.2e9, None, None, "USD", "money"),
    ("a deficit of £3.5bn this year", "£3.5bn", 3.5e9, None, None, "GBP", "money"),
    ("aid of 20 million euros", "20 million", 20e6, None, None, "EUR", "money"),
    ("up 12 percent from last year", "12 percent", 12, None, None, "percent", "percent"),
    ("Shares rose 4% in early trading.", "4%", 4, None, None, "percent", "percent"),
    ("about 40 per cent of appeals succeed", "about 40 per cent", 40, 36, 44, "percent", "percent"),
    ("more than three times its level", "more than three times", None, 3, None, None,
     "multiplier"),
    ("At least 11 deaths have been linked", "At least 11", None, 11, None, "deaths", "count"),
    ("Most of the victims were over 75.", "over 75", None, 75, None, None, "count"),
    ("up to 5,000 jobs could go", "up to 5,000", None, None, 5000, "jobs", "count"),
    ("fewer than 200 beds remain", "fewer than 200", None, None, 200, "beds", "count"),
    ("to fall by 8 to 10 degrees midweek", "8 to 10", None, 8, 10, "degrees", "count"),
    ("reached 41.3 degrees Celsius in Valmont", "41.3", 41.3, None, None, "degrees Celsius",
     "count"),
    ("a peak of 9,800 megawatts on Friday", "9,800", 9800, None, None, "megawatts", "count"),
    ("One in five children has not", "One in five", 0.2, None, None, "children", "fraction"),
    ("to vaccinate half a million children", "half a million", 500000, None, None, "children",
     "count"),
    ("two-thirds of voters agreed", "two-thirds", 2 / 3, None, None, "voters", "fraction"),
    ("rates have roughly halved since January", "roughly halved", 0.5, 0.45, 0.55, None,
     "multiplier"),
    ("between $1.5 and $2 billion in damage", "$1.5 and $2 billion", None, 1.5e9, 2e9, "USD",
     "money"),
    ("the most in our 40-year history", "40", 40, None, None, "year", "count"),
    ("four hundred and twenty-five people", "four hundred and twenty-five", 425, None, None,
     "people", "count"),
    ("412 measles cases were reported", "412", 412, None, None, "cases", "count"),
    ("Temperatures hit 41.3°C on Monday", "41.3°C", 41.3, None, None, "°C", "count"),
    ("a 30km queue at the border", "30km", 30, None, None, "km", "count"),
    ("7 out of 10 voters agreed", "7 out of 10", 0.7, None, None, "voters", "fraction"),
    ("nearly 1 in 4 adults", "nearly 1 in 4", 0.25, 0.225, 0.25, "adults", "fraction"),
    ("about 2m people were affected", "about 2m", 2e6, 1.8e6, 2.2e6, "people", "count"),
    ("costs rose to $1.2-billion", "$1.2-billion", 1.2e9, None, None, "USD", "money"),
    ("a 10-fold increase", "10-fold", 10, None, None, None, "multiplier"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "text", "value", "low", "high", "unit", "kind"), CASES)
def test_figure(sentence, text, value, low, high, unit, kind) -> None:
    qs = find_quantities(sentence)
    hits = [q for q in qs if q.text == text]
    assert hits, [q.text for q in qs]
    q = hits[0]
    assert (q.unit, q.kind) == (unit, kind)
    for got, want in ((q.value, value), (q.low, low), (q.high, high)):
        assert got is None if want is None else got == pytest.approx(want)
    assert sentence[q.start : q.end] == q.text


@pytest.mark.parametrize(
    "sentence",
    [
        "The law takes effect on January 1.",
        "a record set in 2003 was broken",
        "He spoke at 9 a.m. on 5 March.",
        "One man, Aleksey, told Reuters",
        "results for the third quarter and the first half",
        "a year earlier the figures were lower",
        "in the 1990s and the '80s, on the 3rd",
        "COVID-19 and 5G networks in 3D",
        "the S&P 500 and Boeing 737 jets",
    ],
)
def test_dates_ordinals_and_bare_articles_are_not_figures(sentence: str) -> None:
    assert find_quantities(sentence) == []


def test_vote_tally_is_not_a_range() -> None:
    qs = find_quantities("approved by a vote of 312 to 287.")
    assert [(q.text, q.value) for q in qs] == [("312", 312), ("287", 287)]


def test_to_dict_has_the_eval_keys() -> None:
    (q,) = find_quantities("more than 50,000 people")
    assert q.to_dict() == {
        "text": "more than 50,000", "value": None, "low": 50000, "high": None,
        "unit": "people", "kind": "count",
    }  # fmt: skip


def test_many_figures_are_capped() -> None:
    assert len(find_quantities("1 " * 10_000)) <= 64
