"""Who a claim is attributed to, with pronouns and surnames resolved to full names.

Attribution comes from a reporting verb ("X said", "said X", "X told reporters", "X estimated
that", "according to X") and from quotations (the speaker named next to the quote marks). The
noun phrase found there is cleaned (titles such as "White House press secretary" and
determiners dropped) and resolved: a surname or first name maps to the full name introduced
earlier, "he"/"she" to the most recent compatible person. Gender comes from titles, a short
first-name list and earlier pronoun bindings; without it the most recent person wins.
"""

from __future__ import annotations

import re


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_VERBS = (
    r"said|says|say|told|tells|stated|argued|argues|estimated|estimates|estimate|"
    r"(?:added|adds)(?=\s+(?:that|on|in)\b|\s*[,.;:!?\"”—]|\s*$)|"
    r"reported|announced|announces|claimed|warned|warns|warn|noted|explained|explains|insisted|"
    r"insists|predicted|predicts|predict|expects|expect|expected|forecast|forecasts|wrote|"
    r"writes|confirmed|confirms|acknowledged|admitted|asserted|declared|maintained|suggested|"
    r"projected|projects|asked|asks|testified|concluded|cautioned|recalled|replied|responded|"
    r"promised|pledged|vowed|"
    r"(?:found|finds|showed|shows)(?=\s+that\b|[.!]?\s*$)|"
    r"(?:believe|believes|believed)(?=\s+that\b)|"
    r"(?:called|calls)(?=\s+(?:it|the\s+\w+|this|them|him|her)?\s*[\"“])"
)
_VERB_RE = re.compile(rf"\b(?:{_VERBS})\b|\baccording\s+to\b")
# Every word _VERB_RE can start with, as tokens: a sentence without one has no attribution.
REPORTING_TOKENS = _set(
    """
    said says say told tells stated argued argues estimated estimates estimate added adds
    reported announced announces claimed warned warns warn noted explained explains insisted
    insists predicted predicts predict expects expect expected forecast forecasts wrote writes
    confirmed confirms acknowledged admitted asserted declared maintained suggested projected
    projects asked asks testified concluded cautioned recalled replied responded promised
    pledged vowed found finds showed shows believe believes believed called calls according
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
    r"\s+(?:on|in|at|during|last|this|after|before|earlier|later|today|yesterday|on)\b|"
    r"\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)",
    re.IGNORECASE,
)
_NUMBER_WORDS = _set(
    "two three four five six seven eight nine ten eleven twelve dozens hundreds thousands "
    "twenty thirty forty fifty several many few most some"
)
_AUX = _set(
    "still already now again "
    "had has have was were is are also previously reportedly then later once had been has been "
    "would will could may might recently repeatedly publicly privately further"
)
_DETERMINERS = _set("the a an its their his her our this that these those")
_BLOCK = _set(
    """
    that which who whom whose what when where why how and but or because while as if than
    to not it this there be been being do does did so such than very more most"""
)
_PRONOUNS = _set("he she they i we you it")
_TITLES = _set(
    """
    president minister secretary chancellor premier governor mayor senator sen sen.
    representative rep rep. dr dr. mr mr. mrs mrs. ms ms. prof prof. professor judge justice
    general gen gen. colonel col. captain capt. sergeant officer chief ceo cfo coo chair
    chairman chairwoman chairperson director spokesman spokeswoman spokesperson leader
    commissioner ambassador king queen prince princess pope bishop rev rev. sir lord lady dame
    deputy vice interior foreign finance defence defense health economy economic trade energy
    justice home state prime press executive analyst economist lawmaker councillor councilman
    councilwoman superintendent inspector detective lieutenant lt. adm. admiral marshal
    minister's st. coach manager founder speaker whip majority minority attorney treasurer
    comptroller controller auditor sheriff surgeon epidemiologist official assemblymember
    assemblyman assemblywoman congressman congresswoman delegate owner gov gov. lt gen
    clerk registrar coroner ombudsman marshal trustee regent provost dean warden
    supt supt. atty atty. chairs coordinator administrator"""
)
_FEMALE_TITLES = _set(
    "mrs mrs. ms ms. miss spokeswoman chairwoman councilwoman queen princess lady dame"
)
_MALE_TITLES = _set("mr mr. spokesman chairman councilman king prince sir lord")
_FEMALE_NAMES = _set(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa
    margaret sandra ashley emily donna michelle carol amanda melissa deborah laura rebecca
    sharon cynthia kathleen amy angela anna ruth maria sofia sophie olga elena natalia irina
    karine amara priya fatima aisha emma olivia julia claire marie hannah grace chloe nadia
    ursula kamala hillary nancy angela theresa jacinda giorgia ana lucia ingrid greta"""
)
_MALE_NAMES = _set(
    """
    james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel frank gregory raymond alexander patrick jack dennis jerry
    vladimir dmitry sergei aleksey alexei ivan karl hans peter emmanuel olaf boris rishi
    joe barack bernie mohammed ahmed ali omar luis carlos jose juan pedro xi volodymyr"""
)
_FIRST_NAMES = _FEMALE_NAMES | _MALE_NAMES
_ORG_WORDS = _set(
    """
    council office logistics securities inc inc. corp corp. ltd ltd. plc group agency ministry
    department bank university institute association party committee commission service
    times post news reuters press company co co. house union organization organisation
    foundation authority board court police government parliament congress senate partners
    capital holdings operator center centre hospital school network coalition alliance fund
    bureau administration army navy force forces embassy federation league club team report
    survey study poll data index"""
)
_DOC_NOUNS = _set(
    "note report statement filing data figures survey study document release analysis poll "
    "records estimates memo letter website"
)
_DAYS = _set(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight earlier later"
)
# The look-ahead on the first letter lets the scan skip most positions cheaply.
_TITLED_NAME_RE = re.compile(
    r"(?=[PpMmSsRrGgDdCcEeLlJjAa])\b(?:[Pp]resident|[Mm]inister|[Ss]ecretary|[Ss]enator|Sen\.|Rep\.|"
    r"Gov\.|[Gg]overnor|[Ss]peaker|[Cc]ommissioner|[Cc]oach|[Ss]heriff|[Aa]ttorney\s+[Gg]eneral|"
    r"Gen\.|Col\.|Lt\.|Rev\.|Supt\.|"
    r"[Mm]ayor|Dr\.|Mr\.|Mrs\.|Ms\.|Prof\.|[Pp]rofessor|[Cc]hancellor|[Pp]remier|[Ee]xecutive|"
    r"[Ll]eader|[Ss]pokes(?:man|woman|person)|[Dd]irector|[Cc]hair(?:man|woman)?|CEO|[Jj]udge)"
    r"\s+((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)"
)
# "the agency said": a generic noun standing for the organisation named last.
_GENERIC_ORGS = _set(
    """
    agency department ministry company firm office bureau organization organisation institute
    commission committee council authority board regulator insurer lender bank utility
    government administration hospital university union party league club team center centre
    service department's group"""
)
_PUBLIC_BODY = _set(
    """
    agency administration centers center bureau service division department institute institutes
    office commission authority ministry board council government federal national state
    """
)
_PUBLIC_NOUNS = _set("agency bureau office authority regulator administration government")
_BUSINESS_NOUNS = _set("company firm insurer lender bank utility operator group")
# "Robert " (and an optional middle initial) right before a surname.
_FIRST_BEFORE_RE = re.compile(r"(?<![\w.])([A-Z][a-z][\w’'-]*)\s+(?:[A-Z]\.\s+)?$")
_MAX_MISSES = 64
# Lower-case words that link the parts of an organisation's name ("Institute on Drug Abuse").
_NAME_LINKS = _set("at in of from for with and on to de the &")
_NOT_FIRST = _set(
    """
    the a an this that these those in on at of for from by with and or but as when while if
    after before since during said says told according mr mrs ms dr sen rep gov former new
    january february march april may june july august september october november december"""
)
_STOP_CHARS_RE = re.compile(r"(?<!\d),|,(?!\d)|[;:“”\"(—–]|\s-\s")
_WORD_SPLIT_RE = re.compile(r"\s+")


