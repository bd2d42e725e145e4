"""The review queue: filtering, counting and handing out claims ("Review next").

Handing out must never give two people the same claim. Three layers make sure of it:
`select_for_update(skip_locked=True)` on PostgreSQL so concurrent callers pass over each
other's rows instead of queueing on them; SQLite's IMMEDIATE transactions (settings), which
serialise writers; and, whatever the database, the assignment itself is an UPDATE that only
matches while the claim is still free, so a lost race assigns nothing rather than twice.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone

from claims.models import OPEN_STATUSES, Article, Claim, ClaimStatus, QueueCount
from claims.services.audit import activity_record, bump_version

# Most check-worthy first, then oldest; id makes the order total so pages never overlap.
SORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "priority": ("Most check-worthy first", ("-score", "created", "id")),
    "oldest": ("Oldest first", ("created", "id")),
    "newest": ("Newest first", ("-created", "-id")),
    "updated": ("Recently changed", ("-updated", "-id")),
}
DEFAULT_SORT = "priority"

# Filters that leave a set no maintained count describes (article, outlet, speaker, text) are
# counted exactly up to this many matches; past it the page shows the planner's estimate.
EXACT_LIMIT = 1_000

# The full-text search reads a stored tsvector column (claims_claim.search_vector, generated
# from the statement with this configuration and GIN-indexed by migration 0009), so a search
# no longer computes to_tsvector for every row it reads. The column is PostgreSQL-only and
# outside the model state; the two must change together.
FTS_CONFIG = "english"
SEARCH_COLUMN = "search_vector"


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filters, as they appear in the URL."""

    status: str = "open"  # "open", "all" or a ClaimStatus value
    type: str = ""
    article: int | None = None
    outlet: str = ""
    speaker: str = ""
    assignee: str = "anyone"  # "me", "unassigned", "anyone"
    verdict: str = ""  # a Rating id, "none", or "" for any
    q: str = ""
    sort: str = DEFAULT_SORT
    checked: str = ""  # "yes": only claims matched to an earlier check (claims.services.matching)

    def statuses(self) -> tuple[str, ...]:
        if self.status == "open":
            return tuple(OPEN_STATUSES)
        if self.status == "all" or not self.status:
            return tuple(ClaimStatus.values)
        return (self.status,)


def assignment_cutoff(now: datetime | None = None) -> datetime:
    """Assignments made before this moment have expired and count as unassigned."""
    now = now or timezone.now()
    return now - timedelta(minutes=settings.FACTCHECK_ASSIGNMENT_TTL_MINUTES)


def unassigned_q(cutoff: datetime) -> Q:
    return Q(assignee__isnull=True) | Q(assigned_at__lt=cutoff)


def assignment_is_live(claim: Claim, cutoff: datetime | None = None) -> bool:
    cutoff = cutoff or assignment_cutoff()
    return bool(claim.assignee_id and claim.assigned_at and claim.assigned_at >= cutoff)


_SEARCH_WORD = re.compile(r"\w+")


def _text_search(qs: QuerySet[Claim], text: str) -> QuerySet[Claim]:
    if connection.vendor == "postgresql":
        vector = RawSQL(f'"claims_claim"."{SEARCH_COLUMN}"', [], output_field=SearchVectorField())
        query = SearchQuery(text, config=FTS_CONFIG, search_type="websearch")
        return qs.alias(fts=vector).filter(fts=query)
    words = _SEARCH_WORD.findall(text)
    if not words:
        return qs.filter(Q(statement__icontains=text) | Q(speaker__icontains=text))
    # SQLite: the FTS5 index of statement and speaker (migration 0010), every word required as
    # in PostgreSQL's websearch; each word is quoted so nothing typed is FTS5 syntax.
    match = " ".join('"' + word.replace('"', '""') + '"' for word in words)
    return qs.filter(
        pk__in=RawSQL("SELECT rowid FROM claims_claim_fts WHERE claims_claim_fts MATCH %s", [match])
    )


