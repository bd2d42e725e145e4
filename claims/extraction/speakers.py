"""Who a claim is attributed to, with pronouns and surnames resolved to full names.

Attribution comes from a reporting verb ("X said", "said X", "X told reporters", "X estimated
that", "according to X"; see ``attribution``) and from quotations (the speaker named next to
the quote marks). The noun phrase found there is cleaned (titles such as "White House press
secretary" and determiners dropped) and resolved: a surname or first name maps to the full
name introduced earlier, "he"/"she" to the most recent compatible person, "they"/"it" and "the
agency" to the group or organisation named last. Gender comes from titles, a short first-name
list and earlier pronoun bindings; without it the most recent person wins.
"""

from __future__ import annotations

from . import rules
from .attribution import _VERB_RE, REPORTING_TOKENS, find_attribution
from .lexicon import (
    _BLOCK,
    _BUSINESS_NOUNS,
    _DAYS,
    _DOC_NOUNS,
    _FEMALE_NAMES,
    _FEMALE_TITLES,
    _FIRST_BEFORE_RE,
    _FIRST_NAMES,
    _GENERIC_ORGS,
    _MALE_NAMES,
    _MALE_TITLES,
    _MAX_MISSES,
    _NOT_FIRST,
    _ORG_WORDS,
    _PRONOUNS,
    _PUBLIC_BODY,
    _PUBLIC_NOUNS,
    _TITLED_NAME_RE,
    _TITLES,
    _cap,
    _set,
)
from .mentions import person_names, pronoun_gender, role_noun, roles, subjects
from .names import _name_words, _person_of, _prepare

# Mentions of a surname checked for its "First Surname" introduction. A news article
# introduces a person within their first few mentions; 64 leaves a wide margin and bounds
# the work per distinct word on long texts.
_MAX_TRIES = 64
# How many of the most recent people a gendered pronoun looks back over for a known match.
_GENDER_REACH = 4
# Titles held by one person at a time in a story: "the mayor said" names the mayor.
_ROLE_TITLES = _set(
    "president minister secretary senator governor speaker commissioner coach sheriff mayor "
    "chancellor premier judge director chairman chairwoman chair"
)

__all__ = ["REPORTING_TOKENS", "_VERB_RE", "SpeakerTracker", "find_attribution"]


