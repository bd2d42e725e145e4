"""Claim extraction engine: pure Python (standard library only at run time; no Django).

``extract_claims(text)`` returns the claims of an article in reading order, each with character
offsets, a type, a check-worthiness score, a speaker and the figures it contains.
``score_sentences(sentences)`` scores sentences on their own (the ``--sentences`` CLI mode).
"""

from __future__ import annotations

from .checkworthiness import SentenceScore, score_sentences
from .engine import Claim, extract_claims, extract_claims_batch
from .quantities import Quantity, find_quantities
from .types import CLAIM_TYPES, classify

__all__ = [
    "CLAIM_TYPES",
    "Claim",
    "Quantity",
    "SentenceScore",
    "classify",
    "extract_claims",
    "extract_claims_batch",
    "find_quantities",
    "score_sentences",
]
