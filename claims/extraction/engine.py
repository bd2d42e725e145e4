"""The extraction pipeline: paragraphs, sentences, quotes and attribution, clauses, claims."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from . import filters, rules
from .attribution import _TRAILING_RE
from .checkworthiness import featurize, score_features
from .figures import PARSE_FIGURE_WORDS, refine_quantities
from .lexicon import _TITLES
from .mentions import same_sentence_antecedent
from .nlp import load, pieces
from .parse_frames import joins_clauses, noun_phrase, organisation_name, quote_speaker
from .parsed import ParsedText, find_speaker, is_noun_phrase, speaker_kind
from .quantities import Quantity, find_quantities, has_figure, word_figure_letters
from .segmenter import clauses, paragraphs, quote_spans, sentences
from .speakers import _VERB_RE, REPORTING_TOKENS, SpeakerTracker, find_attribution
from .types import classify

if TYPE_CHECKING:
    from spacy.tokens import Token

_QUOTE_CHAR_RE = re.compile('["“”«»]')
# An attribution after a closing quote must start within this many characters ("” she added").
_ATTRIBUTION_REACH = 60


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim: ``text == article[start:end]``."""

    start: int
    end: int
    text: str
    type: str
    score: float
    checkworthy: bool
    speaker: str | None
    quantities: tuple[Quantity, ...] = field(default_factory=tuple)
    # How the speaker was found: "stated" (named in the sentence), "pronoun", "role" (a title
    # or generic noun resolved to a name) or "carried" (from an earlier quote); None: no speaker.
    speaker_basis: str | None = None
    # "person", "organization", "document" or "data"; None when there is no speaker.
    speaker_kind: str | None = None
    quoted: bool = False  # a direct quotation, not a paraphrase or the article's own voice

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "score": self.score,
            "checkworthy": self.checkworthy,
            "speaker": self.speaker,
            "speaker_basis": self.speaker_basis,
            "speaker_kind": self.speaker_kind,
            "quoted": self.quoted,
            "quantities": [q.to_dict() for q in self.quantities],
        }


