"""Four more articles written for these tests: a court ruling, a club's finances, energy
prices and a live blog. They pin attribution forms and figure shapes the earlier articles
do not use ("According to X" openers, "a spokesperson for X", "said X, Ofgem's chief
executive", verb bounds, "Rs"/"£" scales, "half a percentage point")."""

from __future__ import annotations

import pytest

from claims.extraction import Claim
from claims.extraction.quantities import Quantity
from tests.extraction.corpus import claims_of, find


def figure(c: Claim, text: str) -> Quantity:
    hits = [q for q in c.quantities if q.text == text]
    assert hits, f"no figure {text!r} in {[q.text for q in c.quantities]}"
    return hits[0]


NAMES = ["appeals_court", "stadium_finance", "energy_bills", "flood_live"]


@pytest.mark.parametrize("name", NAMES)
def test_no_speaker_is_a_clause_or_pronoun_phrase(name: str) -> None:
    for c in claims_of(name)[1]:
        if c.speaker is None:
            continue
        words = c.speaker.split()
        assert len(words) <= 6, c.speaker
        assert words[0].lower() not in {"though", "although", "but", "and", "he", "she", "they"}
        assert not any(w in {"had", "has", "was", "would", "will"} for w in words), c.speaker


@pytest.mark.parametrize("name", NAMES)
def test_furniture_stays_out(name: str) -> None:
    texts = " ".join(c.text for c in claims_of(name)[1])
    for furniture in ("Related:", "Sign up", "Read more", "Photo:", "Share your photos", "By "):
        assert furniture not in texts


# -- court ruling --------------------------------------------------------------------------
def test_court_lead_is_the_article_s_own_and_keeps_both_awards() -> None:
    c = find("appeals_court", "cut a jury award")
    assert c.speaker is None  # "had wrongly admitted evidence" names no speaker
    assert [q.value for q in c.quantities] == [640e6, 320e6]


def test_court_dissent_pronoun_and_bound() -> None:
    c = find("appeals_court", "plainly relevant")
    assert c.speaker == "Samuel Ortiz"
    q = figure(c, "less than 2%")
    assert (q.low, q.high) == (None, 2)


def test_court_according_to_filings_and_as_many_as() -> None:
    c = find("appeals_court", "released as many as")
    assert c.speaker == "court filings"
    assert figure(c, "as many as 1,200").unit == "barrels"
    assert figure(c, "nearly 9,000").high == 9000


def test_court_spokesperson_for_a_company_and_quotes_after_who() -> None:
    assert find("appeals_court", "reviewing the decision").speaker == "Redline"
    assert find("appeals_court", "Our clients waited").speaker == "Malik Jordan"
    assert find("appeals_court", "They will not give up").speaker == "Malik Jordan"
    c = find("appeals_court", "Between 200 and 300")
    q = figure(c, "200 and 300")
    assert (q.low, q.high, q.unit) == (200, 300, "residents")


# -- club finances -------------------------------------------------------------------------
def test_club_ranges_and_fractions() -> None:
    c = find("stadium_finance", "Average ticket prices")
    # "rose from $84 to $97": two levels of one change, not a range
    old, new = figure(c, "$84"), figure(c, "$97")
    assert (old.value, old.unit, old.change, old.direction) == (84, "USD", "from", "up")
    assert (new.value, new.unit, new.change, new.direction) == (97, "USD", "to", "up")
    c = find("stadium_finance", "Four out of five")
    assert c.speaker == "Gloria Mendes"
    assert figure(c, "Four out of five").value == 0.8


def test_club_percentage_points_and_verb_bound() -> None:
    c = find("stadium_finance", "Attendance averaged")
    assert figure(c, "3.2 percentage points").unit == "percentage points"
    c = find("stadium_finance", "expected revenue to exceed")
    assert c.speaker == "Dana Whitfield"
    q = figure(c, "exceed $550 million")
    assert (q.value, q.low, q.high) == (None, 550e6, None)


def test_club_surname_pronoun_and_vague_plural() -> None:
    assert find("stadium_finance", "roughly a fifth").speaker == "Raymond Cho"
    q = figure(find("stadium_finance", "Hundreds of fans"), "Hundreds")
    assert (q.low, q.high, q.unit) == (200, 999, "fans")


# -- energy prices -------------------------------------------------------------------------
def test_energy_fraction_before_from_and_pounds() -> None:
    c = find("energy_bills", "fall by about a fifth")
    assert c.speaker == "Ofgem"
    assert figure(c, "about a fifth").value == pytest.approx(0.2)
    assert figure(c, "£1,690").unit == "GBP"


def test_energy_quote_said_name_then_possessive_title() -> None:
    c = find("energy_bills", "welcome news")
    assert c.speaker == "Jonathan Brearley"
    assert not c.text.startswith('"')


def test_energy_according_to_splits_and_inherits() -> None:
    first = find("energy_bills", "as many as 6.5 million")
    second = find("energy_bills", "arrears have climbed")
    assert first.speaker == second.speaker == "Fuel Poverty Action"
    assert figure(second, "£3.1bn").value == 3.1e9


def test_energy_half_a_percentage_point_and_topped() -> None:
    q = figure(find("energy_bills", "half a percentage point"), "half a percentage point")
    assert (q.value, q.unit) == (0.5, "percentage points")
    q = figure(find("energy_bills", "briefly topped"), "topped 600")
    assert (q.low, q.high) == (600, None)
    assert find("energy_bills", "Families will see").speaker == "Claire Coutinho"


# -- live blog -----------------------------------------------------------------------------
def test_live_blog_time_headers_are_not_claims() -> None:
    for c in claims_of("flood_live")[1]:
        assert not c.text[:5].replace(":", "").isdigit(), c.text


def test_live_blog_attribution_and_figures() -> None:
    c = find("flood_live", "release £120m")
    assert c.speaker == "Keir Starmer"
    assert figure(c, "£120m").value == 120e6
    assert find("flood_live", "No family should").speaker == "Keir Starmer"
    c = find("flood_live", "almost 200mm")
    assert c.speaker == "Met Office"
    q = figure(c, "almost 200mm")
    assert (q.high, q.unit) == (200, "mm")
    c = find("flood_live", "fewer than 100")
    assert c.speaker == "Northern"
    assert figure(c, "fewer than 100").high == 100
