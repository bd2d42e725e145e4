"""Claim type: quantity, comparison, policy, causal, prediction, event or opinion.

Ordered rules over cue words, checked most specific first. Figures decide a lot: a sentence
built around a statistic is a quantity claim even when it also compares or predicts, but
durations and vote tallies inside a sentence about a law do not make it one.
"""

from __future__ import annotations

from .checkworthiness import featurize
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

# Cue words and word pairs, matched against the claim's lower-cased tokens and bigrams (the
# same tokens the check-worthiness model uses), which is much cheaper than regex alternations.
_POLICY = _set(
    """
    law laws bill bills legislation regulation regulations rule rules policy policies ban
    bans banned tariff tariffs sanction sanctions asylum visa visas mandate mandates mandatory
    decree ordinance amendment budget subsidy subsidies subsidise subsidize tax taxes eligible
    eligibility requires require prohibit prohibits prohibited approve approved passed veto
    vetoed enact enacted repeal repealed reform program programs programme programmes scheme
    allowed_to required_to signed_into welcome_any may_apply take_effect takes_effect in_force
    will_introduce will_impose will_raise will_cut will_scrap will_allow will_require
    """
)
_PREDICTION = _set(
    """
    will won't shall would expect expects expected forecast forecasts forecasted project
    projects projected predict predicts predicted likely unlikely could might may outlook
    going_to plans_to plan_to by_next the_coming set_to track_to next_year next_month
    next_week next_spring next_summer next_autumn next_fall next_winter
    """
)
_CAUSAL = _set(
    """
    because cause caused causes causing triggered fueled fuelled drove therefore consequently
    due_to led_to leads_to lead_to resulted_in resulted_from results_in result_in
    a_result owing_to thanks_to linked_to blamed_on blamed_for blame_on driven_by
    contributed_to responsible_for so_that
    """
)
_COMPARISON = _set(
    """
    than compared comparison versus vs record highest lowest largest smallest biggest most
    least fastest slowest worst best brunt outpaced outpacing surpassed surpasses exceeded
    exceeds exceeding more less fewer higher lower bigger smaller doubled tripled halved
    twice times
    """
)
_OPINION = _set(
    """
    should must ought unacceptable disgrace disgraceful shameful outrageous terrible wonderful
    great fair unfair humane inhumane wrong unpopular popular cautious pretending ridiculous
    absurd dangerous reckless best worst failure seem seems appear appears arguably clearly
    disaster disastrous catastrophe catastrophic mistake shame scandal scandalous betrayal
    obviously i_think we_think i_believe my_view right_thing called_it called_the never_saw
    """
)


# Superlatives and explicit comparisons: a measurable ranking ("the largest appropriation in
# the state's history", "the highest level in three decades", "more than in all of 2024") is a
# comparison even when an evaluative noun ("disaster") sits in it.
_RANKING = _set(
    """
    than largest highest lowest smallest biggest fastest slowest deadliest costliest warmest
    hottest coldest wettest driest strongest weakest longest shortest busiest oldest youngest
    steepest sharpest record record-high record-low all-time compared since_records
    most_since least_since first_time
    """
)
# Opinion cues that a ranking does not override: modal judgements and first-person views.
_STRONG_OPINION = _set(
    """
    should must ought unacceptable disgrace disgraceful shameful outrageous ridiculous absurd
    reckless i_think we_think i_believe my_view right_thing seems seem arguably
    """
)


def _cues(words: str) -> frozenset[str]:
    return frozenset(w.replace("_", " ") for w in words)


_POLICY, _PREDICTION, _CAUSAL, _COMPARISON, _OPINION, _RANKING, _STRONG_OPINION = (
    _cues(_POLICY),
    _cues(_PREDICTION),
    _cues(_CAUSAL),
    _cues(_COMPARISON),
    _cues(_OPINION),
    _cues(_RANKING),
    _cues(_STRONG_OPINION),
)
_STAT_KINDS = frozenset({"money", "percent", "multiplier", "fraction"})
_TIME_UNITS = _set(
    "day days week weeks month months year years hour hours minute minutes decade decades"
)


def _significant(q: Quantity) -> bool:
    """True for a figure that makes the claim about numbers (not a duration like "six months")."""
    if q.kind in _STAT_KINDS or q.unit not in _TIME_UNITS:
        return True
    # A period is a statistic only with an open bound ("waited more than a dozen hours"); a
    # point or an approximate span ("within a year or two", "two to three weeks") dates a claim.
    return (q.low is None) != (q.high is None)


def _without_doing(f: set[str]) -> bool:
    """ "cannot be met without doubling staff": a necessary condition ("remain without power"
    is not)."""
    return "without" in f and any(b.startswith("without ") and b.endswith("ing") for b in f)


def _iest(f: set[str]) -> bool:
    """A superlative outside the cue list: "costliest", "wealthiest", "heaviest"."""
    return any(len(w) > 6 and w.endswith("iest") and " " not in w for w in f)


def classify(text: str, quantities: list[Quantity], features: set[str] | None = None) -> str:
    """The most specific type for one claim's text.

    ``features`` are the claim's tokens and bigrams (``checkworthiness.featurize``); they are
    computed here when the caller has not already got them.
    """
    f = features if features is not None else set(featurize(text))
    if ("called the" in f or "called it" in f) and ('"' in text or "“" in text):
        return "opinion"  # 'X called the plan "a disaster"': a characterisation
    policy = not _POLICY.isdisjoint(f)
    significant = [q for q in quantities if _significant(q)]
    if significant:
        # "by a vote of 312 to 287": bare tallies in a sentence about a law stay policy.
        if policy and all(q.unit is None and q.kind == "count" for q in significant):
            return "policy"
        return "quantity"
    if policy:
        return "policy"
    if not _CAUSAL.isdisjoint(f) or _without_doing(f):
        return "causal"
    if not _PREDICTION.isdisjoint(f):
        return "prediction"
    if not _OPINION.isdisjoint(f):
        if (
            not _RANKING.isdisjoint(f) or ("iest" in text and _iest(f))
        ) and _STRONG_OPINION.isdisjoint(f):
            return "comparison"
        return "opinion"
    if not _COMPARISON.isdisjoint(f) or not _RANKING.isdisjoint(f) or ("iest" in text and _iest(f)):
        return "comparison"
    return "event"