# (speaker, basis, kind) of one claim.
Who = tuple[str | None, str | None, str | None]
_NOBODY: Who = (None, None, None)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past whitespace and unpaired quote marks at either edge.

    A leading opening mark is dropped when no matching closing mark follows it (and the other
    way round at the end). Once a search has failed for a kind of mark it cannot succeed on the
    shrinking range, so each kind is searched at most once: linear even for 100,000 marks.
    """
    seg = text[start:end]
    left = len(seg) - len(seg.lstrip())
    right = len(seg.rstrip())
    unpaired: set[str] = set()
    while right > left:
        c = seg[left]
        if c in _OPEN_MARKS and c not in unpaired and seg.find(_PAIR[c], left + 1, right) < 0:
            unpaired.add(c)
        if not (c.isspace() or c in unpaired):
            break
        left += 1
    unpaired.clear()
    while right > left:
        c = seg[right - 1]
        if c in _CLOSE_MARKS and c not in unpaired and seg.rfind(_RPAIR[c], left, right - 1) < 0:
            unpaired.add(c)
        if not (c.isspace() or c in unpaired):
            break
        right -= 1
    if right <= left:
        return start, start
    return start + left, start + right


# Single quotes are left alone: apostrophes make them unreliable as quotation marks.
_OPEN_MARKS = '"“«'
_CLOSE_MARKS = '"”»'
_PAIR = {"“": "”", "«": "»", '"': '"'}
_RPAIR = {v: k for k, v in _PAIR.items()}


def _attribution_after(
    text: str, close: int, send: int, parsed: ParsedText | None = None
) -> str | None:
    """Speaker named right after a closing quote ("..." she added / said X, who ...)."""
    if send - close > 400:
        return None
    rest = text[close + 1 : send]
    if not rest.strip():
        return None
    head = rest[:_ATTRIBUTION_REACH]
    if not any(c.isalpha() for c in head):
        return None
    if parsed is not None and rules.on("speaker.quote_frame"):
        found = quote_speaker(parsed.tokens(close + 1, send))
        if found is not None:
            return found
    np = find_attribution(rest)
    if np is None:
        return None
    return np if rest.find(np.split()[0]) < _ATTRIBUTION_REACH else None


def _attribution_before(text: str, sstart: int, qopen: int) -> str | None:
    """Speaker named before an opening quote ("Osei said: ..." / "..., he said, ...")."""
    prefix = text[max(sstart, qopen - 200) : qopen].rstrip()
    if not prefix or prefix[-1] not in ":,":
        return None
    # Only a bare attribution may precede the quote, not a claim of its own.
    last = None
    for m in _VERB_RE.finditer(prefix):
        last = m
    if last is None and prefix[-1] == ":" and rules.on("speaker.name_colon"):
        # 'Varga: "Fees have risen."': a bare name before a colon introduces its quotation
        name = prefix[:-1].strip()
        words = name.split()
        opens = name == text[sstart : sstart + len(name)]
        if opens and 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            return name
        return None
    if last is None or len(prefix) - last.end() > 24:
        return None
    return find_attribution(prefix)


def _span_speakers(
    text: str,
    sents: list[tuple[int, int]],
    spans: list[tuple[int, int]],
    after: dict[tuple[int, int], str | None],
    parsed: ParsedText | None = None,
) -> list[str | None]:
    """Raw speaker noun phrase for each quote span of a paragraph."""
    out: list[str | None] = []
    j = 0
    for qo, qc in spans:
        while j < len(sents) and sents[j][1] <= qo:
            j += 1
        k = j
        while k < len(sents) and sents[k][1] <= qc:
            k += 1
        np = None
        if k < len(sents):
            np = _attribution_after(text, qc, sents[k][1], parsed)
            after[qc, sents[k][1]] = np  # the sentence loop asks again: answer from here
        if np is None and j < len(sents):
            np = _attribution_before(text, sents[j][0], qo)
        out.append(np)
    return out


def _pieces_of(text: str) -> list[tuple[int, int]]:
    return [piece for ps, pe in paragraphs(text) for piece in pieces(text, ps, pe)]


def extract_claims(text: str, model: str | None = None) -> list[Claim]:
    """Claims in reading order with offsets into ``text``."""
    return next(extract_claims_batch([text], model=model))


def extract_claims_batch(
    texts: Iterable[str], batch_size: int = 16, model: str | None = None
) -> Iterator[list[Claim]]:
    """The claims of each text, in order; ``nlp.pipe`` parses ``batch_size`` texts at a time.

    Each text is parsed in paragraph-sized pieces (never more than ``nlp.MAX_PIECE_CHARS``),
    so one long upload neither exceeds spaCy's ``max_length`` nor holds a giant ``Doc``.
    """
    nlp = None
    it = iter(texts)
    while True:
        batch = list(islice(it, max(1, batch_size)))
        if not batch:
            return
        spans = [_pieces_of(t) if t else [] for t in batch]
        if any(spans) and nlp is None:
            nlp = load(model)
        flat = [t[a:b] for t, sp in zip(batch, spans, strict=True) for a, b in sp]
        docs = iter(nlp.pipe(flat, batch_size=64)) if flat and nlp is not None else iter(())
        for t, sp in zip(batch, spans, strict=True):
            parsed = ParsedText([a for a, _ in sp], list(islice(docs, len(sp))))
            yield _extract(t, parsed) if t else []


def _who(tracker: SpeakerTracker, np: str | None, head: Token | None = None) -> Who:
    if head is not None and head.pos_ == "PRON" and rules.on("speaker.same_sentence_antecedent"):
        ante = same_sentence_antecedent(head)
        if ante is not None:
            who = _who(tracker, noun_phrase(ante), ante)
            return (who[0], "pronoun", who[2]) if who[0] is not None else who
    if head is not None:
        role = tracker.resolve_role(head)
        if role is not None:
            return role, "role", "person"
    if head is not None and np and rules.on("speaker.organisation_entity"):
        org = organisation_name(head)
        # A surname the article introduced as a person is a person, whatever NER guessed.
        if (
            org is not None
            and np.removeprefix("the ").removeprefix("The ") == org
            and not tracker.names_person(org)
            and any(w.lower() in _TITLES for w in org.split())
        ):
            # The parse names the body ("Home Depot"): the title words inside its name
            # ("Home") stay, where cleaning a person's titles would cut them.
            tracker.note_group(org)
            return org, "stated", "organization"
    name = tracker.resolve(np) if np else None
    if name is None:
        return _NOBODY
    return name, tracker.last_basis, speaker_kind(head, name, tracker.is_person(name))


def _sentence_speaker(
    tracker: SpeakerTracker, parsed: ParsedText, sentence: str, cs: int, ce: int, features: set[str]
) -> Who:
    """Who the (unquoted) sentence is attributed to: the parse first, the word patterns next."""
    tokens = parsed.tokens(cs, ce)
    found = find_speaker(tokens)
    if found is not None:
        who = _who(tracker, found[0], found[1])
        if who[0] is not None:
            return who
    # Most sentences have no reporting verb: the token set rules them out cheaply.
    if not REPORTING_TOKENS.isdisjoint(features):
        np = find_attribution(sentence)
        if np and is_noun_phrase(tokens, np):
            return _who(tracker, np)
    return _NOBODY


def _extract(text: str, parsed: ParsedText) -> list[Claim]:
    tracker = SpeakerTracker(text)
    claims: list[Claim] = []
    last_quote: Who = _NOBODY
    seen_prose = False  # before the first prose paragraph, an unpunctuated line is a headline
    paras = list(paragraphs(text))
    after_credit = False
    for pi, (ps, pe) in enumerate(paras):
        line = text[ps:pe]
        if filters.is_furniture(line, first=not seen_prose):
            after_credit = filters.is_credit_line(line)
            continue
        # A short line next to a credit standing on its own line is the photo's caption.
        nxt = paras[pi + 1] if pi + 1 < len(paras) else None
        if (
            after_credit
            or (
                nxt is not None
                and nxt[1] - nxt[0] <= 120
                and filters.is_credit_line(text[nxt[0] : nxt[1]])
            )
        ) and filters.may_be_caption(line):
            after_credit = False
            continue
        after_credit = False
        seen_prose = True
        sents = list(sentences(text, ps, pe))
        spans: list[tuple[int, int]] = []
        raw_speakers: list[str | None] = []
        after: dict[tuple[int, int], str | None] = {}
        if _QUOTE_CHAR_RE.search(text, ps, pe):
            spans = quote_spans(text, ps, pe)
            raw_speakers = _span_speakers(text, sents, spans, after, parsed)
        resolved: dict[int, Who] = {}
        qi = 0
        pending: tuple[int, int, Who] | None = None
        for ss, se in sents:
            if pending is not None:
                claims.append(_make_claim(text, *pending, parsed=parsed))
                pending = None
            while qi < len(spans) and spans[qi][1] < ss:
                qi += 1
            sent_span = parsed.span(ss, se)
            tracker.note_names(sent_span)
            content = (ss, se)
            who: Who = _NOBODY
            quoted = False
            if qi < len(spans) and spans[qi][0] <= ss + 1 and spans[qi][0] < se:
                qo, qc = spans[qi]
                tail = text[qc + 1 : min(se, qc + 400)] if qc < se else ""
                # The sentence is (the rest of) a quotation plus, at most, its attribution.
                if qc >= se - 2 or (raw_speakers[qi] is not None and tail.strip()):
                    if qc < se - 2:
                        np = (
                            after[qc, se]
                            if (qc, se) in after
                            else _attribution_after(text, qc, se, parsed)
                        )
                        quoted = np is not None
                    else:
                        quoted = True
                if quoted:
                    content = (max(ss, qo + 1), min(se, qc))
                    nxt = spans[qi + 1] if qi + 1 < len(spans) else None
                    if nxt and nxt[0] < se and nxt[1] <= se and qc < se:
                        # “We had no choice,” said X, “because costs rose.”: one quotation
                        # interrupted by its attribution.
                        content = (content[0], nxt[1])
                    if qi not in resolved:
                        np = raw_speakers[qi]
                        resolved[qi] = _who(tracker, np) if np else _carried(last_quote)
                    who = resolved[qi]
                    last_quote = who
                    if content[1] < se - 8:
                        pending = _reported_tail(text, content[1], se, who)
            elif qi < len(spans) and spans[qi][0] < se and spans[qi][1] >= se - 2:
                qo, qc = spans[qi]
                np = _attribution_before(text, ss, qo)
                if np is not None:
                    content = (qo + 1, min(se, qc))
                    quoted = True
                    if qi not in resolved:
                        resolved[qi] = _who(tracker, np)
                    who = resolved[qi]
                    last_quote = who
            cs, ce = _trim(text, *content)
            if ce - cs < 2:
                continue
            sentence = text[cs:ce]
            if not quoted:
                cut = filters.dateline_length(sentence)
                if cut:
                    cs, ce = _trim(text, cs + cut, ce)
                    sentence = text[cs:ce]
            if (
                filters.is_question(sentence)
                or filters.is_non_claim_sentence(sentence)
                or filters.is_lead_in(
                    sentence, se >= pe and not quoted and _VERB_RE.search(sentence) is None
                )
                or filters.is_non_claim_parse(parsed.span(cs, ce))
            ):
                if not quoted:
                    tracker.observe(sentence)
                    tracker.note_subjects(sent_span)
                continue
            features = set(featurize(sentence))
            if not quoted:
                tracker.observe(sentence)
                who = _sentence_speaker(tracker, parsed, sentence, cs, ce, features)
                tracker.note_subjects(sent_span)
            parts = clauses(text, cs, ce, _clause_check(parsed, cs, ce))
            if len(parts) == 1:
                claims.append(_make_claim(text, cs, ce, who, features, quoted, parsed))
                continue
            own = 0 if quoted or who[0] is None else _attributed_from(text, parts)
            for i, (a, b) in enumerate(parts):
                a, b = _trim(text, a, b)
                if b - a >= 2:
                    claims.append(
                        _make_claim(text, a, b, who if i >= own else _NOBODY, None, quoted, parsed)
                    )
        if pending is not None:
            claims.append(_make_claim(text, *pending, parsed=parsed))
    return claims


def _clause_check(parsed: ParsedText, cs: int, ce: int) -> Callable[[int, int], bool] | None:
    """The parse's test for a clause cut inside [cs, ce), or None (no parse: cut by pattern)."""
    if ce - cs < 40 or not rules.on("clause.parse_check"):
        return None  # too short to split: skip the token walk
    tokens = parsed.tokens(cs, ce)
    if not tokens:
        return None
    offset = parsed.offset(cs)
    return lambda a, b: joins_clauses(tokens, offset, a, b)


