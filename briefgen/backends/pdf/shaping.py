"""Two mends to ReportLab 5.1's text shaping (uharfbuzz), which briefgen turns on only for
paragraphs in scripts that need it (Arabic, Hebrew, Indic, Thai…):

- a word whose letters are set in two fonts (an Arabic word with a Latin bracket from the
  theme's face; a name in the fallback font followed by a comma) is shaped by ReportLab with
  the first font only, which picks wrong glyphs and then fails; here each font's part of the
  word is shaped with its own font;
- a text object whose first shaped glyph sits above the baseline (an Arabic mark) fails in
  `setRise` on an empty operator list; `ShapingTextObject` starts it with an empty operator;
- a shaped word's glyphs stand for other characters than its own (a letter's joining form, a
  dotless skeleton and its dots, a ligature under a private-use code), so the PDF's text layer
  would show those; here each shaped word is drawn inside a marked-content span whose
  /ActualText is the word as written (a right-to-left word in the order of its glyphs, which
  readers such as poppler reverse with the line), so that `pdftotext` gives the words, and
  characters beyond U+FFFF map to their UTF-16 pairs in the fonts' ToUnicode tables.
"""

from __future__ import annotations

from itertools import groupby, pairwise
from typing import Any

from reportlab.pdfgen.textobject import PDFTextObject

_INSTALLED = False
PRIVATE = range(0xE000, 0xF900)
_SOURCES: dict[str, dict[int, str]] = {}  # face name → private code → the characters shaped
_WORDS: dict[tuple[str, str], str] = {}  # (font, shaped glyph string) → the word as written
MAX_WORDS = 200_000  # remembered words; a long-lived process starts again past this


class ShapingTextObject(PDFTextObject):
    def setRise(self, rise):
        if not self._code:
            self._code.append("")
        super().setRise(rise)

    def _formatText(self, text):
        code = super()._formatText(text)
        written = None
        if hasattr(text, "__shapeData__"):
            written = _WORDS.get((self._fontname, text))
            if written is None and " " in text:  # several words in one piece (no reordering)
                from .bidi import split_spaces

                words = [_WORDS.get((self._fontname, piece)) if piece.strip() else piece
                         for piece in split_spaces(text)]
                if any(word is not None for word in words):
                    written = "".join(word if word is not None else str(piece)
                                      for word, piece in zip(words, split_spaces(text)))
        if written is None or not code:
            return code
        from .bidi import visual_text, word_direction

        if word_direction(written) in ("R", "AL"):  # as its glyphs stand: readers reorder
            written = visual_text(written, True)
        return f"/Span <</ActualText <FEFF{_utf16(written)}>>> BDC {code} EMC"


def install() -> None:
    """Shape a frag word font by font in ReportLab's paragraphs (once per process)."""
    global _INSTALLED
    if _INSTALLED:
        return
    from reportlab.platypus import paragraph

    from reportlab.pdfbase import ttfonts

    whole_word = paragraph.shapeFragWord
    paragraph.shapeFragWord = lambda word, *args, **kwargs: shape_by_font(
        word, whole_word, *args, **kwargs)
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap(ttfonts.makeToUnicodeCMap)
    _INSTALLED = True


def logical(text: str, font: str) -> str:
    """The characters that `text`, as set in the registered `font`, shows: a shaped word as
    written, private codes of shaped glyphs replaced by what they were shaped from."""
    written = _WORDS.get((font, text)) if hasattr(text, "__shapeData__") else None
    if written is not None:
        return written
    if not any(ord(ch) in PRIVATE for ch in text):
        return text
    sources = _SOURCES.get(_face_name(font), {})
    return "".join(sources.get(ord(ch), ch) for ch in text)


def _face_name(font: str) -> str:
    from reportlab.pdfbase.pdfmetrics import getFont

    face = getattr(getFont(font), "face", None)
    name = getattr(face, "name", b"")
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def _remember_sources(word: list[Any], shaped: list[Any]) -> None:
    """Note what each private code of `shaped` (the shaped `word`) was shaped from."""
    text = "".join(part for frag, part in _pairs(word) if not hasattr(frag, "cbDefn"))
    if len(_WORDS) > MAX_WORDS:
        _WORDS.clear()
    shaped_parts = [(frag, part) for frag, part in _pairs(shaped) if not hasattr(frag, "cbDefn")]
    if len(shaped_parts) == 1:
        _WORDS[(shaped_parts[0][0].fontName, str(shaped_parts[0][1]))] = text
    for frag, part in _pairs(shaped):
        data = getattr(part, "__shapeData__", None)
        if not data or not any(ord(ch) in PRIVATE for ch in part):
            continue
        starts = sorted({d.cluster for d in data if d.cluster >= 0} | {len(text)})
        ends = dict(pairwise(starts))
        sources = _SOURCES.setdefault(_face_name(frag.fontName), {})
        for ch, d in zip(part, data):
            if ord(ch) in PRIVATE and ord(ch) not in sources and d.cluster in ends:
                sources[ord(ch)] = text[d.cluster:ends[d.cluster]]


