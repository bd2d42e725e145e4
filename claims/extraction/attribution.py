"""The raw speaker noun phrase of a sentence: "X said", "said X", "according to X".

A reporting verb is found first; the noun phrase before it (or after it, for inverted and
"according to" forms) is cut at the nearest clause boundary. The tracker in ``speakers``
cleans and resolves what is returned here.
"""

from __future__ import annotations

import re

from .lexicon import (
    _AUX,
    _BLOCK,
    _DAYS,
    _DETERMINERS,
    _DOC_NOUNS,
    _NUMBER_WORDS,
    _STOP_CHARS_RE,
    _cap,
    _set,
)

_VERBS = (
    r"said|says|say|told|tells|stated|argued|argues|estimated|estimates|estimate|"
    r"(?:added|adds)(?=\s+(?:that|on|in)\b|\s*[,.;:!?\"”—]|\s*$)|"
    r"reported|announced|announces|claimed|warned|warns|warn|noted|explained|explains|insisted|"
    r"insists|predicted|predicts|predict|expects|expect|expected|forecast|forecasts|wrote|"
    r"writes|confirmed|confirms|acknowledged|asserted|declared|maintained|suggested|"
    # "had wrongly admitted evidence", "the hospital admitted 40 patients": not speech
    r"admitted(?=\s+(?:that|on|in)\b|\s*[,.;:!?\"”—]|\s*$)|"
    r"projected|projects|asked|asks|testified|concluded|cautioned|recalled|"
    # "responded to requests for comment" reports nothing
    r"(?:replied|responded)(?=\s+(?:that|by|with|in)\b|\s*[,.;:!?\"”—]|\s*$)|"
    r"promised|pledged|vowed|put(?=\s+it\b)|"
    # "..., a new study reports.": closing the sentence it is the verb, not the noun
    r"(?:reports|says|adds)(?=[.!]?[\"”’)]*\s*$)|"
    r"(?:found|finds|showed|shows)(?=\s+that\b|(?:\s+on\s+\w+|\s+\w+day)?[.!]?\s*$)|"
    r"(?:believe|believes|believed)(?=\s+that\b)|"
    r"(?:called|calls)(?=\s+(?:it|the\s+\w+|this|them|him|her)?\s*[\"“])"
)
# "According to X, ..." opens many sentences: the capital must match too.
_VERB_RE = re.compile(rf"\b(?:{_VERBS})\b|\b[Aa]ccording\s+to\b")
# Every word _VERB_RE can start with, as tokens: a sentence without one has no attribution.
REPORTING_TOKENS = _set(
    """
    said says say told tells stated argued argues estimated estimates estimate added adds
    reported announced announces claimed warned warns warn noted explained explains insisted
    insists predicted predicts predict expects expect expected forecast forecasts wrote writes
    confirmed confirms acknowledged admitted asserted declared maintained suggested projected
    projects asked asks testified concluded cautioned recalled replied responded promised
    pledged vowed found finds showed shows believe believes believed called calls according put
    reports
    """
)
_INVERTIBLE_RE = re.compile(
    r"(?:said|says|added|adds|asked|asks|wrote|writes|explained|noted|warned|insisted|"
    r"replied|responded|cautioned|recalled|argued|declared|stated|concluded|estimated|"
    r"predicted|reported|announced|acknowledged|admitted|confirmed|suggested)$"
)
# What may follow the name in "said X": the end, a date, or a description of X.
_AFTER_NAME_RE = re.compile(
    r"\s*(?:[.!?…\"”’)]|$|,\s*(?:[\"“]|$)|"
    r",\s*(?:who|whose|where|which|a|an|the|one|adding|noting|according)\b|"
    # "said Jane Roe, Ofgem's chief executive" / ", chief economist at ...": a description
    r",\s*[A-Z][\w.&-]*(?:'s|’s)\s|"
    r",\s*(?:chief|deputy|senior|executive|director|spokes\w+|head|president|chair\w*|"
    r"professor|minister|secretary|analyst|economist|manager|founder|owner|leader|lawyer|"
    r"attorney|mayor|governor|co-?founder)\b|"
    # "said X, though she cautioned ...": a subordinate clause about X follows the name.
    r",\s*(?:though|although|but|while|whereas|and|as|because|since|saying|citing|calling|"
    r"pointing|warning|arguing|insisting|speaking|referring|describing|urging|stressing)\b|"
    r"\s+(?:on|in|at|during|last|this|after|before|earlier|later|today|yesterday|on)\b|"
    r"\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)",
    re.IGNORECASE,
)


