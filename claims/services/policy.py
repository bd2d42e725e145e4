"""Which writes each claim's state allows: the one place that decides, for every write.

What is published (a verdict in force, its claim's statement, speaker and type, and the
claim's sources) changes only through a correction that an editor other than its author
approves. Every service that writes a claim asks `ensure_writable` first; a refusal raises
WriteRefused, whose message says how to make the change properly (views answer 422).

Writes on a published claim either are refused (workspace corrections of the text: a
correction carries them instead), or are *staged* (sources: kept beside the published ones
until the correction is approved), or go ahead (comments, assignment, a correction verdict).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from claims.models import OPEN_STATUSES, Article, Claim, ClaimStatus
from claims.roles import is_editor, is_reviewer


class Action(StrEnum):
    CLAIM_EDIT = "claim.edit"
    CLAIM_REJECT = "claim.reject"
    CLAIM_RESTORE = "claim.restore"
    CLAIM_SPLIT = "claim.split"
    CLAIM_MERGE = "claim.merge"
    CLAIM_ASSIGN = "claim.assign"
    SPEAKER_CONFIRM = "claim.speaker_confirm"
    SOURCE_ADD = "source.add"
    SOURCE_EDIT = "source.edit"
    SOURCE_DELETE = "source.delete"
    VERDICT_SAVE = "verdict.save"
    VERDICT_APPROVE = "verdict.approve"
    VERDICT_SEND_BACK = "verdict.send_back"
    VERDICT_RETRACT = "verdict.retract"
    COMMENT_ADD = "comment.add"


class WriteMode(StrEnum):
    DIRECT = "direct"  # write the claim's own rows
    STAGED = "staged"  # keep the change beside the published state until a correction


class WriteRefused(Exception):
    """The claim's state does not allow this write; the message says what to do instead."""


# Fields of an article that a published ClaimReview carries (itemReviewed.appearance, dates).
PUBLISHED_ARTICLE_FIELDS = frozenset({"url", "outlet", "published"})

_CORRECT_TEXT = (
    "This claim's fact-check is published, so its statement, speaker and type change only "
    "through a correction: open the claim page, write the new wording in “Correct the "
    "approved verdict” with the reason, and another editor approves it."
)
_OPEN_ONLY = "Only new or in-review claims can be {verb}; this one is “{status}”."


def claim_write_allowed(
    claim: Claim, action: Action | str, actor: AbstractBaseUser | AnonymousUser | None
) -> tuple[WriteMode | None, str]:
    """(mode, "") when `actor` may do `action` on `claim` now, else (None, the reason).

    `claim.current_verdict` should be loaded (select_related) by the caller."""
    action = Action(action)
    if actor is None or not is_reviewer(actor):
        return None, "Only reviewers and editors can change claims."
    published = claim.is_published
    status = claim.status
    if action in (Action.CLAIM_EDIT, Action.SPEAKER_CONFIRM):
        # Confirming a guessed speaker vouches for what the published page names, so it is
        # part of the correction like any change of the speaker.
        return (None, _CORRECT_TEXT) if published else (WriteMode.DIRECT, "")
    if action in (Action.CLAIM_SPLIT, Action.CLAIM_MERGE, Action.CLAIM_REJECT):
        verb = {"claim.split": "split", "claim.merge": "merged", "claim.reject": "rejected"}
        if published:
            rejecting = action is Action.CLAIM_REJECT
            tail = ", or have an editor withdraw it there." if rejecting else "."
            return None, (
                "This claim's fact-check is published, so it cannot be "
                f"{verb[action.value]}. Correct it from the claim page" + tail
            )
        if status not in OPEN_STATUSES:
            return None, _OPEN_ONLY.format(
                verb=verb[action.value], status=claim.get_status_display()
            )
        return WriteMode.DIRECT, ""
    if action is Action.CLAIM_RESTORE:
        if status != ClaimStatus.REJECTED:
            return None, "Only a rejected claim can be restored."
        return WriteMode.DIRECT, ""
    if action in (Action.SOURCE_ADD, Action.SOURCE_EDIT, Action.SOURCE_DELETE):
        return (WriteMode.STAGED if published else WriteMode.DIRECT), ""
    if action is Action.VERDICT_SAVE:
        if status == ClaimStatus.REJECTED:
            return None, (
                "This claim was rejected as not a claim, so it takes no verdict. Restore it "
                "in the article workspace first if it is a claim after all."
            )
        return WriteMode.DIRECT, ""
    if action in (Action.VERDICT_APPROVE, Action.VERDICT_SEND_BACK, Action.CLAIM_ASSIGN):
        if not is_editor(actor):
            return None, "Only editors can do this."
        return WriteMode.DIRECT, ""
    if action is Action.VERDICT_RETRACT:
        if not is_editor(actor):
            return None, "Only editors can withdraw a published verdict."
        if not published:
            return None, "This claim has no published verdict to withdraw."
        return WriteMode.DIRECT, ""
    return WriteMode.DIRECT, ""  # comments: always


def ensure_writable(
    claim: Claim, action: Action | str, actor: AbstractBaseUser | AnonymousUser | None
) -> WriteMode:
    """The gate every claim write goes through: the mode to write in, or WriteRefused."""
    mode, reason = claim_write_allowed(claim, action, actor)
    if mode is None:
        raise WriteRefused(reason)
    return mode


def article_has_published_claims(article: Article) -> bool:
    return Claim.objects.filter(article=article).published().exists()


def ensure_article_writable(
    article: Article,
    fields: Iterable[str],
    actor: AbstractBaseUser | AnonymousUser | None,
) -> bool:
    """The gate for article details. Returns whether the change touches what a published
    ClaimReview carries (so it must move dateModified); raises WriteRefused when `actor`
    may not make it."""
    if actor is None or not is_reviewer(actor):
        raise WriteRefused("Only reviewers and editors can change articles.")
    touched = sorted(PUBLISHED_ARTICLE_FIELDS.intersection(fields))
    if not touched or not article_has_published_claims(article):
        return False
    if not is_editor(actor):
        names = {"url": "URL", "outlet": "outlet", "published": "publication date"}
        raise WriteRefused(
            "This article has published fact-checks, whose ClaimReview carries its "
            + ", ".join(names[f] for f in touched)
            + "; only an editor can change "
            + ("it" if len(touched) == 1 else "them")
            + ". Ask an editor, or change the title and author only."
        )
    return True
