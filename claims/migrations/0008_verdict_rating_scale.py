"""Verdicts keep the rating scale they were published under.

Adds Verdict.published_label/_value/_worst/_best, copied at approval from then on, and fills
them in for verdicts already approved. The scale at their approval is not recorded anywhere,
so the backfill takes today's ratings, retired ones included (they were on the scale when
those verdicts used them), which keeps every published ratingValue inside its bounds.
"""

from django.db import migrations, models


def backfill(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    Verdict = apps.get_model("claims", "Verdict")
    values = [
        v for v in Rating.objects.values_list("claimreview_value", flat=True) if v is not None
    ]
    worst, best = (min(values), max(values)) if values else (None, None)
    for rating in Rating.objects.all():
        approved = Verdict.objects.filter(rating=rating, approved_at__isnull=False)
        value = rating.claimreview_value
        approved.update(
            published_label=rating.label,
            published_value=value,
            published_worst=worst if value is not None else None,
            published_best=best if value is not None else None,
        )


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_worker_heartbeat")]

    operations = [
        migrations.AddField(
            model_name="verdict",
            name="published_best",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="ClaimReview bestRating of the scale when approved.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="verdict",
            name="published_label",
            field=models.CharField(
                blank=True,
                help_text="The rating's label when this verdict was approved.",
                max_length=60,
            ),
        ),
        migrations.AddField(
            model_name="verdict",
            name="published_value",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="The rating's ClaimReview ratingValue when approved.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="verdict",
            name="published_worst",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="ClaimReview worstRating of the scale when approved.",
                null=True,
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="verdict",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("published_value__isnull", True),
                    models.Q(
                        ("published_worst__lte", models.F("published_value")),
                        ("published_best__gte", models.F("published_value")),
                    ),
                    _connector="OR",
                ),
                name="verdict_published_value_on_its_scale",
            ),
        ),
    ]
