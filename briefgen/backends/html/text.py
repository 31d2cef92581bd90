"""Text as an HTML page may carry it."""

from __future__ import annotations

import re

from ...output.text import UNSHOWABLE

_TABLE: dict[int, str | None] = {**UNSHOWABLE, 0x0D: "\n"}  # a lone CR ends a line
_NOT_ID = re.compile(r"[^A-Za-z0-9_.:-]+")


def clean(text: str) -> str:
    """`text` without the characters no page should carry."""
    return text.translate(_TABLE)


def css_string(text: str) -> str:
    """`text` as a CSS string literal (for font names and generated content)."""
    escaped = "".join(ch if ch.isalnum() or ch in " -_.,()&'" else f"\\{ord(ch):x} "
                      for ch in clean(text))
    return f'"{escaped}"'


def element_id(anchor: str) -> str:
    """An anchor as an id attribute value: no spaces, never empty."""
    return _NOT_ID.sub("-", clean(anchor)) or "-"
