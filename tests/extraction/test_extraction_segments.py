"""Sentence and clause splitting, quotes, page furniture, speakers."""

from __future__ import annotations

import pytest

from claims.extraction import extract_claims
from claims.extraction.filters import dateline_length, is_furniture
from claims.extraction.segmenter import clauses, paragraphs, sentences


def split(text: str) -> list[str]:
    return [text[a:b] for ps, pe in paragraphs(text) for a, b in sentences(text, ps, pe)]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "The U.S. would act, Dr. Cole said. John F. Kennedy spoke at 3.5 p.m. Then it rained."
    assert split(text) == [
        "The U.S. would act, Dr. Cole said.",
        "John F. Kennedy spoke at 3.5 p.m. Then it rained.",
    ] or split(text) == [
        "The U.S. would act, Dr. Cole said.",
        "John F. Kennedy spoke at 3.5 p.m.",
        "Then it rained.",
    ]


def test_closing_quote_and_lowercase_attribution_stay_in_the_sentence() -> None:
    text = "“Why now?” a reporter asked. “Because,” she said. Next one."
    assert split(text) == ["“Why now?” a reporter asked.", "“Because,” she said.", "Next one."]


def test_lines_are_paragraphs() -> None:
    assert split("First line without stop\n\n  Second line.  \n") == [
        "First line without stop",
        "Second line.",
    ]


def test_clauses_split_independent_claims_only() -> None:
    s = "Rates have roughly halved since January, and we expect them to stay low next year."
    parts = [s[a:b] for a, b in clauses(s, 0, len(s))]
    assert parts == [
        "Rates have roughly halved since January",
        "we expect them to stay low next year.",
    ]
    lst = "They sold apples, pears, and plums at the market on Sunday."
    assert clauses(lst, 0, len(lst)) == [(0, len(lst))]


@pytest.mark.parametrize(
    "line",
    [
        "TOP MILITARY BRASS CALLS FOR VOLUNTEERS",
        "RELATED: HOW TO KEEP PETS SAFE",
        "SEE ALSO: PORT STRIKE TALKS RESUME",
        "WATCH: Drone footage shows submerged villages",
        "Read more: How measles spreads",
        "By Priya Natarajan",
        "Photo: Demonstrators gather outside parliament on Tuesday.",
        "A rescue worker carries a child. (AP Photo/Jan Brandt)",
        "Heat wave sends hospital visits soaring",
        "Posted 6:40 a.m.",
        "(Reporting by Daniel Ames; Editing by Sara Klein)",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


def test_prose_is_not_furniture() -> None:
    assert not is_furniture("Shares rose 4% in early trading.")
    assert not is_furniture("The U.S. economy grew 2% last year, officials said.")
    # Further down the article a sentence that lost its period is still prose ...
    assert not is_furniture("The law takes effect on the first day of January", first=False)
    # ... while short or title-case lines are subheads.
    assert is_furniture("What happens next", first=False)
    assert is_furniture("Rising Costs Hit Rural Hospitals Hardest This Winter", first=False)


def test_dateline_length() -> None:
    s = "LONDON, March 3 (Reuters) - Prices rose."
    assert s[dateline_length(s) :] == "Prices rose."
    assert dateline_length("WASHINGTON (AP) — The Senate voted.") == len("WASHINGTON (AP) — ")
    assert dateline_length("U.S. officials - and others - agreed.") == 0


def test_pronoun_and_surname_resolve_to_the_full_name() -> None:
    text = (
        "Opposition leader Karl Heine said the plan was flawed. Interior Minister Sofia Brandt "
        "disagreed.\nShe said 40 percent of claims succeed. He argued that costs would double."
        "\nHeine said the vote was close.\n"
    )
    claims = extract_claims(text)
    by_text = {c.text.split()[0]: c.speaker for c in claims}
    assert by_text["She"] == "Sofia Brandt"
    assert by_text["He"] == "Karl Heine"
    assert by_text["Heine"] == "Karl Heine"


def test_according_to_and_trailing_attribution() -> None:
    text = (
        "Demand hit 9,800 megawatts, according to the grid operator.\n"
        "Sales fell 3%, the company said on Monday.\n"
        "“Prices will rise,” said Dr. Amara Cole, who runs the clinic.\n"
    )
    speakers = [c.speaker for c in extract_claims(text)]
    assert speakers == ["grid operator", "company", "Amara Cole"]


def test_first_person_hypothetical_and_calls_to_action_are_dropped() -> None:
    text = (
        "“If other countries would attack us, we would fight for our country.”\n"
        "Subscribe to our newsletter.\nTell us what you think.\nSupport for the bill fell to "
        "40 percent, our poll shows.\n"
    )
    texts = [c.text for c in extract_claims(text)]
    assert texts == ["Support for the bill fell to 40 percent, our poll shows."]


def test_short_claims_with_attribution_are_kept_but_bare_replies_are_not() -> None:
    text = (
        "Prices rose, officials said.\nNot yet, officials said.\nFollow-up tests found our error.\n"
    )
    texts = [c.text for c in extract_claims(text)]
    assert texts == ["Prices rose, officials said.", "Follow-up tests found our error."]


def test_question_quote_with_capitalised_attribution_is_one_non_claim() -> None:
    text = "“Why now?” Lutz asked. “It is a disaster,” Lutz said, “and everyone knows it.”\n"
    claims = extract_claims(text)
    assert [c.text for c in claims] == ["It is a disaster,” Lutz said, “and everyone knows it."]
    assert (claims[0].type, claims[0].speaker) == ("opinion", "Lutz")