def _cap(w: str) -> bool:
    return bool(w) and w[0].isupper()


def _clean_words(words: list[str]) -> list[str]:
    out = [w.strip(".,;:'’\"“”()") if not w.endswith(".") or len(w) > 4 else w for w in words]
    return [w for w in out if w]


class SpeakerTracker:
    """Attribution and coreference state for one article, fed sentence by sentence in order."""

    def __init__(self, text: str) -> None:
        self.by_token: dict[str, str] = {}  # surname or first name -> full name
        self.gender: dict[str, str] = {}
        self.persons: list[str] = []  # most recent first
        self.groups: list[str] = []  # non-person speakers, most recent first
        self.text = text
        self.misses: set[str] = set()  # surnames with no full name in the article
        for m in _TITLED_NAME_RE.finditer(text):
            title = m.group().split()[0].lower()
            name = m.group(1)
            if name.split()[-1].lower() in _ORG_WORDS:
                continue
            self._register(name)
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

    # -- resolution -------------------------------------------------------------------------
    def _pronoun(self, p: str) -> str | None:
        if p in ("he", "she"):
            want = "m" if p == "he" else "f"
            for name in self.persons:
                g = self.gender.get(name)
                if g is None or g == want:
                    self.gender[name] = want
                    self._touch(name, True)
                    return name
            return None
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

    def _full_name(self, surname: str) -> str | None:
        """The full name a bare surname stands for, found as "First Surname" in the article.

        ``str.find`` over the surname's occurrences stops at the first "First Surname"; misses
        are remembered and capped, so a long text with many unknown names stays linear.
        """
        if len(surname) < 2 or not surname[0].isupper() or surname in self.misses:
            return None
        if len(self.misses) >= _MAX_MISSES:
            return None
        text = self.text
        i = text.find(surname)
        while i >= 0:
            after = i + len(surname)
            if (after >= len(text) or not (text[after].isalnum() or text[after] in "-'’")) and i:
                m = _FIRST_BEFORE_RE.search(text, max(0, i - 40), i)
                if m is not None:
                    first = m.group(1).lower()
                    if not (
                        first in _NOT_FIRST
                        or first in _TITLES
                        or first in _ORG_WORDS
                        or first in _DAYS
                        or first in _BLOCK
                        or first in _PRONOUNS
                    ):
                        return self._register(f"{m.group(1)} {surname}")
            i = text.find(surname, i + 1)
        self.misses.add(surname)
        return None

    def resolve(self, np: str | None) -> str | None:
        """Clean a raw speaker noun phrase and resolve it to a full name where possible."""
        if not np:
            return None
        words = _clean_words(_WORD_SPLIT_RE.split(np.strip()))
        had_det = bool(words) and words[0].lower() in _DETERMINERS
        while words and words[0].lower() in _DETERMINERS:
            words = words[1:]
        while words and (words[-1].lower() in _DAYS or words[-1].lower() in _AUX):
            words = words[:-1]
        if not words:
            return None
        if len(words) == 1 and words[0].lower() in _PRONOUNS:
            return self._pronoun(words[0].lower())
        if had_det and len(words) == 1 and words[0].lower() in _GENERIC_ORGS:
            org = self._organisation(words[0].lower())
            if org is not None:
                self._touch(org, False)
                return org
        if _blocked(words) or len(words) > 9:
            return None
        if len(words) >= 2 and words[-1].lower() in _DOC_NOUNS and _cap(words[-2]):
            words = words[:-1]  # "according to CDC data": the body, not its figures
        # The name is the capitalised tail after the last title or role word.
        tail_start = len(words)
        while tail_start > 0 and _cap(words[tail_start - 1]):
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
        name = " ".join(words)
        if len(words) >= 2 and words[0].lower() in _FIRST_NAMES:
            is_person = True  # "Sarah House" is a person even though "house" names organisations
        if len(words) == 1 and words[0] not in self.by_token and words[0].lower() not in _ORG_WORDS:
            self._full_name(words[0])  # registers "Robert Rivas" for "Rivas" when it finds it
        if len(words) == 1 and words[0] in self.by_token:
            name = self.by_token[words[0]]
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


