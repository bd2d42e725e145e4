"""Create the role groups and seed the default rating scale."""

from django.db import migrations

ROLES = ("reviewer", "editor", "admin")

# (label, ClaimReview ratingValue, requires a primary source to approve, description)
RATINGS = (
    ("True", 5, True, "Accurate, with nothing significant missing."),
    ("Mostly true", 4, True, "Accurate but needs clarification or additional information."),
    ("Half true", 3, True, "Partially accurate; leaves out important details or context."),
    ("Mostly false", 2, True, "Contains an element of truth but ignores critical facts."),
    ("False", 1, True, "Not accurate."),
    ("Misleading", 2, True, "Accurate in part but presented to give a false impression."),
    ("Unverifiable", None, False, "Cannot be confirmed or refuted with available evidence."),
)


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Rating = apps.get_model("claims", "Rating")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    for position, (label, value, needs_primary, description) in enumerate(RATINGS, start=1):
        Rating.objects.get_or_create(
            label=label,
            defaults={
                "position": position,
                "claimreview_value": value,
                "requires_primary_source": needs_primary,
                "description": description,
            },
        )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()
    apps.get_model("claims", "Rating").objects.filter(
        label__in=[r[0] for r in RATINGS], verdicts__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(forwards, backwards)]
