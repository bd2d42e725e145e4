"""Claim type: quantity, comparison, policy, causal, prediction, event or opinion.

Ordered rules over cue words, checked most specific first. Figures decide a lot: a sentence
built around a statistic is a quantity claim even when it also compares or predicts, but
durations and vote tallies inside a sentence about a law do not make it one.
"""

from __future__ import annotations

import re

from .quantities import Quantity


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


CLAIM_TYPES: tuple[str, ...] = (
    "quantity",
    "comparison",
    "policy",
    "causal",
    "prediction",
    "event",
    "opinion",
)

_POLICY_RE = re.compile(
    r"(?i)\b(?:law|laws|bill|bills|legislation|act|regulations?|rules?|policy|policies|ban(?:s|ned)?|"
    r"tariffs?|sanctions?|asylum|visas?|mandates?|mandatory|decree|ordinance|amendment|"
    r"budget|subsid(?:y|ies|ise|ize)|tax(?:es)?|eligible|eligibility|allowed\s+to|"
    r"required?\s+to|requires?|prohibit(?:s|ed)?|approved?|passed|vetoed?|signed\s+into|"
    r"enacted?|repeal(?:ed)?|reform|program(?:me)?s?|scheme|welcome\s+any|may\s+apply|"
    r"takes?\s+effect|in\s+force|will\s+(?:introduce|impose|raise|cut|scrap|allow|require))\b"
)
_PREDICTION_RE = re.compile(
    r"(?i)\b(?:will|won't|shall|would|going\s+to|expects?|expected|forecasts?|forecast(?:ed)?|"
    r"projects?|projected|predicts?|predicted|likely|unlikely|could|might|may|plans?\s+to|"
    r"by\s+(?:next|the\s+end\s+of)|next\s+(?:year|month|week|spring|summer|autumn|fall|winter)"
    r"|in\s+the\s+coming|outlook|set\s+to|on\s+track\s+to)\b"
)
_CAUSAL_RE = re.compile(
    r"(?i)\b(?:because|due\s+to|caused?|causing|led\s+to|leads?\s+to|lead\s+to|result(?:ed|s)?\s+"
    r"(?:in|from)|as\s+a\s+result|owing\s+to|thanks\s+to|linked\s+to|blamed?\s+(?:on|for)|"
    r"triggered|fuell?ed|driven\s+by|drove|contributed\s+to|responsible\s+for|so\s+that|"
    r"therefore|consequently|without)\b"
)
_COMPARISON_RE = re.compile(
    r"(?i)\b(?:than|compared|comparison|versus|vs\.?|record|highest|lowest|largest|smallest|"
    r"biggest|most|least|fastest|slowest|worst|best|brunt|outpac\w+|surpass\w*|exceed\w*|"
    r"more|less|fewer|higher|lower|bigger|smaller|doubled|tripled|halved|twice|times)\b"
)
_OPINION_RE = re.compile(
    r"(?i)\b(?:I\s+think|we\s+think|I\s+believe|in\s+my\s+view|should|must|ought|"
    r"unacceptable|disgrace\w*|shameful|outrageous|terrible|wonderful|great|fair|unfair|"
    r"humane|inhumane|wrong|right\s+thing|unpopular|popular|cautious|pretending|ridiculous|"
    r"absurd|dangerous|reckless|best|worst|failure|called\s+(?:it|the\s+\w+)|"
    r"never\s+saw|seems?|appears?|arguably|clearly|obviously)\b"
)
_STAT_KINDS = frozenset({"money", "percent", "multiplier", "fraction"})
_TIME_UNITS = _set(
    "day days week weeks month months year years hour hours minute minutes decade decades"
)


def _statistical(qs: list[Quantity]) -> bool:
    """True when a figure is a statistic rather than a duration or a vote tally."""
    for q in qs:
        if q.kind in _STAT_KINDS:
            return True
        if q.unit is None or q.unit not in _TIME_UNITS:
            if q.unit is None and q.value is not None and q.low is None and q.value >= 100:
                # "by a vote of 312 to 287" counts as procedure, not a statistic; keep bare
                # large figures as statistics only when nothing else marks a policy.
                continue
            return True
    return False


def classify(text: str, quantities: list[Quantity]) -> str:
    """The most specific type for one claim's text."""
    policy = _POLICY_RE.search(text) is not None
    if quantities:
        if policy and not _statistical(quantities):
            return "policy"
        return "quantity"
    if policy:
        return "policy"
    if _CAUSAL_RE.search(text):
        return "causal"
    if _PREDICTION_RE.search(text):
        return "prediction"
    if _OPINION_RE.search(text):
        return "opinion"
    if _COMPARISON_RE.search(text):
        return "comparison"
    return "event"