def _carried(who: Who) -> Who:
    """A quotation without its own attribution continues the last quoted speaker's."""
    return (who[0], "carried", who[2]) if who[0] is not None else _NOBODY


# A reported statement after a quote's attribution: '"...," X said, adding that 3,000 jobs
# were at risk.' / '..., said Y, who estimated the cost at $2 billion.'
_TAIL_RE = re.compile(
    r",\s*(?:adding|noting|saying|warning|arguing|explaining|insisting|stressing|"
    r"who\s+(?:said|says|added|estimated|estimates|noted|warned|predicted|argued))"
    r"\s+(?:that\s+)?"
)


def _reported_tail(text: str, start: int, end: int, speaker: Who) -> tuple[int, int, Who] | None:
    """(start, end, speaker) of a claim reported after a quote's attribution, or None."""
    m = _TAIL_RE.search(text, start, end)
    if m is None:
        return None
    a, b = _trim(text, m.end(), end)
    if len(text[a:b].split()) < 4:
        return None
    return a, b, speaker


def _attributed_from(text: str, parts: list[tuple[int, int]]) -> int:
    """Index of the first clause the sentence's attribution covers.

    "According to X, A, and B" and "A, and B, X said" cover every clause; in "A, and X said
    B" the speaker opens a later clause, so the clauses before it are the article's own.
    """
    for i in range(len(parts) - 1, 0, -1):
        a, b = parts[i]
        last = None
        for n, m in enumerate(_VERB_RE.finditer(text, a, b)):
            last = m
            if n >= 8:
                break  # a clause names its speaker early; bounded on pathological input
        if last is None:
            continue
        # "..., the chief executive said." closing the sentence covers every clause; "the
        # chief executive said margins would shrink" opens a clause of its own.
        if _TRAILING_RE.match(text, last.end(), b) or find_attribution(text[a:b]) is None:
            return 0
        return i
    return 0


def _make_claim(
    text: str,
    start: int,
    end: int,
    who: Who,
    features: set[str] | None = None,
    quoted: bool = False,
    parsed: ParsedText | None = None,
) -> Claim:
    body = text[start:end]
    if features is None:
        features = set(featurize(body))
    quantities = (
        find_quantities(body, start, word_figure_letters(features)) if has_figure(features) else []
    )
    tokens = parsed.tokens(start, end) if parsed is not None else None
    if tokens and (quantities or not PARSE_FIGURE_WORDS.isdisjoint(features)):
        quantities = refine_quantities(quantities, tokens, parsed.offset(start))
    sc = score_features(features)
    kind = classify(body, quantities, features, tokens)
    return Claim(
        start,
        end,
        body,
        kind,
        sc.score,
        sc.checkworthy,
        who[0],
        tuple(quantities),
        speaker_basis=who[1],
        speaker_kind=who[2],
        quoted=quoted,
    )
