"""What counts as a number in a brief's data: a chart's values, a table cell aligned right."""

from __future__ import annotations

import re

# 12, -3.5, 1,234.5, .5, 1e6: what a reader would call a number (no units, no percent sign)
NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$")


def as_number(text: object) -> float | str | None:
    """The number `text` says, None for an empty cell, or the text itself if it is no number."""
    if text is None:
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    value = str(text).strip()
    if not value:
        return None
    if NUMBER.match(value) and any(c.isdigit() for c in value):
        number = float(value.replace(",", ""))
        if number == number and abs(number) != float("inf"):  # not NaN, not infinite
            return number
    return value
