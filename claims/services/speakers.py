"""The speaker index: which speaker record each claim's speaker text is filed under.

Names are matched automatically only where that is safe: the same full name anywhere
("Karine Jean-Pierre" = "Ms Karine Jean-Pierre"), and a surname or title-and-surname within
one article ("Jean-Pierre", "Ms Jean-Pierre") when exactly one full name in that article ends
with it. A surname alone never matches across articles (two people share surnames), nor does
a description ("the mayor"): those get a record scoped to their article, which an editor can
merge into another record, and undo.

The index never writes to a claim: merging only points one record at another.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from claims.models import Activity, Claim, Speaker, SpeakerMention
from claims.roles import is_editor
from claims.services.audit import activity_record

# Titles dropped from the front of a name before matching (compared without the full stop).
HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "vice",
        "senator",
        "sen",
        "rep",
        "representative",
        "congressman",
        "congresswoman",
        "governor",
        "gov",
        "minister",
        "secretary",
        "mayor",
        "judge",
        "justice",
        "rev",
        "reverend",
        "chancellor",
        "commissioner",
        "chief",
        "general",
        "gen",
        "captain",
        "capt",
        "premier",
        "councillor",
        "councilor",
    ]
)
_TOKEN = re.compile(r"[^\w'\-]+")


class SpeakerActionError(Exception):
    """The merge or publication does not make sense; the message says why."""


@dataclass(frozen=True)
class ParsedName:
    display: str  # the name as shown, titles and trailing descriptions removed
    tokens: tuple[str, ...]  # casefolded, accents removed, for matching

    @property
    def is_full(self) -> bool:
        """Two or more words starting with a capital: a person's (or body's) proper name."""
        return len(self.tokens) >= 2 and self.display[:1].isupper()

    @property
    def key(self) -> str:
        return " ".join(self.tokens)

    @property
    def surname(self) -> str:
        return self.tokens[-1] if self.tokens else ""


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def parse_name(text: str) -> ParsedName | None:
    text = unicodedata.normalize("NFC", text or "").replace("\u2019", "'").strip()
    # "Karine Jean-Pierre, the press secretary" is Karine Jean-Pierre.
    text = text.split(",")[0].strip()
    words = text.split()
    while len(words) > 1 and _fold(words[0]).rstrip(".") in HONORIFICS:
        words = words[1:]
    display = " ".join(words)
    tokens = tuple(t for t in (_fold(_TOKEN.sub("", w)) for w in words) if t)
    if not tokens:
        return None
    return ParsedName(display=display[:300], tokens=tokens)


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "speaker")[:120]
    taken = set(Speaker.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _speaker_for(key: str, name: str, surname: str) -> Speaker:
    found = Speaker.objects.filter(key=key).first()
    if found is not None:
        return found
    try:
        # A savepoint: a concurrent sync creating the same record must not spoil ours.
        with transaction.atomic():
            return Speaker.objects.create(
                key=key, name=name, surname=surname[:120], slug=_unique_slug(name)
            )
    except IntegrityError:
        found = Speaker.objects.filter(key=key).first()
        if found is None:
            raise
        return found


def _wanted_keys(article_id: int, rows: list[tuple[int, str]]) -> dict[int, tuple[str, str, str]]:
    """claim id -> (key, display name, surname) for every claim with a speaker."""
    parsed = {pk: parse_name(text) for pk, text in rows}
    full_by_surname: dict[str, set[str]] = {}
    full_names: dict[str, ParsedName] = {}
    for name in parsed.values():
        if name is not None and name.is_full:
            full_by_surname.setdefault(name.surname, set()).add(name.key)
            full_names.setdefault(name.key, name)
    wanted: dict[int, tuple[str, str, str]] = {}
    for pk, name in parsed.items():
        if name is None:
            continue
        if name.is_full:
            wanted[pk] = (name.key, name.display, name.surname)
            continue
        matches = full_by_surname.get(name.surname, set()) if len(name.tokens) == 1 else set()
        if len(matches) == 1:
            full = full_names[next(iter(matches))]
            wanted[pk] = (full.key, full.display, full.surname)
        else:
            wanted[pk] = (f"{name.key}@article:{article_id}", name.display, name.surname)
    return wanted


@transaction.atomic
def speakers_sync_article(*, article_id: int) -> None:
    """File every claim of the article under its speaker record (call after storing claims)."""
    rows = list(Claim.objects.filter(article_id=article_id).values_list("id", "speaker"))
    wanted = _wanted_keys(article_id, rows)
    current = dict(
        SpeakerMention.objects.filter(claim__article_id=article_id).values_list(
            "claim_id", "speaker__key"
        )
    )
    gone = [pk for pk in current if pk not in wanted]
    changed = {pk: w for pk, w in wanted.items() if current.get(pk) != w[0]}
    if gone:
        SpeakerMention.objects.filter(claim_id__in=gone).delete()
    if not changed:
        return
    records: dict[str, Speaker] = {}
    for key, name, surname in changed.values():
        if key not in records:
            records[key] = _speaker_for(key, name, surname)
    SpeakerMention.objects.filter(claim_id__in=list(changed)).delete()
    SpeakerMention.objects.bulk_create(
        [SpeakerMention(claim_id=pk, speaker=records[w[0]]) for pk, w in changed.items()]
    )


MERGE_ACTIONS = ("speaker.merge", "speaker.unmerge")
HISTORY_SHOWN = 50


@dataclass(frozen=True)
class HistoryEntry:
    activity: Activity
    undo_slug: str  # the record to separate again, when this merge is still in force


def speaker_history(speaker: Speaker, merged: list[Speaker]) -> list[HistoryEntry]:
    """The audited merges and undos that involve this record, newest first.

    A merge can be undone from here while it is still in force: the record merged by it is
    merged into this one now and no later merge or undo of that record happened since."""
    involving = (
        Q(after__speaker_id=speaker.pk)
        | Q(after__merged_into_id=speaker.pk)
        | Q(before__merged_into_id=speaker.pk)
    )
    rows = list(
        Activity.objects.filter(involving, action__in=MERGE_ACTIONS)
        .select_related("actor")
        .order_by("-created", "-id")[:HISTORY_SHOWN]
    )
    here = {m.pk: m.slug for m in merged}
    seen: set[int] = set()
    entries = []
    for row in rows:
        other = row.after.get("speaker_id")
        undo = ""
        if (
            row.action == "speaker.merge"
            and other not in seen
            and row.after.get("merged_into_id") == speaker.pk
            and other in here
        ):
            undo = here[other]
        seen.add(other)
        entries.append(HistoryEntry(activity=row, undo_slug=undo))
    return entries


def speaker_root(speaker: Speaker) -> Speaker:
    """The record a merged speaker now lives in (merges are kept one level deep)."""
    return speaker.merged_into if speaker.merged_into_id else speaker


def _require_editor(actor: AbstractBaseUser) -> None:
    if not is_editor(actor):
        raise PermissionDenied("Only editors can merge or publish speakers.")


def _audit(actor: AbstractBaseUser, action: str, summary: str, before: dict, after: dict) -> None:
    activity_record(actor=actor, action=action, before=before, after=after, summary=summary)


@transaction.atomic
def speaker_merge(*, speaker: Speaker, into: Speaker, actor: AbstractBaseUser) -> Speaker:
    """File `speaker`'s claims under `into` too; the claims themselves are untouched."""
    _require_editor(actor)
    speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
    target = speaker_root(Speaker.objects.select_related("merged_into").get(pk=into.pk))
    if speaker.merged_into_id:
        raise SpeakerActionError(
            f"{speaker.name} is already merged into {speaker.merged_into.name}; undo that first."
        )
    if target.pk == speaker.pk:
        raise SpeakerActionError("A speaker cannot be merged into itself.")
    # Keep merges one level deep: records merged into this one move with it.
    moved = list(Speaker.objects.filter(merged_into=speaker).values_list("slug", flat=True))
    Speaker.objects.filter(merged_into=speaker).update(merged_into=target)
    Speaker.objects.filter(pk=speaker.pk).update(merged_into=target, published_at=None)
    _audit(
        actor,
        "speaker.merge",
        f"Merged speaker “{speaker.name}” into “{target.name}”",
        {
            "speaker": speaker.slug,
            "speaker_id": speaker.pk,
            "merged_into": None,
            "published": speaker.is_published,
        },
        {
            "speaker": speaker.slug,
            "speaker_id": speaker.pk,
            "merged_into": target.slug,
            "merged_into_id": target.pk,
            "moved_with_it": moved,
        },
    )
    return target


