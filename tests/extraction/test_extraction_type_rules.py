"""Claim-type rules read on the parse (types.py), on sentences written for this test."""

from __future__ import annotations

import pytest

from claims.extraction import extract_claims


def _type(text: str) -> str:
    (c,) = [c for c in extract_claims(text)]
    return c.type


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # "should" in a forecast predicts; as advice it judges
        ("Analysts said grain prices should ease by March.", "prediction"),
        ("Economists expect that mortgage rates should fall next year.", "prediction"),
        ("The mayor said residents should conserve water.", "opinion"),
        ("The storm should reach the coast by Friday.", "prediction"),
        # a negated past ability reports the past
        ("Inspectors could not measure the leak during the storm.", "event"),
        ("Divers were not able to reach the wreck before dark.", "event"),
        # a modal inside a relative or adverbial clause predicts nothing
        ("Nurses traced visitors who might have met the patient.", "event"),
        ("The port lost the contract as the owners would not accept the terms.", "event"),
        ("I would like to thank the volunteers for their work.", "event"),
        ("The mayor said the bridge will reopen in May.", "prediction"),
        # a schedule is not a cause; a condition and a consequence are
        ("The senator was due to be sworn in on Monday.", "event"),
        ("Crops survive the frost if farmers cover them overnight.", "causal"),
        ("The verdict means there will be no retrial.", "causal"),
        ("Without rain, the reservoir is empty.", "causal"),
        # comparisons need something compared
        ("The union demanded more staff for the night shift.", "event"),
        ("Wage growth was slower than inflation.", "comparison"),
        ("Lee told the Sunday Times that the board met.", "event"),
        ("Rents have risen many times faster than pay.", "comparison"),
    ],
)
def test_claim_type_from_the_parse(sentence: str, kind: str) -> None:
    assert _type(sentence) == kind
