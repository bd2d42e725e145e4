"""The review queue: filtering, counting and handing out claims ("Review next").

Handing out must never give two people the same claim. Three layers make sure of it:
`select_for_update(skip_locked=True)` on PostgreSQL so concurrent callers pass over each
other's rows instead of queueing on them; SQLite's IMMEDIATE transactions (settings), which
serialise writers; and, whatever the database, the assignment itself is an UPDATE that only
matches while the claim is still free, so a lost race assigns nothing rather than twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from claims.models import Claim, ClaimStatus
from claims.services.audit import activity_record

OPEN_STATUSES = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW)

# Most check-worthy first, then oldest; id makes the order total so pages never overlap.
SORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "priority": ("Most check-worthy first", ("-score", "created", "id")),
    "oldest": ("Oldest first", ("created", "id")),
    "newest": ("Newest first", ("-created", "-id")),
    "updated": ("Recently changed", ("-updated", "-id")),
}
DEFAULT_SORT = "priority"

# Status counts stop at this number ("10,000+"): an exact count of a million approved claims
# would cost more than the rest of the page together, and nobody needs the last digit.
COUNT_CAP = 10_000

# The full-text expression; a GIN index on exactly this expression exists on PostgreSQL
# (migration 0003), so the two must change together.
FTS_CONFIG = "english"


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


def _text_search(qs: QuerySet[Claim], text: str) -> QuerySet[Claim]:
    if connection.vendor == "postgresql":
        vector = SearchVector("statement", config=FTS_CONFIG)
        query = SearchQuery(text, config=FTS_CONFIG, search_type="websearch")
        return qs.annotate(fts=vector).filter(fts=query)
    return qs.filter(Q(statement__icontains=text) | Q(speaker__icontains=text))


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
        qs = qs.filter(speaker__icontains=filters.speaker)
    if filters.assignee == "me":
        qs = qs.filter(assignee=user, assigned_at__gte=cutoff)
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
    """Filters that leave a small set no status index can reach directly (a join or a
    scan): one grouped pass over that set beats repeating the join once per status."""
    return bool(
        filters.article
        or filters.outlet
        or filters.speaker
        or filters.q
        or (filters.verdict and filters.verdict != "none")
    )


def queue_status_counts(filtered: QuerySet[Claim], filters: QueueFilters) -> dict[str, int]:
    """Claims per status under the other filters.

    Broad views (no filter, or only type/assignee) count each status with a LIMIT of
    COUNT_CAP + 1 read off the status indexes, so the cost does not grow with the table and
    the template shows "10,000+"; narrowing filters get one exact GROUP BY instead. Either
    way the number of queries does not depend on the page size.
    """
    counts = dict.fromkeys(ClaimStatus.values, 0)
    if _narrowing(filters):
        for row in filtered.order_by().values("status").annotate(n=Count("id")):
            counts[row["status"]] = row["n"]
        return counts
    for status in ClaimStatus.values:
        counts[status] = filtered.filter(status=status).order_by()[: COUNT_CAP + 1].count()
    return counts


@dataclass
class QueuePage:
    claims: list[Claim]
    number: int
    per_page: int
    has_next: bool
    total: int
    total_capped: bool

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
) -> tuple[QueuePage, dict[str, int]]:
    """One page of the queue and the status counts, in a fixed number of queries.

    The total comes from the status counts (their sum over the selected statuses), so the
    page needs no separate COUNT(*); "has next" comes from fetching one row more.
    """
    cutoff = assignment_cutoff()
    filtered = queue_filtered(filters, user, cutoff=cutoff)
    counts = queue_status_counts(filtered, filters)
    statuses = filters.statuses()
    total = sum(counts[s] for s in statuses)
    capped = any(counts[s] > COUNT_CAP for s in statuses)
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
            total_capped=capped,
        ),
        counts,
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
    tried: list[int] = []
    # Without row locks (SQLite serialises instead) a candidate can only be lost to a
    # writer that committed first; a few retries cover that without looping forever.
    for _ in range(5):
        previous = (
            candidates.exclude(pk__in=tried).values("pk", "assignee__username", "status").first()
        )
        if previous is None:
            break
        pk = previous["pk"]
        tried.append(pk)
        taken = Claim.objects.filter(unassigned_q(cutoff), pk=pk, status__in=statuses).update(
            assignee=user,
            assigned_at=now,
            status=ClaimStatus.IN_REVIEW,
            version=F("version") + 1,
        )
        if taken != 1:
            continue
        claim = Claim.objects.select_related("article").get(pk=pk)
        activity_record(
            actor=user,
            action="claim.assign",
            claim=claim,
            before={"assignee": previous["assignee__username"], "status": previous["status"]},
            after={"assignee": user.get_username(), "status": claim.status},
            summary=f"{user.get_username()} took the claim with “Review next”",
        )
        return claim
    raise NothingLeft("No unassigned claim matches these filters. Nothing was assigned.")
