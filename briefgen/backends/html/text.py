"""Text as an HTML page may carry it."""

from __future__ import annotations

import re

# Dropped: C0 controls except tab and newline, DEL, C1, lone surrogates, noncharacters, and
# the bidi overrides that can make text read differently from how it is stored.
_TABLE: dict[int, str | None] = {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C,
                                                   *range(0x0E, 0x20), *range(0x7F, 0xA0),
                                                   *range(0xD800, 0xE000), *range(0xFDD0, 0xFDF0),
                                                   0x202D, 0x202E)}
_TABLE.update({plane * 0x10000 + end: None for plane in range(17) for end in (0xFFFE, 0xFFFF)})
_TABLE[0x0D] = "\n"
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