# Past this many speaker texts containing what was typed, the filter reads the claims by
# substring instead (so broad that the queue's own order finds a page of them at once).
SPEAKER_NAMES_LIMIT = 200


def _speaker_filter(qs: QuerySet[Claim], text: str) -> QuerySet[Claim]:
    """Claims whose speaker contains `text`, any case.

    On PostgreSQL the speaker texts that contain it come first from claims_speakername (every
    speaker text stored, kept by triggers; migration 0014), and the claims are then read by
    exact text through claim_speaker_idx: a trigram index matches almost every row on the
    trigrams that all names share, and filtering the queue's order by substring reads
    thousands of rows per page."""
    if connection.vendor != "postgresql":
        return qs.filter(speaker__icontains=text)
    pattern = f"%{connection.ops.prep_for_like_query(text)}%"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT speaker FROM claims_speakername WHERE UPPER(speaker) LIKE UPPER(%s) LIMIT %s",
            [pattern, SPEAKER_NAMES_LIMIT + 1],
        )
        names = [row[0] for row in cursor.fetchall()]
    if not names:
        return qs.none()
    if len(names) > SPEAKER_NAMES_LIMIT:
        return qs.filter(speaker__icontains=text)
    return qs.filter(speaker__in=names)


def queue_filtered(
    filters: QueueFilters, user: AbstractBaseUser, *, cutoff: datetime | None = None
) -> QuerySet[Claim]:
    """Claims matching every filter except status (the counts at the top are per status)."""
    cutoff = cutoff or assignment_cutoff()
    qs = Claim.objects.all()
    if filters.type:
        qs = qs.filter(type=filters.type)
    if filters.article:
        qs = qs.filter(article_id=filters.article)
    if filters.outlet:
        qs = qs.filter(article__outlet=filters.outlet)
    if filters.speaker:
        qs = _speaker_filter(qs, filters.speaker)
    if filters.assignee == "me":
        qs = qs.filter(assignee=user, assigned_at__gte=cutoff)
    elif filters.assignee == "live":
        # Anyone's live assignment: what "unassigned" counts leave out (never from the URL).
        qs = qs.filter(assignee__isnull=False, assigned_at__gte=cutoff)
    elif filters.assignee == "unassigned":
        qs = qs.filter(unassigned_q(cutoff))
    if filters.verdict == "none":
        qs = qs.filter(current_verdict__isnull=True)
    elif filters.verdict:
        qs = qs.filter(current_verdict__rating_id=filters.verdict)
    if filters.q:
        qs = _text_search(qs, filters.q)
    if filters.checked == "yes":
        qs = qs.filter(match_state__checked_before=True)
    return qs


def _narrowing(filters: QueueFilters) -> bool:
    """Filters outside the maintained counts' keys (status, type, rating in force)."""
    return bool(filters.article or filters.outlet or filters.speaker or filters.q)


@dataclass(frozen=True)
class StatusCounts:
    counts: dict[str, int]
    # True when the figures are the planner's estimate (a broad search or outlet filter).
    approximate: bool = False


def _maintained_counts(filters: QueueFilters) -> dict[str, int]:
    counts = dict.fromkeys(ClaimStatus.values, 0)
    rows = QueueCount.objects.all()
    if filters.type:
        rows = rows.filter(type=filters.type)
    if filters.verdict == "none":
        rows = rows.filter(verdict_rating=0)
    elif filters.verdict:
        rows = rows.filter(verdict_rating=int(filters.verdict))
    for row in rows.values("status").annotate(total=Sum("n")).order_by():
        if row["status"] in counts:
            counts[row["status"]] = row["total"]
    return counts


def _grouped(qs: QuerySet[Claim]) -> dict[str, int]:
    counts = dict.fromkeys(ClaimStatus.values, 0)
    for row in qs.order_by().values("status").annotate(total=Count("id")):
        counts[row["status"]] = row["total"]
    return counts


