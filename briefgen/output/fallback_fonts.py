"""The fonts that show what a template's own fonts cannot: Noto for Greek, Vietnamese and signs,
Arabic, Devanagari and Thai from font packages, then the system's TrueType fonts (Hebrew, CJK,
emoji) found through fontconfig, only for the characters still without a glyph.

Every backend and the character check before rendering use the same chain, so a character
that passes the check is a character every format can show. A template may put its own
families first (`fonts: {fallback: [...]}`).

Noto's packages are variable fonts, which the PDF uses at their default instance: a bold face
is an instance made with fontTools when a document first sets one, kept in the cache folder.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..digests import file_digest
from ..style.model import FontFamily
from .fonts import _keep, cache_folder

# font-package families in the order they are asked; the first is the serif or sans Noto
PACKAGE_FAMILIES = ("Noto Sans Arabic", "Noto Sans Devanagari", "Noto Sans Thai")
INSTANCE = "instance-2"  # in the name of a kept instance: a new name when the output changes
FONTCONFIG_TIMEOUT = 3.0  # seconds for one fc-list; a slower font system gives no fallback
# a face whose outlines a PDF cannot embed, or that holds pictures instead of outlines
UNUSABLE_TABLES = ("CFF ", "CFF2", "CBDT", "sbix", "SVG ")

_LOCK = threading.Lock()


def is_serif(name: str) -> bool:
    """Whether a family (or face) name says serif: its fallback chain starts at Noto Serif."""
    lowered = name.lower()
    return "serif" in lowered and "sans" not in lowered


def fallback_families(serif: bool, own: tuple[FontFamily, ...] = (),
                      chars: Iterable[str] = ()) -> tuple[FontFamily, ...]:
    """The chain for a face: the template's own fallbacks, Noto Serif or Sans, the script
    packages installed, then the system fonts that have some of `chars` the others lack."""
    chain = own + _package_families(serif)
    wanted = {ord(c) for c in chars}
    if wanted:
        wanted -= covered_by(chain)
    if wanted:
        chain += system_families(frozenset(wanted))
    return chain


def covered_by(families: Iterable[FontFamily]) -> frozenset[int]:
    """The code points the regular faces of `families` have a glyph for."""
    codes: set[int] = set()
    for family in families:
        codes |= code_points(family.regular)
    return frozenset(codes)


@lru_cache(maxsize=64)
def code_points(face: Path) -> frozenset[int]:
    """The code points `face` maps to a glyph (nothing for a file fontTools cannot read)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(face, lazy=True, fontNumber=0) as font:
            return frozenset(font.getBestCmap() or ())
    except Exception:  # an unreadable face is explained where the fonts are resolved
        return frozenset()


@lru_cache(maxsize=2)
def _package_families(serif: bool) -> tuple[FontFamily, ...]:
    families = []
    for name in ("Noto Serif" if serif else "Noto Sans",) + PACKAGE_FAMILIES:
        family = package_family(name)
        if family is not None:
            families.append(family)
    return tuple(families)


def package_family(name: str) -> FontFamily | None:
    """The installed font package `name` as four static faces, or None if not installed."""
    try:
        import fontpkg

        regular = Path(fontpkg.path(name, 400, "normal", nearest=True))
        try:
            italic = Path(fontpkg.path(name, 400, "italic", nearest=False))
        except fontpkg.FontpkgError:
            italic = regular  # scripts without italics stand upright, as they should
        variable = any(f.variable for f in fontpkg.family(name).files)
    except Exception:  # not installed, or not usable: the next family must do
        return None
    if variable:  # one file per slant; `static_face` makes the bold faces when they are used
        return FontFamily(name, regular, regular, italic, italic)
    bold = Path(fontpkg.path(name, 700, "normal", nearest=True))
    bold_italic = bold if italic == regular else Path(fontpkg.path(name, 700, "italic",
                                                                   nearest=True))
    return FontFamily(name, regular, bold, italic, bold_italic)


def static_face(family: FontFamily, bold: bool, italic: bool, *,
                embedded: bool = False) -> Path:
    """The file of a fallback family's face, as a static font: a variable family's bold is
    an instance at 700 (its regular is the file's default instance, which the PDF uses; a
    font `embedded` in a Word file is an instance at 400, as Word embeds no variable font)."""
    face = family.face(bold, italic)
    if (bold or embedded) and _is_variable(face):
        return static_instance(face, 700 if bold else 400)
    return face


@lru_cache(maxsize=64)
def _is_variable(face: Path) -> bool:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(face, lazy=True) as font:
            return "fvar" in font
    except Exception:
        return False


def static_instance(face: Path, weight: int) -> Path:
    """A static copy of the variable font `face` at `weight`, made once and kept in the cache
    folder (in a folder of this process's own where there is none, or it cannot be written:
    the output never depends on a cache); `face` itself if fontTools cannot make one."""
    name = f"{file_digest(face)}-{weight}-{INSTANCE}.ttf"
    with _LOCK:
        for folder in (cache_folder("fonts"), _own_folder()):
            if folder is None:
                continue
            kept = folder / name
            if _usable(kept):
                return kept
            try:
                data = _instance(face, weight)
            except Exception:  # not a variable font after all, or a damaged one
                return face
            _keep(kept, data)
            if _usable(kept):
                return kept
    return face


