"""The dashboard's range, grouping and filters, as they appear in its URL."""

from __future__ import annotations

from django import forms
from django.http import QueryDict

from claims.dashboard.figures import Range, Slice, default_range
from claims.models import ClaimType

MAX_DAYS = {"day": 186, "week": 3 * 366}


class DashboardRangeForm(forms.Form):
    start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    group = forms.ChoiceField(
        label="Per", choices=[("day", "Day"), ("week", "Week")], required=False
    )
    type = forms.ChoiceField(
        label="Claim type", choices=[("", "All types"), *ClaimType.choices], required=False
    )
    outlet = forms.CharField(
        label="Outlet",
        required=False,
        max_length=200,
        help_text="The outlet's name exactly as stored; empty for all outlets.",
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        fallback = default_range()
        start, end = data.get("start"), data.get("end")
        group = data.get("group") or "day"
        if start and not end:
            end = max(start, fallback.end)
        if end and not start:
            start = end - (fallback.end - fallback.start)
        start, end = start or fallback.start, end or fallback.end
        if end < start:
            raise forms.ValidationError("The range ends before it starts; swap the dates.")
        days = (end - start).days + 1
        if days > MAX_DAYS[group]:
            hint = " Show it per week instead." if group == "day" else ""
            raise forms.ValidationError(
                f"Choose at most {MAX_DAYS[group]} days per {group}; this range has {days}.{hint}"
            )
        data["range"] = Range(start=start, end=end, group=group)
        data["slice"] = Slice(type=data.get("type") or "", outlet=data.get("outlet") or "")
        return data

    def query(self) -> str:
        """The query string of this range and filters, for CSV links and filter links."""
        rng: Range = self.cleaned_data["range"]
        sl: Slice = self.cleaned_data["slice"]
        params = QueryDict(mutable=True)
        params.update({"start": rng.start.isoformat(), "end": rng.end.isoformat()})
        params["group"] = rng.group
        if sl.type:
            params["type"] = sl.type
        if sl.outlet:
            params["outlet"] = sl.outlet
        return params.urlencode()
