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
    from ..templates import Theme, spec_theme
    from .brief import BriefLayout

    if not isinstance(brief, Brief):
        raise TypeError(f"build_document() needs a Brief (briefgen.load_spec or loads_spec), "
                        f"not a {type(brief).__name__}")
    if theme is None:
        theme = spec_theme(brief)
    elif not isinstance(theme, Theme):
        raise TypeError(f"build_document() takes a template as a Theme (briefgen.load_theme), "
                        f"not a {type(theme).__name__}")
    from ..coverage import check_characters
    from ..languages import warn_of_language

    check_characters(brief, theme.style(), theme)  # before a word is laid out: nothing lost
    warn_of_language(brief, theme)
    return BriefLayout(brief, theme).build()


__all__ = ["build_document"]