class SpeakerTracker:
    """Attribution and coreference state for one article, fed sentence by sentence in order."""

    def __init__(self, text: str) -> None:
        self.by_token: dict[str, str] = {}  # surname or first name -> full name
        self.gender: dict[str, str] = {}
        self.persons: list[str] = []  # most recent first
        self.groups: list[str] = []  # non-person speakers, most recent first
        self.text = text
        self.misses: set[tuple[str, bool]] = set()  # surnames without a full name in the text
        self.by_title: dict[str, list[str]] = {}  # "mayor" -> people introduced as mayor
        # How the last ``resolve`` found its name: stated, pronoun or role.
        self.last_basis: str | None = None
        # From the parse: role noun -> people it was written beside, and each person's roles.
        self.by_role: dict[str, list[str]] = {}
        self.role_words: dict[str, set[str]] = {}
        for m in _TITLED_NAME_RE.finditer(text):
            title = m.group().split()[0].lower()
            name = m.group(1)
            if name.split()[-1].lower() in _ORG_WORDS:
                continue
            self._register(name)
            if title in _ROLE_TITLES:
                named = self.by_title.setdefault(title, [])
                if name not in named:
                    named.append(name)
            if title in _FEMALE_TITLES or title.startswith("spokeswoman"):
                self.gender.setdefault(name, "f")
            elif title in _MALE_TITLES:
                self.gender.setdefault(name, "m")

    # -- registry ---------------------------------------------------------------------------
    def _register(self, name: str) -> str:
        parts = name.split()
        if len(parts) >= 2:
            for p in (parts[0], parts[-1]):
                self.by_token.setdefault(p, name)
            first = parts[0].lower()
            if first in _FEMALE_NAMES:
                self.gender.setdefault(name, "f")
            elif first in _MALE_NAMES:
                self.gender.setdefault(name, "m")
        return name

    def is_person(self, name: str) -> bool:
        return name in self.persons

    def _touch(self, name: str, person: bool) -> None:
        lst = self.persons if person else self.groups
        if name in lst:
            lst.remove(name)
        lst.insert(0, name)
        del lst[8:]

    def observe(self, sentence: str) -> None:
        """A named person as the subject of a sentence becomes the most recent person."""
        words = sentence.split(None, 3)[:3]
        for w in words:
            w = w.strip(".,;:'’\"“”").removesuffix("’s").removesuffix("'s")
            if w in self.by_token:
                self._touch(self.by_token[w], True)
                return
            if not _cap(w):
                return
            if len(words) > 1 and w is not words[-1] and words[1][:1].islower():
                # "Ellis dismissed the poll.": a bare surname as subject, named in full earlier
                lw = w.lower()
                if (
                    lw not in _NOT_FIRST
                    and lw not in _BLOCK
                    and lw not in _PRONOUNS
                    and self._full_name(w, strict=True) is not None
                ):
                    self._touch(self.by_token[w], True)
                return

    def note_names(self, span: object) -> None:
        """Register the people a parsed sentence names, with their titles' gender and roles."""
        if span is None or not rules.on("speaker.mentions"):
            return
        for name, ent, gender in person_names(span):
            full = self._register(name) if " " in name else self.by_token.get(name)
            if full is None:
                continue
            if gender is not None:
                self.gender.setdefault(full, gender)
            found = roles(ent)
            if not found:
                continue
            self.role_words.setdefault(full, set()).update(found)
            for r in found:
                named = self.by_role.setdefault(r, [])
                if full not in named:
                    named.append(full)

    def note_subjects(self, span: object) -> None:
        """A named person who is the subject of a sentence's main verb is the one a later
        "he"/"she" most likely continues (the subject, not whoever was mentioned last)."""
        if span is None or not rules.on("speaker.mentions"):
            return
        for tok in subjects(span):
            if tok.ent_type_ == "PERSON" and tok.text in self.by_token:
                self._touch(self.by_token[tok.text], True)
        if not rules.on("speaker.pronoun_gender"):
            return
        # People named: the parse's person entities, and known surnames it did not tag.
        named = [(n.split()[-1], ent.end - 1) for n, ent, _ in person_names(span)]
        named += [(t.text, t.i) for t in span if t.pos_ == "PROPN" and t.text in self.by_token]
        full = {self.by_token.get(word) for word, _ in named}
        if len(full) == 1 and None not in full:
            # The only person the sentence names is who its he/she refers to.
            gender = pronoun_gender(span, max(i for _, i in named))
            if gender is not None:
                self.gender.setdefault(full.pop(), gender)

    def names_person(self, name: str) -> bool:
        """A known person's name or part of one ("Hartmann" after "Lena Hartmann")."""
        return any(w in self.by_token or w in self.persons for w in name.split())

    def note_group(self, name: str) -> None:
        """An organisation named as a speaker: what a later "it"/"the company" stands for."""
        self._touch(name, False)

    def resolve_role(self, head: object) -> str | None:
        """ "The Wikileaks founder argued": the person introduced with that role, whose
        recorded role words include the phrase's proper-noun modifiers too."""
        found = role_noun(head) if rules.on("speaker.role_noun") else None
        if found is None:
            return None
        role, mods = found
        named = [n for n in self.by_role.get(role, ()) if mods <= self.role_words.get(n, set())]
        if not named:
            return None
        name = next((p for p in self.persons if p in named), named[-1])
        self._touch(name, True)
        self.last_basis = "role"
        return name

    # -- resolution -------------------------------------------------------------------------
    def _pronoun(self, p: str) -> str | None:
        if p in ("he", "she"):
            want = "m" if p == "he" else "f"
            # A recent person known to be of the pronoun's gender first; then the most recent
            # person whose gender agrees or the article has not shown.
            known = (n for n in self.persons[:_GENDER_REACH] if self.gender.get(n) == want)
            unknown = (n for n in self.persons if self.gender.get(n) in (None, want))
            name = next(known, None) if rules.on("speaker.pronoun_gender") else None
            name = name or next(unknown, None)
            if name is None:
                return None
            self.gender[name] = want
            self._touch(name, True)
            return name
        for g in self.groups:
            # "It said"/"They said": the organisation or group named last, never a document.
            if g.split()[-1].lower() not in _DOC_NOUNS:
                return g
        return None

    def _organisation(self, noun: str) -> str | None:
        """The organisation named last that ``noun`` ("agency", "company") can stand for."""
        for g in self.groups:
            words = g.split()
            if not _cap(words[0]) or words[-1].lower() in _DOC_NOUNS:
                continue
            if not (len(words) >= 2 or (len(g) >= 2 and g.isupper())):
                continue
            lw = {w.lower() for w in words}
            public = not _PUBLIC_BODY.isdisjoint(lw)
            if noun in lw or noun.rstrip("s") in lw:
                return g
            if noun in _PUBLIC_NOUNS and public:
                return g  # "the agency": the Centers for Disease Control and Prevention
            if noun in _BUSINESS_NOUNS and not public and len(g) >= 2:
                return g  # "the company": Harbor Logistics
        return None

    def _full_name(self, surname: str, strict: bool = False) -> str | None:
        """The full name a bare surname stands for, found as "First Surname" in the article.

        ``str.find`` over the surname's occurrences stops at the first "First Surname"; misses
        are remembered and capped, so a long text with many unknown names stays linear.
        ``strict`` (a guess from a sentence's subject, not a named speaker) accepts only a
        known first name, so "Texas has reported" does not become "West Texas".
        """
        key = (surname, strict)
        if len(surname) < 2 or not surname[0].isupper() or key in self.misses:
            return None
        if len(self.misses) >= _MAX_MISSES:
            return None
        text = self.text
        i = text.find(surname)
        tries = 0
        while i >= 0 and tries < _MAX_TRIES:  # an introduction comes early: not every mention
            tries += 1
            after = i + len(surname)
            if (after >= len(text) or not (text[after].isalnum() or text[after] in "-'’")) and i:
                m = _FIRST_BEFORE_RE.search(text, max(0, i - 40), i)
                if m is not None:
                    first = m.group(1).lower()
                    if (not strict or first in _FIRST_NAMES) and not (
                        first in _NOT_FIRST
                        or first in _TITLES
                        or first in _ORG_WORDS
                        or first in _DAYS
                        or first in _BLOCK
                        or first in _PRONOUNS
                    ):
                        return self._register(f"{m.group(1)} {surname}")
            i = text.find(surname, i + 1)
        self.misses.add(key)
        return None

    def resolve(self, np: str | None) -> str | None:
        """Clean a raw speaker noun phrase and resolve it to a full name where possible."""
        self.last_basis = None
        if not np:
            return None
        pronoun, redirect, words, had_det = _prepare(np)
        if pronoun is not None:
            name = self._pronoun(pronoun)
            self.last_basis = "pronoun" if name else None
            return name
        if redirect is not None:
            return self.resolve(redirect)
        if not words:
            return None
        self.last_basis = "role"
        if had_det and len(words) == 1 and words[0].lower() in self.by_title:
            # "the mayor said": the person introduced as mayor (the most recent one, if several)
            named = self.by_title[words[0].lower()]
            name = next((p for p in self.persons if p in named), named[0])
            self._touch(name, True)
            return name
        if had_det and len(words) == 1 and words[0].lower() in _GENERIC_ORGS:
            org = self._organisation(words[0].lower())
            if org is not None:
                self._touch(org, False)
                return org
        self.last_basis = "stated"
        words = _person_of(words)
        parsed = _name_words(words)
        if parsed is None:
            self.last_basis = None
            return None
        words, is_person = parsed
        name = " ".join(words)
        if len(words) == 1 and words[0] not in self.by_token and words[0].lower() not in _ORG_WORDS:
            self._full_name(words[0])  # registers "Robert Rivas" for "Rivas" when it finds it
        if len(words) == 1 and words[0] in self.by_token:
            name = self.by_token[words[0]]
            is_person = True
        elif (
            len(words) >= 2
            and words[-1] in self.by_token
            and self.by_token[words[-1]].endswith(" " + name)
        ):
            name = self.by_token[words[-1]]  # "De Haan" after "Patrick De Haan"
            is_person = True
        elif len(words) == 1 and _cap(words[0]) and words[0].lower() not in _ORG_WORDS:
            is_person = not words[0].endswith("s")
        elif (
            len(words) >= 2 and all(_cap(w) for w in words) and words[-1].lower() not in _ORG_WORDS
        ):
            # Two or three capitalised words that are not an organisation: a person's name.
            is_person = is_person or len(words) <= 3
        if is_person:
            if len(words) >= 2:
                self._register(name)
            elif name not in self.by_token:
                self.by_token[name] = name
            self._touch(name, True)
        else:
            self._touch(name, False)
        return name