def _joins_names(words: list[str], i: int) -> bool:
    """ "and" inside a proper name ("Centers for Disease Control and Prevention"), or an
    acronym that spells a function word ("WHO", "AS")."""
    if len(words[i]) > 1 and words[i].isupper():
        return True
    return (
        words[i].lower() in ("and", "&")
        and 0 < i < len(words) - 1
        and _cap(words[i - 1])
        and _cap(words[i + 1])
    )


def _blocked(words: list[str]) -> bool:
    """True when a word shows the phrase is a clause rather than a speaker's name."""
    return any(w.lower() in _BLOCK and not _joins_names(words, i) for i, w in enumerate(words))


_RELATIVES = _set("who which that")
_DIGIT_RE = re.compile(r"\d")
# "two officials said": a count of people who speak is still a source.
_SOURCE_NOUNS = _set(
    "officials sources people witnesses analysts economists diplomats executives lawmakers "
    "residents experts aides officers"
)
_BY_PARTICIPLES = _set("published released issued compiled commissioned conducted produced written")
_PARTY_RE = re.compile(r"[DRI]-[A-Z][\w.]*,?$")
# A named owner of a document: "Deloitte's annual review of football finance".
_OWNER_RE = re.compile(
    r"(?:the\s+)?((?:[A-Z][\w&.-]*\s+){0,4}[A-Z][\w&.-]*)['’]s\s+(?:[\w-]+\s+){0,3}?"
    r"(?:note|report|statement|filing|data|figures|survey|study|document|release|analysis|"
    r"poll|records|estimates|memo|letter|website|review|research|count|tally|census)\b"
)
# "Sen. Ted Cruz (R-Texas) said": the party and state in brackets are not the speaker.
_PAREN_TAIL_RE = re.compile(r"\s*\([^()]{0,40}\)\s*$")


def _drop_trailing_aux(words: list[str]) -> None:
    """Drop auxiliaries and adverbs before the verb ("X has also", "Y had repeatedly").

    Capitalised words stay: "Theresa May said" keeps "May".
    """
    while words:
        w = words[-1]  # auxiliaries and adverbs here are lower case; names are not
        if w not in _AUX and not (
            w.endswith("ly")
            and (w.endswith(_ADVERB_ENDINGS) or (len(words) > 1 and words[-2] in _AUX))
        ):
            break
        words.pop()


# Adverb shapes ("repeatedly", "publicly"), not nouns such as "family" or "assembly".
_ADVERB_ENDINGS = ("ally", "edly", "ously", "ively", "ently", "antly", "ately", "fully")


