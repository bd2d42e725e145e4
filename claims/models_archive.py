"""The archive of published fact-checks and what matching found for each desk claim.

Imported from claims.models so Django sees them as the claims app's models. The full-text
indexes over these tables (and over claims_claim) are made by migration 0010 outside the model
state: FTS5 virtual tables on SQLite, GIN expression indexes on PostgreSQL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

User = settings.AUTH_USER_MODEL


class FactCheck(models.Model):
    """One published fact-check (a schema.org ClaimReview), ours to match against, not ours
    to republish: only the claim, the label and the link are kept, never the rationale."""

    claim_reviewed = models.TextField()
    title = models.CharField(max_length=500, blank=True, help_text="The review's headline.")
    rating_label = models.CharField(max_length=200, blank=True)
    rating_value = models.FloatField(null=True, blank=True)
    best_rating = models.FloatField(null=True, blank=True)
    worst_rating = models.FloatField(null=True, blank=True)
    review_url = models.URLField(max_length=2000, unique=True)
    publisher = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    claimant = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=20, blank=True)
    origin = models.CharField(
        max_length=500, blank=True, help_text="The file or URL it was imported from."
    )
    imported_at = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_url__startswith="http://")
                | Q(review_url__startswith="https://"),
                name="factcheck_url_is_http",
            ),
        ]

    def __str__(self) -> str:
        return self.claim_reviewed[:80]


class MatchKind(models.TextChoices):
    DESK = "desk", "Desk claim"
    ARCHIVE = "archive", "Archive fact-check"


class ClaimMatch(models.Model):
    """One ranked match of a claim, stored when matching runs (extraction or on demand) so
    the claim page and the queue read it instead of searching again."""

    claim = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="matches")
    kind = models.CharField(max_length=8, choices=MatchKind.choices)
    matched_claim = models.ForeignKey(
        "claims.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    factcheck = models.ForeignKey(
        FactCheck, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField(help_text="The re-ranker's probability of a match, 0 to 1.")
    reasons = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["claim_id", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="desk") & Q(matched_claim__isnull=False) & Q(factcheck=None))
                | (Q(kind="archive") & Q(factcheck__isnull=False) & Q(matched_claim=None)),
                name="claimmatch_one_target",
            ),
        ]
        indexes = [models.Index(fields=["claim", "rank"], name="claimmatch_claim_rank_idx")]

    def __str__(self) -> str:
        return f"{self.kind} match {self.rank} of claim {self.claim_id} ({self.score:.2f})"


class RepeatStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    UNDONE = "undone", "Undone"


def forget_repeat_link(collector, field, sub_objs, using) -> None:  # type: ignore[no-untyped-def]
    """on_delete for MatchState.repeat_of: when the original claim goes (a merge, a
    re-extraction replacing untouched claims), the repeat link and its status go together.
    The status is cleared first, so matchstate_repeat_has_original holds after each UPDATE."""
    state = field.model
    collector.add_field_update(state._meta.get_field("repeat_status"), "", sub_objs)
    collector.add_field_update(state._meta.get_field("repeat_score"), None, sub_objs)
    collector.add_field_update(field, None, sub_objs)


class MatchState(models.Model):
    """Per claim: when matching last ran, whether it was checked before, and the repeat link."""

    claim = models.OneToOneField(
        "claims.Claim", primary_key=True, on_delete=models.CASCADE, related_name="match_state"
    )
    matched_at = models.DateTimeField(default=timezone.now)
    best_score = models.FloatField(default=0.0)
    checked_before = models.BooleanField(default=False)
    repeat_of = models.ForeignKey(
        "claims.Claim",
        null=True,
        blank=True,
        on_delete=forget_repeat_link,
        related_name="repeats",
    )
    repeat_score = models.FloatField(null=True, blank=True)
    repeat_status = models.CharField(max_length=10, choices=RepeatStatus.choices, blank=True)
    repeat_decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    repeat_decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(repeat_status="") | Q(repeat_of__isnull=False),
                name="matchstate_repeat_has_original",
            ),
        ]
        indexes = [
            # The queue's "checked before" filter.
            models.Index(
                fields=["checked_before"],
                condition=Q(checked_before=True),
                name="matchstate_checked_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Matching of claim {self.claim_id}"
