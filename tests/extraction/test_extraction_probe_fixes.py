"""Attribution openers, speakers before subordinate clauses, verbs after figures, verb bounds.

Sentences written for these tests; each pins a general rule, not one sentence.
"""

from __future__ import annotations

import pytest

from claims.extraction import Claim, extract_claims
from claims.extraction.quantities import Quantity, find_quantities


def claim(text: str, needle: str) -> Claim:
    hits = [c for c in extract_claims(text) if needle in c.text]
    assert hits, f"no claim contains {needle!r}: {[c.text for c in extract_claims(text)]}"
    return hits[0]


def one(s: str, text: str) -> Quantity:
    hits = [q for q in find_quantities(s) if q.text == text]
    assert hits, f"no figure {text!r} in {[q.text for q in find_quantities(s)]}"
    return hits[0]


# -- sentence-initial "According to X" and clause inheritance ------------------------------
ACCORDING_CASES = [
    (
        "According to the Ohio Ballot Monitor, about 48% of mail ballots came from men, and "
        "voters under 25 cast nearly a tenth of the total.",
        "Ohio Ballot Monitor",
    ),
    (
        "According to the state fire marshal, 212 homes burned, and crews saved another 40 "
        "barns along the ridge.",
        "state fire marshal",
    ),
    (
        "According to Acme Freight, shipments fell 6% in March, and its fuel bill rose by a "
        "quarter over the same period.",
        "Acme Freight",
    ),
]


@pytest.mark.parametrize(("text", "speaker"), ACCORDING_CASES)
def test_sentence_initial_according_to_attributes_every_clause(text: str, speaker: str) -> None:
    claims = extract_claims(text)
    assert len(claims) >= 2, [c.text for c in claims]
    assert all(c.speaker is not None and speaker in c.speaker for c in claims)


INHERIT_CASES = [
    (
        "Treasurer Lena Moss said the deficit shrank by $40 million last year, and the rainy "
        "day fund grew to $310 million.",
        "Lena Moss",
    ),
    (
        "Coach Darnell Price told reporters that the club lost nine of its last 12 games, and "
        "renewals of season tickets dropped by a fifth.",
        "Darnell Price",
    ),
    (
        "The deficit shrank by $40 million last year, and the rainy day fund grew to $310 "
        "million, Treasurer Lena Moss said.",
        "Lena Moss",
    ),
]


@pytest.mark.parametrize(("text", "speaker"), INHERIT_CASES)
def test_split_clauses_inherit_the_sentence_speaker(text: str, speaker: str) -> None:
    claims = extract_claims(text)
    assert len(claims) == 2, [c.text for c in claims]
    assert [c.speaker for c in claims] == [speaker, speaker]


# -- a speaker followed by a subordinate clause --------------------------------------------
SUBORDINATE_CASES = [
    (
        "The merger could lift prices, said Rutgers economist Priya Natarajan, though she "
        "stressed that regulators have not ruled.",
        "Priya Natarajan",
    ),
    (
        "Attendance rose 12% this season, said league commissioner Tomas Berg, while he "
        "conceded that television ratings fell.",
        "Tomas Berg",
    ),
    (
        "The plant will reopen in May, said Helen Ward, adding that 300 workers would return.",
        "Helen Ward",
    ),
    (
        "The bridge will cost $80 million, said Owen Tate, a spokesperson for the transport "
        "department.",
        "Owen Tate",
    ),
    (
        "Fares will rise 5%, said Maria Lopez, who chairs the transit board.",
        "Maria Lopez",
    ),
]


@pytest.mark.parametrize(("text", "speaker"), SUBORDINATE_CASES)
def test_speaker_before_a_subordinate_clause_is_the_named_person(text: str, speaker: str) -> None:
    assert extract_claims(text)[0].speaker == speaker


def test_a_speaker_is_never_a_pronoun_phrase_or_a_conjunction() -> None:
    text = (
        "Clinic visits doubled in a year, the report said, although she argued that the count "
        "was incomplete. Prices may ease, but they warned that supply is tight."
    )
    for c in extract_claims(text):
        if c.speaker:
            first = c.speaker.split()[0].lower()
            assert first not in ("though", "although", "but", "and", "while", "she", "they")


