"""Forms of the Checked before? panel and the archive upload."""

from __future__ import annotations

from django import forms
from django.conf import settings


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReuseForm(VersionForm):
    match = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ArchiveUploadForm(forms.Form):
    file = forms.FileField(
        label="Archive file",
        help_text="ClaimReview JSON-LD (.json, .jsonld: one review, an array or a DataFeed) "
        "or CSV (.csv) with the header below.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.jsonld,.csv"}),
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > settings.FACTCHECK_ARCHIVE_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than the {settings.FACTCHECK_ARCHIVE_MAX_BYTES // 1024:,} KB "
                "limit; import it with `manage.py import_factchecks` instead."
            )
        name = (upload.name or "").lower()
        if not name.endswith((".json", ".jsonld", ".csv")):
            raise forms.ValidationError("Upload a .json, .jsonld or .csv file.")
        return upload
