"""The workbench's data model.

Single-object rules live here (choices, constraints, indexes); workflows that touch several
objects live in claims.services. Workflow state (Claim.status) is deliberately kept apart
from the verdict (Verdict rows), so a claim can be "in review" with no verdict yet, or
"approved" with a rating that later gets corrected.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from collections.abc import Collection
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

User = settings.AUTH_USER_MODEL

_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The form used for duplicate detection: NFC, unified quotes, collapsed whitespace."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return _WS.sub(" ", text).strip().casefold()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


class Article(models.Model):
    """An article brought to the desk. Its URL, outlet and date are what a published
    ClaimReview carries about where a claim appeared; see claims.services.policy."""

    class ExtractionStatus(models.TextChoices):
        PENDING = "pending", "Waiting to extract"
        RUNNING = "running", "Extracting claims"
        DONE = "done", "Claims extracted"
        FAILED = "failed", "Extraction failed"

    title = models.CharField(max_length=500)
    outlet = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    body = models.TextField()
    content_hash = models.CharField(
        max_length=64, unique=True, editable=False, help_text="SHA-256 of the normalised body."
    )
    submitted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    extraction_status = models.CharField(
        max_length=10, choices=ExtractionStatus.choices, default=ExtractionStatus.PENDING
    )
    extraction_error = models.TextField(blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    extraction_changed = models.DateTimeField(
        null=True, blank=True, help_text="When the extraction status last changed."
    )
    # Database defaults on the columns added after 0005, so bulk loaders (COPY in bench/)
    # that name only the older columns keep working.
    version = models.PositiveIntegerField(
        default=1, db_default=1, help_text="Moves with every details edit."
    )
    metadata_changed = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When an editor last changed the URL, outlet or date while claims of the "
        "article were published: the ClaimReview's dateModified.",
    )

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            # /articles/ lists newest first.
            models.Index(fields=["-created", "-id"], name="article_created_idx"),
            # /articles/?outlet=…&from=…&to=… and the desk report's outlet filter.
            models.Index(fields=["outlet", "published"], name="article_outlet_pub_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.content_hash = content_hash(self.body)
        super().save(*args, **kwargs)

    @property
    def extraction_in_progress(self) -> bool:
        return self.extraction_status in {
            self.ExtractionStatus.PENDING,
            self.ExtractionStatus.RUNNING,
        }

    @property
    def extraction_stalled(self) -> bool:
        """Pending or running for longer than any extraction takes: the worker is down or died
        mid-task, so the desk may start it again."""
        if not self.extraction_in_progress or self.extraction_changed is None:
            return False
        limit = timedelta(minutes=settings.FACTCHECK_EXTRACTION_STALL_MINUTES)
        return timezone.now() - self.extraction_changed > limit

    @property
    def extraction_retryable(self) -> bool:
        return self.extraction_status == self.ExtractionStatus.FAILED or self.extraction_stalled


class ClaimType(models.TextChoices):
    QUANTITY = "quantity", "Quantity"
    COMPARISON = "comparison", "Comparison"
    POLICY = "policy", "Policy"
    CAUSAL = "causal", "Causal"
    PREDICTION = "prediction", "Prediction"
    EVENT = "event", "Event"
    OPINION = "opinion", "Opinion"


class ClaimStatus(models.TextChoices):
    NEW = "new", "New"
    IN_REVIEW = "in_review", "In review"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


# Claims still being worked: the queue hands these out, and only these are split or merged.
# Plain strings, so the partial index below can use them without a migration change.
OPEN_STATUSES: tuple[str, ...] = (ClaimStatus.NEW.value, ClaimStatus.IN_REVIEW.value)


class VerdictState(models.TextChoices):
    """How a claim's verdict stands, with the label and colour every page and export uses.

    Published: the verdict in force (approved, not superseded, not withdrawn). A draft is a
    verdict that is not (yet) published: awaiting approval, or sent back for more work.
    """

    PUBLISHED = "published", "Published"
    AWAITING = "awaiting", "Draft, awaiting approval"
    SENT_BACK = "sent_back", "Draft, sent back"

    @property
    def css(self) -> str:
        return "state-published" if self is VerdictState.PUBLISHED else "state-draft"


def in_force_q(prefix: str = "") -> Q:
    """The one definition of "the verdict in force", for a verdict reached through `prefix`
    (e.g. "current_verdict__")."""
    return Q(
        **{
            f"{prefix}approved_at__isnull": False,
            f"{prefix}withdrawn_at__isnull": True,
            f"{prefix}retracted_at__isnull": True,
        }
    )


class ClaimQuerySet(models.QuerySet):
    def open(self) -> ClaimQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def published(self) -> ClaimQuerySet:
        """Claims whose verdict in force is published. Keyed on the verdict, not the claim's
        workflow status: while a correction waits, the claim is "awaiting approval" again,
        yet its approved verdict still stands."""
        return self.filter(in_force_q("current_verdict__"))


class ClaimOrigin(models.TextChoices):
    EXTRACTOR = "extractor", "Extractor"
    PERSON = "person", "Person"


class SpeakerBasis(models.TextChoices):
    """How the extractor found a claim's speaker; all but "stated" are guesses a reviewer
    confirms."""

    STATED = "stated", "Stated in the sentence"
    PRONOUN = "pronoun", "Resolved from a pronoun"
    ROLE = "role", "Resolved from a title or role"
    CARRIED = "carried", "Carried from an earlier quote"


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organisation"
    DOCUMENT = "document", "Document"
    DATA = "data", "Data"


# The bases that make a speaker a guess, shown with "Confirm speaker" until someone does.
GUESSED_SPEAKER_BASES = frozenset({SpeakerBasis.PRONOUN, SpeakerBasis.ROLE, SpeakerBasis.CARRIED})


class Claim(models.Model):
    # No index of its own: claim_article_start_idx begins with the article (migration 0014).
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="claims", db_index=False
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField(help_text="The exact text of the span, article.body[start:end].")
    statement = models.TextField(help_text="The claim as the desk states it; editable.")
    type = models.CharField(max_length=12, choices=ClaimType.choices, default=ClaimType.EVENT)
    score = models.FloatField(default=0.0, help_text="Check-worthiness, 0 to 1.")
    checkworthy = models.BooleanField(default=False)
    speaker = models.CharField(max_length=300, blank=True)
    speaker_basis = models.CharField(
        max_length=10,
        choices=SpeakerBasis.choices,
        blank=True,
        default="",
        # Database defaults too, so bulk loaders (COPY in bench/) that predate the fields work.
        db_default="",
        help_text="How the extractor found the speaker; empty when it named none.",
    )
    speaker_kind = models.CharField(
        max_length=12, choices=SpeakerKind.choices, blank=True, default="", db_default=""
    )
    quoted = models.BooleanField(
        default=False,
        db_default=False,
        help_text="A direct quote of the speaker, not a paraphrase.",
    )
    # Indexed only where set (claim_speaker_confirmed_by_idx), as is created_by: nearly every
    # claim has neither, and each index entry is upkeep on every insert and update.
    speaker_confirmed_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="confirmed_speakers",
        help_text="The reviewer who confirmed a guessed speaker.",
        db_index=False,
    )
    speaker_confirmed_at = models.DateTimeField(null=True, blank=True)
    quantities = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.NEW)
    # No index of its own: claim_assignee_idx begins with the assignee (migration 0014).
    assignee = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
        db_index=False,
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    origin = models.CharField(
        max_length=10, choices=ClaimOrigin.choices, default=ClaimOrigin.EXTRACTOR
    )
    created_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_claims",
        help_text="The person who added the claim; empty when the extractor did.",
        db_index=False,
    )
    current_verdict = models.OneToOneField(
        "Verdict",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="current_for",
        help_text="The verdict now in force; older ones stay as history.",
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__gte=0) & Q(end__gt=F("start")), name="claim_span_valid"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0.0) & Q(score__lte=1.0), name="claim_score_in_unit_range"
            ),
            models.CheckConstraint(
                condition=Q(assigned_at__isnull=True) | Q(assignee__isnull=False),
                name="claim_assigned_at_needs_assignee",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="claim_version_positive"),
            models.CheckConstraint(
                condition=Q(speaker_basis__in=["", *SpeakerBasis.values]),
                name="claim_speaker_basis_valid",
            ),
            models.CheckConstraint(
                condition=Q(speaker_kind__in=["", *SpeakerKind.values]),
                name="claim_speaker_kind_valid",
            ),
            # Who confirmed may be deleted later (SET_NULL); when it was stays.
            models.CheckConstraint(
                condition=Q(speaker_confirmed_by__isnull=True)
                | Q(speaker_confirmed_at__isnull=False),
                name="claim_speaker_confirmed_by_needs_at",
            ),
        ]
        indexes = [
            # The queue's default order: by status, most check-worthy first, oldest first.
            models.Index(fields=["status", "-score", "created", "id"], name="claim_queue_idx"),
            # "Assigned to me" and the assignment-expiry sweep.
            models.Index(fields=["assignee", "status", "assigned_at"], name="claim_assignee_idx"),
            # The article workspace lists its claims in reading order.
            models.Index(fields=["article", "start"], name="claim_article_start_idx"),
            # The default queue and "Review next": open claims in priority order, read in
            # index order instead of sorting every open claim (bench/bench_queue.py).
            models.Index(
                fields=["-score", "created", "id"],
                condition=Q(status__in=list(OPEN_STATUSES)),
                name="claim_open_priority_idx",
            ),
            # PostgreSQL only, outside the model state (migration 0014): claim_open_type_idx
            # (type, then this order, open claims) for the type filter and Review next with
            # one, and claim_speaker_idx (speaker, then this order) for the speaker filter.
            # One status, oldest or newest first (e.g. "awaiting approval, oldest first").
            models.Index(fields=["status", "created", "id"], name="claim_status_created_idx"),
            # Live assignments are few; the queue subtracts them from the maintained counts to
            # get "unassigned" figures without scanning the claims they leave.
            models.Index(
                fields=["assigned_at"],
                condition=Q(assignee__isnull=False),
                name="claim_assigned_at_idx",
            ),
            # Every sort over any set of statuses reads one of these in order (a status that is
            # a small share of the table filters as it reads; "open" has its own index).
            models.Index(fields=["-updated", "-id"], name="claim_updated_idx"),
            models.Index(fields=["-score", "created", "id"], name="claim_priority_idx"),
            models.Index(fields=["-created", "-id"], name="claim_created_idx"),
            # For deleting a user (SET_NULL): `= id` implies NOT NULL, so these serve it.
            models.Index(
                fields=["created_by"],
                condition=Q(created_by__isnull=False),
                name="claim_created_by_idx",
            ),
            models.Index(
                fields=["speaker_confirmed_by"],
                condition=Q(speaker_confirmed_by__isnull=False),
                name="claim_speaker_confirmed_by_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.statement[:80]

    def clean(self) -> None:
        body = self.article.body if self.article_id else ""
        if self.end > len(body) or self.start >= self.end:
            raise ValidationError("The claim's span must lie inside the article text.")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def speaker_guessed(self) -> bool:
        """The extractor resolved or carried the speaker and nobody has confirmed it yet."""
        return (
            bool(self.speaker)
            and self.speaker_basis in GUESSED_SPEAKER_BASES
            and self.speaker_confirmed_at is None
        )

    @property
    def published_verdict(self) -> Verdict | None:
        """The verdict in force, if it is published (see Verdict.is_published)."""
        verdict = self.current_verdict
        return verdict if verdict is not None and verdict.is_published else None

    @property
    def is_published(self) -> bool:
        return self.published_verdict is not None

    def draft_state(self) -> VerdictState | None:
        """What a draft verdict of this claim is waiting for, by the claim's status."""
        if self.status == ClaimStatus.AWAITING_APPROVAL:
            return VerdictState.AWAITING
        if self.status == ClaimStatus.IN_REVIEW:
            return VerdictState.SENT_BACK
        return None


