"""Figure rules (figures.py on the parse, quantities.py on the text), on sentences written here."""

from __future__ import annotations

import pytest

from claims.extraction import Quantity, extract_claims, find_quantities


def _figures(text: str) -> list[Quantity]:
    return [q for c in extract_claims(text) for q in c.quantities]


def _one(text: str, figure: str) -> Quantity:
    found = [q for q in _figures(text) if q.text == figure]
    assert found, [q.text for q in _figures(text)]
    return found[0]


def test_the_unit_of_an_of_figure_is_the_plural_noun_it_counts() -> None:
    q = _one("Half of the district's voting booths opened late.", "Half")
    assert q.unit == "voting booths"
    assert _one("Nine of its Singapore branches will close.", "Nine").unit == "branches"


def test_a_share_of_a_singular_body_has_no_counted_unit() -> None:
    assert _one("Two-thirds of the senate backed the motion.", "Two-thirds").unit is None


def test_a_level_reached_by_a_change_verb_counts_its_subject() -> None:
    q = _one("The queue of pending appeals has swelled to 12,500.", "12,500")
    assert q.unit == "appeals"


def test_a_bound_figure_about_people_on_a_copula_is_an_age() -> None:
    assert _one("Nearly all of the patients were over 80.", "over 80").unit == "years"


def test_decades_as_an_amount_is_at_least_twenty_years() -> None:
    q = _one("The smuggler could serve decades in prison.", "decades")
    assert (q.low, q.high, q.unit) == (20, None, "years")
    assert not any(
        q.text == "decades" for q in _figures("Prices have not been this high in recent decades.")
    )


def test_a_number_naming_a_singular_noun_is_a_label() -> None:
    assert _figures("The airline retired its 777 fleet on Friday.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Call 0300 123 4567 for advice.",
        "The Boeing B737-800 landed safely.",
        "Police received a flood of 999 calls overnight.",
        "The case turns on section 230 of the act.",
        "Staff on zero-hours contracts were not paid.",
        "The number seven is considered lucky.",
    ],
)
def test_codes_phone_numbers_symbols_and_kinds_are_not_quantities(sentence: str) -> None:
    assert find_quantities(sentence) == []


def test_a_change_from_one_level_to_another_is_two_figures_with_a_direction() -> None:
    old, new = find_quantities("Turnout rose from 41 percent to 48 percent.")
    assert (old.value, old.unit, old.change, old.direction) == (41, "percent", "from", "up")
    assert (new.value, new.change, new.direction) == (48, "to", "up")
    new, old = find_quantities("Profit fell to $12 million from $30 million.")
    assert (new.change, old.change, new.direction) == ("to", "from", "down")


def test_a_change_by_an_amount_to_a_level_is_two_figures() -> None:
    by, to = find_quantities("The jobless rate dropped by 0.2 points to 3.9 percent.")
    assert (by.value, by.change, to.value, to.change, to.direction) == (
        0.2,
        "by",
        3.9,
        "to",
        "down",
    )


def test_a_from_to_span_without_a_change_stays_a_range() -> None:
    (q,) = find_quantities("Prices ranged from 20 to 35 euros.")
    assert (q.low, q.high) == (20, 35)
    (q,) = find_quantities("Temperatures may fall by 5 to 7 degrees.")
    assert (q.low, q.high) == (5, 7)


def test_an_approximate_figure_is_as_precise_as_it_is_written() -> None:
    (q,) = find_quantities("The ship carried about 4,600 containers.")
    assert (q.low, q.high) == (4550, 4650)
    (q,) = find_quantities("Repairs cost roughly $12.7 million.")
    assert (q.low, q.high) == (pytest.approx(12.65e6), pytest.approx(12.75e6))
    (q,) = find_quantities("About 30 people waited.")
    assert (q.low, q.high) == (27, 33)  # never more than a tenth either side


def test_a_bound_on_one_unit_of_time_is_a_figure() -> None:
    (q,) = find_quantities("The repairs took less than a month.")
    assert (q.low, q.high, q.unit) == (None, 1, "months")
    assert find_quantities("The plant closed more than a year ago.") == []


def test_a_bound_keeps_a_bare_one_and_one_of_the_n_is_a_count() -> None:
    (q,) = find_quantities("The comet was seen on more than one night.")
    assert (q.low, q.high) == (1, None)
    (q,) = find_quantities("It is one of the three largest ports in Europe.")
    assert q.value == 3
    assert find_quantities("The first two trials were halted.") == []


def test_named_currencies_and_weights_in_pounds() -> None:
    (q,) = find_quantities("Tickets cost 950 Hong Kong dollars.")
    assert (q.unit, q.kind) == ("HKD", "money")
    (q,) = find_quantities("Officers seized 400 pounds of heroin.")
    assert (q.unit, q.kind) == ("pounds", "count")
    (q,) = find_quantities("The boxer weighed in at 160 pounds.")
    assert q.unit == "pounds"
    (q,) = find_quantities("The council fined the landlord 900 pounds.")
    assert q.unit == "GBP"


def test_a_vote_tally_counts_votes() -> None:
    qs = find_quantities("The motion carried by a vote of 54 to 41.")
    assert [(q.value, q.unit) for q in qs] == [(54, "votes"), (41, "votes")]
