"""What is not a claim: headlines, bylines, captions, promo lines, calls to action, questions.

Two levels: a whole paragraph (line) can be furniture of the page (a headline, a byline, a
"RELATED:" link, a photo caption); a single sentence can be a question, a call to action or a
hypothetical about the speaker's own conduct. Datelines ("WASHINGTON (AP) —") are trimmed off
the front of the first sentence rather than dropping the sentence.
"""

from __future__ import annotations

import re

from . import rules

_LETTER_RE = re.compile(r"[^\W\d_]")
_UPPER_RE = re.compile(r"[^\W\d_a-zß-ÿ]")

_PROMO_RE = re.compile(
    r"(?i)^\W{0,8}(?:related|watch|read\s+more|read\s+also|read|see\s+also|more|also\s+read|"
    r"recommended|trending|listen|video|photos?|gallery|opinion|advertisement|sponsored|"
    r"click\s+here|follow\s+us|sign\s+up|subscribe|share\s+this|editor'?s\s+note|"
    r"(?:image|photo|picture|video)\s+(?:credit|caption)|credit|caption|pictured|file\s+photo|"
    r"image|picture|source|sources|chart|graphic|map|infographic|story\s+continues|"
    r"continue\s+reading|top\s+stories|most\s+read|latest|breaking|update|updated|"
    r"our\s+standards|related\s+topics|more\s+on\s+this\s+story)"
    r"\b\s*(?:[:|»>\-–—]|$)"
)
_CAPTION_RE = re.compile(
    r"(?i)^\W{0,8}(?:\(?(?:ap|afp|reuters|getty|epa)\s+(?:photo|images)\b|photograph(?:er)?:|"
    r"(?:photo|image|picture)\s+(?:by|courtesy|via)\b)"
)
# A photo credit closing the line: "... in Kessel. (AP Photo/Jan Brandt)"
_CREDIT_RE = re.compile(r"(?i)\((?:ap|afp|reuters|getty|epa)\s+(?:photo|images)[^)]{0,80}\)\s*$")
_BYLINE_RE = re.compile(
    r"^(?:By|BY|Written\s+by|Reporting\s+by|Edited\s+by|Story\s+by)\s+[A-Z][\w.'’-]*"
    r"(?:[\s,]+(?:and\s+)?[A-Z][\w.'’-]*){0,6}(?:\s*[,|–—-]\s*[\w .,'’&-]{0,60})?\s*$"
    r"|^\(?(?:Reporting|Additional\s+reporting|Editing|Writing)\s+by\b"
)
_CREDITS_RE = re.compile(
    r"(?i)\bcontributed\s+(?:to\s+this\s+(?:report|story|article)|reporting)\b|"
    r"^\W{0,8}this\s+(?:story|article)\s+(?:has\s+been|was)\s+(?:updated|corrected)\b|"
    r"^\W{0,8}this\s+(?:story|article)\s+(?:was\s+|has\s+been\s+)?(?:originally\s+|first\s+)?"
    r"(?:appeared|ran|published)\b|"
    r"\bcontributed(?:\s+from\s+[A-Z][\w .,'’-]{0,40})?\.?\)?\s*$"
)
_STANDALONE_CREDIT_RE = re.compile(
    r"(?i)^\W{0,2}(?:\(?(?:ap|afp|reuters|getty|epa)\s+(?:photo|images)\b|"
    r"\(?(?:photo|image|picture)\s+(?:by|courtesy)\b|[^()]{0,60}/\s*(?:getty\s+images|ap|afp|"
    r"reuters|epa|shutterstock)\)?\s*$|getty\s+images\s*$)"
)
_META_RE = re.compile(
    r"(?i)^\W{0,8}(?:published|updated|posted|last\s+updated|first\s+published)\b.{0,60}$"
    r"|^\W{0,8}(?:©|copyright\b|all\s+rights\s+reserved)"
    # A bare date or time line: "Nov. 2, 2025 at 6:15 a.m.", "3:45 p.m.: Campaign responds"
    r"|^\W{0,4}(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*[A-Z]{0,4})?\s*$"
    r"|^\W{0,4}\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}\s*)?[:|–—-]\s.{0,80}$"
)
_CTA_RE = re.compile(
    r"(?i)^\W{0,8}(?:(?:subscribe|sign\s+up|click|tap|download|register|donate|check\s+out|"
    r"don't\s+miss|stay\s+(?:informed|tuned|up\s+to\s+date)|got\s+a\s+(?:tip|story)|"
    r"make\s+sure|don't\s+forget)\b"
    r"|(?:share|follow|join|support|tell|send|email|e-mail|contact|like|listen|watch|read|visit|"
    r"get|check|book|call|find|learn|discover|try|remember|see|view|explore|stream|catch)\b(?=\s)"
    r"(?!\s+(?:for|of|from|by|among|,)))"
)
# The object that makes an imperative a call to action, within the first few words.
_CTA_OBJECT_RE = re.compile(
    r"(?i)^\W{0,8}(?:\S+\s+){0,7}?(?:us|our|your|here|below|now|today|newsletter|app|podcast|"
    r"briefing|channel|feed|page|link|free|updates|coverage|twitter|facebook|instagram|tiktok|"
    r"youtube|whatsapp|telegram|article|story|results|live|latest|photos|video|gallery|"
    r"more|full|@\w+)\b|^\W{0,8}(?:\S+\s+){0,7}?[\w.+-]+@[\w-]+\.\w"
)
# "If you or someone you know needs help, call 988.": advice addressed to the reader.
_READER_ADVICE_RE = re.compile(
    r"(?i)^\W{0,8}if\s+you(?:'re|\s)[^,]{0,160},\s*(?:please\s+)?(?:call|text|dial|visit|"
    r"contact|email|e-mail|go\s+to|click|see|read|reach|sign|download|check|talk|seek)\b"
)
_SIGNPOST_RE = re.compile(
    r"(?i)^\W{0,4}(?:here['’]?s|here\s+(?:is|are)|what|key|the\s+latest|below|this\s+is\s+what|"
    r"things|highlights|in\s+brief|at\s+a\s+glance)\b"
)
_TERMINAL_CHARS = frozenset('.!?…:;"”’)]')
# "If other countries attacked, we would fight": the speaker's own counterfactual conduct.
# Only the conditional moods: "If coverage keeps dropping, we will lose ..." is a prediction
# and stays a claim.
_HYPOTHETICAL_RE = re.compile(r"(?i)^\W{0,8}if\b[^,]{0,200},\s*(?:we|i)\s+(?:would|could|might)\b")
_BARE_REPLY_RE = re.compile(
    r"(?i)^\W{0,8}(?:yes|no|not|maybe|perhaps|probably|absolutely|never|definitely|sure|"
    r"possibly|hardly|certainly|exactly)\b(?:\W+\w+)?\s*,\s*(?:\w+\s+){1,4}"
    r"(?:said|says|added|replied|told\s+\w+)\W*$"
)
_DATELINE_RE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"
    r"(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z]?[a-z.]+)?(?:\s+\d{1,2})?)?"
    r"\s*(?:\((?:AP|AFP|Reuters|UPI|dpa|CNN|Xinhua)\))?\s*[-–—]+\s*)"
    r"|^\((?:AP|AFP|Reuters|UPI)\)\s*[-–—]+\s*"
)


