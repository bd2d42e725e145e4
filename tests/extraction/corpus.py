"""The test articles under tests/extraction/articles, extracted once per test run."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from claims.extraction import Claim, extract_claims

ARTICLES = Path(__file__).parent / "articles"


@cache
def claims_of(name: str) -> tuple[str, tuple[Claim, ...]]:
    text = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
    return text, tuple(extract_claims(text))


def find(name: str, needle: str) -> Claim:
    """The first claim of the article whose text contains needle (failing if none does)."""
    hits = [c for c in claims_of(name)[1] if needle in c.text]
    assert hits, f"{name}: no claim contains {needle!r}"
    return hits[0]
