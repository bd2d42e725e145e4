"""Claim type: quantity, comparison, policy, causal, prediction, event or opinion.

Ordered rules over cue words, checked most specific first. Figures decide a lot: a sentence
built around a statistic is a quantity claim even when it also compares or predicts, but
durations and vote tallies inside a sentence about a law do not make it one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .checkworthiness import featurize
from .quantities import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Token


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
    goal_is aim_is aims_to objective_is
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
    contributed_to responsible_for so_that reason reasons
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
    i_find
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
    reckless i_think we_think i_believe my_view right_thing seems seem arguably i_find
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


# Rule switches, so each parse rule's effect can be measured or turned off on its own.
TYPE_RULES: dict[str, bool] = {
    "asserted_prediction": True,  # a modal in a relative or adverbial clause predicts nothing
    "past_inability": True,  # "could not measure" reports the past
    "polite_would": True,  # "I would like to emphasise" is not a forecast
    "forecast_should": True,  # "prices should ease next year" is a prediction
    "scheduled_due": True,  # "was due to be released" is a schedule, not a cause
    "conditional_cause": True,  # "rates are high if it is treated early": a condition
    "consequence_means": True,  # "the decision means there will be no ...": a consequence
    "bare_more": True,  # "more agents" without "than" compares nothing
    "multiplier_times": True,  # "three times" compares; "the New York Times" does not
    "fronted_without": True,  # "Without treatment, the disease is fatal": a condition
}
_TIMES_MULT_RE = re.compile(
    r"(?i)(?:\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand|"
    r"dozen|many|several|few|multiple))[\w,.%]*\s+times\b"
)
_FRONTED_WITHOUT_RE = re.compile(r"(?i)^\W*(?:(?:and|but|yet|so)\s+)?without\s+[^,;]{3,60},")
# Prediction cues that are words on their own (the bigram cues are time phrases, kept as read).
_PREDICTION_WORDS = frozenset(w for w in _PREDICTION if " " not in w)
_PREDICTION_NOUNS = _set("forecast forecasts outlook projection projections")
# Dependency relations a cue may climb through and still be asserted by the sentence.
_ASSERTED_PATH = _set("ROOT conj ccomp xcomp parataxis aux auxpass neg advmod acomp cc")
_POLITE_HEADS = _set("like love prefer want wish welcome appreciate")
_FUTURE_TIMES = _set(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december 0 tomorrow weekend spring summer
    autumn fall winter
    """
)
_FORECAST_WORDS = _set(
    "expect expects expected forecast forecasts forecasters analysts economists projected outlook"
)
_SHOULD_CHANGE_RE = re.compile(
    r"(?i)\bshould\s+(?:\w+\s+)?(?:rise|fall|grow|increase|decline|ease|improve|recover|"
    r"reach|return|arrive|peak|slow|pick\s+up|stabili[sz]e|weaken|strengthen|drop|climb|"
    r"be\s+(?:completed|finished|ready|back|over|available|restored))\b"
)
_DUE_TO_VERB_RE = re.compile(
    r"(?i)\bdue\s+to\s+(?:be|have|go|start|begin|arrive|open|close|"
    r"meet|end|return|expire|finish|appear|testify|take|face|vote)\b"
)


def _asserted(t: Token) -> bool:
    """The cue belongs to a clause the sentence asserts (its main clause, a conjunct or a
    reported clause), not a relative, adverbial or noun-modifying clause."""
    cur = t
    for _ in range(16):
        if cur.dep_ == "ROOT":
            return True
        if cur.dep_ not in _ASSERTED_PATH or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _predicts(t: Token) -> bool:
    if t.lower_ in _PREDICTION_NOUNS and t.pos_ == "NOUN":
        return True
    if TYPE_RULES["polite_would"] and t.lower_ == "would" and t.head.lemma_ in _POLITE_HEADS:
        return False
    if (
        TYPE_RULES["past_inability"]
        and t.lower_ == "could"
        and any(c.dep_ == "neg" for c in t.head.children)
    ):
        return False
    return not TYPE_RULES["asserted_prediction"] or _asserted(t)


