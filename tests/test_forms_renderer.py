"""The workbench's form renderer prints exactly what Django's widget templates print."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import django
import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from claims.forms_renderer import INPUT_TEMPLATES, WIDGETS, WorkbenchFormRenderer
from claims.forms_review import QueueFilterForm, SourceForm

STOCK = DjangoTemplates()
FAST = WorkbenchFormRenderer()
CHOICES = [("", "Any"), ("a", "A & B"), (1, "One"), ("<x>", mark_safe("<b>bold</b>"))]
GROUPED = [("Group <1>", [("g1", "G1"), ("g2", "G2")]), ("plain", "Plain")]

CASES = [
    (forms.TextInput(), 'Tom & "Jerry" <script>'),
    (forms.TextInput(attrs={"placeholder": "Say <it>", "required": True, "disabled": False}), None),
    (forms.TextInput(attrs={"data-x": mark_safe("<safe>")}), mark_safe("<b>")),
    (forms.NumberInput(attrs={"min": 1, "step": 0.5}), 12),
    (forms.EmailInput(), "a@example.org"),
    (forms.URLInput(), "https://example.org/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "secret"),
    (forms.HiddenInput(), 7),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.CheckboxInput(), "on"),
    (forms.DateInput(), date(2026, 1, 5)),
    (forms.Textarea(attrs={"rows": 3}), "line one\nline <two> & three"),
    (forms.Textarea(), ""),
    (forms.Textarea(), None),
    (forms.Select(choices=CHOICES), "a"),
    (forms.Select(choices=CHOICES), 1),
    (forms.Select(choices=CHOICES), None),
    (forms.Select(choices=GROUPED, attrs={"aria-describedby": "help"}), "g2"),
    (forms.SelectMultiple(choices=CHOICES), ["a", "1"]),
    (forms.NullBooleanSelect(), None),
    # Not drawn in Python: passed to Django's renderer unchanged.
    (forms.RadioSelect(choices=CHOICES), "a"),
    (forms.CheckboxSelectMultiple(choices=CHOICES), ["a"]),
    (forms.ClearableFileInput(), None),
]


@pytest.mark.parametrize(("widget", "value"), CASES, ids=lambda c: type(c).__name__)
def test_every_widget_prints_what_djangos_templates_print(widget, value):
    attrs = {"id": "id_f", "aria-invalid": "true"}
    assert widget.render("f", value, attrs=attrs, renderer=FAST) == widget.render(
        "f", value, attrs=attrs, renderer=STOCK
    )


def test_the_input_templates_drawn_in_python_are_djangos_plain_includes():
    folder = Path(django.__file__).parent / "forms" / "templates"
    for name in INPUT_TEMPLATES - {WIDGETS + "input.html"}:
        assert (folder / name).read_text().strip() == (
            '{% include "django/forms/widgets/input.html" %}'
        ), name


@pytest.mark.parametrize(
    "form",
    [
        lambda: QueueFilterForm({"q": "x<y", "status": "all", "per_page": "100", "article": "0"}),
        lambda: QueueFilterForm(),
        lambda: SourceForm(data={"url": "javascript:alert(1)", "title": "<t>"}),
    ],
)
def test_whole_forms_render_the_same(db, settings, form):
    rendered = {}
    for renderer in (STOCK, FAST):
        bound = form()
        bound.renderer = renderer
        bound.is_valid()
        rendered[renderer] = [
            (str(field), field.label_tag(), str(field.errors), field.legend_tag())
            for field in bound
        ] + [str(bound.non_field_errors())]
    assert rendered[FAST] == rendered[STOCK]


class _Labels(forms.Form):
    plain = forms.CharField(label="Plain & <simple>")
    asked = forms.CharField(label="Asked?", required=False)
    safe = forms.CharField(label=mark_safe("<em>Safe</em>"), label_suffix=" →")

    def clean(self):
        raise forms.ValidationError(["Two <problems>", mark_safe("<b>one safe</b>")])


@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_labels_and_error_lists_render_the_same(auto_id):
    rendered = {}
    for renderer in (STOCK, FAST):
        form = _Labels({"plain": ""}, auto_id=auto_id, renderer=renderer, label_suffix=":")
        form.is_valid()
        rendered[renderer] = [
            (field.label_tag(attrs={"class": "x<y"}), field.label_tag(), str(field.errors))
            for field in form
        ] + [str(form.non_field_errors()), str(form.errors.get("plain"))]
    assert rendered[FAST] == rendered[STOCK]
    assert "errorlist" in rendered[FAST][-1]


def test_the_workbench_uses_it(settings):
    assert settings.FORM_RENDERER == "claims.forms_renderer.WorkbenchFormRenderer"
