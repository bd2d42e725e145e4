"""Speaker records and the desk's running tallies (imported by claims.models).

A Speaker is an index over claims: a claim's own `speaker` text is what the desk stored and
published, and nothing here rewrites it. SpeakerMention says which record a claim's speaker
text was filed under; merging records only points one record at another (`merged_into`), so
undoing a merge is clearing that pointer.

DeskDay holds counts per local day that database triggers keep current (claims.dashboard.tally),
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


class DeskDay(models.Model):
    """n events of `metric` (for `key`) on one local day of the desk, written by triggers.

    Every event is counted four times, once per `grain`: 0 all claims (type and outlet
    blank), 1 per claim type, 2 per outlet, 3 per type and outlet, so a dashboard filtered by
    type, outlet, both or neither reads only the rows of its own grain."""

    day = models.DateField()
    metric = models.CharField(max_length=20)
    grain = models.PositiveSmallIntegerField()
    type = models.CharField(max_length=12, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    key = models.CharField(max_length=40, blank=True)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            # Also the index every dashboard read walks (grain, filter, metric, day range).
            models.UniqueConstraint(
                fields=["grain", "type", "outlet", "metric", "day", "key"],
                name="deskday_unique",
            ),
        ]
        indexes = [
            # The breakdowns: by type (all types of one outlet, or of all outlets) and by
            # outlet (all outlets of one type, or of all types), over a range of days.
            models.Index(fields=["metric", "grain", "outlet", "day"], name="deskday_by_type_idx"),
            models.Index(fields=["metric", "grain", "type", "day"], name="deskday_by_outlet_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.metric}/{self.key} {self.day:%Y-%m-%d} (grain {self.grain}): {self.n}"


class TallyState(models.Model):
    """The time zone the DeskDay rows were counted in and the trigger version counting them;
    when either differs from the running code and settings, the tallies are rebuilt."""

    zone = models.CharField(max_length=64)
    version = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.zone} / {self.version}"


class AwaitingClaim(models.Model):
    """One row per claim awaiting approval and since when (its newest verdict), with the
    claim's type and outlet for the dashboard's filters; written only by triggers."""

    claim_id = models.BigIntegerField(primary_key=True)
    since = models.DateTimeField()
    type = models.CharField(max_length=12, blank=True)
    outlet = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["since"], name="awaiting_since_idx")]

    def __str__(self) -> str:
        return f"claim {self.claim_id} since {self.since:%Y-%m-%d %H:%M}"
