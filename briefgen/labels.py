"""What a label (a fixed word of a brief: "Risks", "Contents") must be: something a reader
can see. A blank one would make an empty heading, or a link with nothing to click."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

BLANK_HINT = "give the word, or leave the label out to use the template's"


def blank_labels(labels: Mapping[str, Any]) -> list[str]:
    """The keys of `labels` whose text shows nothing: only spaces, or invisible characters."""
    return [key for key, value in labels.items()
            if isinstance(value, str) and shows_nothing(value)]


def shows_nothing(text: str) -> bool:
    return all(ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp")
               for ch in text)