def _planner_rows(qs: QuerySet[Claim]) -> int:
    if qs.query.is_empty():
        return 0  # e.g. no speaker text contains what was typed: nothing to ask about.
    plan = json.loads(qs.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def _estimated_counts(total: int, filters: QueueFilters, seen: Counter[str]) -> StatusCounts:
    """The planner's estimate of the matches, shared out as the statuses are under the
    maintained counts; never below what the exact sample already saw."""
    shares = _maintained_counts(filters)
    whole = sum(shares.values()) or 1
    counts = {s: max(seen[s], round(total * n / whole)) for s, n in shares.items()}
    return StatusCounts(counts, approximate=True)


def queue_status_counts(
    filtered: QuerySet[Claim],
    filters: QueueFilters,
    *,
    user: AbstractBaseUser,
    cutoff: datetime,
) -> StatusCounts:
    """Claims per status under the other filters, in one or two queries whatever the size.

    Status, type and verdict come from the trigger-maintained QueueCount rows (exact). The
    assignee filters need the live assignments, which are few: "me" counts them, and
    "unassigned" subtracts them from the maintained figures. The other filters (article,
    outlet, speaker, text) are counted exactly when at most EXACT_LIMIT claims match and
    estimated by the PostgreSQL planner beyond that.
    """
    if _narrowing(filters):
        # Ask the planner first (a fraction of a millisecond): when it expects far more than
        # the exact limit, reading up to EXACT_LIMIT matches would only confirm it.
        postgres = connection.vendor == "postgresql"
        estimate = _planner_rows(filtered) if postgres else 0
        if estimate > 2 * EXACT_LIMIT:
            return _estimated_counts(estimate, filters, Counter())
        seen = Counter(filtered.order_by().values_list("status", flat=True)[: EXACT_LIMIT + 1])
        if sum(seen.values()) <= EXACT_LIMIT:
            counts = dict.fromkeys(ClaimStatus.values, 0)
            counts.update({s: n for s, n in seen.items() if s in counts})
            return StatusCounts(counts)
        if not postgres:
            return StatusCounts(_grouped(filtered))
        return _estimated_counts(estimate, filters, seen)
    if filters.assignee == "me":
        return StatusCounts(_grouped(filtered))
    counts = _maintained_counts(filters)
    if filters.assignee == "unassigned":
        live = queue_filtered(replace(filters, assignee="live"), user, cutoff=cutoff)
        for status, n in _grouped(live).items():
            counts[status] = max(0, counts[status] - n)
    return StatusCounts(counts)


@dataclass
class QueuePage:
    claims: list[Claim]
    number: int
    per_page: int
    has_next: bool
    total: int
    total_approximate: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.claims else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.claims) - 1 if self.claims else 0


def queue_page(
    *,
    filters: QueueFilters,
    user: AbstractBaseUser,
    page: int,
    per_page: int,
) -> tuple[QueuePage, StatusCounts]:
    """One page of the queue and the status counts, in a fixed number of queries.

    The total comes from the status counts (their sum over the selected statuses), so the
    page needs no separate COUNT(*); "has next" comes from fetching one row more.
    """
    cutoff = assignment_cutoff()
    filtered = queue_filtered(filters, user, cutoff=cutoff)
    status_counts = queue_status_counts(filtered, filters, user=user, cutoff=cutoff)
    counts = status_counts.counts
    statuses = filters.statuses()
    total = sum(counts[s] for s in statuses)
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])[1]
    page = max(1, page)
    offset = (page - 1) * per_page
    rows = list(
        filtered.filter(status__in=statuses)
        .select_related("article", "assignee", "current_verdict__rating", "match_state")
        .only(
            "id",
            "statement",
            "type",
            "score",
            "speaker",
            "status",
            "assigned_at",
            "created",
            "version",
            "article__id",
            "article__title",
            "article__outlet",
            "assignee__id",
            "assignee__username",
            "current_verdict__id",
            "current_verdict__approved_at",
            "current_verdict__withdrawn_at",
            "current_verdict__retracted_at",
            "current_verdict__rating__id",
            "current_verdict__rating__label",
            "match_state__checked_before",
        )
        .order_by(*order)[offset : offset + per_page + 1]
    )
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    for claim in rows:
        claim.assignment_live = assignment_is_live(claim, cutoff)
    return (
        QueuePage(
            claims=rows,
            number=page,
            per_page=per_page,
            has_next=has_next,
            total=total,
            total_approximate=status_counts.approximate,
        ),
        status_counts,
    )


