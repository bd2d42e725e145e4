"""Our own varied articles (budget, flood, health statistics, election) and what must come out.

The articles in ``articles/`` were written for these tests; each carries page furniture (bylines,
datelines, captions, promo and call-to-action lines, questions) that must be left out.
"""

from __future__ import annotations

import pytest

from claims.extraction import Claim
from tests.extraction.corpus import claims_of, find


def figure(c: Claim, text: str):
    hits = [q for q in c.quantities if q.text == text]
    assert hits, f"no figure {text!r} in {[q.text for q in c.quantities]}"
    return hits[0]


# (article, substring of the claim, type or types, speaker, [(figure text, value, low, high)])
EXPECTED = [
    ("budget_city", "proposed a $2.4 billion budget", "quantity", None,
     [("$2.4 billion", 2.4e9, None, None), ("3.5 percent", 3.5, None, None)]),
    ("budget_city", "shortfall of about $180 million", "quantity", "Elena Vasquez",
     [("about $180 million", 180e6, 175e6, 185e6)]),
    ("budget_city", "We cannot spend money", None, "Elena Vasquez", []),
    ("budget_city", "pension costs had nearly tripled", "quantity", "Tom Okafor",
     [("nearly tripled", 3, 2.7, 3), ("$310 million", 310e6, None, None)]),
    ("budget_city", "could widen to $250 million", "quantity", "Tom Okafor", []),
    ("budget_city", "Roughly two-thirds of the savings", "quantity", "city's budget office",
     [("Roughly two-thirds", 2 / 3, 0.6, 2 / 3 * 1.1)]),
    ("flood_disaster", "more than 12,000 people", "quantity", "regional emergency agency",
     [("more than 12,000", None, 12000, None)]),
    ("flood_disaster", "At least 23 people have died", "quantity", "police",
     [("At least 23", None, 23, None), ("dozens", None, 24, 99)]),
    ("flood_disaster", "In forty years", None, "Gustav Reiner", []),
    ("flood_disaster", "lost nearly 300 sheep", "quantity", "Gustav Reiner",
     [("nearly 300", 300, 270, 300)]),
    ("flood_disaster", "between €1.5 billion and €2 billion", "quantity", "Insurers",
     [("€1.5 billion and €2 billion", None, 1.5e9, 2e9)]),
    ("flood_disaster", "€400 million in emergency aid", "quantity", "Lena Hartmann", []),
    ("flood_disaster", "within two weeks", None, "Lena Hartmann", []),
    ("flood_disaster", "about 20% more intense", ("quantity", "causal"), "Climate scientists",
     [("about 20%", 20, 18, 22)]),
    ("health_stats", "412 measles cases", "quantity", "Health officials",
     [("412", 412, None, None)]),
    ("health_stats", "dropped to 86 percent", "quantity", "National Health Institute",
     [("86 percent", 86, None, None), ("95 percent", 95, None, None)]),
    ("health_stats", "One in five children", "quantity", "report",
     [("One in five", 0.2, None, None)]),
    ("health_stats", "the decline began during the pandemic", None, "Sunita Rao", []),
    ("health_stats", "hundreds of thousands of families", "quantity", "Sunita Rao",
     [("hundreds of thousands", None, 200000, 999999)]),
    ("health_stats", "have doubled since January", "quantity", None, [("doubled", 2, None, None)]),
    ("health_stats", "were under 10", "quantity", None, [("under 10", None, None, 10)]),
    ("health_stats", "half a million children", "quantity", "Paul Ferreira",
     [("half a million", 500000, None, None)]),
    ("health_stats", "Vaccines are safe and effective", None, "Sunita Rao", []),
    ("election_claims", "added 85,000 jobs", "quantity", "Alan Brooks",
     [("85,000", 85000, None, None)]),
    ("election_claims", "unemployment had fallen to 3.9%", "quantity", "Alan Brooks",
     [("3.9%", 3.9, None, None)]),
    ("election_claims", "wages had not kept pace", None, "Grace Whitfield", []),
    ("election_claims", "a third more for groceries", "quantity", "Grace Whitfield",
     [("a third", 1 / 3, None, None)]),
    ("election_claims", "from 6 percent to 5 percent", ("quantity", "policy"), "Grace Whitfield",
     []),
    ("election_claims", "about $900 million a year", "quantity", "Alan Brooks", []),
    ("election_claims", "Turnout in the primary was 31 percent", "quantity", "election officials",
     [("31 percent", 31, None, None), ("38 percent", 38, None, None)]),
    ("wildfire_update", "burned roughly 45,000 acres", "quantity", "fire officials",
     [("roughly 45,000", 45000, 44500, 45500), ("at least 310", None, 310, None)]),
    ("wildfire_update", "about 2,100 firefighters", "quantity", "Maria Delgado",
     [("about 2,100", 2100, 2050, 2150)]),
    ("wildfire_update", "The wind is the problem.", None, "Maria Delgado", []),
    ("wildfire_update", "If the gusts die down", None, "Maria Delgado", []),
    ("wildfire_update", "three firefighters had suffered", "quantity", "Maria Delgado",
     [("three", 3, None, None)]),
    ("wildfire_update", "premiums could rise by 15 to 20 percent", ("quantity", "prediction"),
     "Raj Patel", [("15 to 20 percent", None, 15, 20)]),
    ("wildfire_update", "Insurers are already pulling out", None, "Raj Patel", []),
    ("jobs_report", "Employers added just 12,000 jobs", "quantity", "Labor Department",
     [("12,000", 12000, None, None), ("110,000", 110000, None, None)]),
    ("jobs_report", "grown by about 100,000", "quantity", "Sarah House", []),
    ("jobs_report", "The labor market is cooling", None, "Sarah House", []),
    ("jobs_report", "layoffs remained low", None, "Sarah House", []),
    ("jobs_report", "Health care added 52,000.", "quantity", None, [("52,000", 52000, None, None)]),
    ("jobs_report", "the S&P 500 closed up 0.4%", "quantity", None, [("0.4%", 0.4, None, None)]),
    ("jobs_report", "Three in 10 small businesses", "quantity",
     "National Federation of Independent Business",
     [("Three in 10", 0.3, None, None), ("four in 10", 0.4, None, None)]),
    ("transit_fares", "We had no choice", None, "Linda Park", []),
    ("transit_fares", "raise about $38 million a year", "quantity", "Linda Park",
     [("about $38 million", 38e6, 37.5e6, 38.5e6)]),
    ("transit_fares", "discounted passes for seniors", None, "Linda Park", []),
    ("transit_fares", "Ridership is still 20% below", "quantity", "agency",
     [("20%", 20, None, None)]),
    ("transit_fares", "called the vote", "opinion", "Rider advocates", []),
    ("transit_fares", "fare hikes in other cities", None, "Marcus Bell", []),
    ("drug_trial", "reduced the risk of heart attack by 26 percent", "quantity", "researchers",
     [("26 percent", 26, None, None)]),
    ("drug_trial", "enrolled 17,604 patients in 41 countries", "quantity", None,
     [("17,604", 17604, None, None), ("41", 41, None, None)]),
    ("drug_trial", "about 1.2% of patients", "quantity", "study", []),
    ("drug_trial", "the biggest advance in prevention", None, "Kwame Mensah", []),
    ("drug_trial", "He cautioned that", None, "Kwame Mensah", []),
    ("drug_trial", "would seek approval", "prediction", "Solen Pharma", []),
    ("drug_trial", "roughly 18 million people", "quantity", "World Health Organization",
     [("roughly 18 million", 18e6, 17.5e6, 18.5e6)]),
    ("quake", "killing at least 37 people", "quantity", "national disaster agency",
     [("at least 37", None, 37, None), ("more than 200", None, 200, None)]),
    ("quake", "pulled 12 survivors", "quantity", "Omar Haddad", [("12", 12, None, None)]),
    ("quake", "death toll was likely to rise", "prediction", "Omar Haddad", []),
    ("quake", "Whole streets are gone", None, "Leyla Aksoy", []),
    ("quake", "We are sleeping in our cars.", None, "Leyla Aksoy", []),
    ("quake", "promised 500 million lira in aid", "quantity", "Kemal Yurt",
     [("3,500", 3500, None, None), ("500 million", 500e6, None, None)]),
    ("school_funding", "an extra $1.2 billion over two years", "quantity", None,
     [("$1.2 billion", 1.2e9, None, None), ("two", 2, None, None)]),
    ("school_funding", "from $11,400 to about $12,300", "quantity", "governor's office",
     [("$11,400", 11400, None, None), ("about $12,300", 12300, 12250, 12350)]),
    ("school_funding", "worth more than $2 million", None, "Ana Ruiz",
     [("more than $2 million", None, 2e6, None)]),
    ("school_funding", "Our children cannot wait", None, "Ana Ruiz", []),
    ("school_funding", "would not bring the bill to a vote", None, "Dale Morgan", []),
    ("school_funding", "Nearly 40% of the state's districts", "quantity", "teachers federation",
     [("Nearly 40%", 40, 36, 40)]),
    ("housing_market", "Median home prices fell 1.8%", "quantity", "national realtors association",
     [("1.8%", 1.8, None, None), ("$412,000", 412000, None, None)]),
    ("housing_market", "more than doubled since early 2022", "quantity", "Lawrence Yun",
     [("more than doubled", None, 2, None)]),
    ("housing_market", "He expects prices to stabilise", "prediction", "Lawrence Yun", []),
    ("housing_market", "fallen by about a tenth", "quantity", None,
     [("about a tenth", 0.1, 0.09, 0.11)]),
    ("housing_market", "a buyers' strike", None, "Maria Chen", []),
]  # fmt: skip


