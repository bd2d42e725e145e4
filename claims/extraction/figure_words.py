"""Word lists for figures (data only, read once at import) and the switches of each figure rule.

``RULES`` turns each rule of ``quantities`` and ``figures`` on or off by name, so a rule's
effect can be measured on its own (``make eval`` with one switched off) and a desk can disable
one that misfires on its texts without a code change elsewhere.
"""

from __future__ import annotations


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


RULES: dict[str, bool] = {
    # quantities.py (text scan)
    "bound_one": True,  # "more than one night" keeps its bare "one"
    "one_of_the": True,  # "one of the two main forms": a count, not a reference
    "symbols": True,  # "the number eight" is a symbol
    "codes": True,  # leading zeros, "A321-200", "999 calls", "section 230"
    "zero_compound": True,  # "zero-hours contracts"
    "a_unit_bound": True,  # "less than a week": a bound on one unit
    "named_currency": True,  # "88 billion Hong Kong dollars" is HKD
    "weight_pounds": True,  # "pounds of cocaine", "weighs 200 pounds": weight, not GBP
    "vote_tally": True,  # "by a vote of 312 to 287": votes
    # figures.py (parse)
    "age_label": True,  # "The 48-year-old Australian", "Jane Roe, 55,"
    "parsed_year": True,  # a four-digit number the parse marks as a date
    "nummod_unit": True,  # the noun the number modifies, not the next word
    "label_number": True,  # "the 747 fleet": a number before a singular noun names it
    "of_object_unit": True,  # "eight of its Hong Kong shares", "half of the polling stations"
    "subject_unit": True,  # "the backlog of claims had grown to 84,000": claims
    "person_age": True,  # "Most of the victims were over 75": years
    "vague_decades": True,  # "he could face decades in jail": at least 20 years
    "direction": True,  # "rose from 2.1 percent to 2.6 percent": two figures, a rise
}

# Nouns a following number names rather than counts ("section 230", "flight 370").
LABEL_NOUNS = _set(
    """
    section article chapter clause paragraph title proposition prop amendment resolution
    directive item route highway interstate exit flight gate platform terminal runway channel
    episode stage phase tier category grade type model version page room floor suite apartment
    ward precinct district zone sector seat bed cell pier berth dock lane code
    """
)
# Numbers dialled for emergencies: "a surge in 999 calls" counts calls, not 999 of anything.
EMERGENCY_NUMBERS = _set("911 999 112 988")

# Currencies named with their country: "88 billion Hong Kong dollars" is HKD, not "hong".
NAMED_CURRENCIES: dict[str, str] = {
    "hong kong dollars": "HKD", "hong kong dollar": "HKD", "hk dollars": "HKD",
    "canadian dollars": "CAD", "canadian dollar": "CAD", "australian dollars": "AUD",
    "australian dollar": "AUD", "new zealand dollars": "NZD", "singapore dollars": "SGD",
    "taiwan dollars": "TWD", "taiwanese dollars": "TWD", "new taiwan dollars": "TWD",
    "us dollars": "USD", "u.s. dollars": "USD", "american dollars": "USD",
    "swiss francs": "CHF", "japanese yen": "JPY", "chinese yuan": "CNY", "indian rupees": "INR",
    "pakistani rupees": "PKR", "mexican pesos": "MXN", "argentine pesos": "ARS",
    "brazilian reais": "BRL", "russian rubles": "RUB", "russian roubles": "RUB",
    "south african rand": "ZAR", "turkish lira": "TRY", "british pounds": "GBP",
    "pounds sterling": "GBP", "egyptian pounds": "EGP", "nigerian naira": "NGN",
    "south korean won": "KRW", "swedish kronor": "SEK", "norwegian kroner": "NOK",
    "danish kroner": "DKK",
}  # fmt: skip

# Words that make "pounds" a weight: "pounds of cocaine", "weighed 200 pounds", "lost 30 pounds".
WEIGHT_CUES = _set(
    """
    weigh weighs weighed weighing weight weights heavy heavier lighter lbs lb ounces kilograms
    kilos kg grams tons tonnes overweight obese pounds-per
    """
)
# What follows "pounds of" when it is a weight: materials, food, drugs, waste.
# (Money is "pounds of taxpayers' money", rare next to the cues above; "of" plus any noun
# other than money words is taken as weight.)
MONEY_OF_NOUNS = _set("money cash funding funds investment spending taxpayers public savings")

# Nouns for people: a bound figure about them with no unit is an age ("victims were over 75").
PERSON_NOUNS = _set(
    """
    people person victims victim dead deceased patients patient residents resident voters
    adults children women men workers drivers citizens pensioners retirees users members
    respondents survivors passengers migrants applicants candidates officers soldiers
    players athletes students pupils mothers fathers parents those everyone anyone
    """
)
# Head nouns that aggregate a counted thing: "the number of claims", "the backlog of cases".
AGGREGATE_NOUNS = _set(
    """
    number backlog total count tally toll figure sum amount share proportion population
    stock pile inventory queue list roster
    """
)
# Verbs whose "to"/"from" figure is a level of their subject ("claims rose to 84,000").
CHANGE_VERBS = _set(
    """
    rise grow increase climb jump soar surge fall drop decline decrease shrink sink slip
    dip plunge tumble reach hit total stand swell balloon double triple halve fall edge
    """
)
UP_VERBS = _set("rise grow increase climb jump soar surge swell balloon double triple edge")
DOWN_VERBS = _set("fall drop decline decrease shrink sink slip dip plunge tumble halve")
