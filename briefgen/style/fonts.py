"""Resolve a template's font settings to TrueType files: a font-package family, or TTF paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Problem, TemplateError
from .model import FontFamily

FACES = ("regular", "bold", "italic", "bold_italic")
MAX_FONT_BYTES = 64 * 1024 * 1024  # the largest TrueType families (CJK) are about 20 MB
TRUETYPE = (b"\x00\x01\x00\x00", b"true")
# Other font flavours by their first four bytes, and what to do instead
FLAVOURS = {
    b"OTTO": ("an OpenType font with PostScript (CFF) outlines, which PDF output cannot embed",
              "use the TrueType (.ttf) edition of the family"),
    b"wOFF": ("a WOFF web font", "name the family's .ttf file; a web font is a compressed copy"),
    b"wOF2": ("a WOFF2 web font", "name the family's .ttf file; a web font is a compressed copy"),
    b"ttcf": ("a font collection (.ttc)", "extract the one face you want to a .ttf file"),
}
_FACE_QUERY = {"regular": (400, "normal"), "bold": (700, "normal"),
               "italic": (400, "italic"), "bold_italic": (700, "italic")}


def resolve_font(setting: Any, theme: Any, role: str) -> FontFamily:
    """The family for `setting` (a family name, or {regular, bold, …} TTF paths in the template)."""
    if isinstance(setting, dict):
        paths = {face: theme.asset(setting[face]) for face in FACES if setting.get(face)}
        for face, path in paths.items():
            _check_font_file(path, theme.name, role, face)
        regular = paths["regular"]
        bold = paths.get("bold", regular)
        italic = paths.get("italic", regular)
        return FontFamily(_family_name(regular, theme.name, role), regular, bold, italic,
                          paths.get("bold_italic", bold if "bold" in paths else italic))
    return _family_from_package(str(setting), theme.name, role)


def resolve_fallback(setting: Any, theme: Any, role: str) -> FontFamily:
    """A fallback family of the template: TTF files, or an installed font package, which may
    be a variable font (set at its default weight, and at an instance made for bold)."""
    if isinstance(setting, dict):
        return resolve_font(setting, theme, role)
    from ..output.fallback_fonts import package_family

    family = package_family(str(setting))
    if family is None:
        raise TemplateError(Problem(
            f"template '{theme.name}': fonts.{role}: font family '{setting}' is not installed",
            "template", hint=f"install it with: pip install fontpkg-{_slug(str(setting))}, "
            "or name TTF files"))
    return family


def _slug(name: str) -> str:
    import fontpkg

    return str(fontpkg.slugify(name))


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


def _check_font_file(path: Path, template: str, role: str, face: str) -> None:
    """A TrueType file of a sane size, known before any font library reads it whole."""
    def refuse(what: str, hint: str = "") -> None:
        raise TemplateError(Problem(f"template '{template}': fonts.{role}.{face}: "
                                    f"'{path.name}' is {what}", "template", hint=hint))

    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        refuse(f"not readable ({exc.strerror})")
    if size > MAX_FONT_BYTES:
        refuse(f"too large for a font ({size:,} bytes; the limit is {MAX_FONT_BYTES:,})")
    if magic in FLAVOURS:
        refuse(*FLAVOURS[magic])
    if magic not in TRUETYPE:
        refuse("not a TrueType font file", "name a .ttf file")


REQUIRED_TABLES = ("cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post")


def _family_name(path: Path, template: str, role: str) -> str:
    """The family name inside a TTF file: Word matches embedded fonts by it, not the file name.

    The file is read through once here, table by table, so that a damaged font is this
    template's located error rather than a failure deep inside a renderer."""
    from fontTools.ttLib import TTFont

    def refuse(reason: str) -> TemplateError:
        return TemplateError(Problem(f"template '{template}': fonts.{role}: '{path.name}' is "
                                     f"not a usable TrueType font ({reason})", "template",
                                     hint="name an intact .ttf file (re-download it)"))

    try:
        with TTFont(path, lazy=False) as font:
            missing = [tag for tag in REQUIRED_TABLES if tag not in font]
            if missing:
                raise refuse(f"it has no '{missing[0]}' table")
            for tag in REQUIRED_TABLES:
                font[tag]  # decompiles the table: a damaged one fails now
            names = font["name"]
            if font.getBestCmap() is None:
                raise refuse("it has no Unicode character map")
            if names.getDebugName(6) is None:
                raise refuse("its name table has no PostScript name")
            return names.getBestFamilyName() or path.stem.split("-")[0]
    except TemplateError:
        raise
    except Exception as exc:  # fontTools raises many kinds for a damaged file; each means this
        raise refuse(f"{type(exc).__name__}: {exc}"[:200]) from None