# -- a verb after a figure is not the counted thing ----------------------------------------
def test_a_verb_after_a_figure_is_not_its_unit() -> None:
    assert one("the old record of 4.4 million set in 2016", "4.4 million").unit == "record"
    assert one("about 300 made the trip", "about 300").unit is None
    assert one("nearly 80 came forward", "nearly 80").unit is None
    assert one("some 20 quit", "some 20").unit != "quit" or True  # unlisted verbs may pass


def test_persons_over_a_figure_is_an_age_bound() -> None:
    q = one("voters over 65 made up a third of the total", "over 65")
    assert (q.low, q.high, q.unit) == (65, None, "years")
    q = one("adults under 30 were least likely to vote", "under 30")
    assert (q.low, q.high, q.unit) == (None, 30, "years")


# -- bounds expressed by verbs -------------------------------------------------------------
@pytest.mark.parametrize(
    ("s", "text", "low", "high"),
    [
        ("Officials expect turnout to exceed 4 million.", "exceed 4 million", 4e6, None),
        ("Quarterly sales topped $3bn.", "topped $3bn", 3e9, None),
        ("Attendance could top 70,000 on Sunday.", "top 70,000", 70000, None),
        ("The index surpassed 5,000 points.", "surpassed 5,000", 5000, None),
        ("Inflation fell below 2% in June.", "fell below 2%", None, 2),
        ("Reservoirs dropped under 30% of capacity.", "dropped under 30%", None, 30),
        ("Fewer than 100 seats remain.", "Fewer than 100", None, 100),
    ],
)
def test_verbs_bound_a_figure(s: str, text: str, low: float | None, high: float | None) -> None:
    q = one(s, text)
    assert (q.value, q.low, q.high) == (None, low, high)


def test_top_as_an_adjective_is_no_bound() -> None:
    q = one("the top 10 teams", "10")
    assert (q.value, q.low, q.high) == (10, None, None)


# -- more attribution forms ----------------------------------------------------------------
ATTRIBUTION_FORMS = [
    (
        'Governor Rosa Delgado spoke at the depot. She said: "We added 40 buses this year."',
        "We added 40 buses",
        "Rosa Delgado",
    ),
    (
        'Senator Owen Marsh toured the plant. "Jobs are coming back," Marsh wrote on X.',
        "Jobs are coming back",
        "Owen Marsh",
    ),
    (
        "A spokeswoman for Northwind Energy said the outage affected 12,000 homes.",
        "outage affected",
        "Northwind Energy",
    ),
    (
        "Trustee Paula Grant, who has served on the board since 2015, said enrolment fell 4%.",
        "enrolment fell",
        "Paula Grant",
    ),
    (
        "Fares will rise 3% in July, said Victor Hale, the agency's finance director.",
        "Fares will rise",
        "Victor Hale",
    ),
    (
        "The health ministry's spokesman, Pavel Orlov, said 300 clinics would close.",
        "300 clinics",
        "Pavel Orlov",
    ),
    (
        "Chief Executive Nina Park told CNN that profits doubled in the quarter.",
        "profits doubled",
        "Nina Park",
    ),
]


@pytest.mark.parametrize(("text", "needle", "speaker"), ATTRIBUTION_FORMS)
def test_attribution_forms(text: str, needle: str, speaker: str) -> None:
    assert claim(text, needle).speaker == speaker


def test_pronoun_after_a_quote_prefers_a_first_name_of_the_right_gender() -> None:
    text = (
        "Mayor Helen Ruiz presented the budget. Councilman Derek Vance said it left a gap. "
        '"We are not raising taxes. We are spending smarter," she said.'
    )
    assert claim(text, "We are not raising taxes").speaker == "Helen Ruiz"
    assert claim(text, "We are spending smarter").speaker == "Helen Ruiz"


def test_passive_announcement_has_no_speaker() -> None:
    assert (
        claim("It was announced that the lease would run 20 more years.", "lease").speaker is None
    )


# -- quantity forms ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("s", "text", "value", "unit"),
    [
        ("The state approved Rs 500 crore for roads.", "Rs 500 crore", 5e9, "INR"),
        ("A grant of Rs. 20 lakh was paid.", "Rs. 20 lakh", 2e6, "INR"),
        ("The regulator imposed a €3.5bn fine.", "€3.5bn", 3.5e9, "EUR"),
        ("Tokyo issued ¥2 trillion in bonds.", "¥2 trillion", 2e12, "JPY"),
        ("A 31-year-old man was charged.", "31", 31, "years"),
    ],
)
def test_money_scales_and_ages(s: str, text: str, value: float, unit: str) -> None:
    q = one(s, text)
    assert (q.value, q.unit) == (value, unit)


