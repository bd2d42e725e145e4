"""The figure shapes news copy uses, through the whole engine (token gating included).

Sentences written for these tests; each pins one shape: value or bounds, and unit.
"""

from __future__ import annotations

import pytest

from claims.extraction import extract_claims

CASES = [
    ("Only 1 in 5 adults smoke now.", "1 in 5", 0.2, None, None, "adults"),
    (
        "Three out of four voters agreed with the plan.",
        "Three out of four",
        0.75,
        None,
        None,
        "voters",
    ),
    ("A fifth of homes lack broadband.", "A fifth", 0.2, None, None, "homes"),
    ("Two-thirds of the council backed the plan.", "Two-thirds", 2 / 3, None, None, None),
    ("The regulator fined the firm €3.5bn on Monday.", "€3.5bn", 3.5e9, None, None, "EUR"),
    ("The club signed a £120m deal.", "£120m", 1.2e8, None, None, "GBP"),
    ("Japan issued ¥2 trillion in bonds.", "¥2 trillion", 2e12, None, None, "JPY"),
    ("The state approved Rs 500 crore for roads.", "Rs 500 crore", 5e9, None, None, "INR"),
    ("Sales saw a 40% drop in May.", "40%", 40, None, None, "percent"),
    (
        "Support was down 3.2 percentage points.",
        "3.2 percentage points",
        3.2,
        None,
        None,
        "percentage points",
    ),
    ("Between 200 and 300 people attended.", "200 and 300", None, 200, 300, "people"),
    ("Waits ranged from 12 to 18 months.", "12 to 18", None, 12, 18, "months"),
    ("Fewer than 100 seats remain.", "Fewer than 100", None, None, 100, "seats"),
    ("Almost 9,000 homes lost power.", "Almost 9,000", 9000, 8500, 9000, "homes"),
    ("Nearly 1 million doses were given.", "Nearly 1 million", 1e6, 9e5, 1e6, "doses"),
    ("Half a million people fled.", "Half a million", 5e5, None, None, "people"),
    ("Hundreds of flights were cancelled.", "Hundreds", None, 200, 999, "flights"),
    ("Dozens of schools closed.", "Dozens", None, 24, 99, "schools"),
    ("Seville hit a record 45 degrees Celsius.", "45", 45, None, None, "degrees Celsius"),
    ("The firm won a $1.2bn contract.", "$1.2bn", 1.2e9, None, None, "USD"),
    ("Turnout is expected to exceed 5 million.", "exceed 5 million", None, 5e6, None, None),
    ("Inflation fell below 2% in June.", "fell below 2%", None, None, 2, "percent"),
    ("Voters over 65 made up a third of the total.", "over 65", None, 65, None, "years"),
]


@pytest.mark.parametrize(("sentence", "text", "value", "low", "high", "unit"), CASES)
def test_quantity_forms_through_the_engine(
    sentence: str,
    text: str,
    value: float | None,
    low: float | None,
    high: float | None,
    unit: str | None,
) -> None:
    figures = [q for c in extract_claims(sentence) for q in c.quantities if q.text == text]
    assert figures, [q.text for c in extract_claims(sentence) for q in c.quantities]
    q = figures[0]
    assert q.value == pytest.approx(value) if value is not None else q.value is None
    assert q.low == pytest.approx(low) if low is not None else q.low is None
    assert q.high == pytest.approx(high) if high is not None else q.high is None
    assert q.unit == unit
