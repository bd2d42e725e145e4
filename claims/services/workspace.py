"""Correcting the extractor in the article workspace: edit, reject/restore, split, merge, add.

Each change writes an Activity row and bumps the claim's version; a change prepared against an
older version raises StaleVersion and writes nothing. Whether the claim's state allows the
change at all is services.policy's call (a published claim is corrected from its claim page).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import Article, Claim, ClaimOrigin, ClaimStatus, ClaimType
from claims.services.audit import StaleVersion, activity_record, claim_update
from claims.services.policy import Action, WriteRefused, ensure_writable
from claims.services.speakers import speakers_sync_article


class ClaimActionError(Exception):
    """The correction does not make sense for this claim; the message says why."""


def _gate(
    claim_id: int, expected_version: int, action: Action, actor: AbstractBaseUser | None
) -> Claim:
    """The claim at the version the form saw, if its state allows `action` (else raises)."""
    claim = Claim.objects.select_related("article", "current_verdict").get(pk=claim_id)
    if claim.version != expected_version:
        raise StaleVersion(claim)
    try:
        ensure_writable(claim, action, actor)
    except WriteRefused as refused:
        raise ClaimActionError(str(refused)) from refused
    return claim


def claim_edit(
    *,
    claim_id: int,
    expected_version: int,
    statement: str,
    type: str,
    speaker: str,
    actor: AbstractBaseUser | None,
) -> Claim:
    statement = statement.strip()
    if not statement:
        raise ClaimActionError("The statement cannot be empty.")
    if type not in ClaimType.values:
        raise ClaimActionError("Choose one of the listed claim types.")
    _gate(claim_id, expected_version, Action.CLAIM_EDIT, actor)
    speaker = speaker.strip()[:300]
    changes: dict[str, object] = {"statement": statement, "type": type, "speaker": speaker}
    if Claim.objects.filter(pk=claim_id).exclude(speaker=speaker).exists():
        # A speaker a person typed is theirs, not the extractor's guess: it shows as confirmed.
        changes.update(
            speaker_confirmed_by=actor if actor is not None and actor.is_authenticated else None,
            speaker_confirmed_at=timezone.now(),
        )
    claim = claim_update(
        claim_id=claim_id,
        expected_version=expected_version,
        changes=changes,
        actor=actor,
        action="claim.edit",
    )
    speakers_sync_article(article_id=claim.article_id)
    return claim


def _status_change(
    *,
    claim_id: int,
    expected_version: int,
    actor: AbstractBaseUser | None,
    status: str,
    action: Action,
    summary: str,
) -> Claim:
    _gate(claim_id, expected_version, action, actor)
    return claim_update(
        claim_id=claim_id,
        expected_version=expected_version,
        changes={"status": status},
        actor=actor,
        action=action.value,
        summary=summary,
    )


def claim_reject(*, claim_id: int, expected_version: int, actor: AbstractBaseUser | None) -> Claim:
    """Mark a non-claim rejected; it stays in the article and can be restored."""
    return _status_change(
        claim_id=claim_id,
        expected_version=expected_version,
        actor=actor,
        status=ClaimStatus.REJECTED,
        action=Action.CLAIM_REJECT,
        summary="Rejected as not a claim",
    )


def claim_restore(*, claim_id: int, expected_version: int, actor: AbstractBaseUser | None) -> Claim:
    return _status_change(
        claim_id=claim_id,
        expected_version=expected_version,
        actor=actor,
        status=ClaimStatus.NEW,
        action=Action.CLAIM_RESTORE,
        summary="Restored a rejected claim",
    )


def split_offset(quote: str, before: str) -> int:
    """Where in the quote the words `before` start (their first occurrence after the start)."""
    words = before.strip()
    if not words:
        raise ClaimActionError("Say where to split: the words that start the second part.")
    at = quote.find(words, 1)
    if at == -1:
        raise ClaimActionError(f"“{words}” is not in this claim's quote after its first word.")
    return at


def _quantities_within(quantities: list[dict], quote: str) -> list[dict]:
    return [q for q in quantities if str(q.get("text", "")) in quote]


def _locked(claim_id: int) -> Claim:
    return Claim.objects.select_for_update().select_related("article").get(pk=claim_id)


@transaction.atomic
def claim_split(
    *, claim_id: int, expected_version: int, at: int, actor: AbstractBaseUser | None
) -> tuple[Claim, Claim]:
    """Split a claim's span at `at` characters into its quote: the claim keeps the first part,
    a new claim takes the rest, and together they cover exactly the original span."""
    _locked(claim_id)
    claim = _gate(claim_id, expected_version, Action.CLAIM_SPLIT, actor)
    length = claim.end - claim.start
    if not 0 < at < length:
        raise ClaimActionError(f"Split at a character between 1 and {length - 1}.")
    body = claim.article.body
    cut = claim.start + at
    first_quote, second_quote = body[claim.start : cut], body[cut : claim.end]
    if not first_quote.strip() or not second_quote.strip():
        raise ClaimActionError("Both parts of a split need some text; pick another point.")
    original = {"start": claim.start, "end": claim.end, "statement": claim.statement}
    second = Claim.objects.create(
        article=claim.article,
        start=cut,
        end=claim.end,
        quote=second_quote,
        statement=second_quote.strip(),
        type=claim.type,
        score=claim.score,
        checkworthy=claim.checkworthy,
        speaker=claim.speaker,
        quantities=_quantities_within(claim.quantities, second_quote),
        origin=ClaimOrigin.PERSON,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    first = claim_update(
        claim_id=claim.pk,
        expected_version=expected_version,
        changes={
            "end": cut,
            "quote": first_quote,
            "statement": first_quote.strip(),
            "quantities": _quantities_within(claim.quantities, first_quote),
        },
        actor=actor,
        action="claim.split",
        summary=f"Split at character {at}; the rest became claim #{second.pk}",
    )
    activity_record(
        actor=actor,
        action="claim.split",
        claim=second,
        before={"split_from": claim.pk, **original},
        after={"start": second.start, "end": second.end, "statement": second.statement},
        summary=f"Split from claim #{claim.pk}",
    )
    speakers_sync_article(article_id=claim.article_id)
    return first, second


def next_claim(claim: Claim) -> Claim | None:
    """The claim that follows this one in reading order, rejected claims aside."""
    return (
        Claim.objects.filter(article_id=claim.article_id)
        .exclude(pk=claim.pk)
        .exclude(status=ClaimStatus.REJECTED)
        .filter(Q(start__gt=claim.start) | Q(start=claim.start, id__gt=claim.pk))
        .order_by("start", "id")
        .first()
    )


@transaction.atomic
def claim_merge(
    *,
    claim_id: int,
    expected_version: int,
    other_id: int,
    other_version: int,
    actor: AbstractBaseUser | None,
) -> Claim:
    """Merge a claim with the one right after it: the first claim grows to cover both spans,
    the second is removed (its details stay in the audit row)."""
    claim = _locked(claim_id)
    other = _locked(other_id)
    if claim.version != expected_version:
        raise StaleVersion(claim)
    if other.version != other_version:
        raise StaleVersion(
            other, "The next claim was changed since you loaded the page; check it and merge again."
        )
    if other.article_id != claim.article_id:
        raise ClaimActionError("Only claims of the same article can be merged.")
    following = next_claim(claim)
    if following is None or following.pk != other.pk:
        raise ClaimActionError("Only a claim and the claim right after it can be merged.")
    _gate(claim.pk, expected_version, Action.CLAIM_MERGE, actor)
    _gate(other.pk, other_version, Action.CLAIM_MERGE, actor)
    if other.verdicts.exists() or other.sources.exists() or other.comments.exists():
        raise ClaimActionError(
            "The next claim already has sources, verdicts or comments; merging would lose them."
        )
    start, end = min(claim.start, other.start), max(claim.end, other.end)
    quote = claim.article.body[start:end]
    absorbed = {
        "id": other.pk,
        "start": other.start,
        "end": other.end,
        "statement": other.statement,
        "speaker": other.speaker,
        "type": other.type,
    }
    other.delete()
    merged = claim_update(
        claim_id=claim.pk,
        expected_version=expected_version,
        changes={
            "start": start,
            "end": end,
            "quote": quote,
            "statement": quote.strip(),
            "score": max(claim.score, other.score),
            "checkworthy": claim.checkworthy or other.checkworthy,
            "speaker": claim.speaker or other.speaker,
            "quantities": [*claim.quantities, *other.quantities],
        },
        actor=actor,
        action="claim.merge",
        summary=f"Merged with the next claim #{absorbed['id']}",
    )
    activity_record(
        actor=actor,
        action="claim.merge_absorbed",
        claim=merged,
        before=absorbed,
        after={"merged_into": merged.pk},
        summary=f"Claim #{absorbed['id']} merged into #{merged.pk}",
    )
    speakers_sync_article(article_id=merged.article_id)
    return merged


def locate_quote(body: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """Offsets of a quoted passage in the article, tolerant of differing whitespace.

    Several matches need an occurrence number (1 = first) so we never guess."""
    words = quote.split()
    if not words:
        raise ClaimActionError("Type or paste the words of the claim as they appear.")
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    matches = list(pattern.finditer(body))
    if not matches:
        raise ClaimActionError("That text is not in the article; copy it exactly as it appears.")
    if occurrence is None:
        if len(matches) > 1:
            raise ClaimActionError(
                f"That text appears {len(matches)} times in the article; say which occurrence "
                "(1 for the first)."
            )
        occurrence = 1
    if not 1 <= occurrence <= len(matches):
        raise ClaimActionError(
            f"That text appears {len(matches)} time(s); occurrence {occurrence} does not exist."
        )
    match = matches[occurrence - 1]
    return match.start(), match.end()


@transaction.atomic
def claim_add(
    *,
    article: Article,
    start: int,
    end: int,
    actor: AbstractBaseUser | None,
    type: str = ClaimType.EVENT,
    speaker: str = "",
) -> Claim:
    """A claim the extractor missed, from a span of the article text."""
    body = article.body
    if not 0 <= start < end <= len(body):
        raise ClaimActionError("The selection is not inside the article text.")
    # Selections often catch a space or newline at either end; keep the span tight.
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start >= end:
        raise ClaimActionError("The selection has no text in it.")
    if type not in ClaimType.values:
        raise ClaimActionError("Choose one of the listed claim types.")
    duplicate = (
        Claim.objects.filter(article=article, start=start, end=end)
        .exclude(status=ClaimStatus.REJECTED)
        .first()
    )
    if duplicate is not None:
        # Named by its text: the workspace numbers claims by reading order, not by id.
        raise ClaimActionError(f"That text is already a claim: “{duplicate.statement[:120]}”.")
    quote = body[start:end]
    claim = Claim.objects.create(
        article=article,
        start=start,
        end=end,
        quote=quote,
        statement=quote,
        type=type,
        speaker=speaker.strip()[:300],
        # A person picked it out, which is the strongest check-worthiness signal we have.
        score=1.0,
        checkworthy=True,
        origin=ClaimOrigin.PERSON,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    activity_record(
        actor=actor,
        action="claim.add",
        claim=claim,
        after={"start": start, "end": end, "statement": quote},
        summary="Added a claim the extractor missed",
    )
    speakers_sync_article(article_id=article.pk)
    return claim


@dataclass
class Segment:
    """A run of article text covered by the same set of claims."""

    start: int
    text: str
    claims: list[Claim] = field(default_factory=list)

    @property
    def primary(self) -> Claim | None:
        """The most specific claim over this run: the shortest span, then the latest start."""
        if not self.claims:
            return None
        return min(self.claims, key=lambda c: (c.end - c.start, -c.start, c.pk))

    @property
    def claim_ids(self) -> str:
        return " ".join(str(c.pk) for c in self.claims)


def body_segments(body: str, claims: list[Claim]) -> list[Segment]:
    """Cut the body at every claim boundary so overlapping or nested spans still render as
    flat, well-formed marks; the template escapes each segment's text."""
    spans = [c for c in claims if 0 <= c.start < c.end <= len(body)]
    cuts = sorted({0, len(body), *(c.start for c in spans), *(c.end for c in spans)})
    segments = []
    for a, b in itertools.pairwise(cuts):
        covering = [c for c in spans if c.start <= a and b <= c.end]
        segments.append(Segment(start=a, text=body[a:b], claims=covering))
    return segments