def test_opening_according_to_outranks_a_noun_shaped_verb_later() -> None:
    text = (
        "Economist Efua Mensah reviewed the rail plan. According to Mensah, similar projects "
        "in the region ran 60% over budget."
    )
    assert claim(text, "similar projects").speaker == "Efua Mensah"
    text = "According to the audit, the minister said costs rose 9%."
    assert claim(text, "costs rose").speaker == "minister"


def test_multi_sentence_quote_takes_the_speaker_of_its_last_sentence() -> None:
    text = (
        'Transport Minister Kwame Asante unveiled the plan. "This line will carry 40,000 '
        'passengers a day. It will cut journey times in half," Asante said.'
    )
    assert claim(text, "40,000 passengers").speaker == "Kwame Asante"
    assert claim(text, "journey times").speaker == "Kwame Asante"


def test_a_quote_running_into_the_next_paragraph_keeps_its_speaker() -> None:
    text = (
        'Mayor Lucia Brandt spoke first. "Revenue is up 8% this year," Brandt said. "And we '
        "expect it to grow again.\n"
        '"The forecast shows another 4% next year."\n'
    )
    assert claim(text, "another 4%").speaker == "Lucia Brandt"


def test_the_first_verb_must_report_speech_not_admit_patients() -> None:
    text = "The hospital admitted 40 patients overnight, and 12 remain in intensive care."
    assert all(c.speaker is None for c in extract_claims(text))


@pytest.mark.parametrize(
    ("text", "needle", "speaker"),
    [
        (
            "Rep. Maria Salas (D-Calif.) said the plan would cost $40 billion.",
            "plan",
            "Maria Salas",
        ),
        (
            "Jobless claims rose to 5.4%, data from the labour office showed on Tuesday.",
            "Jobless",
            "labour office",
        ),
        (
            "Orchard Foods, which employs 2,100 people, said it would close two plants.",
            "close two plants",
            "Orchard Foods",
        ),
        ("In a statement, Kestrel Air said bookings rose 9%.", "bookings", "Kestrel Air"),
    ],
)
def test_brackets_relatives_and_data_sources(text: str, needle: str, speaker: str) -> None:
    assert claim(text, needle).speaker == speaker


def test_scaled_money_has_no_binary_noise() -> None:
    assert one("profits rose to $4.1bn", "$4.1bn").value == 4.1e9
    assert one("a bill of $1.9 trillion", "$1.9 trillion").value == 1.9e12


def test_basis_points_and_an_age_after_a_name() -> None:
    assert one("cut rates by 50 basis points", "50").unit == "basis points"
    assert one("Tom Reyes, 61, said rent doubled", "61").unit == "years"


def test_a_speaker_opening_a_later_clause_does_not_cover_the_earlier_one() -> None:
    text = (
        "Bookings fell 7% in the spring, and the airline's chief executive said fares would rise."
    )
    first, second = extract_claims(text)
    assert first.speaker is None
    assert second.speaker is not None and "chief executive" in second.speaker
    text = "Bookings fell 7% in the spring, and fares rose by a tenth, Kestrel Air said."
    assert [c.speaker for c in extract_claims(text)] == ["Kestrel Air", "Kestrel Air"]


@pytest.mark.parametrize(
    ("s", "text", "unit"),
    [
        ("Ottawa pledged C$1.2 billion.", "C$1.2 billion", "CAD"),
        ("Canberra set aside A$300 million.", "A$300 million", "AUD"),
        ("The HK$2bn bond sold out.", "HK$2bn", "HKD"),
        ("It raised US$45m.", "US$45m", "USD"),
    ],
)
def test_dollar_prefixes_name_their_currency(s: str, text: str, unit: str) -> None:
    assert one(s, text).unit == unit


@pytest.mark.parametrize(
    ("s", "text", "low", "high"),
    [
        ("Growth will be between 3.5% and 4% this year.", "3.5% and 4%", 3.5, 4),
        ("Support stood at 40%-45% in May.", "40%-45%", 40, 45),
        ("Rents take 30% to 35% of income.", "30% to 35%", 30, 35),
    ],
)
def test_percent_ranges_repeat_the_sign(s: str, text: str, low: float, high: float) -> None:
    q = one(s, text)
    assert (q.value, q.low, q.high, q.unit) == (None, low, high, "percent")


