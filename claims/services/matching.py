"""Checked before? Matching desk claims against earlier desk claims and the archive, storing
the ranked matches, and the workflows on top: Reuse, and repeats (confirm, undo, take the
original's verdict). Reuse and take-verdict go through verdict_save and source_add, so the
draft needs an editor's approval like any verdict."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from claims.matching.matcher import rank_desk_claims_many, rank_factchecks_many
from claims.matching.rerank import Candidate, MatchQuery
from claims.models import (
    Article,
    Claim,
    ClaimMatch,
    ClaimStatus,
    FactCheck,
    MatchKind,
    MatchState,
    Rating,
    RepeatStatus,
    Source,
    Verdict,
)
from claims.roles import is_reviewer
from claims.services.audit import StaleVersion, activity_record
from claims.services.review import verdict_save
from claims.services.sources import source_add

KEEP = 5
# What a re-run of matching rewrites on a claim's MatchState (never the reviewer's decision).
STATE_FIELDS = (
    "matched_at",
    "best_score",
    "checked_before",
    "repeat_of",
    "repeat_score",
    "repeat_status",
)
# Claims matched together: an 800-word article's claims are one batch.
BATCH = 50
CONTEXT_CHARS = 400


def match_threshold() -> float:
    return settings.FACTCHECK_MATCH_MIN_PERCENT / 100


def repeat_threshold() -> float:
    return settings.FACTCHECK_REPEAT_MIN_PERCENT / 100


def claim_query(claim: Claim) -> MatchQuery:
    """The claim as the matcher sees it: statement, speaker, the sentences around it and the
    article's date (the same signals the benchmark's debate queries carry)."""
    body = claim.article.body
    before = body[max(0, claim.start - CONTEXT_CHARS) : claim.start]
    after = body[claim.end : claim.end + CONTEXT_CHARS]
    return MatchQuery(
        text=claim.statement,
        speaker=claim.speaker,
        context=f"{before} {after}",
        when=claim.article.published or claim.created.date(),
    )


def _rows(claim: Claim, archive: list[Candidate], desk: list[Candidate]) -> list[ClaimMatch]:
    return [
        ClaimMatch(
            claim=claim,
            kind=MatchKind.ARCHIVE,
            factcheck_id=c.key,
            rank=i,
            score=round(c.score, 4),
            reasons=c.reasons,
        )
        for i, c in enumerate(archive, 1)
    ] + [
        ClaimMatch(
            claim=claim,
            kind=MatchKind.DESK,
            matched_claim_id=c.key,
            rank=i,
            score=round(c.score, 4),
            reasons=c.reasons,
        )
        for i, c in enumerate(desk, 1)
    ]


def _store_many(claims: list[Claim]) -> list[MatchState]:
    """Match a batch and store its matches: the retrieval first (reads only, one statement per
    table on PostgreSQL), then one short transaction that writes the batch."""
    queries = [claim_query(c) for c in claims]
    archives = [found[:KEEP] for found in rank_factchecks_many(queries)]
    desks = [
        # Only earlier claims: a later one is the repeat of this, not the other way round.
        [c for c in found if c.key < claim.pk][:KEEP]
        for claim, found in zip(
            claims,
            rank_desk_claims_many(
                [(q, c.pk, c.article_id) for q, c in zip(queries, claims, strict=True)]
            ),
            strict=True,
        )
    ]
    with transaction.atomic():
        return _write(claims, archives, desks)


def _write(
    claims: list[Claim], archives: list[list[Candidate]], desks: list[list[Candidate]]
) -> list[MatchState]:
    # The retrieval ran outside this transaction: a claim deleted since (the batch's own or a
    # match) is left out, so one deletion never fails the batch's foreign keys.
    wanted = {c.pk for c in claims} | {c.key for desk in desks for c in desk}
    found = Claim.objects.filter(pk__in=wanted).values_list("pk", "current_verdict__approved_at")
    alive = {pk for pk, _ in found}
    with_verdict = {pk for pk, approved in found if approved is not None}
    kept = [i for i, c in enumerate(claims) if c.pk in alive]
    claims = [claims[i] for i in kept]
    archives = [archives[i] for i in kept]
    desks = [[c for c in desks[i] if c.key in alive] for i in kept]
    pks = [c.pk for c in claims]
    ClaimMatch.objects.filter(claim_id__in=pks).delete()
    ClaimMatch.objects.bulk_create(
        [row for c, a, d in zip(claims, archives, desks, strict=True) for row in _rows(c, a, d)]
    )
    existing = MatchState.objects.select_for_update().in_bulk(pks)
    now = timezone.now()
    states, new = [], []
    for claim, archive, desk in zip(claims, archives, desks, strict=True):
        state = existing.get(claim.pk)
        if state is None:
            state = MatchState(claim=claim)
            new.append(state)
        best = max(
            [c.score for c in archive] + [c.score for c in desk if c.key in with_verdict],
            default=0.0,
        )
        state.matched_at = now
        state.best_score = round(best, 4)
        state.checked_before = best >= match_threshold()
        top = desk[0] if desk else None
        if state.repeat_status in ("", RepeatStatus.SUGGESTED):
            # A reviewer's decision (confirmed or undone) is never overwritten by a re-run.
            if top is not None and top.score >= repeat_threshold():
                state.repeat_of_id, state.repeat_score = top.key, round(top.score, 4)
                state.repeat_status = RepeatStatus.SUGGESTED
            else:
                state.repeat_of_id, state.repeat_score, state.repeat_status = None, None, ""
        states.append(state)
    MatchState.objects.bulk_create(new)
    MatchState.objects.bulk_update(
        [s for s in states if s.claim_id in existing],
        STATE_FIELDS,
    )
    return states


@transaction.atomic
def claim_match(*, claim: Claim, actor: AbstractBaseUser | None) -> MatchState:
    """Match one claim now and store its matches (on demand: the panel's button, a command)."""
    (state,) = _store_many([claim])
    activity_record(
        actor=actor,
        action="claim.match",
        claim=claim,
        after={"checked_before": state.checked_before, "best_score": state.best_score},
        summary="Matched against earlier claims and the archive",
    )
    return state


def _batched(items: Iterable[Claim], size: int) -> Iterator[list[Claim]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def claims_match(*, claims: Iterable[Claim]) -> int:
    """Match many claims (extraction, the match_claims command) in batches of BATCH: one
    short transaction per batch, so a long run never holds the database; no Activity row per
    claim. Claims need their article loaded (select_related) for the context."""
    count = 0
    for batch in _batched(claims, BATCH):
        _store_many(batch)
        count += len(batch)
    return count


def article_match(*, article: Article, actor: AbstractBaseUser | None) -> int:
    claims = list(
        Claim.objects.select_related("article")
        .filter(article=article)
        .exclude(status=ClaimStatus.REJECTED)
    )
    count = claims_match(claims=claims)
    activity_record(
        actor=actor,
        action="article.match",
        article=article,
        after={"claims": count},
        summary=f"Matched {count} claims against earlier claims and the archive",
    )
    return count


# Reuse --------------------------------------------------------------------------------------

_LABEL_WORDS = (
    (("pants on fire", "fake", "hoax", "incorrect", "wrong", "false", "fabricated"), "False"),
    (("mostly false", "mostly-false", "largely false"), "Mostly false"),
    (("half true", "half-true", "mixture", "mixed", "partly", "partially"), "Half true"),
    (("mostly true", "mostly-true", "largely true", "mostly correct"), "Mostly true"),
    (("misleading", "miscaptioned", "missing context", "out of context", "distorts"), "Misleading"),
    (
        ("unproven", "unverified", "unverifiable", "no evidence", "research in progress"),
        "Unverifiable",
    ),
    (("true", "correct", "accurate"), "True"),
)


def closest_rating(factcheck: FactCheck) -> Rating | None:
    """The desk's rating nearest to another publisher's: by the label's words first (more
    specific phrases before the bare "true"/"false"), then by the numeric value scaled onto the
    desk's ClaimReview values; None if neither says anything."""
    ratings = [r for r in Rating.objects.filter(retired=False)]
    by_label = {r.label.casefold(): r for r in ratings}
    label = factcheck.rating_label.casefold()
    if label in by_label:
        return by_label[label]
    for phrases, desk_label in sorted(_LABEL_WORDS, key=lambda p: -max(map(len, p[0]))):
        if any(p in label for p in phrases) and desk_label.casefold() in by_label:
            return by_label[desk_label.casefold()]
    numeric = [r for r in ratings if r.claimreview_value is not None]
    if factcheck.rating_value is not None and numeric:
        best = factcheck.best_rating or 5.0
        worst = factcheck.worst_rating or 1.0
        if best != worst:
            share = (factcheck.rating_value - worst) / (best - worst)
            low = min(r.claimreview_value for r in numeric)
            high = max(r.claimreview_value for r in numeric)
            target = low + share * (high - low)
            return min(numeric, key=lambda r: (abs(r.claimreview_value - target), r.position))
    return None


@transaction.atomic
def match_reuse(
    *, claim_id: int, expected_version: int, match_id: int, actor: AbstractBaseUser
) -> Verdict:
    """Start a draft verdict from a match: the closest rating on the desk's scale, the other
    publisher's label quoted (never their text), the earlier check as a source."""
    if not is_reviewer(actor):
        raise PermissionDenied("Only reviewers and editors can reuse a fact-check.")
    match = (
        ClaimMatch.objects.select_related(
            "claim__article", "factcheck", "matched_claim__current_verdict__rating"
        )
        .filter(pk=match_id, claim_id=claim_id)
        .first()
    )
    if match is None:
        raise ValidationError("That match is no longer listed; match the claim again.")
    if match.kind == MatchKind.ARCHIVE:
        fc = match.factcheck
        rating = closest_rating(fc)
        if rating is None:
            raise ValidationError(
                f"“{fc.rating_label or 'No label'}” has no close rating on the desk's scale; "
                "write the verdict yourself."
            )
        rationale = (
            f"Draft from an earlier fact-check: {fc.publisher or 'another publisher'} rated this "
            f"claim “{fc.rating_label or 'unlabelled'}”"
            + (f" on {fc.published:%Y-%m-%d}" if fc.published else "")
            + f" ({fc.review_url}). Closest rating on our scale: {rating.label}. "
            "Check the evidence before approval."
        )
        verdict = verdict_save(
            claim_id=claim_id,
            expected_version=expected_version,
            rating=rating,
            rationale=rationale,
            actor=actor,
        )
        source_add(
            claim=match.claim,
            url=fc.review_url,
            actor=actor,
            title=(fc.title or fc.claim_reviewed)[:500],
            publisher=fc.publisher,
            published=fc.published,
            kind=Source.Kind.SECONDARY,
            relation=Source.Relation.CONTEXT,
        )
    else:
        verdict = _take_desk_verdict(
            claim=match.claim,
            original=match.matched_claim,
            expected_version=expected_version,
            actor=actor,
        )
    activity_record(
        actor=actor,
        action="match.reuse",
        claim=match.claim,
        after={
            "match": match.pk,
            "kind": match.kind,
            "rating": verdict.rating.label,
            "from": match.factcheck.review_url if match.factcheck else match.matched_claim_id,
        },
        summary=f"Reused an earlier check as a draft “{verdict.rating.label}” verdict",
    )
    return verdict


def _take_desk_verdict(
    *, claim: Claim, original: Claim, expected_version: int, actor: AbstractBaseUser
) -> Verdict:
    in_force = original.current_verdict
    if in_force is None or in_force.approved_at is None or in_force.withdrawn_at is not None:
        raise ValidationError("The earlier claim has no approved verdict to take.")
    if in_force.rating.retired:
        raise ValidationError("The earlier verdict's rating is retired; write a new verdict.")
    verdict = verdict_save(
        claim_id=claim.pk,
        expected_version=expected_version,
        rating=in_force.rating,
        rationale=f"Repeats claim #{original.pk} (“{original.statement[:200]}”), "
        f"rated “{in_force.rating.label}” by the desk.\n\n{in_force.rationale}",
        actor=actor,
    )
    have = set(claim.sources.values_list("url", flat=True))
    for source in original.sources.all():
        if source.url in have:
            continue
        source_add(
            claim=claim,
            url=source.url,
            actor=actor,
            title=source.title,
            publisher=source.publisher,
            published=source.published,
            excerpt=source.excerpt,
            relation=source.relation,
            kind=source.kind,
        )
    return verdict


# Repeats ------------------------------------------------------------------------------------


def _state_for_update(claim_id: int) -> MatchState:
    state = (
        MatchState.objects.select_for_update(of=("self",))
        .select_related("claim__article", "repeat_of")
        .filter(claim_id=claim_id)
        .first()
    )
    if state is None or state.repeat_of_id is None:
        raise ValidationError("This claim is not marked as a repeat.")
    return state


def _decide(*, claim_id: int, expected: str, to: str, actor: AbstractBaseUser) -> MatchState:
    if not is_reviewer(actor):
        raise PermissionDenied("Only reviewers and editors can decide on repeats.")
    state = _state_for_update(claim_id)
    if state.repeat_status != expected:
        raise StaleVersion(
            state, f"The repeat link is already {state.get_repeat_status_display().lower()}."
        )
    before = state.repeat_status
    state.repeat_status = to
    state.repeat_decided_by = actor
    state.repeat_decided_at = timezone.now()
    state.save()
    activity_record(
        actor=actor,
        action=f"repeat.{'confirm' if to == RepeatStatus.CONFIRMED else 'undo'}",
        claim=state.claim,
        before={"repeat_status": before, "repeat_of": state.repeat_of_id},
        after={"repeat_status": to, "repeat_of": state.repeat_of_id},
        summary=(
            f"Confirmed as a repeat of claim #{state.repeat_of_id}"
            if to == RepeatStatus.CONFIRMED
            else f"Undid the repeat link to claim #{state.repeat_of_id}"
        ),
    )
    return state


@transaction.atomic
def repeat_confirm(*, claim_id: int, actor: AbstractBaseUser) -> MatchState:
    return _decide(
        claim_id=claim_id, expected=RepeatStatus.SUGGESTED, to=RepeatStatus.CONFIRMED, actor=actor
    )


@transaction.atomic
def repeat_undo(*, claim_id: int, actor: AbstractBaseUser) -> MatchState:
    """Undo a suggested or confirmed link; a re-run of matching will not suggest it again."""
    state = _state_for_update(claim_id)
    expected = state.repeat_status if state.repeat_status != RepeatStatus.UNDONE else "-"
    return _decide(claim_id=claim_id, expected=expected, to=RepeatStatus.UNDONE, actor=actor)


@transaction.atomic
def repeat_take_verdict(
    *, claim_id: int, expected_version: int, actor: AbstractBaseUser
) -> Verdict:
    """A confirmed repeat takes the original's verdict (and sources) as a draft for approval."""
    state = _state_for_update(claim_id)
    if state.repeat_status != RepeatStatus.CONFIRMED:
        raise ValidationError("Confirm the repeat before taking the original's verdict.")
    original = Claim.objects.select_related("current_verdict__rating").get(pk=state.repeat_of_id)
    verdict = _take_desk_verdict(
        claim=state.claim, original=original, expected_version=expected_version, actor=actor
    )
    activity_record(
        actor=actor,
        action="repeat.take_verdict",
        claim=state.claim,
        after={"repeat_of": original.pk, "rating": verdict.rating.label},
        summary=f"Took the verdict of claim #{original.pk} as a draft",
    )
    return verdict