class NothingLeft(Exception):
    """No unassigned claim matches the filters."""


@transaction.atomic
def review_next(*, user: AbstractBaseUser, filters: QueueFilters) -> Claim:
    """Assign the top free claim matching the filters to `user`, or raise NothingLeft.

    Only open claims (new, in review) are handed out, whatever the status filter says:
    claims awaiting approval or done are not "work" for a reviewer.
    """
    now = timezone.now()
    cutoff = assignment_cutoff(now)
    statuses = [s for s in filters.statuses() if s in OPEN_STATUSES] or list(OPEN_STATUSES)
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])[1]
    candidates = (
        queue_filtered(filters, user, cutoff=cutoff)
        .filter(status__in=statuses)
        .filter(unassigned_q(cutoff))
        .order_by(*order)
    )
    if connection.features.has_select_for_update_skip_locked:
        candidates = candidates.select_for_update(skip_locked=True, of=("self",))
    # Only what the audit row and the caller need: the claim is not read again after the
    # write (bench/bench_queue.py, "Review next").
    candidates = candidates.select_related("assignee").only(
        "pk", "article_id", "status", "version", "assignee__username"
    )
    if connection.vendor == "postgresql":
        # An assignment is a lease that lapses by itself (FACTCHECK_ASSIGNMENT_TTL_MINUTES), so
        # its commit need not wait for the WAL flush to disk (about 3 ms, a third of the
        # request, on the bench machine). It is visible to everyone at once all the same; only
        # a database crash in the next moment (wal_writer_delay, 0.2 s by default, times
        # three at most) could lose it, and then the assignment and its audit row go together,
        # leaving the claim in the queue as if it had not been taken. The pick sets it for
        # this transaction alone (set_config's third argument, as SET LOCAL does), in the
        # same round trip: a SET LOCAL of its own was one more.
        candidates = candidates.annotate(
            async_commit=RawSQL("set_config('synchronous_commit', 'off', true)", ())
        )
    tried: list[int] = []
    # Without row locks (SQLite serialises instead) a candidate can only be lost to a
    # writer that committed first; a few retries cover that without looping forever.
    for _ in range(5):
        claim = candidates.exclude(pk__in=tried).first()
        if claim is None:
            break
        tried.append(claim.pk)
        previous = {
            "assignee": claim.assignee.username if claim.assignee else None,
            "status": claim.status,
        }
        taken = bump_version(
            Claim.objects.filter(unassigned_q(cutoff), pk=claim.pk, status__in=statuses),
            assignee=user,
            assigned_at=now,
            status=ClaimStatus.IN_REVIEW,
        )
        if taken != 1:
            continue
        claim.assignee, claim.assigned_at = user, now
        claim.status, claim.version = ClaimStatus.IN_REVIEW, claim.version + 1
        activity_record(
            actor=user,
            action="claim.assign",
            claim=claim,
            article=Article(pk=claim.article_id),
            before=previous,
            after={"assignee": user.get_username(), "status": claim.status},
            summary=f"{user.get_username()} took the claim with “Review next”",
        )
        return claim
    raise NothingLeft("No unassigned claim matches these filters. Nothing was assigned.")