def _usable(file: Path) -> bool:
    """A kept instance that is whole: a TrueType header (a damaged one is made again)."""
    try:
        with file.open("rb") as handle:
            return handle.read(4) == b"\x00\x01\x00\x00" and file.stat().st_size > 1024
    except OSError:
        return False


@lru_cache(maxsize=1)
def _own_folder() -> Path:
    import atexit
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="briefgen-fonts-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _instance(face: Path, weight: int) -> bytes:
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    with TTFont(face) as font:
        axes = {axis.axisTag: axis for axis in font["fvar"].axes}
        location = {tag: (weight if tag == "wght" else axis.defaultValue)
                    for tag, axis in axes.items()}
        location["wght"] = min(max(weight, axes["wght"].minValue), axes["wght"].maxValue)
        static = instancer.instantiateVariableFont(font, location, updateFontNames=True)
        out = io.BytesIO()
        static.save(out)
        return out.getvalue()


@lru_cache(maxsize=32)
def system_families(wanted: frozenset[int]) -> tuple[FontFamily, ...]:
    """System TrueType families, as few as will do, that have the `wanted` code points:
    fontconfig is asked for the fonts with each character, the one with the most is taken
    first. Nothing when fontconfig is not installed."""
    fc_list = shutil.which("fc-list")
    if fc_list is None or not wanted:
        return ()
    candidates: dict[str, dict[str, Path]] = {}  # family → style → file
    blocks: dict[int, int] = {}  # one character per 128-code block: each script is asked for
    for code in sorted(wanted):
        blocks.setdefault(code >> 7, code)
    for code in list(blocks.values())[:64]:
        for family, style, path in _fonts_with(fc_list, code):
            candidates.setdefault(family, {}).setdefault(style, path)
    chosen: list[FontFamily] = []
    left = set(wanted)
    while left and candidates:
        scored = {name: len(left & code_points(_regular(faces)))
                  for name, faces in candidates.items()}
        best = max(sorted(scored), key=lambda name: scored[name])
        if scored[best] == 0:
            break
        faces = candidates.pop(best)
        regular = _regular(faces)
        bold = faces.get("bold", regular)
        chosen.append(FontFamily(best, regular, bold, faces.get("italic", regular),
                                 faces.get("bold italic", bold)))
        left -= code_points(regular)
    return tuple(chosen)


def _regular(faces: dict[str, Path]) -> Path:
    return faces.get("regular") or faces.get("book") or next(iter(faces.values()))


@lru_cache(maxsize=256)
def _fonts_with(fc_list: str, code: int) -> tuple[tuple[str, str, Path], ...]:
    try:
        listed = subprocess.run(
            [fc_list, f":charset={code:x}", "--format", "%{family[0]}\t%{style[0]}\t%{file}\n"],
            capture_output=True, text=True, timeout=FONTCONFIG_TIMEOUT, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    found = []
    for line in sorted(listed.splitlines()):
        family, _, rest = line.partition("\t")
        style, _, file = rest.partition("\t")
        path = Path(file)
        if family and path.suffix.lower() == ".ttf" and _embeddable(path):
            found.append((family, style.lower(), path))
    return tuple(found)


@lru_cache(maxsize=256)
def _embeddable(path: Path) -> bool:
    """A TrueType face with outlines (not CFF, not colour bitmaps) that fontTools can read."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True) as font:
            return "glyf" in font and not any(tag in font for tag in UNUSABLE_TABLES)
    except Exception:
        return False


def script_families(text: str, serif: bool,
                    own: tuple[FontFamily, ...] = ()) -> dict[str, FontFamily]:
    """The fallback families a document's `text` needs in Word's two script slots:
    "complex" (Arabic, Hebrew, Indic, Thai: shaped, or right to left) and "east_asian"."""
    from .scripts import COMPLEX, EAST_ASIAN

    found: dict[str, FontFamily] = {}
    for slot, pattern in (("complex", COMPLEX), ("east_asian", EAST_ASIAN)):
        chars = set(pattern.findall(text))
        if not chars:
            continue
        codes = {ord(c) for c in chars}
        best = max(fallback_families(serif, own, sorted(chars)),
                   key=lambda family: len(codes & code_points(family.regular)), default=None)
        if best is not None and codes & code_points(best.regular):
            found[slot] = best
    return found


def other_complex_families(text: str, serif: bool, own: tuple[FontFamily, ...],
                           main: FontFamily | None) -> dict[str, FontFamily]:
    """The complex-script letters of `text` that `main` (the family of Word's one
    complex-script slot) lacks, each with the first family of the chain that has it: an
    Arabic brief quoting Hindi sets the Devanagari in its own face, run by run."""
    from .scripts import COMPLEX

    have = code_points(main.regular) if main is not None else frozenset()
    chars = {c for c in COMPLEX.findall(text) if ord(c) not in have}
    if not chars:
        return {}
    chain = fallback_families(serif, own, sorted(chars))
    found: dict[str, FontFamily] = {}
    for char in chars:
        family = next((f for f in chain if ord(char) in code_points(f.regular)), None)
        if family is not None and family != main:
            found[char] = family
    return found
