"""Forms for the queue, the claim page and the rating scale.

Field labels are the names the desk and its documentation use ("Source URL", "Relation",
"Rating", "Rationale"...); change them only together with the README.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import URLValidator

from claims.models import ClaimStatus, ClaimType, Rating, Source, Verdict
from claims.services.queue import DEFAULT_SORT, SORTS, QueueFilters
from claims.text_rules import (
    COMMENT_MAX,
    CORRECTION_REASON_MAX,
    DESCRIPTION_MAX,
    EXCERPT_MAX,
    NOTE_MAX,
    RATIONALE_MAX,
    refuse_hidden_characters,
    refuse_hidden_characters_multiline,
)

PAGE_SIZES = (25, 50, 100)


class _NoColon:
    """Labels read "Source URL", not "Source URL:": the names users and docs rely on.

    The claim page shows several forms at once; `id_prefix` keeps their field ids apart
    (so each label points at its own input) without changing the posted names."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class QueueFilterForm(_NoColon, forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("open", "Awaiting work"), ("all", "Any status"), *ClaimStatus.choices],
    )
    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *ClaimType.choices]
    )
    assignee = forms.ChoiceField(
        label="Assignee",
        required=False,
        choices=[("anyone", "Anyone"), ("me", "Me"), ("unassigned", "Unassigned")],
    )
    verdict = forms.ChoiceField(label="Verdict", required=False)
    outlet = forms.CharField(label="Outlet", required=False, max_length=200)
    speaker = forms.CharField(label="Speaker", required=False, max_length=300)
    article = forms.IntegerField(label="Article number", required=False, min_value=1)
    checked = forms.ChoiceField(
        label="Checked before",
        required=False,
        choices=[("", "Any"), ("yes", "Checked before")],
    )
    sort = forms.ChoiceField(
        label="Sort", required=False, choices=[(k, v[0]) for k, v in SORTS.items()]
    )
    per_page = forms.TypedChoiceField(
        label="Per page",
        required=False,
        coerce=int,
        empty_value=PAGE_SIZES[0],
        choices=[(n, str(n)) for n in PAGE_SIZES],
    )

    def __init__(self, *args: Any, ratings: list[Rating] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Any verdict"), ("none", "No verdict yet")]
        choices += [(str(r.pk), r.label) for r in ratings or []]
        self.fields["verdict"].choices = choices

    def filters(self) -> QueueFilters:
        """The valid filters; an invalid field is dropped (its error is shown) rather than
        failing the whole queue."""
        data = self.cleaned_data if self.is_bound else {}
        return QueueFilters(
            status=data.get("status") or "open",
            type=data.get("type") or "",
            article=data.get("article"),
            outlet=(data.get("outlet") or "").strip(),
            speaker=(data.get("speaker") or "").strip(),
            assignee=data.get("assignee") or "anyone",
            verdict=data.get("verdict") or "",
            q=(data.get("q") or "").strip(),
            sort=data.get("sort") or DEFAULT_SORT,
            checked=data.get("checked") or "",
        )

    def per_page_value(self) -> int:
        data = self.cleaned_data if self.is_bound else {}
        return data.get("per_page") or PAGE_SIZES[0]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Keep the valid part of a partly bad query string instead of discarding it.
        for name in list(self.errors):
            cleaned.pop(name, None)
        return cleaned


http_url_validator = URLValidator(schemes=["http", "https"])


class SourceForm(_NoColon, forms.ModelForm):
    id_prefix = "source"

    url = forms.CharField(
        label="Source URL",
        max_length=2000,
        validators=[refuse_hidden_characters, http_url_validator],
        error_messages={"required": "Give the source's address (http:// or https://)."},
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "off"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Source
        fields = ["url", "title", "publisher", "published", "excerpt", "relation", "kind"]
        labels = {
            "title": "Title",
            "publisher": "Publisher",
            "published": "Date",
            "excerpt": "Excerpt",
            "relation": "Relation",
            "kind": "Kind",
        }
        widgets = {
            "published": forms.DateInput(attrs={"type": "date"}),
            "excerpt": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Only web addresses starting http:// or https://.")
        return url

    def clean_title(self) -> str:
        refuse_hidden_characters(self.cleaned_data["title"])
        return self.cleaned_data["title"]

    def clean_publisher(self) -> str:
        refuse_hidden_characters(self.cleaned_data["publisher"])
        return self.cleaned_data["publisher"]

    def clean_excerpt(self) -> str:
        excerpt = self.cleaned_data["excerpt"]
        if len(excerpt) > EXCERPT_MAX:
            raise forms.ValidationError(f"An excerpt has at most {EXCERPT_MAX:,} characters.")
        refuse_hidden_characters_multiline(excerpt)
        return excerpt


class RatingChoiceField(forms.ModelChoiceField):
    """A rating of the scale; with `listed` (the scale the view already read) it is cleaned
    from that list instead of by a query."""

    listed: dict[str, Rating] | None = None

    def to_python(self, value: Any) -> Rating | None:
        if self.listed is None:
            return super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return self.listed[str(value)]
        except KeyError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class VerdictForm(_NoColon, forms.Form):
    id_prefix = "verdict"

    rating = RatingChoiceField(
        label="Rating",
        queryset=Rating.objects.filter(retired=False),
        empty_label="Choose a rating",
        error_messages={"invalid_choice": "Choose a rating from the scale."},
    )
    rationale = forms.CharField(
        label="Rationale",
        max_length=RATIONALE_MAX,
        validators=[refuse_hidden_characters_multiline],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown: **bold**, _italic_, lists and [links](https://…).",
    )
    confidence = forms.ChoiceField(
        label="Confidence", choices=Verdict.Confidence.choices, initial=Verdict.Confidence.MEDIUM
    )
    correction_reason = forms.CharField(
        label="Reason for the correction",
        required=False,
        max_length=CORRECTION_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when changing an approved verdict; reports carry it.",
    )
    # A correction may also reword the published claim; shown only when correcting, and
    # published only when the correction is approved.
    proposed_statement = forms.CharField(
        label="Corrected statement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Leave as it is to keep the published statement.",
    )
    proposed_speaker = forms.CharField(label="Corrected speaker", required=False, max_length=300)
    proposed_type = forms.ChoiceField(
        label="Corrected type", required=False, choices=[("", "Keep the type"), *ClaimType.choices]
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    CORRECTION_FIELDS = frozenset(
        {"correction_reason", "proposed_statement", "proposed_speaker", "proposed_type"}
    )

    def proposed_claim(self) -> dict[str, str]:
        """The correction's claim fields, as verdict_save takes them (only those given)."""
        data = self.cleaned_data
        proposed = {
            "statement": data.get("proposed_statement") or "",
            "speaker": data.get("proposed_speaker") or "",
            "type": data.get("proposed_type") or "",
        }
        # A field left out of the POST (or "Keep the type") keeps its published value.
        return {
            k: v for k, v in proposed.items() if f"proposed_{k}" in self.data and (v or k != "type")
        }

    def __init__(self, *args: Any, ratings: list[Rating] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if ratings is not None:
            # Reuse the page's one ratings query instead of the field running its own.
            field = self.fields["rating"]
            field.queryset = Rating.objects.filter(retired=False)
            field.choices = [("", "Choose a rating")] + [
                (r.pk, r.label) for r in ratings if not r.retired
            ]
            field.listed = {str(r.pk): r for r in ratings if not r.retired}


class RetractForm(_NoColon, forms.Form):
    id_prefix = "retract"

    reason = forms.CharField(
        label="Legal or safety reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Say why the verdict is withdrawn: the reason is required."},
        help_text="Recorded in the claim's history. The public page then answers “withdrawn”.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ApproveForm(_NoColon, forms.Form):
    id_prefix = "approve"

    version = forms.IntegerField(widget=forms.HiddenInput)
    verdict = forms.IntegerField(widget=forms.HiddenInput)


class SendBackForm(_NoColon, forms.Form):
    id_prefix = "send_back"

    note = forms.CharField(
        label="Note for the reviewer",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say what needs to change: the note is required."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommentForm(_NoColon, forms.Form):
    id_prefix = "comment"

    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=COMMENT_MAX,
        error_messages={"required": "Write something before posting."},
    )


class AssignForm(_NoColon, forms.Form):
    id_prefix = "assign"

    assignee = forms.ModelChoiceField(
        label="Assign to",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Nobody",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=["reviewer", "editor", "admin"])
            .distinct()
            .order_by("username")
        )
        if not self.is_bound:
            # Rendering reads the choices as a plain list: a ModelChoiceField iterates its
            # queryset with .iterator(), a server-side cursor (DECLARE … WITH HOLD) on
            # PostgreSQL, several round trips for a dozen names.
            field.choices = [("", field.empty_label)] + [
                (user.pk, user.get_username()) for user in field.queryset.only("id", "username")
            ]


class RatingForm(_NoColon, forms.Form):
    id_prefix = "rating"

    label = forms.CharField(label="Name", max_length=60, validators=[refuse_hidden_characters])
    claimreview_value = forms.IntegerField(
        label="ClaimReview value",
        required=False,
        min_value=1,
        # The column is a smallint; ClaimReview scales are a handful of steps anyway.
        max_value=1000,
        help_text="1 = worst; leave empty for ratings off the numeric scale.",
    )
    requires_primary_source = forms.BooleanField(
        label="Approval needs a primary source", required=False, initial=True
    )
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    expected_label = forms.CharField(widget=forms.HiddenInput, required=False)
