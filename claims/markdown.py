"""Markdown for rationales and comments, rendered and then sanitised.

Markdown passes raw HTML through, so the output is cleaned with nh3 against an allow-list:
text formatting, lists, quotes, code, tables and links. Links get rel="noopener nofollow"
and only http(s)/mailto targets; images are not allowed at all, so a rationale cannot pull
content (or a tracking pixel) from elsewhere.
"""

from __future__ import annotations

import markdown as _markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "del", "s", "sup", "sub",
    "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "a", "abbr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    html = _markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )
    # Safe to mark: nh3 has just reduced it to the allow-list above.
    return mark_safe(cleaned)
