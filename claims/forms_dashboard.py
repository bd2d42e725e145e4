"""The dashboard's range and grouping, as they appear in its URL."""

from __future__ import annotations

from django import forms

from claims.dashboard.figures import Range, default_range

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
        return data

    def query(self) -> str:
        rng: Range = self.cleaned_data["range"]
        return f"start={rng.start.isoformat()}&end={rng.end.isoformat()}&group={rng.group}"