@transaction.atomic
def speaker_unmerge(*, speaker: Speaker, actor: AbstractBaseUser) -> Speaker:
    """Undo a merge: the record stands alone again with the claims filed under it."""
    _require_editor(actor)
    speaker = (
        Speaker.objects.select_for_update(of=("self",))
        .select_related("merged_into")
        .get(pk=speaker.pk)
    )
    if not speaker.merged_into_id:
        raise SpeakerActionError(f"{speaker.name} is not merged into another speaker.")
    target = speaker.merged_into
    Speaker.objects.filter(pk=speaker.pk).update(merged_into=None)
    _audit(
        actor,
        "speaker.unmerge",
        f"Undid the merge of “{speaker.name}” into “{target.name}”",
        {
            "speaker": speaker.slug,
            "speaker_id": speaker.pk,
            "merged_into": target.slug,
            "merged_into_id": target.pk,
        },
        {"speaker": speaker.slug, "speaker_id": speaker.pk, "merged_into": None},
    )
    speaker.refresh_from_db()
    return speaker


@transaction.atomic
def speaker_publish(*, speaker: Speaker, publish: bool, actor: AbstractBaseUser) -> Speaker:
    """Publish or withdraw the speaker's public track record page."""
    _require_editor(actor)
    speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
    if speaker.merged_into_id:
        raise SpeakerActionError("Publish the speaker this record is merged into instead.")
    if speaker.is_published == publish:
        return speaker
    speaker.published_at = timezone.now() if publish else None
    speaker.save(update_fields=["published_at"])
    _audit(
        actor,
        "speaker.publish" if publish else "speaker.unpublish",
        f"{'Published' if publish else 'Withdrew'} the public page of “{speaker.name}”",
        {"speaker": speaker.slug, "speaker_id": speaker.pk, "published": not publish},
        {"speaker": speaker.slug, "speaker_id": speaker.pk, "published": publish},
    )
    return speaker
