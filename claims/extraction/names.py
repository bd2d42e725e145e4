"""Speaker noun phrases to names, independent of the article (so cached).

"White House press secretary Karine Jean-Pierre" -> "Karine Jean-Pierre"; "a spokesperson for
the ministry" -> "the ministry"; "Dana Reyes's office" -> "Dana Reyes"; "Economist Jane Park of
the University of Leeds" -> "Jane Park". The tracker in ``speakers`` then resolves surnames,
pronouns and generic nouns against the article.
"""

from __future__ import annotations

from functools import lru_cache

from . import rules
from .attribution import _blocked
from .lexicon import (
    _AUX,
    _DAYS,
    _DETERMINERS,
    _DOC_NOUNS,
    _FIRST_NAMES,
    _GENERIC_ORGS,
    _NAME_LINKS,
    _NUMBER_WORDS,
    _ORG_WORDS,
    _PRONOUN_WORDS,
    _PRONOUNS,
    _TITLES,
    _WORD_SPLIT_RE,
    PARTICLES,
    _cap,
    _clean_words,
    _set,
)

# A role that speaks for a body: "a spokeswoman for Acme", "an official at the ministry".
_MOUTHPIECES = _set(
    "spokesperson spokesman spokeswoman spokespeople representative official officials aide "
    "aides source sources lawyer lawyers attorney attorneys"
)
_FOR_WORDS = _set("for at of from")
_PARTICIPLES = _set("released published issued obtained seen compiled")
_TRAILING_PREPOSITIONS = _set("on in at last this early late")
# Groups that speak for the body they work at: "analysts at Goldman Sachs said".
_GROUP_VOICES = _set("analysts economists strategists researchers scientists experts")
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it"}


# The pure steps of ``SpeakerTracker.resolve`` are cached: speakers recur through an article,
# and the article-specific state (who was named, genders) is only consulted after them.
@lru_cache(maxsize=4096)
def _prepare(np: str) -> tuple[str | None, str | None, tuple[str, ...], bool]:
    """The article-independent part of ``resolve``: (pronoun, redirect, words, had_det).

    A pronoun ("she", "her campaign") is resolved by the tracker; a redirect is the phrase
    that really speaks ("a spokesperson for the ministry" -> "the ministry").
    """
    first, _, rest = np.strip().partition(" ")
    if first.lower() in _POSSESSIVE_PRONOUNS and rest.lower() in _OWNED_VOICES:
        return _POSSESSIVE_PRONOUNS[first.lower()], None, (), False  # "her campaign said"
    words, had_det = _clean_np(np)
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return words[0].lower(), None, words, had_det
    words = _owner(words)
    if (
        len(words) == 2
        and words[0].endswith(("'s", "’s"))
        and words[0][:-2].lower() in _GENERIC_ORGS
        and words[1].lower() in _OWNED_VOICES
        and rules.on("speaker.owner_role")
    ):
        # "the company's spokeswoman said": the company the article named speaks through her
        return None, "the " + words[0][:-2], words, had_det
    if len(words) >= 3 and words[0].lower() in _DOC_NOUNS and "by" in words[1:3]:
        # "data analysed by the BBC showed": the body that produced the figures
        return None, " ".join(words[words.index("by", 1) + 1 :]), words, had_det
    if (
        len(words) >= 3
        and (
            words[0].lower() in _MOUTHPIECES
            or words[0].lower() in _DOC_NOUNS
            or words[0].lower() in _GROUP_VOICES
        )
        and words[1] in _FOR_WORDS
    ):
        # "a spokesperson for the ministry said", "data from the statistics office showed":
        # the body speaks through its spokesperson or its figures
        return None, " ".join(words[2:]), words, had_det
    return None, None, words, had_det


@lru_cache(maxsize=4096)
def _clean_np(np: str) -> tuple[tuple[str, ...], bool]:
    """Words of a noun phrase without determiners, days and auxiliaries; had a determiner."""
    words = _clean_words(_WORD_SPLIT_RE.split(np.strip()))
    had_det = bool(words) and words[0].lower() in _DETERMINERS
    while words and (
        words[0].lower() in _DETERMINERS or (len(words) > 1 and words[0].lower() in _NUMBER_WORDS)
    ):
        words = words[1:]  # "the agency", "two officials"
    while words and (
        words[-1].lower() in _DAYS
        or words[-1].lower() in _AUX
        or words[-1] in _PARTICIPLES
        or words[-1] in _TRAILING_PREPOSITIONS  # "X on Wednesday announced"
    ):
        words = words[:-1]  # "A UN report released Tuesday": the report's author
    return tuple(words), had_det


