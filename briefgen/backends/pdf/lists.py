"""Bulleted and numbered lists: markers and indents from the style's `ListStyle`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.platypus import KeepTogether

from .bidi import mirrored
from ...document.nodes import ListBlock, Paragraph
from .markup import escape
from .notes import tag_notes

if TYPE_CHECKING:
    from .translator import PdfTranslator, Room

SHORT_LIST = 0.3  # a list shorter than this share of a page is never split across pages
ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90), ("l", 50),
         ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))


def item_number(number: int, kind: str) -> str:
    """`number` written as the list format `kind` asks (decimal, lower-alpha, lower-roman)."""
    if kind == "lower-alpha" and number > 0:
        letters = ""
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters
    if kind == "lower-roman" and 0 < number < 4000:
        out = ""
        for letters, value in ROMAN:
            while number >= value:
                out, number = out + letters, number - value
        return out
    return str(number)


def list_flowables(t: PdfTranslator, block: ListBlock, room: Room) -> list[Any]:
    lists = t.style.lists
    base = t.styles[room.base]
    indent = lists.indent
    left = (room.depth + 1) * indent
    bullet = lists.bullet(block.role, room.depth)
    strong = block.ordered or block.role in lists.role_bullets
    item_style = t.styles.variant(
        base, leftIndent=left, bulletIndent=left - indent + base.fontSize * 0.15,
        bulletFontName=t.styles.fonts.heading.bold if strong else t.styles.fonts.body.regular,
        bulletFontSize=base.fontSize * (0.95 if block.ordered else 1.0),
        bulletColor=t.styles.color(lists.number_color if block.ordered else bullet.color),
        spaceAfter=lists.item_space)
    follow_style = t.styles.variant(item_style, spaceBefore=0)
    out: list[Any] = []
    for number, item in enumerate(block.items, block.start):
        marker = (item_number(number, lists.number_format(room.depth)) + lists.number_suffix
                  if block.ordered else bullet.glyph)
        if t.styles.right_to_left:  # an arrow bullet points the way the brief reads
            marker = mirrored(marker)
        flowables = _item(t, item, room, item_style, follow_style, escape(marker), left)
        if not room.in_cell:  # each item keeps room for its own notes on its own page
            tag_notes(t, list(item), flowables)
        out += flowables
    if out and hasattr(out[-1], "style"):
        out[-1].style = t.styles.variant(out[-1].style, spaceAfter=base.spaceAfter)
    # a short list stays in one piece rather than leave an item alone on a page
    if (room.depth == 0 and not room.in_cell and out
            and t.height(out, room.width) < t.styles.page.frame_height * SHORT_LIST):
        return [KeepTogether(out)]
    return out


def _item(t: PdfTranslator, item: tuple[Any, ...], room: Room, first_style: Any,
          follow_style: Any, marker: str, left: float) -> list[Any]:
    from .translator import Room

    out: list[Any] = []
    first = True
    for sub in item:
        if isinstance(sub, Paragraph):
            out += t.visit(sub, room, style=first_style if first else follow_style,
                           **({"bulletText": marker} if first else {}))
        elif isinstance(sub, ListBlock):
            out += t.visit(sub, Room(room.width, room.base, room.depth + 1, room.in_cell))
        else:  # a figure or a box inside an item: laid out as in a cell, shifted right
            inner = t.visit(sub, room.inside(room.width - left))
            if inner:
                out.append(t.table([[inner]], colWidths=[room.width], style=[
                    ("LEFTPADDING", (0, 0), (-1, -1), left),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        first = False
    if first:  # an empty item still shows its bullet
        out.append(t.para("", first_style, bulletText=marker))
    return out