def _np_before(s: str, end: int) -> str | None:
    """The noun phrase that ends right before ``end`` (a reporting verb), or None."""
    seg = s[max(0, end - 160) : end]
    if seg.rstrip().endswith(")"):
        seg = _PAREN_TAIL_RE.sub("", seg)
    stops = list(_STOP_CHARS_RE.finditer(seg))
    if stops:
        last = stops[-1]
        rest = seg[last.end() :]
        words = rest.split()
        if words and (words[-1] in _AUX or words[-1].endswith("ly")):
            _drop_trailing_aux(words)
        if not words and last.group() == ",":
            # An appositive: "The Refugee Council, a charity, estimated", "One man, Aleksey, told"
            pieces = _STOP_CHARS_RE.split(seg[: last.start()])  # "3,400" is one figure
            if len(pieces) >= 2:
                head, appos = pieces[-2].strip(), pieces[-1].strip()
                head = _STOP_CHARS_RE.split(head)[-1].strip()
                aw, hw = appos.split(), head.split()
                if aw and aw[0].lower() in ("including", "notably"):
                    aw = aw[1:]  # "Critics, including the Taxpayers Alliance, say"
                    appos = " ".join(aw)
                # "Sen. Elizabeth Warren, D-Mass., said": the party and state, not a name
                if len(aw) >= 3 and aw[0] in _BY_PARTICIPLES and aw[1] == "by":
                    return " ".join(aw[2:])  # "The report, published by the IFS, said"
                party = bool(aw) and _PARTY_RE.match(aw[0]) is not None
                # "The minister, speaking to reporters in Kyiv, said": the head speaks
                relative = bool(aw) and (
                    aw[0].lower() in _RELATIVES
                    or (aw[0].endswith("ing") and aw[0].islower())
                    or party
                )
                if (
                    aw
                    and not relative
                    and len(aw) <= 6
                    and _cap(aw[-1])
                    and aw[0].lower() not in _DETERMINERS
                ):
                    return appos
                if relative and hw and len(hw) <= 6 and not any(c.isdigit() for c in head):
                    return head  # "The company, which employs 3,400 people, said"
                if (
                    hw
                    and len(hw) <= 6
                    and not any(c.isdigit() for c in head)
                    and ((len(hw) == 1 and _cap(hw[0])) or any(_cap(w) for w in hw[1:]))
                    and not any(w.lower() in _BLOCK for w in hw)
                ):
                    return head
            return None
        seg = rest
    words = seg.split()
    if words and (words[-1] in _AUX or words[-1].endswith("ly")):
        _drop_trailing_aux(words)
    if (
        len(words) == 1
        and words[0] in ("It", "it", "They", "they")
        and not seg[: seg.rfind(words[0])].strip()
    ):
        return words[0]  # "It said ...": a pronoun subject, resolved by the tracker
    # Keep the words after the last one that cannot be part of a subject noun phrase.
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in _BLOCK and not _joins_names(words, i):
            tail = words[i + 1 :]
            if words[i].lower() in _RELATIVES and len(tail) <= 2 and not any(map(_cap, tail)):
                # "Lawyers for the landowners who sued said": the relative clause describes
                # the noun before it, which is the speaker.
                words = words[:i]
                for j in range(len(words) - 1, -1, -1):
                    if words[j].lower() in _BLOCK and not _joins_names(words, j):
                        words = words[j + 1 :]
                        break
            else:
                words = tail
            break
    if not _AUX.isdisjoint(words):  # lower-case words only: "Theresa May" is a name
        return None  # "the trial judge had wrongly": a clause, not a noun phrase
    if not words or any(w[0].isdigit() for w in words):
        return None
    if len(words) > 8 and not (len(words) <= 11 and _cap(words[0]) and "of" in words):
        # "Dr Tim Cooksley of the Society for Acute Medicine" is one long name phrase
        return None
    if words[0].lower() in _NUMBER_WORDS and words[-1].lower() not in _SOURCE_NOUNS:
        return None  # "Twelve states reported increases": a count, not a source
    return " ".join(words)


def _np_after(s: str, start: int) -> str | None:
    """The noun phrase right after ``start`` ("said Dr. Amara Cole, who runs ...")."""
    limit = min(len(s), start + 200)
    m = _STOP_CHARS_RE.search(s, start, limit)
    seg = s[start : m.start() if m else limit].rstrip(" .!?")
    words = seg.split()
    out: list[str] = []
    for w in words:
        lw = w.lower().strip(".")
        if lw in _DAYS or lw in ("on", "in", "at", "during", "who", "which", "that", "after",
                                 "before", "when", "while", "last", "this", "to", "released",
                                 "published", "issued", "obtained", "seen"):  # fmt: skip
            break
        out.append(w)
    if not out or len(out) > 8:
        return None
    return " ".join(out)


_BE = _set("is are was were be been being")
_TRAILING_RE = re.compile(
    r"(?i)(?:\s+(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|"
    r"yesterday|last\s+\w+|this\s+\w+|in\s+a\s+statement|in\s+a\s+\w+))?\s*[.!]?[\"”’)]*\s*$"
)
_SOURCE_OF_RE = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,3}?(?:data|figures|estimates|statistics|numbers|records|tallies|"
    r"count|analysis|survey|study|report|filings?)\s+(?:released\s+|compiled\s+|published\s+)?"
    r"(?:from|by|of)\s+(?=(?:the\s+)?[A-Z])"
)
# Reporting verbs that are also nouns, and what marks the noun use before them.
_NOUN_VERBS = _set("forecast forecasts estimate estimates projects report reported claims")
_POSSESSIVES = _set("its their his her our my your")
_MAX_VERBS = 12  # a sentence names its speaker early; do not scan pathological inputs forever
_NAME_WORDS_OK = _set("the a an of for at and in")


