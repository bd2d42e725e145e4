"""Named extraction rules that can be switched off one by one, to measure what each is worth.

Each rule read from the parse for speakers, non-claims and clauses has a name here; the code
asks ``on(name)`` before applying it. ``FACTCHECK_EXTRACTION_RULES_OFF=name,name`` switches
rules off for a process (unknown names are an error, so a typo cannot pass for a measurement),
and ``bench/rule_ablation.py`` scores the development set with each rule off in turn.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

RULES: dict[str, str] = {
    # attribute
    "speaker.mentions": "register people the parse names, their titles' gender, their roles, "
    "and the named subjects of main verbs (what a later he/she continues)",
    "speaker.same_sentence_antecedent": "a pronoun speaker takes the agreeing subject of a "
    "clause bound to its verb earlier in the sentence",
    "speaker.role_noun": '"the Wikileaks founder" is the person written beside that role',
    "speaker.quote_frame": "the subject of the first verb after a closing quote, if it frames "
    "the quote (said, continued, told ...), from the parse",
    "speaker.organisation_entity": "an organisation entity speaks under its own name",
    "speaker.outlet_channel": '"he said, according to the Times": the outlet reported it',
    "speaker.coordinated": '"Both Acme and Zenith said": the coordinated names speak',
    "speaker.subordinate_report": '"Prices fell after sources said ...": a report in a time '
    "or cause clause does not attribute the sentence",
    "speaker.owner_role": '"the company\'s spokeswoman": the company named before speaks',
    "speaker.np_subtree": "a speaker found by word patterns must be one noun phrase in the "
    "parse (its words hang from its head noun)",
    "speaker.pronoun_gender": "the only person a sentence names takes the gender of its "
    "unquoted he/she/his/her",
    "speaker.quoted_as_saying": '"X was quoted as saying ...": X speaks',
    "speaker.name_colon": "a bare name opening the sentence before a colon and a quotation",
    "speaker.forecast_see": '"Home Depot sees growth of 2%": present "see" with an economic '
    "measure is a forecast",
    # filter
    "nonclaim.imperative": "a subjectless bare verb opening the sentence, with no clause or "
    "figure of its own",
    "nonclaim.exhortation": '"you" with a modal of duty, no figure',
    "nonclaim.rhetorical_question": "wh-word, inverted auxiliary, subject; no question mark",
    "nonclaim.caption": "the subject is this/the following chart, map, table, photo ...",
    "nonclaim.lead_in": '"Here\'s the data ..." and short paragraph-closing colon lead-ins',
    "nonclaim.wire_tag": '"(CNN)The storm ...": a wire tag opening the text is trimmed',
    "nonclaim.headline_label": "an unpunctuated line with a label and a colon is a headline",
    # split
    "clause.parse_check": "cut a sentence only between two verbs that each have a subject",
}


def _from_env() -> set[str]:
    raw = os.environ.get("FACTCHECK_EXTRACTION_RULES_OFF", "")
    names = {n.strip() for n in raw.split(",") if n.strip()}
    unknown = names - RULES.keys()
    if unknown:
        raise ValueError(f"FACTCHECK_EXTRACTION_RULES_OFF names unknown rules: {sorted(unknown)}")
    return names


_off: set[str] = _from_env()


def on(name: str) -> bool:
    """Whether the rule ``name`` applies (all do unless switched off)."""
    return name not in _off


# Caches of results that depend on a rule, cleared whenever rules are switched.
on_switch: list[Callable[[], None]] = []


@contextmanager
def switched_off(*names: str) -> Iterator[None]:
    """Switch rules off inside a ``with`` block (measurement and tests; not thread-safe)."""
    unknown = set(names) - RULES.keys()
    if unknown:
        raise ValueError(f"unknown rules: {sorted(unknown)}")
    before = set(_off)
    _off.update(names)
    for clear in on_switch:
        clear()
    try:
        yield
    finally:
        _off.clear()
        _off.update(before)
        for clear in on_switch:
            clear()