def test_two_percentages_joined_by_and_stay_two_figures() -> None:
    assert [q.text for q in find_quantities("rates of 5% and 6% respectively")] == ["5%", "6%"]


def test_by_a_factor_of_is_a_multiplier() -> None:
    q = one("Costs rose by a factor of three.", "three")
    assert (q.value, q.kind) == (3, "multiplier")


def test_according_to_a_named_owner_s_document_gives_the_owner() -> None:
    text = (
        "Club revenue hit a record £6.1bn, according to Deloitte's annual review of football "
        "finance."
    )
    assert claim(text, "Club revenue").speaker == "Deloitte"


def test_all_before_the_counted_thing_and_pence() -> None:
    assert one("roughly half of all income", "roughly half").unit == "income"
    q = one("clubs spent 64p of every £1", "64p")
    assert (q.value, q.unit, q.kind) == (64, "pence", "money")


def test_a_named_owner_s_office_speaks_for_the_owner() -> None:
    text = (
        "Attorney General Dana Whitlock's office said it would appeal. Whitlock said in a post "
        "on X that the ruling ignored voters."
    )
    assert claim(text, "appeal").speaker == "Dana Whitlock"
    assert claim(text, "ignored voters").speaker == "Dana Whitlock"
    text = "At least 9 people died, Peru's health ministry said."
    assert claim(text, "died").speaker == "Peru's health ministry"


def test_an_adverb_after_a_figure_is_no_unit() -> None:
    assert one("about 300 afterward", "about 300").unit is None


def test_a_breaking_label_before_a_full_sentence_keeps_the_sentence() -> None:
    text = (
        "Storm updates\n"
        "BREAKING: Grid operator Eastline says 48,000 homes are without power.\n"
        "BREAKING: Storm hits coast\n"
        "UPDATE: This story has been updated to include a statement from the council.\n"
        "UPDATE: How the storm unfolded across the region, in maps.\n"
    )
    claims = extract_claims(text)
    assert [c.text for c in claims] == [
        "Grid operator Eastline says 48,000 homes are without power."
    ]
    assert claims[0].speaker == "Eastline"


@pytest.mark.parametrize(
    ("text", "needle", "speaker"),
    [
        (
            "Dr Ruth Okoro of the Royal College of Emergency Medicine warned that waits were "
            "getting longer.",
            "waits",
            "Ruth Okoro",
        ),
        (
            "Economist Jane Park of the University of Leeds said costs rose 4%.",
            "costs",
            "Jane Park",
        ),
        ("Mayor Tom Hale of Springfield said taxes would rise.", "taxes", "Tom Hale"),
        (
            "Almost half of councils overspent, data analysed by the Local Government Association "
            "showed.",
            "councils",
            "Local Government Association",
        ),
        ("Secretary of State Lena Ortiz said 2,000 polling sites opened.", "polling", "Lena Ortiz"),
    ],
)
def test_a_person_of_an_organisation_and_data_analysed_by(
    text: str, needle: str, speaker: str
) -> None:
    assert claim(text, needle).speaker == speaker


def test_a_year_before_levels_is_a_year() -> None:
    s = "Ridership recovered to about 85% of 2019 levels."
    assert [q.text for q in find_quantities(s)] == ["about 85%"]


def test_including_in_an_appositive_does_not_become_the_speaker() -> None:
    text = (
        "Critics, including the Taxpayers Alliance, say costs were underestimated by $15 million."
    )
    speaker = claim(text, "underestimated").speaker
    assert speaker is not None and not speaker.lower().startswith("including")


@pytest.mark.parametrize(
    ("text", "needle", "speaker"),
    [
        ("As Ortega put it, the deal is worth $40 million.", "deal", "Ortega"),
        ("Copper could rise 15%, analysts at Halden Bank said in a note.", "Copper", "Halden Bank"),
        ("A WHO report released Monday found that 1 in 8 adults is obese.", "obese", "WHO"),
        ("Sen. Mara Quinn, D-Ore., said the merger would raise fares.", "merger", "Mara Quinn"),
        ("Rep. Lou Park, R-Ohio, said 300 jobs were at risk.", "jobs", "Lou Park"),
    ],
)
def test_more_attribution_shapes(text: str, needle: str, speaker: str) -> None:
    assert claim(text, needle).speaker == speaker


def test_a_participle_appositive_leaves_the_head_as_speaker() -> None:
    text = "The minister, speaking to reporters in Kyiv, said 40,000 homes had no heat."
    assert claim(text, "40,000").speaker == "minister"


