"""Forms for bringing articles in, listing them, and correcting their claims."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from claims.models import ClaimType
from claims.services.ingest import (
    ArticleDraft,
    IngestError,
    draft_from_text,
    draft_from_upload,
    draft_from_url,
    normalise_body,
    title_from_text,
)
from claims.text_rules import (
    STATEMENT_MAX,
    refuse_hidden_characters,
    refuse_hidden_characters_multiline,
)


class DateInput(forms.DateInput):
    input_type = "date"


class ArticleForm(forms.Form):
    """One form, three ways in: pasted text wins, then an uploaded file, then the URL."""

    title = forms.CharField(
        label="Title", max_length=500, required=False, validators=[refuse_hidden_characters]
    )
    outlet = forms.CharField(
        label="Outlet", max_length=200, required=False, validators=[refuse_hidden_characters]
    )
    url = forms.URLField(
        label="URL",
        max_length=2000,
        required=False,
        assume_scheme="https",
        validators=[refuse_hidden_characters],
    )
    author = forms.CharField(
        label="Author", max_length=300, required=False, validators=[refuse_hidden_characters]
    )
    published = forms.DateField(label="Published", required=False, widget=DateInput)
    text = forms.CharField(
        label="Text", required=False, strip=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    file = forms.FileField(
        label="File",
        required=False,
        help_text="A .txt, .md or .html file.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.html,.htm"}),
    )

    draft: ArticleDraft

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        raw_text = data.get("text") or ""
        if len(raw_text) > settings.FACTCHECK_MAX_UPLOAD_BYTES:
            limit = settings.FACTCHECK_MAX_UPLOAD_BYTES
            self.add_error("text", f"The pasted text is longer than {limit:,} characters.")
            return data
        text = normalise_body(raw_text)
        upload = data.get("file")
        url = data.get("url") or ""
        try:
            if text and upload:
                raise forms.ValidationError(
                    "Paste the text or upload a file, not both.", code="two_sources"
                )
            if text:
                draft = draft_from_text(text)
            elif upload:
                if upload.size > settings.FACTCHECK_MAX_UPLOAD_BYTES:
                    limit = settings.FACTCHECK_MAX_UPLOAD_BYTES // 1024
                    raise IngestError(f"The file is larger than the {limit:,} KB limit.")
                draft = draft_from_upload(upload.name, upload.read())
            elif url:
                draft = draft_from_url(url)
            else:
                raise forms.ValidationError(
                    "The article text is empty. Paste the text, upload a file or give a URL.",
                    code="empty",
                )
        except IngestError as exc:
            field = "text" if text else "file" if upload else "url"
            self.add_error(field, str(exc))
            return data
        draft = draft.with_overrides(
            title=data.get("title", "").strip(),
            outlet=data.get("outlet", "").strip(),
            author=data.get("author", "").strip(),
            url=url,
            published=data.get("published"),
        )
        if not draft.title:
            draft = draft.with_overrides(title=title_from_text(draft.text))
        self.draft = draft
        return data


class ArticleFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    outlet = forms.CharField(label="Outlet", required=False, max_length=200)
    published_from = forms.DateField(label="Published from", required=False, widget=DateInput)
    published_to = forms.DateField(label="Published to", required=False, widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("published_from"), data.get("published_to")
        if start and end and start > end:
            self.add_error("published_to", "The end date is before the start date.")
        return data


class VersionForm(forms.Form):
    """The version the form was loaded at: a save against an older one is refused."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ArticleDetailsForm(VersionForm):
    """The article's details as the desk states them; the text itself is not editable."""

    title = forms.CharField(label="Title", max_length=500)
    url = forms.URLField(label="URL", max_length=2000, required=False, assume_scheme="https")
    outlet = forms.CharField(label="Outlet", max_length=200, required=False)
    author = forms.CharField(label="Author", max_length=300, required=False)
    published = forms.DateField(label="Publication date", required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", "id_article_%s")
        super().__init__(*args, **kwargs)

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Only web addresses starting http:// or https://.")
        return url


class ClaimEditForm(VersionForm):
    statement = forms.CharField(
        label="Statement",
        max_length=STATEMENT_MAX,
        validators=[refuse_hidden_characters_multiline],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    type = forms.ChoiceField(label="Type", choices=ClaimType.choices)
    speaker = forms.CharField(label="Speaker", required=False, max_length=300)


class ClaimSplitForm(VersionForm):
    before = forms.CharField(
        label="Split before the words",
        required=False,
        max_length=500,
        help_text="The words of the quote where the second claim starts.",
    )
    at = forms.IntegerField(
        label="or at character",
        min_value=1,
        required=False,
        help_text="Counted from the start of the quote.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("at") is None and not (data.get("before") or "").strip():
            self.add_error("before", "Say where to split: the words that start the second part.")
        return data


class ClaimMergeForm(VersionForm):
    other = forms.IntegerField(widget=forms.HiddenInput)
    other_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ClaimAddForm(forms.Form):
    quote = forms.CharField(
        label="Claim text, as it appears in the article",
        max_length=STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    occurrence = forms.IntegerField(
        label="Occurrence",
        min_value=1,
        required=False,
        help_text="If the text appears more than once: 1 for the first, 2 for the second…",
    )
    type = forms.ChoiceField(label="Type", choices=ClaimType.choices, initial=ClaimType.EVENT)
    # Set by workspace.js from a text selection; without JavaScript the quote is searched for.
    start = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_offsets = data.get("start") is not None and data.get("end") is not None
        if not has_offsets and not (data.get("quote") or "").strip():
            self.add_error("quote", "Select text in the article, or type the claim's words here.")
        return data