class SourceQuerySet(models.QuerySet):
    def published(self) -> SourceQuerySet:
        """The sources the public page and exports show: staged additions wait for the
        correction's approval; staged removals still stand until then."""
        return self.exclude(staged=Source.Staged.ADD)

    def after_correction(self) -> SourceQuerySet:
        """The sources the claim will have once its pending correction is approved."""
        return self.exclude(staged=Source.Staged.REMOVE)


class QueueCount(models.Model):
    """How many claims have each (status, type, rating of the verdict in force).

    Kept by database triggers (migration 0009), not by Python: bulk inserts, queryset
    updates and deletes all change claims without signals. The queue reads its status counts
    here instead of counting a million rows, so the figures stay exact and cheap however the
    table changes (a count read through the status indexes slows down as the visibility map
    decays between vacuums)."""

    status = models.CharField(max_length=20)
    type = models.CharField(max_length=12)
    # The Rating id of the claim's current verdict; 0 when it has none.
    verdict_rating = models.IntegerField(default=0)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["status", "type", "verdict_rating"], name="queuecount_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.status}/{self.type}/{self.verdict_rating}: {self.n}"


class Source(models.Model):
    class Relation(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        REFUTES = "refutes", "Refutes"
        CONTEXT = "context", "Context"

    class Kind(models.TextChoices):
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"

    class Staged(models.TextChoices):
        # A change to a published claim's sources waits here for a correction's approval.
        NONE = "", "In force"
        ADD = "add", "Added in the pending correction"
        REMOVE = "remove", "Removed in the pending correction"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    excerpt = models.TextField(blank=True)
    relation = models.CharField(max_length=10, choices=Relation.choices, default=Relation.CONTEXT)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SECONDARY)
    added_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources_added"
    )
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)
    staged = models.CharField(
        max_length=6, choices=Staged.choices, default="", db_default="", blank=True
    )
    staged_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sources_staged",
        help_text="Who staged the change; they may not approve the correction that applies it.",
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["claim_id", "created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="source_url_is_http",
            ),
            models.CheckConstraint(
                condition=Q(staged__in=["", "add", "remove"]), name="source_staged_valid"
            ),
        ]
        indexes = [
            # A claim page lists its sources; approval checks for a primary one.
            models.Index(fields=["claim", "kind"], name="source_claim_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    # Checked here rather than by Django's default, which asks the database one query per
    # check constraint on every form and full_clean; the database still enforces them.
    _CHECKED_IN_PYTHON = frozenset({"source_url_is_http", "source_staged_valid"})

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        exclude = set(exclude or ())
        errors: dict[str, list[str]] = {}
        if "url" not in exclude and not (self.url or "").startswith(("http://", "https://")):
            errors["url"] = ["Only web addresses starting http:// or https://."]
        if "staged" not in exclude and self.staged not in self.Staged.values:
            errors["staged"] = ["Not a known staged state."]
        for constraint in self._meta.constraints:
            if constraint.name in self._CHECKED_IN_PYTHON:
                continue
            try:
                constraint.validate(type(self), self, exclude=exclude)
            except ValidationError as exc:
                errors.setdefault(NON_FIELD_ERRORS, []).extend(exc.messages)
        if errors:
            raise ValidationError(errors)


class Rating(models.Model):
    """One step of the desk's editable, ordered rating scale."""

    label = models.CharField(max_length=60, unique=True)
    position = models.PositiveIntegerField(default=0, help_text="Order on the scale, best first.")
    claimreview_value = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="ClaimReview ratingValue (1 = worst); empty for ratings off the numeric scale.",
    )
    requires_primary_source = models.BooleanField(
        default=True, help_text="Approval of this rating needs at least one primary source."
    )
    description = models.TextField(blank=True)
    retired = models.BooleanField(
        default=False, help_text="Retired ratings stay on old verdicts but cannot be chosen."
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(claimreview_value__isnull=True) | Q(claimreview_value__gte=1),
                name="rating_claimreview_value_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class VerdictQuerySet(models.QuerySet):
    def in_force(self) -> VerdictQuerySet:
        return self.filter(in_force_q())

    def drafts(self) -> VerdictQuerySet:
        """Draft verdicts: not approved, not withdrawn, newer than the claim's approved
        verdict, on a claim awaiting approval or sent back to review. A claim's draft is the
        latest of these (see drafts_by_claim)."""
        return self.filter(
            Q(claim__current_verdict__approved_at__isnull=True)
            | Q(created__gt=F("claim__current_verdict__created")),
            approved_at__isnull=True,
            retracted_at__isnull=True,
            claim__status__in=[ClaimStatus.AWAITING_APPROVAL, ClaimStatus.IN_REVIEW],
        )


def drafts_by_claim(claim_ids: list[int]) -> dict[int, Verdict]:
    """Each listed claim's draft verdict (with its rating), one query."""
    rows = (
        Verdict.objects.drafts()
        .filter(claim_id__in=claim_ids)
        .select_related("rating", "claim")
        .order_by("claim_id", "created", "id")
    )
    return {verdict.claim_id: verdict for verdict in rows}  # the latest per claim wins


class Verdict(models.Model):
    """A reviewer's rating of a claim. Rows are never edited in substance: a new verdict is a
    new row, so the history of a claim's verdicts is the list of its rows."""

    class Confidence(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="verdicts")
    rationale = models.TextField(help_text="Markdown; rendered sanitised.")
    confidence = models.CharField(
        max_length=6, choices=Confidence.choices, default=Confidence.MEDIUM
    )
    reviewer = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="verdicts_written"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    approved_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verdicts_approved",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when a later verdict replaces this approved one."
    )
    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
        help_text="The approved verdict this one corrects.",
    )
    correction_reason = models.TextField(
        blank=True, help_text="Why an approved verdict was changed; carried in reports."
    )
    # The rating as published, copied at approval: renaming, revaluing or retiring ratings
    # later must not change (or break) a ClaimReview already out in the world.
    published_label = models.CharField(
        max_length=60, blank=True, help_text="The rating's label when this verdict was approved."
    )
    published_value = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The rating's ClaimReview ratingValue when approved."
    )
    published_worst = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="ClaimReview worstRating of the scale when approved."
    )
    published_best = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="ClaimReview bestRating of the scale when approved."
    )
    proposed_claim = models.JSONField(
        default=dict,
        db_default=models.Value({}, output_field=models.JSONField()),
        blank=True,
        help_text="A correction's new statement, speaker and type; applied on its approval.",
    )
    # Distinct from withdrawn_at (superseded by a correction): an editor took the published
    # verdict down at once, for a legal or safety reason.
    retracted_at = models.DateTimeField(null=True, blank=True)
    retracted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="verdicts_retracted"
    )
    retraction_reason = models.TextField(blank=True, default="", db_default="")

    objects = VerdictQuerySet.as_manager()

    class Meta:
        ordering = ["claim_id", "created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(approved_by__isnull=False),
                name="verdict_approval_has_approver",
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(correction_reason=""),
                name="verdict_correction_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(published_value__isnull=True)
                | (
                    Q(published_worst__lte=F("published_value"))
                    & Q(published_best__gte=F("published_value"))
                ),
                name="verdict_published_value_on_its_scale",
            ),
            models.CheckConstraint(
                condition=Q(retracted_at__isnull=True) | ~Q(retraction_reason=""),
                name="verdict_retraction_has_reason",
            ),
        ]
        indexes = [
            # A claim's verdict history, oldest first.
            models.Index(fields=["claim", "created"], name="verdict_claim_created_idx"),
            # Desk reports and exports filter approved verdicts by approval date.
            models.Index(fields=["approved_at"], name="verdict_approved_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rating} — {self.claim}"

    @property
    def is_correction(self) -> bool:
        return self.supersedes_id is not None

    @property
    def is_published(self) -> bool:
        """In force: approved, not superseded by a correction, not withdrawn."""
        return (
            self.approved_at is not None and self.withdrawn_at is None and self.retracted_at is None
        )


class Comment(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="comments")
    body = models.TextField()
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["claim_id", "created", "id"]
        indexes = [
            # The claim page's comment thread.
            models.Index(fields=["claim", "created"], name="comment_claim_created_idx"),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class ActivityQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise TypeError("Activity rows are append-only.")

    def delete(self):  # type: ignore[override]
        raise TypeError("Activity rows are append-only.")


class Activity(models.Model):
    """An append-only audit row: who changed what, when, with the values before and after."""

    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    action = models.CharField(max_length=60, help_text="e.g. claim.edit, verdict.save")
    # SET_NULL, not CASCADE: the audit trail outlives what it describes.
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    summary = models.CharField(max_length=300, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name_plural = "activities"
        indexes = [
            # A claim's history timeline.
            models.Index(fields=["claim", "created"], name="activity_claim_created_idx"),
            # An article's history (ingestion, extraction, claim edits).
            models.Index(fields=["article", "created"], name="activity_article_created_idx"),
            # One kind of action over time (a speaker's merge history).
            models.Index(fields=["action", "created"], name="activity_action_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id} at {self.created:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError("Activity rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise TypeError("Activity rows are append-only.")


# Defined beside the worker code that uses it; imported here so Django registers the model.
from claims.heartbeat import WorkerHeartbeat  # noqa: E402, F401

# The archive and matching models live in their own module; imported here so they are the
# claims app's models.
from claims.models_archive import (  # noqa: E402, F401
    ClaimMatch,
    FactCheck,
    MatchKind,
    MatchState,
    RepeatStatus,
)

# Speaker records and the dashboard's tallies live in their own module to keep this one short.
from claims.models_speakers import (  # noqa: E402, F401
    AwaitingClaim,
    DeskDay,
    Speaker,
    SpeakerMention,
    TallyState,
)
