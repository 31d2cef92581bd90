"""Resolve a template's font settings to TrueType files: a font-package family, or TTF paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Problem, TemplateError
from .model import FontFamily

FACES = ("regular", "bold", "italic", "bold_italic")
_FACE_QUERY = {"regular": (400, "normal"), "bold": (700, "normal"),
               "italic": (400, "italic"), "bold_italic": (700, "italic")}


def resolve_font(setting: Any, theme: Any, role: str) -> FontFamily:
    """The family for `setting` (a family name, or {regular, bold, …} TTF paths in the template)."""
    if isinstance(setting, dict):
        paths = {face: theme.asset(setting[face]) for face in FACES if setting.get(face)}
        regular = paths["regular"]
        bold = paths.get("bold", regular)
        italic = paths.get("italic", regular)
        return FontFamily(_family_name(regular, theme.name, role), regular, bold, italic,
                          paths.get("bold_italic", bold if "bold" in paths else italic))
    return _family_from_package(str(setting), theme.name, role)


def _family_from_package(name: str, template: str, role: str) -> FontFamily:
    import fontpkg

    try:
        family = fontpkg.family(name)
    except fontpkg.FontpkgError:
        slug = fontpkg.slugify(name)
        raise TemplateError(Problem(
            f"template '{template}': fonts.{role}: font family '{name}' is not installed",
            "template",
            hint=f"install it with: pip install fontpkg-{slug}, or name TTF files")) from None
    paths = {}
    for face, (weight, style) in _FACE_QUERY.items():
        try:
            paths[face] = fontpkg.path(name, weight, style, nearest=True)
        except fontpkg.FontpkgError:
            paths[face] = None
    regular = paths["regular"] or next(p for p in paths.values() if p)
    if any(f.variable for f in family.files):
        raise TemplateError(f"template '{template}': fonts.{role}: '{name}' is a variable font, "
                            "which PDF output cannot use at other weights; choose a static family "
                            "such as PT Sans or PT Serif")
    return FontFamily(family.name, regular, paths["bold"] or regular, paths["italic"] or regular,
                      paths["bold_italic"] or paths["bold"] or regular)


def _family_name(path: Path, template: str, role: str) -> str:
    """The family name inside a TTF file: Word matches embedded fonts by it, not the file name."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True) as font:
            return font["name"].getBestFamilyName() or path.stem.split("-")[0]
    except (TTLibError, OSError, KeyError, AssertionError) as exc:
        raise TemplateError(Problem(f"template '{template}': fonts.{role}: '{path.name}' is not a "
                                    f"usable TrueType font ({exc})", "template")) from None