def _upper_ratio(s: str) -> float:
    letters = len(_LETTER_RE.findall(s))
    if not letters:
        return 0.0
    return len(_UPPER_RE.findall(s)) / letters


def is_furniture(line: str, first: bool = True) -> bool:
    """True for a line that is page furniture rather than article prose.

    ``first`` says whether the line opens the article (where an unpunctuated line is the
    headline); further down, an unpunctuated line is only a subhead when it is short or in
    title case, so a body sentence that merely lost its final period is kept.
    """
    if _PROMO_RE.match(line) and not _is_flash(line):
        return True
    if _CAPTION_RE.match(line) or _BYLINE_RE.match(line):
        return True
    if line[-1] == ")" and _CREDIT_RE.search(line, max(0, len(line) - 100)):
        return True
    if _META_RE.match(line):
        return True
    if len(line) < 200 and ("contributed" in line or "This " in line) and _CREDITS_RE.search(line):
        return True
    if len(line) > 300:
        return False  # headlines, bylines and captions are short
    words = line.split()
    if len(words) >= 3 and line.isupper():
        return True  # an all-caps headline of another story
    if line[-1] == ":" and len(words) <= 10 and _SIGNPOST_RE.match(line):
        return True  # "Here's what we know so far:": a lead-in to a list, not a claim
    # A headline or subhead: a short line with no sentence-final punctuation.
    if len(words) > 20 or line[-1] in _TERMINAL_CHARS:
        return False
    if first or len(words) <= 6:
        return True
    if ": " in line[: len(line) // 2 + 2] and rules.on("nonclaim.headline_label"):
        return True  # "'We're on it': State spends $449K on ad campaign": a headline's label
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= 0.6 * len(words)


def is_credit_line(line: str) -> bool:
    """A photo credit standing on its own line: "(Photo by X/Getty Images)", "AP Photo/X"."""
    if len(line) > 120:
        return False
    return bool(_STANDALONE_CREDIT_RE.match(line))


def may_be_caption(line: str) -> bool:
    """Short, unquoted and unattributed: a line that can be a photo caption."""
    return (
        len(line) < 250
        and not any(q in line for q in '"“”')
        and " said" not in line
        and " says" not in line
        and len(line.split()) <= 30
    )


def _is_flash(line: str) -> bool:
    """ "BREAKING: Western Power says 152,000 customers are without power.": a live-blog label
    before a full sentence, which is a claim (a bare "BREAKING: Storm hits coast" is not)."""
    m = _FLASH_RE.match(line)
    if m is None:
        return False
    rest = line[m.end() :].rstrip()
    return (
        len(rest.split()) >= 6
        and rest[-1] in _TERMINAL_CHARS
        and _upper_ratio(rest) < 0.5
        and not _CREDITS_RE.search(rest)
        and not _LINK_TITLE_RE.match(rest)
        and _FINITE_RE.search(rest) is not None
    )


_FLASH_RE = re.compile(
    r"(?i)^\W{0,4}(?:breaking(?:\s+news)?|update|updated|developing|just\s+in)\s*:\s*"
)
# A link title ("How the storm unfolded, in maps.") is not a flash; a sentence has a verb.
_LINK_TITLE_RE = re.compile(r"(?i)(?:how|what|why|where|who|when|watch|read|live|in\s+pictures)\b")
_FINITE_RE = re.compile(r"\b(?:said|says|has|have|had|is|are|was|were|will|would)\b|\d")


_WIRE_TAG_RE = re.compile(r"\((?:AP|AFP|Reuters|UPI|CNN|dpa|Xinhua)\)\s*[-–—]*\s*")


def dateline_length(sentence: str) -> int:
    """Length of a leading dateline ("LONDON, March 3 (Reuters) -") to trim, or 0."""
    if ":" in sentence[:16]:
        flash = _FLASH_RE.match(sentence)
        if flash is not None:
            return flash.end()  # "BREAKING: ..." before a sentence kept by ``is_furniture``
    if sentence.startswith("(") and rules.on("nonclaim.wire_tag"):
        tag = _WIRE_TAG_RE.match(sentence)
        if tag is not None:
            return tag.end()  # "(CNN)The storm ...", "(AP) — ...": the wire's tag alone
    if "-" not in sentence[:80] and "–" not in sentence[:80] and "—" not in sentence[:80]:
        return 0
    m = _DATELINE_RE.match(sentence)
    if not m:
        return 0
    # "U.S. officials — ..." is prose, not a dateline: insist on an all-caps place name.
    head = m.group().split(",")[0].split("(")[0]
    if len(_LETTER_RE.findall(head)) < 3 or _upper_ratio(head) < 0.9:
        return 0
    return m.end()


# "Here's the most recent data on ...", "Here are the figures": the text presents what the page
# shows next; it states nothing itself.
_PRESENTING_RE = re.compile(
    r"(?i)^\W{0,4}here(?:['’]s|\s+is|\s+are)\s+(?:the|a|an|some|our|how|what)\b"
)


_COUNT_RE = re.compile(
    r"(?i)\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozen|several|many)\b"
)


def is_lead_in(sentence: str, ends_paragraph: bool) -> bool:
    """A sentence that introduces what follows rather than claiming anything.

    "Here's the latest data on ..." anywhere; and a short sentence closing its paragraph with a
    colon ("Twitter seemed confused by the campaign:"), whose content is the embed, list or
    quotation below it. A speaker's introduction ("The minister said:") is kept for its quote.
    """
    if not rules.on("nonclaim.lead_in"):
        return False
    if _PRESENTING_RE.match(sentence):
        return True
    if not ends_paragraph or not sentence.rstrip().endswith(":"):
        return False
    # "The council approved three measures:" counts what it introduces: a claim of its own.
    return len(sentence.split()) <= 15 and not _COUNT_RE.search(sentence)


def is_question(content: str) -> bool:
    stripped = content.rstrip(" \"”’'»)]")
    return stripped.endswith("?")


def is_non_claim_sentence(sentence: str) -> bool:
    """Calls to action, page furniture and first-person hypotheticals."""
    if _PROMO_RE.match(sentence) or _CAPTION_RE.match(sentence):
        return True
    if _CTA_RE.match(sentence) and _CTA_OBJECT_RE.match(sentence):
        return True
    n = len(sentence.split(None, 3))  # only "fewer than three words" matters
    if n < 2 or (n < 3 and not sentence.rstrip().endswith(".")):
        return True  # fragments: "For what?", "Thanks."
    if _BARE_REPLY_RE.match(sentence):
        return True  # "Not yet, officials said.": a reply with nothing checkable in it
    # Both remaining rules open with "If": most sentences are ruled out by one slice.
    if "if" not in sentence[:12].lower():
        return False
    if _READER_ADVICE_RE.match(sentence):
        return True
    return _HYPOTHETICAL_RE.match(sentence) is not None


# -- from the parse ---------------------------------------------------------------------------
# Sentence-level non-claims read from the dependency parse of the sentence (a spaCy ``Span``).
def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FINITE_TAGS = frozenset(("VBD", "VBZ", "VBP", "MD"))
_IMPERATIVE_LEAD = _words("do n't not please never just so now")
_EXHORTING_MODALS = frozenset(("should", "must", "ought", "need", "needs", "have", "has"))
_WH_WORDS = frozenset(("who", "what", "why", "how", "where", "when", "which", "whose"))
_INVERTED_AUX = _words(
    "would could should can will do does did is are was were has have had may might must"
)
# A graphic on the page described by the text around it: "This graphic, provided by ...,
# shows", "The following chart summarizes", "The map below shows".
_GRAPHIC_NOUNS = _words(
    "chart graphic graph map table infographic image photo photograph picture video "
    "illustration diagram timeline slideshow gallery"
)
_DEICTIC = frozenset(("this", "these", "following", "above", "below", "here", "accompanying"))


def _content(span) -> list:
    return [t for t in span if not (t.is_punct or t.is_space)]


def _has_figure(span) -> bool:
    return any(t.like_num or t.pos_ == "NUM" for t in span)


def _states_clause(root) -> bool:
    """ "Remember that unemployment fell to 3%": the imperative carries a finite clause."""
    for c in root.children:
        if c.dep_ == "ccomp" and (
            c.tag_ in _FINITE_TAGS or any(a.tag_ in _FINITE_TAGS for a in c.children)
        ):
            return True
    return False


def is_imperative(span) -> bool:
    """ "Don't take their word for it.", "Let's face it together.": a command or exhortation.

    The root is a bare verb with no subject that opens the sentence (after "do not"/"please"),
    and it states no clause of its own and no figure.
    """
    toks = _content(span)
    if not toks:
        return False
    root = span.root
    if root.tag_ != "VB" or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children):
        return False
    lead = [t for t in toks if t.i < root.i]
    if any(
        t.lower_ not in ("do", "n't", "not", "please", "never", "just", "so", "now") for t in lead
    ):
        return False
    if root.lower_ != "let" and _states_clause(root):
        return False
    return not _has_figure(span)


