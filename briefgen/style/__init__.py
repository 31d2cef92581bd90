"""The resolved style: a template turned once into typed, frozen values (`Style`), and the role
vocabulary (`roles`) that says which parts of a brief a style can dress.

    style = briefgen.style.load_style("memo")
    style.role("heading.1").size        # 13.0 (points)
    style.fonts.body.regular            # the TrueType file of the body font
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import (
    BoxStyle, Bullet, CoverStyle, FontFamily, Fonts, LevelColors, ListStyle, Page, Rule, Style,
    TextStyle,
)
from .roles import ROLES, Role

if TYPE_CHECKING:
    from ..templates import Theme

__all__ = [
    "ROLES",
    "BoxStyle",
    "Bullet",
    "CoverStyle",
    "FontFamily",
    "Fonts",
    "LevelColors",
    "ListStyle",
    "Page",
    "Role",
    "Rule",
    "Style",
    "TextStyle",
    "load_style",
    "resolve_style",
]


def resolve_style(theme: Theme) -> Style:
    """The `Style` of a loaded template (resolved once per template, then reused)."""
    return theme.style()


def load_style(name_or_path: str = "default", **options: Any) -> Style:
    """Find and load a template (as `briefgen.load_theme` does) and return its `Style`."""
    from ..templates import load_theme

    return load_theme(name_or_path, **options).style()