def _parse_prediction(f: set[str], tokens: list[Token]) -> bool:
    if any(" " in w for w in _PREDICTION.intersection(f)):
        return True  # "next year", "going to", "set to": read as written
    return any(t.lower_ in _PREDICTION_WORDS and _predicts(t) for t in tokens)


def _forecast_should(text: str, f: set[str]) -> bool:
    """ "Inflation should ease next year": "should" in a forecast, not a judgement."""
    if "should" not in f:
        return False
    if any(b.startswith(("next ", "by next", "the coming")) for b in _PREDICTION.intersection(f)):
        return True
    if any(f"by {w}" in f or f"until {w}" in f for w in _FUTURE_TIMES):
        return True
    return bool(_SHOULD_CHANGE_RE.search(text)) and not _FORECAST_WORDS.isdisjoint(f)


def _conditional(tokens: list[Token]) -> bool:
    """ "Recovery rates are high if it is treated early": a condition states a cause."""
    return any(
        t.lower_ in ("if", "unless") and t.dep_ == "mark" and t.head.dep_ == "advcl" for t in tokens
    )


def _consequence(tokens: list[Token]) -> bool:
    """ "The ruling means there will be no appeal": a consequence stated by "mean"."""
    return any(
        t.lemma_ == "mean"
        and t.pos_ == "VERB"
        and any(c.dep_ == "ccomp" for c in t.children)
        and any(c.dep_ == "nsubj" and c.pos_ == "NOUN" for c in t.children)
        for t in tokens
    )


def _bare_more(f: set[str], tokens: list[Token]) -> bool:
    """Only "more/less/fewer" modifying a noun, with nothing compared: "more border agents"."""
    cues = _COMPARISON.intersection(f)
    if not cues or not cues <= {"more", "less", "fewer"} or not _RANKING.isdisjoint(f):
        return False
    return all(t.dep_ == "amod" for t in tokens if t.lower_ in cues)


def classify(
    text: str,
    quantities: list[Quantity],
    features: set[str] | None = None,
    tokens: list[Token] | None = None,
) -> str:
    """The most specific type for one claim's text.

    ``features`` are the claim's tokens and bigrams (``checkworthiness.featurize``); they are
    computed here when the caller has not already got them. ``tokens`` are the claim's parsed
    tokens when the engine has a parse: modal cues then count only in asserted clauses.
    """
    f = features if features is not None else set(featurize(text))
    if TYPE_RULES["scheduled_due"] and "due to" in f and _DUE_TO_VERB_RE.search(text):
        f = f - {"due to"}  # "was due to be released": a schedule
    if TYPE_RULES["multiplier_times"] and "times" in f and not _TIMES_MULT_RE.search(text):
        f = f - {"times"}  # a name or "at times": no multiple of anything
    forecast = TYPE_RULES["forecast_should"] and _forecast_should(text, f)
    if forecast:
        f = f - {"should"}  # a forecast's "should" judges nothing
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
    if TYPE_RULES["fronted_without"] and "without" in f and _FRONTED_WITHOUT_RE.match(text):
        return "causal"  # "Without treatment, the disease is fatal": a necessary condition
    if tokens and TYPE_RULES["consequence_means"] and "means" in f and _consequence(tokens):
        return "causal"  # "The ruling means there will be no appeal": what follows from it
    if forecast or (not _PREDICTION.isdisjoint(f) and (not tokens or _parse_prediction(f, tokens))):
        return "prediction"
    # After the forecast check: "If funding is cut, we will see deaths climb" predicts.
    if tokens and TYPE_RULES["conditional_cause"] and "if" in f and _conditional(tokens):
        return "causal"
    if not _OPINION.isdisjoint(f):
        if (
            not _RANKING.isdisjoint(f) or ("iest" in text and _iest(f))
        ) and _STRONG_OPINION.isdisjoint(f):
            return "comparison"
        return "opinion"
    if not _COMPARISON.isdisjoint(f) or not _RANKING.isdisjoint(f) or ("iest" in text and _iest(f)):
        if tokens and TYPE_RULES["bare_more"] and _bare_more(f, tokens):
            return "event"
        return "comparison"
    return "event"
