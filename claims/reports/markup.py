"""Rationales on report pages use the workbench's one Markdown renderer and allow-list.

Kept as an import path for the report modules; the rules live in claims/markdown.py so the
claim page, the reports and the public page can never drift apart again.
"""

from __future__ import annotations

from claims.markdown import ALLOWED_TAGS, render_markdown

__all__ = ["ALLOWED_TAGS", "render_markdown"]
