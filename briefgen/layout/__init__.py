"""The layout step: a validated brief and its template → a `Document` with every word in place.

    document = briefgen.build_document(brief, briefgen.load_theme("memo"))
"""

from __future__ import annotations

from typing import Any

from ..document.nodes import Document
from ..spec.model import Brief


def build_document(brief: Brief, theme: Any = None) -> Document:
    """Lay out `brief` as a Document, following `theme` (default: the template the spec names,
    else the built-in default)."""
    from .brief import BriefLayout

    if theme is None:
        from ..templates import load_theme

        theme = load_theme(brief.template or "default", relative_to=brief.base_dir, confine=True)
    return BriefLayout(brief, theme).build()


__all__ = ["build_document"]