def is_exhortation(span) -> bool:
    """ "You should read the fine print.": advice to the reader ("you" plus a modal of duty)."""
    root = span.root
    subj = [c for c in root.children if c.dep_ == "nsubj"]
    if not subj or subj[0].lower_ != "you" or _has_figure(span):
        return False
    return any(c.dep_ == "aux" and c.lower_ in _EXHORTING_MODALS for c in root.children)


def is_rhetorical_question(span) -> bool:
    """ "Why would anyone believe that.": a question by its word order, without the mark.

    A wh-word, then an inverted auxiliary, then the subject; "What happened next is unclear"
    and "Who is responsible remains to be seen" are statements.
    """
    toks = _content(span)
    if len(toks) < 3 or toks[0].lower_ not in _WH_WORDS:
        return False
    aux, subj = toks[1], toks[2]
    return (
        aux.lower_ in _INVERTED_AUX
        and aux.pos_ == "AUX"
        and subj.dep_ in ("nsubj", "nsubjpass", "expl")
    )


def is_caption(span) -> bool:
    """The text describes a graphic on the page: its subject is a chart, map, table ... marked
    as this one ("this", "the following", "below")."""
    root = span.root
    for c in root.children:
        if c.dep_ != "nsubj" or c.lemma_.lower() not in _GRAPHIC_NOUNS:
            continue
        marks = {g.lower_ for g in c.children if g.dep_ in ("det", "amod", "advmod")}
        if not marks.isdisjoint(_DEICTIC):
            return True
    return False


def is_non_claim_parse(span) -> bool:
    """A sentence the parse shows is not a claim (imperative, exhortation, rhetorical question,
    caption)."""
    if span is None or len(span) == 0:
        return False
    return (
        (rules.on("nonclaim.imperative") and is_imperative(span))
        or (rules.on("nonclaim.exhortation") and is_exhortation(span))
        or (rules.on("nonclaim.rhetorical_question") and is_rhetorical_question(span))
        or (rules.on("nonclaim.caption") and is_caption(span))
    )
