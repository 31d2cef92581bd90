"""TrueType fonts for the PDF backend: each file registered with ReportLab once per process.

Registering a face parses the whole TTF, so faces are cached by file path and a family is only
registered when a document uses it. Every face is embedded (subset) by ReportLab; nothing falls
back to the base-14 fonts.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import TemplateError
from ..fonts import FontFamily

_LOCK = threading.Lock()
_BY_PATH: dict[str, str] = {}  # resolved TTF path → registered font name
_FAMILIES: dict[tuple[str, str, str, str], "Faces"] = {}


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

    def covers(self, text: str) -> bool:
        charset = self.charset
        return all(ord(c) in charset or c.isspace() for c in text)


def register_family(family: FontFamily) -> Faces:
    """Register (once) the four faces of `family` and map them as one family for <b>/<i>."""
    key = tuple(str(Path(p)) for p in (family.regular, family.bold, family.italic,
                                       family.bold_italic))
    with _LOCK:
        faces = _FAMILIES.get(key)
        if faces is not None:
            return faces
        from reportlab.lib.fonts import addMapping

        names = [_register_face(Path(p)) for p in key]
        regular = _font(names[0])
        charset = frozenset(regular.face.charToGlyph)
        # The family key is the regular face's name, so <b>, <i> and <b><i> inside a paragraph
        # find the right face. Plainest face last: when one file serves several faces (a family
        # without italics), the reverse lookup must say "regular", not "italic".
        styles = ((0, 0), (1, 0), (0, 1), (1, 1))
        for (bold, italic), name in reversed(list(zip(styles, names))):
            addMapping(names[0], bold, italic, name)
        faces = Faces(*names, charset=charset)
        _FAMILIES[key] = faces
        return faces


def _register_face(path: Path) -> str:
    resolved = str(path)
    name = _BY_PATH.get(resolved)
    if name is not None:
        return name
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    base = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-") or "font"
    name, n = base, 2
    taken = set(_BY_PATH.values())
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    try:
        font = TTFont(name, resolved, asciiReadable=1)  # as pinned: RL_* cannot change it
    except Exception as exc:  # a damaged or non-TrueType file named by a template
        raise TemplateError(f"cannot use font file '{path.name}' in a PDF: {exc}") from None
    pdfmetrics.registerFont(font)
    _BY_PATH[resolved] = name
    return name


def _font(name: str):
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(name)