# Who speaks for a named person or body ("Reyes's office"); "Chile's interior ministry" is
# a body of its own and keeps its name.
_OWNED_VOICES = _set(
    "office spokesman spokeswoman spokesperson lawyer lawyers attorney attorneys campaign "
    "team aide aides representative representatives staff"
)


@lru_cache(maxsize=4096)
def _person_of(words: tuple[str, ...]) -> tuple[str, ...]:
    """ "Economist Jane Park of the University of Leeds": the person, not her employer."""
    for i in range(2, len(words) - 1):
        if words[i] in _AFFILIATION_LINKS:
            head = words[:i]
            parsed = _name_words(head)
            if parsed is not None and parsed[1] and len(parsed[0]) >= 2:
                return head
            break
    return words


_AFFILIATION_LINKS = _set("of at from")
_ORG_LINKS = _set("of for at in on")


def _owner(words: tuple[str, ...]) -> tuple[str, ...]:
    """ "Dana Reyes's office", "Acme's lawyers": the named owner speaks through them."""
    for i in range(len(words) - 2, -1, -1):
        w = words[i]
        if not w.endswith(("'s", "’s")):
            continue
        # The nearest possessor owns the voice: in "Bolivia's public defender's office" the
        # office is the public defender's (a role), not Bolivia's, so the phrase stays whole.
        if _cap(w) and words[-1].lower() in _OWNED_VOICES and not any(map(_cap, words[i + 1 :])):
            return (*words[:i], w[:-2])
        break
    return words


@lru_cache(maxsize=4096)
def _name_words(cleaned: tuple[str, ...]) -> tuple[tuple[str, ...], bool] | None:
    """The name inside a cleaned noun phrase (titles dropped) and whether it is a person's."""
    words = list(cleaned)
    if len(words) > 9:
        # "the U.S. Attorney's Office for the Western District of New York": a body's full
        # title runs long; the body is named by the words up to its organisation noun.
        for i in range(1, len(words)):
            if words[i] in _ORG_LINKS and words[i - 1].lower() in _ORG_WORDS and _cap(words[0]):
                words = words[:i]
                break
    if _blocked(words) or len(words) > 9:
        return None
    if any(w.lower() in _PRONOUN_WORDS for w in words):
        return None  # a lone pronoun was resolved before; "though she" is no name
    if len(words) >= 2 and words[-1] in _DOC_NOUNS and _cap(words[-2]):
        words = words[:-1]  # "according to CDC data": the body, not its figures
    # The name is the capitalised tail after the last title or role word.
    tail_start = len(words)
    while tail_start > 0 and (
        _cap(words[tail_start - 1])
        or (
            words[tail_start - 1] in PARTICLES
            and tail_start >= 2
            and tail_start < len(words)
            and _cap(words[tail_start - 2])
            and words[tail_start - 2].lower() not in _TITLES
        )
    ):
        tail_start -= 1
    is_person = False
    if tail_start < len(words):
        tail = words[tail_start:]
        cut = 0
        for i, w in enumerate(tail):
            if w.lower() in _TITLES:
                cut = i + 1
        before = words[tail_start - 1].lower() if tail_start else ""
        had_title = cut > 0 or (tail_start > 0 and before not in _NAME_LINKS)
        if tail[-1].lower() in _ORG_WORDS:
            cut = 0  # "the National Health Institute": an organisation keeps its name
            had_title = tail_start > 0 and before not in _NAME_LINKS
        if cut < len(tail) and (had_title or tail_start == 0):
            name_words = tail[cut:]
            if had_title or len(name_words) < len(words):
                words = name_words
                is_person = name_words[-1].lower() not in _ORG_WORDS
            else:
                words = tail
    if (
        len(words) >= 3
        and not is_person
        and all(_cap(w) for w in words)
        and words[-2].lower() in _FIRST_NAMES
        and words[-1].lower() not in _ORG_WORDS
    ):
        words = words[-2:]  # "County Clerk Janet Osei": an unlisted title before a name
    if len(words) >= 2 and words[0].lower() in _FIRST_NAMES:
        is_person = True  # "Sarah House" is a person even though "house" names organisations
    return tuple(words), is_person


rules.on_switch.append(_prepare.cache_clear)
