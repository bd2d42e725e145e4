"""Django's form renderer, with the common widgets drawn in Python (settings.FORM_RENDERER).

Django draws every widget through templates: a <select> of eight options is nine template
renders with an include each for the attributes. On the queue page that was over 40% of the
request's CPU (cProfile, bench/bench_queue.py), and about as much of a review write's
response. The functions below print exactly what Django's own widget templates print (same
escaping, same localisation; tests/test_forms_renderer.py compares the two on every widget
kind the workbench uses); any other template goes to Django's renderer unchanged.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"
SELECT_OPTION = WIDGETS + "select_option.html"
# Django's widget templates that are exactly `{% include "django/forms/widgets/input.html" %}`
# (tests/test_forms_renderer.py checks this against the installed Django).
INPUT_TEMPLATES = frozenset(
    WIDGETS + name
    for name in (
        "input.html",
        "text.html",
        "number.html",
        "email.html",
        "url.html",
        "password.html",
        "hidden.html",
        "checkbox.html",
        "date.html",
        "datetime.html",
        "time.html",
        "search.html",
        "tel.html",
        "color.html",
    )
)


# django.utils.html.escape is the standard library's escape behind a lazy-string check that
# costs more than the escaping; these values are never lazy by the time they get here.
def _text(value: Any) -> str:
    """`{{ value }}` with autoescaping, as Template.render_value_in_context prints it."""
    if type(value) is str:
        return html.escape(value)
    value = localize(template_localtime(value))
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: stringformat keeps a safe string safe."""
    if isinstance(value, SafeData):
        return str(value)
    return html.escape(str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html"""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"')
    return "".join(out)


def _input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


def _option(option: dict[str, Any]) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>"
    )


def _textarea(widget: dict[str, Any]) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def _label(context: dict[str, Any]) -> str:
    """django/forms/label.html (BoundField.label_tag)"""
    label = _text(context["label"])
    if not context["use_tag"]:
        return label
    tag = _text(context["tag"])
    return f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>"


def _error_list(context: dict[str, Any]) -> str:
    """django/forms/errors/list/default.html (an ErrorList; every field prints its own,
    most of them empty)."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    id_attr = f' id="{_text(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_text(error)}</li>" for error in errors)
    return f'<ul class="{_text(context["error_class"])}"{id_attr}>{items}</ul>'


class WorkbenchFormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        draw = _DRAW.get(template_name)
        html = draw(self, context, request) if draw is not None else None
        if html is None:
            return super().render(template_name, context, request)
        return html

    def _select(self, context: dict[str, Any], request: Any) -> str | None:
        widget = context.get("widget")
        if not isinstance(widget, dict):
            return None
        groups = widget["optgroups"]
        if any(o["template_name"] != SELECT_OPTION for _, options, _ in groups for o in options):
            return None
        out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _ in groups:
            if group_name:
                out.append(f'\n  <optgroup label="{_text(group_name)}">')
            # Each option is an {% include %} of a file ending in a newline, kept as it is.
            out += [f"\n  {_option(option)}\n" for option in options]
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return "".join(out)


_Draw = Callable[[WorkbenchFormRenderer, dict[str, Any], Any], str | None]


def _widget(draw: Callable[[dict[str, Any]], str]) -> _Draw:
    def from_context(_renderer: WorkbenchFormRenderer, context: dict[str, Any], _request: Any):
        widget = context.get("widget")
        return draw(widget) if isinstance(widget, dict) else None

    return from_context


_DRAW: dict[str, _Draw] = {
    **dict.fromkeys(INPUT_TEMPLATES, _widget(_input)),
    WIDGETS + "textarea.html": _widget(_textarea),
    WIDGETS + "select.html": WorkbenchFormRenderer._select,
    SELECT_OPTION: _widget(_option),
    "django/forms/label.html": lambda _renderer, context, _request: _label(context),
    "django/forms/errors/list/default.html": lambda _r, context, _q: _error_list(context),
}
