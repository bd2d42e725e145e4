"""Rationales are Markdown; what reaches a page is rendered and then sanitised."""

from __future__ import annotations

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe


def render_markdown(text: str) -> SafeString:
    # nh3 strips scripts, event handlers and style attributes, so the CSP never has to.
    return mark_safe(nh3.clean(markdown.markdown(text or "", output_format="html")))
