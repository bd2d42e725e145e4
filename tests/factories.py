"""factory_boy factories for the workbench's models."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import Article, Claim, ClaimType, Comment, Rating, Source, Verdict

PASSWORD = "correct-horse-battery-staple-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@newsroom.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


ARTICLE_BODY = (
    "The city council approved a budget of $4.2 billion on Monday, the mayor said. "
    "Spending on schools rose by 12 percent compared with last year. "
    "Critics said the plan would raise property taxes for more than 50,000 households."
)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Council approves budget, part {n}")
    outlet = "The Daily Example"
    url = factory.Sequence(lambda n: f"https://news.example/articles/{n}")
    author = "Sam Reporter"
    # A distinct sentence per article keeps the content hash unique.
    body = factory.Sequence(lambda n: f"{ARTICLE_BODY} Story number {n} ends here.")
    submitted_by = factory.SubFactory(UserFactory)
    extraction_status = Article.ExtractionStatus.DONE


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda c: c.article.body.index(".") + 1)
    quote = factory.LazyAttribute(lambda c: c.article.body[c.start : c.end])
    statement = factory.LazyAttribute(lambda c: c.quote)
    type = ClaimType.QUANTITY
    score = 0.8
    checkworthy = True
    speaker = "the mayor"
    speaker_basis = "stated"
    speaker_kind = "person"
    quantities = factory.LazyFunction(
        lambda: [
            {
                "text": "$4.2 billion",
                "value": 4.2e9,
                "low": None,
                "high": None,
                "unit": "USD",
                "kind": "money",
            }
        ]
    )


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    claim = factory.SubFactory(ClaimFactory)
    url = factory.Sequence(lambda n: f"https://council.example/budget/{n}.pdf")
    title = "Adopted budget"
    publisher = "City Council"
    relation = Source.Relation.SUPPORTS
    kind = Source.Kind.PRIMARY


def rating(label: str) -> Rating:
    """A rating from the scale the data migration seeds."""
    return Rating.objects.get(label=label)


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    rating = factory.LazyFunction(lambda: rating("True"))
    rationale = "The adopted budget document shows **$4.2 billion** in total spending."
    reviewer = factory.SubFactory(UserFactory)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    claim = factory.SubFactory(ClaimFactory)
    author = factory.SubFactory(UserFactory)
    body = "Checked the council minutes too."


# Reports and exports: approved verdicts and corrections, set up through the ORM so report
# tests do not depend on the review workflow's services.


def approved_verdict(claim: Claim | None = None, *, label: str = "True", approver=None, **kwargs):
    """An approved verdict in force on `claim` (a new claim if omitted), claim approved."""
    from django.utils import timezone

    from claims.services.ratings import rating_snapshot

    claim = claim or ClaimFactory()
    approver = approver or UserFactory(role="editor")
    chosen = rating(label)
    verdict = VerdictFactory(
        claim=claim,
        rating=chosen,
        approved_by=approver,
        approved_at=kwargs.pop("approved_at", None) or timezone.now(),
        **{**rating_snapshot(chosen), **kwargs},
    )
    Claim.objects.filter(pk=claim.pk).update(current_verdict=verdict, status="approved")
    claim.refresh_from_db()
    return verdict


def approved_correction(old: Verdict, *, label: str, reason: str, **kwargs) -> Verdict:
    """Correct an approved verdict: the new one is approved and in force, the old withdrawn."""
    from django.utils import timezone

    now = kwargs.pop("approved_at", None) or timezone.now()
    new = approved_verdict(
        old.claim, label=label, supersedes=old, correction_reason=reason, approved_at=now, **kwargs
    )
    Verdict.objects.filter(pk=old.pk).update(withdrawn_at=now)
    old.refresh_from_db()
    return new
