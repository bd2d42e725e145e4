"""The seed article's key claims, pinned (figures, crossings, the asylum policy and its speaker)."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from claims.extraction import CLAIM_TYPES, Claim, extract_claims

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("FACTCHECK_SHARED", ROOT.parent / "shared"))
EVAL = SHARED / "eval"
ARTICLES = EVAL / "articles"
NAMES = ["seed_mobilization", "dev_asylum_bill", "dev_harbor_earnings", "dev_heatwave"]

needs_shared = pytest.mark.skipif(
    not (ARTICLES / "seed_mobilization.txt").exists(), reason="../shared/eval not available"
)


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[Claim]]:
    text = (ARTICLES / "seed_mobilization.txt").read_text(encoding="utf-8")
    return text, extract_claims(text)


def _claim_with(claims: list[Claim], needle: str) -> Claim:
    found = [c for c in claims if needle in c.text]
    assert found, f"no claim contains {needle!r}"
    return found[0]


@needs_shared
def test_mobilization_size_is_300000_reserve_troops(seed: tuple[str, list[Claim]]) -> None:
    _, claims = seed
    c = _claim_with(claims, "partial mobilization")
    assert c.type == "quantity"
    assert c.speaker is None
    q = [q for q in c.quantities if q.value == 300000]
    assert q and q[0].unit == "troops" and q[0].text == "300,000"


@needs_shared
def test_border_crossings_five_to_six_thousand_then_about_ten_thousand(
    seed: tuple[str, list[Claim]],
) -> None:
    _, claims = seed
    figures = [q for c in claims for q in c.quantities]
    crossing = [q for q in figures if q.text == "five to six thousand"]
    assert crossing and (crossing[0].low, crossing[0].high) == (5000, 6000)
    assert crossing[0].unit == "visitors"
    ten = [q for q in figures if q.text == "about ten thousand"]
    assert ten and ten[0].value == 10000 and ten[0].low <= 10000 <= ten[0].high
    speakers = {c.speaker for c in claims if any(q in c.quantities for q in crossing + ten)}
    assert speakers == {"Vakhtang Gomelauri"}


@needs_shared
def test_nearly_doubled_is_a_multiplier_of_about_two(seed: tuple[str, list[Claim]]) -> None:
    _, claims = seed
    c = _claim_with(claims, "nearly doubled")
    (q,) = [q for q in c.quantities if q.kind == "multiplier"]
    assert q.text == "nearly doubled"
    assert q.high == 2 and 1.6 <= q.low < 2
    assert c.speaker == "Georgia officials"
    assert c.type in ("quantity", "comparison")


@needs_shared
def test_asylum_welcome_policy_attributed_to_karine_jean_pierre(
    seed: tuple[str, list[Claim]],
) -> None:
    text, claims = seed
    first = claims[0]
    assert first.start == 0 and "would “welcome”" in first.text
    assert (first.type, first.speaker) == ("policy", "Karine Jean-Pierre")
    # "she added" and the unattributed follow-up quote resolve to the full name.
    welcome = _claim_with(claims, "We welcome any folks who are seeking asylum")
    assert (welcome.type, welcome.speaker) == ("policy", "Karine Jean-Pierre")
    believe = _claim_with(claims, "We believe that, regardless of nationality")
    assert believe.speaker == "Karine Jean-Pierre"
    assert text[believe.start : believe.end] == believe.text
    assert not believe.text.startswith("“")


@needs_shared
def test_questions_and_other_headlines_are_left_out(seed: tuple[str, list[Claim]]) -> None:
    _, claims = seed
    joined = " ".join(c.text for c in claims)
    assert "TOP MILITARY BRASS" not in joined
    assert "Does the president have a message" not in joined
    assert "why do we have to fight" not in joined
    assert "For what?" not in joined


@needs_shared
def test_spans_types_and_scores_are_well_formed(seed: tuple[str, list[Claim]]) -> None:
    text, claims = seed
    assert [c.start for c in claims] == sorted(c.start for c in claims)
    for c in claims:
        assert text[c.start : c.end] == c.text
        assert c.type in CLAIM_TYPES
        assert 0.0 <= c.score <= 1.0 and c.checkworthy == (c.score >= 0.5)
        d = c.to_dict()
        assert list(d) == [
            "start", "end", "text", "type", "score", "checkworthy", "speaker", "speaker_basis",
            "speaker_kind", "quoted", "quantities",
        ]  # fmt: skip
        json.dumps(d)


@needs_shared
def test_eval_articles_meet_the_targets() -> None:
    """All four eval articles scored together with the kit's own scorer."""
    spec = importlib.util.spec_from_file_location("score_claims", EVAL / "score_claims.py")
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    rows = []
    for name in NAMES:
        text = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
        gold = json.loads((ARTICLES / f"{name}.gold.json").read_text(encoding="utf-8"))
        pred = {"claims": [c.to_dict() for c in extract_claims(text)]}
        rows.append(scorer.score(gold, pred))
    tot = {k: sum(r[k] for r in rows) for k in rows[0] if isinstance(rows[0][k], int)}
    precision = tot["tp"] / tot["pred"]
    recall = tot["found"] / tot["gold"]
    assert tot["found_must"] == tot["gold_must"]
    assert tot["nonclaim_hits"] == 0
    assert 2 * precision * recall / (precision + recall) >= 0.95
    assert tot["type_ok"] / tot["found"] >= 0.9
    assert tot["speaker_ok"] / tot["speaker_total"] >= 0.9
    assert tot["qty_ok"] / tot["qty_total"] >= 0.95