def _pairs(word: list[Any]) -> list[tuple[Any, Any]]:
    """A frag word's (frag, text) pairs; an anchor ReportLab puts back after shaping comes
    as a one-item list, and has no text."""
    return [part for part in word[1:] if isinstance(part, tuple) and len(part) == 2]


def _to_unicode_cmap(original: Any) -> Any:
    def make(fontname: str, subset: list[int]) -> str:
        face = fontname.partition("+")[2]
        sources = _SOURCES.get(face) or next(
            (v for k, v in _SOURCES.items() if k and face.startswith(k)), {})
        if not sources and all(code <= 0xFFFF for code in subset):
            return original(fontname, subset)
        cmap = original(fontname, [0] * len(subset)).splitlines()
        first = next(i for i, line in enumerate(cmap) if line.endswith("beginbfchar"))
        cmap[first + 1:first + 1 + len(subset)] = [
            f"<{index:02X}> <{_utf16(sources.get(code) or chr(code))}>"
            for index, code in enumerate(subset)]
        return "\n".join(cmap)
    return make


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def shape_by_font(word: list[Any], shape: Any, *args: Any, **kwargs: Any) -> list[Any]:
    """`word` ([width, (frag, text), …]) shaped by `shape` in runs of one font each."""
    from reportlab.pdfbase.ttfonts import ShapedFragWord, makeShapedFragWord

    if isinstance(word, ShapedFragWord):
        return word
    anchors = [part for part in word[1:] if hasattr(part[0], "cbDefn")]
    if anchors:  # ReportLab puts them back in a form its line breaking cannot read: set aside
        rest = word.__class__([word[0]] + [p for p in word[1:] if not hasattr(p[0], "cbDefn")])
        shaped = shape_by_font(rest, shape, *args, **kwargs) if len(rest) > 1 else rest
        return shaped.__class__([shaped[0], *anchors, *shaped[1:]])
    parts = word[1:]
    fonts = {getattr(frag, "fontName", None) for frag, _ in parts if not hasattr(frag, "cbDefn")}
    if len(fonts) <= 1:
        shaped = shape(word, *args, **kwargs)
        if shaped is not word:
            _remember_sources(word, shaped)
            pieces = shaped[1:]
            if len(pieces) > 1 and len(_pairs(shaped)) == len(pieces) and _right_to_left(word):
                # HarfBuzz gave the pieces (say و and an italic آسيا) in the order their
                # glyphs stand; the line's reordering expects them in reading order
                shaped[1:] = pieces[::-1]
        return shaped
    pieces = []
    for _, group in groupby(parts, key=lambda part: getattr(part[0], "fontName", None)):
        run = list(group)
        pieces.append(shape(word.__class__([_width(run)] + run), *args, **kwargs))
    if all(piece[1:] == run for piece, run in zip(pieces, _runs(parts))):
        return word  # nothing was shaped
    shaped = makeShapedFragWord(word)([sum(piece[0] for piece in pieces)])
    for piece, run in zip(pieces, _runs(parts)):
        shaped.extend(piece[1:])
        if piece[1:] != run:
            _remember_sources([0] + run, piece)
    return shaped


def _right_to_left(word: list[Any]) -> bool:
    from .bidi import word_direction

    text = "".join(part for frag, part in _pairs(word) if not hasattr(frag, "cbDefn"))
    return word_direction(text) in ("R", "AL")


def _runs(parts: list[Any]) -> list[list[Any]]:
    return [list(group) for _, group in groupby(
        parts, key=lambda part: getattr(part[0], "fontName", None))]


def _width(run: list[Any]) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(getattr(frag, "width", 0) if hasattr(frag, "cbDefn")
               else stringWidth(text, frag.fontName, frag.fontSize) for frag, text in run)