def _speaker_like(np: str) -> bool:
    """A noun phrase after "said" must look like a speaker, not a clause."""
    words = np.split()
    if len(words) > 7 or _DIGIT_RE.search(np):
        return False  # "said incomes fell 2%": a clause with a figure
    for w in words:
        lw = w.lower().strip(".,")
        if lw in _AUX or lw in _BLOCK or lw in ("reporters", "journalists"):
            return False
    return (
        _cap(words[0]) or _cap(words[-1]) or words[0].lower() in _NAME_WORDS_OK or len(words) <= 3
    )


def find_attribution(s: str) -> str | None:
    """Raw speaker noun phrase of a sentence (or of the text around a quote), or None."""
    fallback: str | None = None
    opening = False
    verbs = []
    for i, m in enumerate(_VERB_RE.finditer(s)):
        if i >= _MAX_VERBS:
            break
        verbs.append(m)
    if len(verbs) > 1:
        # A closing ", the Labor Department reported Friday." governs the whole sentence, even
        # when an earlier verb ("economists had forecast") has a subject of its own.
        last = verbs[-1]
        if len(s) - last.end() <= 30 and _TRAILING_RE.match(s, last.end()):
            np = _np_before(s, last.start())
            head = s[max(0, last.start() - 80) : last.start()]
            if np and head.rstrip().endswith(np) and head[: head.rfind(np)].rstrip().endswith(","):
                return np
    for m in verbs:
        verb = m.group()
        if verb[1:].startswith("ccording"):
            src = _SOURCE_OF_RE.match(s, m.end())
            # "according to provisional data from the Centers for Disease Control and
            # Prevention": the body the data comes from is the source.
            np = _np_after(s, src.end()) if src else _np_after(s, m.end())
            if np and fallback is None:
                fallback = np
                # "According to X, similar projects ran over budget": after an opening
                # "according to", a verb that is also a noun is part of the content.
                opening = not s[: m.start()].strip(" \"“‘'(")
            continue
        if opening and verb in _NOUN_VERBS:
            continue
        before = s[max(0, m.start() - 60) : m.start()].rstrip()
        prev = before.rsplit(None, 1)[-1].lower() if before else ""
        if prev in _BE:
            continue  # passive: "is expected to", "was reported"
        if before and before[-1] == ",":
            # "The Refugee Council, a charity, estimated": the subject precedes the appositive
            np = _np_before(s, m.start())
            if np:
                return np
        if (not before or before[-1] in ',”"’' or before.endswith("—")) and _INVERTIBLE_RE.match(
            verb
        ):
            # "..., said X" or "” said X": the speaker follows the verb when nothing but the
            # end of the sentence or a description of the speaker comes after the name.
            np = _np_after(s, m.end())
            if np and _speaker_like(np):
                after = s[m.end() : m.end() + 200].lstrip()[len(np) :]
                if _AFTER_NAME_RE.match(after):
                    return np
            continue
        np = _np_before(s, m.start())
        if np:
            if np.lower() in ("reporters", "journalists"):
                continue
            nw = np.lower().split()
            if verb in _NOUN_VERBS and (nw[-1] in ("a", "an") or not _POSSESSIVES.isdisjoint(nw)):
                continue  # "raised its year-end Brent forecast": a noun, not a reporting verb
            return np
    if fallback:
        owner = _OWNER_RE.match(fallback)
        if owner:
            return owner.group(1)  # "according to Deloitte's annual review": Deloitte
        words = fallback.split()
        # "according to a note to clients": a document, not a speaker, unless nothing better
        if words[-1].lower() in _DOC_NOUNS and len(words) > 3:
            if _cap(words[-2]):
                return " ".join(words[:-1])  # "a University of Texas poll": its author
            return None
    return fallback
