"""The report filter: one form for the desk report page, the downloads and the command."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import DateTimeField, F, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import slugify

from claims.formats import DATE_FORMAT
from claims.models import Claim, ClaimStatus, ClaimType, Rating, in_force_q

# Report dates are bounded so a far-off date ("9999-12-31") cannot overflow when the day
# after it is computed, nor reach the database as an out-of-range timestamp.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)

# The order fields appear in file names, so the same filter always gives the same name.
FILTER_FIELDS = ("from", "to", "outlet", "speaker", "type", "rating", "status")


class ReportFilterForm(forms.Form):
    # "from" is a Python keyword, so the form field names are spelled out and mapped below.
    # data-query-name: the URL's spelling, for filters.js to refill the field on Back.
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "data-query-name": "from"}),
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "data-query-name": "to"}),
    )
    outlet = forms.CharField(label="Outlet", required=False, max_length=200)
    speaker = forms.CharField(label="Speaker", required=False, max_length=300)
    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *ClaimType.choices]
    )
    rating = forms.ModelChoiceField(
        label="Rating",
        required=False,
        queryset=Rating.objects.all(),
        to_field_name="label",
        empty_label="Any rating",
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ClaimStatus.choices]
    )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # URLs and the command say ?from=…&to=…; the form's fields cannot be named "from".
        if data is not None:
            data = data.copy() if hasattr(data, "copy") else dict(data)
            for short, long in (("from", "date_from"), ("to", "date_to")):
                if short in data and long not in data:
                    data[long] = data[short]
        super().__init__(data, *args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "filter-input")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        for name, value in (("date_from", start), ("date_to", end)):
            if value and not EARLIEST_DATE <= value <= LATEST_DATE:
                self.add_error(
                    name,
                    f"Give a date between {EARLIEST_DATE.isoformat()} and "
                    f"{LATEST_DATE.isoformat()}.",
                )
                start = end = None
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned

    def used(self) -> dict[str, str]:
        """The filter as applied, in URL spelling, without the empty fields."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        values: dict[str, Any] = {
            "from": data.get("date_from"),
            "to": data.get("date_to"),
            "outlet": data.get("outlet"),
            "speaker": data.get("speaker"),
            "type": data.get("type"),
            "rating": data["rating"].label if data.get("rating") else "",
            "status": data.get("status"),
        }
        out: dict[str, str] = {}
        for key in FILTER_FIELDS:
            value = values[key]
            if value:
                out[key] = value.isoformat() if isinstance(value, date) else str(value)
        return out


def describe_filter(used: dict[str, str]) -> str:
    """The filter in words, for the report's heading and its printed copy:
    "From 1 Mar 2026 to 31 Mar 2026; outlet “The Daily”; status Approved"."""
    if not used:
        return "All claims"
    day = DATE_FORMAT
    parts = []
    if "from" in used and "to" in used:
        parts.append(
            f"From {date_format(date.fromisoformat(used['from']), day)} "
            f"to {date_format(date.fromisoformat(used['to']), day)}"
        )
    elif "from" in used:
        parts.append(f"From {date_format(date.fromisoformat(used['from']), day)}")
    elif "to" in used:
        parts.append(f"Up to {date_format(date.fromisoformat(used['to']), day)}")
    if "outlet" in used:
        parts.append(f"outlet “{used['outlet']}”")
    if "speaker" in used:
        parts.append(f"speaker “{used['speaker']}”")
    if "type" in used:
        parts.append(f"type {ClaimType(used['type']).label}")
    if "rating" in used:
        parts.append(f"rating “{used['rating']}”")
    if "status" in used:
        parts.append(f"status {ClaimStatus(used['status']).label}")
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_claims(used: dict[str, str], queryset: QuerySet[Claim] | None = None) -> QuerySet[Claim]:
    """The claims a filter selects. `used` is ReportFilterForm.used(), so the command, the
    pages and the downloads all read one spelling of the filter.

    The date range applies to when the verdict now in force was approved or, for claims not
    yet approved, when the claim was added: a desk report for March shows March's work.
    """
    claims = queryset if queryset is not None else Claim.objects.all()
    claims = claims.annotate(
        report_at=Coalesce(
            F("current_verdict__approved_at"), F("created"), output_field=DateTimeField()
        )
    )
    if "from" in used:
        claims = claims.filter(report_at__gte=_day_start(date.fromisoformat(used["from"])))
    if "to" in used:
        end = date.fromisoformat(used["to"]) + timedelta(days=1)
        claims = claims.filter(report_at__lt=_day_start(end))
    if "outlet" in used:
        claims = claims.filter(article__outlet__iexact=used["outlet"])
    if "speaker" in used:
        claims = claims.filter(speaker__iexact=used["speaker"])
    if "type" in used:
        claims = claims.filter(type=used["type"])
    if "rating" in used:
        # The published rating: a draft's rating is not what a report counts.
        claims = claims.filter(
            in_force_q("current_verdict__"), current_verdict__rating__label=used["rating"]
        )
    if "status" in used:
        claims = claims.filter(status=used["status"])
    return claims


def filter_slug(used: dict[str, str]) -> str:
    """The filter as a file-name fragment: status-approved_from-2026-01-01."""
    parts = [f"{key}-{slugify(used[key]) or 'x'}" for key in FILTER_FIELDS if key in used]
    return "_".join(parts)
