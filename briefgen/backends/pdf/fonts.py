"""TrueType fonts for the PDF backend: each file registered with ReportLab once per process.

Registering a face parses the whole TTF, so faces are cached by file path and a family is only
registered when a document uses it. Every face is embedded (subset) by ReportLab; nothing falls
back to the base-14 fonts.
"""

from __future__ import annotations

import io
import re
import threading
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from ...errors import TemplateError
from ...output.fonts import unhinted_font
from ...style.model import FontFamily, Style, TextStyle

_LOCK = threading.Lock()
_BY_PATH: dict[str, str] = {}  # resolved TTF path → registered font name
_FAMILIES: dict[tuple[str, str, str, str], Faces] = {}
_FACE_NAMES: set[bytes] = set()  # PostScript names of the faces registered


@dataclass(frozen=True, slots=True)
class Faces:
    """The registered names of a family's four faces, and the characters its regular face has."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    charset: frozenset[int]

    def face(self, bold: bool = False, italic: bool = False) -> str:
        if bold and italic:
            return self.bold_italic
        return self.bold if bold else self.italic if italic else self.regular


class PdfFonts:
    """The registered faces of a style's three families (mono only when the document has code)."""

    def __init__(self, style: Style, *, needs_mono: bool):
        self.body = register_family(style.fonts.body)
        self.heading = register_family(style.fonts.heading)
        self.mono = register_family(style.fonts.mono) if needs_mono else None

    def family(self, which: str) -> Faces:
        faces = {"body": self.body, "heading": self.heading, "mono": self.mono}[which]
        return faces if faces is not None else self.body

    def face(self, text: TextStyle) -> str:
        """The registered face a text style is set in."""
        return self.family(text.font).face(text.bold, text.italic)


def register_family(family: FontFamily, *, unhinted: bool = True) -> Faces:
    """Register (once) the four faces of `family` and map them as one family for <b>/<i>;
    `unhinted` embeds them without hinting (static fonts only)."""
    key = (str(family.regular), str(family.bold), str(family.italic), str(family.bold_italic))
    with _LOCK:
        faces = _FAMILIES.get(key)
        if faces is not None:
            return faces
        from reportlab.lib.fonts import addMapping

        names = [_register_face(Path(p), unhinted) for p in key]
        regular = _font(names[0])
        charset = frozenset(regular.face.charToGlyph)
        # The family key is the regular face's name, so <b>, <i> and <b><i> inside a paragraph
        # find the right face. Plainest face last: when one file serves several faces (a family
        # without italics), the reverse lookup must say "regular", not "italic".
        styles = ((0, 0), (1, 0), (0, 1), (1, 1))
        for (bold, italic), name in reversed(list(zip(styles, names))):
            addMapping(names[0], bold, italic, name)
        faces = Faces(names[0], names[1], names[2], names[3], charset=charset)
        _FAMILIES[key] = faces
        return faces


def _register_face(path: Path, unhinted: bool) -> str:
    resolved = str(path)
    name = _BY_PATH.get(resolved)
    if name is not None:
        return name
    from reportlab.pdfbase import pdfmetrics

    base = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-") or "font"
    name, n = base, 2
    taken = set(_BY_PATH.values())
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    font = _load_face(name, path, unhinted)
    # ReportLab hands out the first font registered under a PostScript name for every later
    # file with that name: a template's own build of PT Serif would be set in the package's.
    face_name = font.face.name
    n = 2
    while font.face.name in _FACE_NAMES:
        font.face.name, n = face_name + b"-%d" % n, n + 1
    pdfmetrics.registerFont(font)
    _FACE_NAMES.add(font.face.name)
    _BY_PATH[resolved] = name
    return name


def _load_face(name: str, path: Path, unhinted: bool):
    """The ReportLab font of the file at `path`, from its unhinted copy if asked (made again
    if a kept copy does not load)."""
    from reportlab.pdfbase.ttfonts import TTFont

    def load(source) -> TTFont:
        return TTFont(name, source, asciiReadable=1)  # as pinned: RL_* cannot change it

    try:
        if unhinted:
            try:
                return load(io.BytesIO(unhinted_font(path)))
            except Exception:
                return load(io.BytesIO(unhinted_font(path, fresh=True)))
        return load(str(path))
    except Exception as exc:  # a damaged or non-TrueType file named by a template
        raise TemplateError(f"cannot use font file '{path.name}' in a PDF: {exc}") from None


def _font(name: str):
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(name)


# --- glyph fallback ---------------------------------------------------------------------------
# Characters a face lacks are set in the first face of the fallback chain that has them
# (output/fallback_fonts: Noto, the script packages, then system fonts). A fallback family is
# registered only when a document needs it, so a brief its theme fonts cover never embeds one.

_CHARSETS: dict[str, frozenset[int]] = {}  # registered font name → code points its cmap maps
_CHAINS: dict[tuple[bool, frozenset[int], tuple[FontFamily, ...]], tuple[FontFamily, ...]] = {}
# the template's own fallback families (fonts.fallback) of the document being written
own_fallback: ContextVar[tuple[FontFamily, ...]] = ContextVar("own_fallback", default=())


def charset(name: str) -> frozenset[int]:
    """The code points the registered font `name` has a glyph for (cached per face)."""
    found = _CHARSETS.get(name)
    if found is None:
        try:
            font = _font(name)
            face = getattr(font, "face", None)
            if face is not None and hasattr(face, "charToGlyph"):
                found = frozenset(c for c in face.charToGlyph if not 0xE000 <= c <= 0xF8FF)
            else:  # a base-14 font: Latin-1 at best
                found = frozenset(range(0x20, 0x7F)) | frozenset(range(0xA0, 0x100))
        except Exception:
            found = frozenset()
        _CHARSETS[name] = found
    return found


def fallback_chain(primary: str, missing: frozenset[int]) -> tuple[FontFamily, ...]:
    """The fallback families for the face `primary` that have some of the `missing` code
    points, in the order they are tried."""
    from ...output.fallback_fonts import fallback_families, is_serif

    serif = is_serif(primary)
    own = own_fallback.get()
    key = (serif, missing, own)
    chain = _CHAINS.get(key)
    if chain is None:
        chain = tuple(family for family in fallback_families(serif, own, map(chr, missing))
                      if missing & charset_of(family))
        if len(_CHAINS) > 256:  # a long-lived process sees many character sets
            _CHAINS.clear()
        _CHAINS[key] = chain
    return chain


def fallback_face(family: FontFamily, bold: bool, italic: bool) -> str:
    """The registered name of a fallback family's face (registered on first use, whole:
    its layout tables are what shaping reads)."""
    from ...output.fallback_fonts import static_face

    return _register_face(static_face(family, bold, italic), unhinted=False)


def charset_of(family: FontFamily) -> frozenset[int]:
    from ...output.fallback_fonts import code_points

    return code_points(family.regular)
