"""Rules every piece of free text a person types must meet: a length limit and no hidden
characters.

The limits (README "Security and operations") sit far below the request cap, so a field is
refused with a message instead of the database or a page failing on it. Bidirectional
overrides and other invisible format characters are refused in one-line fields and URLs:
"exa\u202eelpmaxe.org" displays as another host, and "Budget \u202egpj.exe" as another file.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError

RATIONALE_MAX = 20_000
COMMENT_MAX = 10_000
EXCERPT_MAX = 5_000
STATEMENT_MAX = 2_000
NOTE_MAX = 2_000
CORRECTION_REASON_MAX = 2_000
DESCRIPTION_MAX = 1_000

# Tab, newline and carriage return are what multi-line text legitimately contains.
_MULTILINE_OK = frozenset("\t\n\r")


def hidden_characters(value: str, *, multiline: bool = False) -> list[str]:
    """The control and format characters in `value` (Unicode categories Cc and Cf), as
    U+XXXX names; multi-line text may keep tabs and line breaks."""
    found = []
    for char in value:
        if multiline and char in _MULTILINE_OK:
            continue
        if unicodedata.category(char) in {"Cc", "Cf"}:
            found.append(f"U+{ord(char):04X}")
    return list(dict.fromkeys(found))


def refuse_hidden_characters(value: str) -> None:
    """Validator for one-line fields (titles, names, URLs)."""
    if found := hidden_characters(value):
        raise ValidationError(
            "Remove the invisible control or direction characters (%(chars)s); they can make "
            "the text display as something else.",
            code="hidden_characters",
            params={"chars": ", ".join(found[:5])},
        )


def refuse_hidden_characters_multiline(value: str) -> None:
    """Validator for multi-line text: line breaks and tabs allowed, other controls not."""
    if found := hidden_characters(value, multiline=True):
        raise ValidationError(
            "Remove the invisible control or direction characters (%(chars)s).",
            code="hidden_characters",
            params={"chars": ", ".join(found[:5])},
        )


_STRIP_HIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def strip_hidden(value: str) -> str:
    """For text a remote page controls (an extracted title): drop what a person would be
    asked to remove, rather than refuse the whole page."""
    return _STRIP_HIDDEN.sub("", value)