@pytest.mark.parametrize(("name", "needle", "kind", "speaker", "figures"), EXPECTED)
def test_expected_claims(name, needle, kind, speaker, figures) -> None:
    c = find(name, needle)
    if kind is not None:
        assert c.type in ((kind,) if isinstance(kind, str) else kind)
    assert c.speaker == speaker
    for text, value, low, high in figures:
        q = figure(c, text)
        assert q.value == pytest.approx(value) if value is not None else q.value is None
        assert q.low == pytest.approx(low) if low is not None else q.low is None
        assert q.high == pytest.approx(high) if high is not None else q.high is None


NON_CLAIMS = {
    "budget_city": [
        "Council unveils leaner budget", "By Marta Lindqvist", "RIVERTON (AP)",
        "Is this the end of free museum days?", "Not yet, officials said.", "Photo: Mayor",
        "SCHOOL BOARD DEBATES", "Sign up for our City Hall newsletter",
    ],
    "flood_disaster": [
        "Floods displace thousands", "Posted 6:40", "Why were the warnings so late?",
        "Drone footage", "A rescue worker carries a child", "Share your flood stories",
    ],
    "health_stats": [
        "Measles cases climb as", "What should parents do?", "Check your child's records",
        "Read more",
    ],
    "wildfire_update": [
        "Wildfire forces evacuations", "EDITOR'S NOTE", "CEDAR RIDGE, Calif. (AP)",
        "How can you help?", "Donate to the Red Cross", "Follow @CedarRidgeNews", "Copyright 2024",
    ],
    "jobs_report": ["Hiring slows sharply in October", "AP writer Tom Briggs contributed"],
    "transit_fares": ["Metro board approves", "Should fares be free?", "Graphic: How fares"],
    "drug_trial": ["New pill cuts", "By Hannah Okoro", "How much will it cost?", "Sign up for our"],
    "quake": ["Strong earthquake kills", "ANKARA, Turkey (Reuters)", "PHOTOS:", "Are older"],
    "school_funding": ["Schools to get extra", "Do you work in a school?", "Tell us how"],
    "housing_market": ["Home prices fall for third", "UPDATE: This story"],
    "election_claims": [
        "Rivals trade claims", "MAPLEFORD", "Who won the debate?", "Tell us in the comments",
        "Reporting by Daniel Ames",
    ],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(NON_CLAIMS))
def test_page_furniture_and_questions_are_not_claims(name: str) -> None:
    text, claims = claims_of(name)
    for needle in NON_CLAIMS[name]:
        assert needle in text
        assert not any(needle in c.text for c in claims), needle


@pytest.mark.parametrize("name", sorted(NON_CLAIMS))
def test_offsets_are_exact_and_in_reading_order(name: str) -> None:
    text, claims = claims_of(name)
    assert claims
    last = -1
    for c in claims:
        assert text[c.start : c.end] == c.text
        assert c.start >= last
        last = c.end


def test_label_numbers_are_not_figures() -> None:
    c = find("jobs_report", "the S&P 500 closed up 0.4%")
    assert [q.text for q in c.quantities] == ["0.4%"]


def test_dateline_is_trimmed_from_the_first_claim() -> None:
    c = find("budget_city", "proposed a $2.4 billion budget")
    assert c.text.startswith("The Riverton city council")
    e = find("election_claims", "clashed on Tuesday night")
    assert e.text.startswith("The two candidates")
    assert e.type == "event"  # "two candidates" is not a statistic
