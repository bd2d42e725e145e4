"""`{% speaker_link claim.speaker claim.pk %}`: a speaker's name, linked to their record.

The link goes through /speakers/claim/<id>/, which looks the record up when followed, so a
page listing many claims costs no extra query per speaker name.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


def speaker_html(name: str, url: str, empty: str = "—") -> str:
    """The link markup itself, for callers that built the address already (queue rows)."""
    if not name:
        return empty
    return format_html('<a class="speaker-link" href="{}">{}</a>', url, name)


@register.simple_tag
def speaker_link(name: str, claim_id: int, empty: str = "—") -> str:
    if not name:
        return empty
    return speaker_html(name, reverse("speaker_for_claim", args=[claim_id]), empty)