def _joins_names(words: list[str], i: int) -> bool:
    """ "and" inside a proper name: "Centers for Disease Control and Prevention"."""
    return (
        words[i].lower() in ("and", "&")
        and 0 < i < len(words) - 1
        and _cap(words[i - 1])
        and _cap(words[i + 1])
    )


def _blocked(words: list[str]) -> bool:
    """True when a word shows the phrase is a clause rather than a speaker's name."""
    return any(w.lower() in _BLOCK and not _joins_names(words, i) for i, w in enumerate(words))


def _np_before(s: str, end: int) -> str | None:
    """The noun phrase that ends right before ``end`` (a reporting verb), or None."""
    seg = s[max(0, end - 160) : end]
    stops = list(_STOP_CHARS_RE.finditer(seg))
    if stops:
        last = stops[-1]
        rest = seg[last.end() :]
        words = rest.split()
        while words and words[-1].lower() in _AUX:
            words.pop()
        if not words and last.group() == ",":
            # An appositive: "The Refugee Council, a charity, estimated", "One man, Aleksey, told"
            pieces = seg[: last.start()].split(",")
            if len(pieces) >= 2:
                head, appos = pieces[-2].strip(), pieces[-1].strip()
                head = _STOP_CHARS_RE.split(head)[-1].strip()
                aw, hw = appos.split(), head.split()
                if aw and len(aw) <= 6 and _cap(aw[-1]) and aw[0].lower() not in _DETERMINERS:
                    return appos
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
    while words and words[-1].lower() in _AUX:
        words.pop()
    if (
        len(words) == 1
        and words[0] in ("It", "it", "They", "they")
        and not seg[: seg.rfind(words[0])].strip()
    ):
        return words[0]  # "It said ...": a pronoun subject, resolved by the tracker
    # Keep the words after the last one that cannot be part of a subject noun phrase.
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in _BLOCK and not _joins_names(words, i):
            words = words[i + 1 :]
            break
    if not words or len(words) > 8 or any(w[0].isdigit() for w in words):
        return None
    if words[0].lower() in _NUMBER_WORDS:
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
_MAX_VERBS = 12  # a sentence names its speaker early; do not scan pathological inputs forever
_NAME_WORDS_OK = _set("the a an of for at and in")


def _speaker_like(np: str) -> bool:
    """A noun phrase after "said" must look like a speaker, not a clause."""
    words = np.split()
    if len(words) > 7:
        return False
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
        if verb.startswith("according"):
            src = _SOURCE_OF_RE.match(s, m.end())
            # "according to provisional data from the Centers for Disease Control and
            # Prevention": the body the data comes from is the source.
            np = _np_after(s, src.end()) if src else _np_after(s, m.end())
            if np and fallback is None:
                fallback = np
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
            return np
    if fallback:
        words = fallback.split()
        # "according to a note to clients": a document, not a speaker, unless nothing better
        if words[-1].lower() in _DOC_NOUNS and len(words) > 3:
            return None
    return fallback
