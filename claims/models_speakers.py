"""Speaker records and the desk's running tallies (imported by claims.models).

A Speaker is an index over claims: a claim's own `speaker` text is what the desk stored and
published, and nothing here rewrites it. SpeakerMention says which record a claim's speaker
text was filed under; merging records only points one record at another (`merged_into`), so
undoing a merge is clearing that pointer.

DeskTally holds counts per UTC hour that database triggers keep current (claims.dashboard.tally),
so the dashboard sums a few thousand tally rows instead of counting a million claims.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Speaker(models.Model):
    name = models.CharField(max_length=300, help_text="The name as first seen in full.")
    slug = models.SlugField(max_length=140, unique=True)
    key = models.CharField(
        max_length=340,
        unique=True,
        help_text="The normalised full name; a surname alone is scoped to its article.",
    )
    surname = models.CharField(max_length=120, blank=True, help_text="For merge suggestions.")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Set while an editor publishes the public page."
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=F("id")), name="speaker_not_merged_into_itself"
            ),
        ]
        indexes = [models.Index(fields=["surname"], name="speaker_surname_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class SpeakerMention(models.Model):
    claim = models.OneToOneField(
        "claims.Claim", primary_key=True, on_delete=models.CASCADE, related_name="speaker_mention"
    )
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="mentions")

    class Meta:
        indexes = [models.Index(fields=["speaker", "claim"], name="mention_speaker_idx")]

    def __str__(self) -> str:
        return f"{self.claim_id} → {self.speaker_id}"


class DeskTally(models.Model):
    """n events of `metric` (for `key`) in the UTC hour starting at `hour`; written by triggers."""

    hour = models.DateTimeField()
    metric = models.CharField(max_length=20)
    key = models.CharField(max_length=40, blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hour", "metric", "key"], name="desktally_unique"),
        ]
        indexes = [models.Index(fields=["metric", "hour"], name="desktally_metric_hour_idx")]

    def __str__(self) -> str:
        return f"{self.metric}/{self.key} {self.hour:%Y-%m-%d %H}h: {self.n}"


class PublishedVerdict(models.Model):
    """One row per approved verdict in force, with the claim's type, outlet and speaker record
    copied beside it; written only by triggers (claims.dashboard.tally), so "what we published"
    is grouped from one narrow, indexed table instead of four joined ones."""

    verdict_id = models.BigIntegerField(primary_key=True)
    claim_id = models.BigIntegerField()
    approved_at = models.DateTimeField()
    type = models.CharField(max_length=12)
    outlet = models.CharField(max_length=200, blank=True)
    speaker_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            # Covers the dashboard's grouping, so PostgreSQL reads the index alone.
            models.Index(
                fields=["approved_at", "type", "outlet", "speaker_id"], name="published_at_idx"
            ),
            models.Index(fields=["claim_id"], name="published_claim_idx"),
        ]

    def __str__(self) -> str:
        return f"verdict {self.verdict_id} ({self.approved_at:%Y-%m-%d})"


class AwaitingClaim(models.Model):
    """One row per claim awaiting approval and since when (its newest verdict); written only
    by triggers, so the dashboard's approval wait reads one small table."""

    claim_id = models.BigIntegerField(primary_key=True)
    since = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["since"], name="awaiting_since_idx")]

    def __str__(self) -> str:
        return f"claim {self.claim_id} since {self.since:%Y-%m-%d %H:%M}"
