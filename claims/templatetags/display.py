"""How the app shows dates, shortened text and figures: one format each, on every page.

    {% load display %}
    {{ article.published|show_date }}      -> <time datetime="2022-09-21" ...>21 Sep 2022</time>
    {{ verdict.approved_at|show_datetime }} -> <time ...>21 Sep 2022, 19:11</time>
    {{ claim.statement|clip:140 }}          -> cut at a word boundary, with an ellipsis
    {{ quantity|figure }}                   -> "15 percent", not "15 percent (percent, percent)"

Dates and times carry the full timestamp in `title` (seen on hover) and `datetime`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

from claims.formats import DATE_FORMAT, DATETIME_FORMAT, FULL_DATE_FORMAT, FULL_DATETIME_FORMAT

register = template.Library()


def _as_date_or_datetime(value: Any) -> date | datetime | None:
    """Dates, datetimes and the ISO strings the report rows carry; anything else is None."""
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _localtime(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


@register.filter(is_safe=True)
def show_date(value: Any) -> str:
    """The day, as "21 Sep 2022", in a <time> element with the full date on hover."""
    moment = _as_date_or_datetime(value)
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = _localtime(moment)
        full = date_format(moment, FULL_DATETIME_FORMAT)
        machine = moment.isoformat()
    else:
        full = date_format(moment, FULL_DATE_FORMAT)
        machine = moment.isoformat()
    return format_html(
        '<time class="date" datetime="{}" title="{}">{}</time>',
        machine,
        full,
        date_format(moment, DATE_FORMAT),
    )


@register.filter(is_safe=True)
def show_datetime(value: Any) -> str:
    """The moment, as "21 Sep 2022, 19:11", with seconds and time zone on hover."""
    moment = _as_date_or_datetime(value)
    if moment is None:
        return ""
    if not isinstance(moment, datetime):
        return show_date(moment)
    moment = _localtime(moment)
    return format_html(
        '<time class="date" datetime="{}" title="{}">{}</time>',
        moment.isoformat(),
        date_format(moment, FULL_DATETIME_FORMAT),
        date_format(moment, DATETIME_FORMAT),
    )


@register.filter
def clip(value: Any, length: int = 140) -> str:
    """The text cut to at most `length` characters at a word boundary, with "…" when cut.
    (truncatechars cuts mid-word: "said Tuesd…".)"""
    text = " ".join(str(value or "").split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    space = cut.rfind(" ")
    if space > length // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


@register.filter
def is_clipped(value: Any, length: int = 140) -> bool:
    return len(" ".join(str(value or "").split())) > length


@register.filter
def figure(quantity: Any) -> str:
    """A parsed figure's text, then its kind and unit only where they add something:
    "15 percent" (kind and unit are both "percent"), "$4.2 billion (money, USD)"."""
    if not isinstance(quantity, dict):
        return str(quantity or "")
    text = str(quantity.get("text") or "")
    words = {w.casefold() for w in text.replace("%", " percent ").split()}
    extra: list[str] = []
    for part in (quantity.get("kind"), quantity.get("unit")):
        part = str(part or "").strip()
        if not part or part.casefold() in words or part.casefold() in (e.casefold() for e in extra):
            continue
        if part.casefold() in text.casefold():
            continue
        extra.append(part)
    return f"{text} ({', '.join(extra)})" if extra else text


@register.simple_tag
def chart_svg(chart: Any, chart_id: str) -> str:
    """A dashboard chart's SVG (claims.dashboard.charts.Chart.svg), ids prefixed by chart_id."""
    return chart.svg(chart_id)
