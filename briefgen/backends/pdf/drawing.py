"""Text drawn straight on the canvas (running header, matrix labels, late numbers): shortened to
fit, aligned left, centre or right."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from .markup import clean

ELLIPSIS = "\u2026"


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """`text` shortened with an ellipsis so that it fits `width` (one line, canvas text)."""
    text = " ".join(clean(text).split())
    if drawn_width(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if drawn_width(text[:mid].rstrip() + ELLIPSIS, font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return (text[:low].rstrip() + ELLIPSIS) if low else ""



def drawn_width(text: str, font: str, size: float) -> float:
    """The width `text` takes when drawn: in the faces that have its letters, and shaped
    (joined Arabic is narrower than its letters one by one)."""
    if not _needs_paragraph(text, font):
        return stringWidth(text, font, size)
    from .fonts import own_fallback

    return _shaped_width(text, font, size, own_fallback.get())


@lru_cache(maxsize=4096)
def _shaped_width(text: str, font: str, size: float, _fallback: Any) -> float:
    # keyed by the template's own fallback families too: they choose the faces
    return _line_paragraph([(text, font, None)], size)[1]


Run = tuple[str, str, Any]  # text, font, colour


def runs_width(runs: list[Run], size: float) -> float:
    return sum(drawn_width(text, font, size) for text, font, _ in runs)


def fit_runs(runs: list[Run], size: float, width: float) -> list[Run]:
    """`runs` shortened from the end, with an ellipsis, so that they fit `width`."""
    if runs_width(runs, size) <= width:
        return runs
    out: list[Run] = []
    left = width
    for text, font, color in runs:
        run_width = drawn_width(text, font, size)
        if run_width <= left:
            out.append((text, font, color))
            left -= run_width
            continue
        shortened = fit_text(text, font, size, left)
        if shortened:
            out.append((shortened, font, color))
        break
    return out


def draw_runs(canv: Any, x: float, y: float, align: str, runs: list[Run], size: float) -> None:
    """Draw runs of text one after the other, the whole line aligned at `x`, as one text
    object (so that text extraction reads the line as one). A line with letters its fonts
    lack, or in a script that must be shaped or runs right to left, is set as a paragraph,
    which has the fallback chain, shaping and visual order."""
    if any(_needs_paragraph(text, font) for text, font, _ in runs):
        _draw_as_paragraph(canv, x, y, align, runs, size)
        return
    merged: list[Run] = []
    for text, font, color in runs:  # neighbours in the same face are one run
        if merged and merged[-1][1:] == (font, color):
            merged[-1] = (merged[-1][0] + text, font, color)
        else:
            merged.append((text, font, color))
    total = runs_width(merged, size)
    start = x - total if align == "right" else x - total / 2 if align == "center" else x
    line = canv.beginText(start, y)
    for index, (text, font, color) in enumerate(merged):
        line.setFont(font, size)
        line.setFillColor(color)
        if index == len(merged) - 1:
            line.textLine(text)  # ends the line, as drawString does: extraction breaks here
        else:
            line.textOut(text)
    canv.drawText(line)


def _needs_paragraph(text: str, font: str) -> bool:
    from ...output.scripts import needs_shaping
    from .fonts import charset

    have = charset(font)
    return needs_shaping(text) or any(ord(c) not in have for c in text if not c.isspace())


def _draw_as_paragraph(canv: Any, x: float, y: float, align: str, runs: list[Run],
                       size: float) -> None:
    from reportlab.pdfbase.pdfmetrics import getAscentDescent

    para, width = _line_paragraph(runs, size)
    start = x - width if align == "right" else x - width / 2 if align == "center" else x
    ascent = getAscentDescent(runs[0][1], size)[0]
    para.drawOn(canv, start, y - size + ascent)


def _line_paragraph(runs: list[Run], size: float) -> tuple[Any, float]:
    """The runs as a one-line paragraph, wrapped, and the width its line takes."""
    from reportlab.lib.styles import ParagraphStyle

    from .flowables import MemoParagraph
    from .markup import escape, escape_attr

    markup = "".join(f'<font name="{escape_attr(font)}"{_color_attr(color)}>'
                     f"{escape(text)}</font>" for text, font, color in runs if text)
    style = ParagraphStyle("canvas-line", fontName=runs[0][1], fontSize=size, leading=size)
    if any(_right_to_left(text) for text, _, _ in runs):
        style.right_to_left = True  # the whole line in visual order, at its right
    para = MemoParagraph(markup, style)
    room = 10_000.0
    para.wrap(room, room)
    lines = para.blPara.lines
    extra = (lines[0][0] if para.blPara.kind == 0 else lines[0].extraSpace) if lines else room
    return para, room - extra


def _right_to_left(text: str) -> bool:
    from ...output.scripts import has_right_to_left

    return has_right_to_left(text)


def _color_attr(color: Any) -> str:
    if color is None:  # measured only
        return ""
    value = color.hexval() if hasattr(color, "hexval") else "0x000000"
    return f' color="#{value[2:].rjust(6, "0")}"'