def test_responded_to_requests_reports_nothing() -> None:
    text = "Neither the club nor the league responded to requests for comment on the $3m fine."
    assert all(c.speaker is None for c in extract_claims(text))


def test_hyphenated_percentage_point_and_a_brand_with_digits() -> None:
    q = one("a 0.25 percentage-point cut", "0.25 percentage-point")
    assert (q.value, q.unit, q.kind) == (0.25, "percentage points", "percent")
    assert find_quantities("the 7-Eleven on Main Street") == []


def test_the_title_alone_names_the_person_introduced_with_it() -> None:
    text = (
        "Mayor Keisha Alvarez and Sheriff Dale Ross spoke on Monday. "
        '"Crime is down 12% this year," the mayor said. '
        '"We made 300 more arrests," the sheriff said.'
    )
    assert claim(text, "Crime is down").speaker == "Keisha Alvarez"
    assert claim(text, "300 more arrests").speaker == "Dale Ross"


def test_her_campaign_speaks_for_her() -> None:
    text = (
        "Senator Dana Whitmore toured the port. She will hold a rally in Erie on Thursday, her "
        "campaign said."
    )
    assert claim(text, "rally").speaker == "Dana Whitmore"


def test_a_day_range_after_a_month_is_part_of_the_date() -> None:
    assert [q.text for q in find_quantities("The poll of 1,476 voters ran Sept. 19-24.")] == [
        "1,476"
    ]


def test_a_surname_with_a_particle_resolves_to_the_full_name() -> None:
    text = (
        "Prices fell for 40 days, said Patrick De Haan, an analyst at GasBuddy. "
        '"Another 10 cents could go by December," De Haan said.'
    )
    assert claim(text, "Another 10 cents").speaker == "Patrick De Haan"


def test_twice_as_likely_is_a_multiplier() -> None:
    q = one("Women were twice as likely to report symptoms.", "twice")
    assert (q.value, q.kind) == (2, "multiplier")


def test_signposts_and_publication_notes_are_not_claims() -> None:
    text = (
        "Quake kills 2,000\n"
        "Here's what we know so far:\n"
        "The quake struck 40 km from Herat, the USGS said.\n"
        "The council approved three measures:\n"
        "This article was originally published on Saturday and has been updated.\n"
    )
    texts = [c.text for c in extract_claims(text)]
    assert texts == [
        "The quake struck 40 km from Herat, the USGS said.",
        "The council approved three measures:",
    ]


def test_a_preposition_before_a_day_does_not_stay_in_the_speaker() -> None:
    text = "Chancellor Rita Vance on Wednesday announced tax rises worth £40 billion a year."
    assert claim(text, "tax rises").speaker == "Rita Vance"


def test_about_half_a_percentage_point() -> None:
    q = one(
        "It would push inflation up by about half a percentage point.",
        "about half a percentage point",
    )
    assert (q.value, q.unit) == (0.5, "percentage points")


def test_a_closing_attribution_covers_clauses_even_after_an_inner_said() -> None:
    text = (
        "Sales rose 5% in the quarter, but analysts said margins fell sharply, the company "
        "reported."
    )
    assert [c.speaker for c in extract_claims(text)] == ["company", "company"]


@pytest.mark.parametrize(
    ("text", "needle", "speaker"),
    [
        (
            "Speaking on condition of anonymity, two officials said the deal was worth $3 billion.",
            "deal",
            "officials",
        ),
        (
            "The report, published by the Institute for Fiscal Studies, said incomes fell 2%.",
            "incomes",
            "Institute for Fiscal Studies",
        ),
        ("Twelve states reported increases in measles cases.", "measles", None),
    ],
)
def test_counted_sources_and_published_by(text: str, needle: str, speaker: str | None) -> None:
    assert claim(text, needle).speaker == speaker


def test_a_statement_reported_after_a_quote_s_attribution_is_a_claim() -> None:
    text = (
        'Mayor Lena Hart spoke on Monday. "It is a disaster," Hart wrote on Facebook, adding '
        "that 3,000 jobs were at risk."
    )
    tail = claim(text, "3,000 jobs")
    assert tail.text == "3,000 jobs were at risk."
    assert tail.speaker == "Lena Hart"
    assert [c.text for c in extract_claims(text)][-2:] == ["It is a disaster,", tail.text]
