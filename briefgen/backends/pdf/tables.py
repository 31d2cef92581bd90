"""Tables: data tables (the risk register), the key-facts box and side-by-side columns.

Rules, header bands, paddings and spaces are the style's `BoxStyle`s; level cells take their
colours from `Style.levels`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether

from ...document.nodes import Columns, KeyValueList, Paragraph, Table, TableCell
from .boxes import trim_last_space
from .drawing import drawn_width
from .markup import escape
from .stacked import ROWS_PER_PART, StackedTable

if TYPE_CHECKING:
    from .translator import PdfTranslator, Room


def _styled(t: PdfTranslator, cell: TableCell | None, width: float, base: str,
            style: Any) -> list[Any]:
    """A cell's blocks laid out with its paragraphs in `style` (a header, a level cell)."""
    from .translator import Room

    if cell is None:
        return []
    room = Room(width, base, 0, True)
    out: list[Any] = []
    for block in cell.content:
        out += t.visit(block, room, style=style) if isinstance(block, Paragraph) else \
            t.visit(block, room)
    return out


def data_table(t: PdfTranslator, block: Table, room: Room) -> list[Any]:
    ncols = max([len(block.header)] + [len(r) for r in block.rows] + [0])
    if ncols == 0:
        return []
    weights = (list(block.widths) if len(block.widths) == ncols and all(w > 0 for w in block.widths)
               else [1.0] * ncols)
    widths = [room.width * w / sum(weights) for w in weights]
    look = t.box_look(block.role or "table", "table", min(widths))
    # a column whose every cell is a level (low/medium/high) is centred, header included
    level_columns = {c for c in range(ncols) if block.rows and all(
        c < len(r) and t.style.level(r[c].role) for r in block.rows)}
    number_columns = block.number_columns()
    decimals = _decimal_room(t, block, number_columns)
    head = t.styles["table.header"]
    centred = t.styles.variant(head, alignment=1)
    right = t.styles.variant(head, alignment=2)

    def header_row() -> list[Any]:  # made afresh for each page a long table's header tops
        return [_styled(t, block.header[c] if c < len(block.header) else None,
                        widths[c] - 2 * look.padding_x, "table.header",
                        centred if c in level_columns else right if c in number_columns
                        else head) for c in range(ncols)]

    rows = block.rows
    if room.in_cell or len(rows) <= ROWS_PER_PART:
        return [_part(t, header_row() if block.header else [], rows, widths, look,
                      level_columns, decimals, whole=True)]
    parts = [_part(t, [], rows[i:i + ROWS_PER_PART], widths, look, level_columns, decimals,
                   first_row=i) for i in range(0, len(rows), ROWS_PER_PART)]
    header = (lambda: _part(t, header_row(), (), widths, look, level_columns, decimals)) \
        if block.header else None
    return [StackedTable(header, parts, space_before=look.space_before,
                         space_after=look.space_after, min_split=t.split_min)]


def _decimal_room(t: PdfTranslator, block: Table, columns: frozenset[int]) -> dict[int, float]:
    """For each column of numbers, the width of its widest decimal part (".25"): the room
    kept right of the decimal point, so that the points line up down the column."""
    room = {}
    for column in columns:
        widest = 0.0
        for row in block.rows:
            cell = row[column] if column < len(row) else None
            text = _number_text(t, cell)
            if text is not None:
                widest = max(widest, _fraction_width(t, text))
        room[column] = widest
    return room


def _fraction_width(t: PdfTranslator, text: str) -> float:
    """The width of a number's decimal part, point included ('' for a whole number)."""
    if "." not in text:
        return 0.0
    return stringWidth(text[text.index("."):], t.styles.face("table.cell"),
                       t.style.role("table.cell").size)


def _number_text(t: PdfTranslator, cell: TableCell | None) -> str | None:
    """The text of a number cell (one paragraph of plain text), else None."""
    if cell is None or cell.role != "number" or len(cell.content) != 1:
        return None
    paragraph = cell.content[0]
    return t.document.plain_text(paragraph.content) if isinstance(paragraph, Paragraph) else None


def _part(t: PdfTranslator, header_row: list[Any], rows: Any, widths: list[float], look: Any,
          level_columns: set[int], decimals: dict[int, float] | None = None, *,
          whole: bool = False, first_row: int = 0) -> Any:
    """A table of `rows` (under `header_row`, if any), styled as the whole table is."""
    ncols = len(widths)
    data: list[Any] = []
    commands: list[Any] = []
    if header_row:
        data.append(list(header_row))
        commands += [("BACKGROUND", (0, 0), (-1, 0), t.styles.color(look.header)),
                     ("VALIGN", (0, 0), (-1, 0), "BOTTOM")]
    decimals = decimals or {}
    offset = len(data)
    for r, cells in enumerate(rows):
        row = []
        for c in range(ncols):
            cell = cells[c] if c < len(cells) else None
            number = _number_text(t, cell) if c in decimals else None
            if number is not None:  # set right, its decimal point where the column's are
                where = (c, r + offset)
                own = _fraction_width(t, number)
                commands.append(("RIGHTPADDING", where, where,
                                 look.padding_x + decimals[c] - own))
            row.append(_cell(t, cell, widths[c] - 2 * look.padding_x, (c, r + offset),
                             commands, c in decimals))
        data.append(row)
    rule = t.styles.color(look.rule)
    commands[:0] = [  # first: the number cells' own right padding comes after
        ("VALIGN", (0, offset), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), look.padding_x),
        ("RIGHTPADDING", (0, 0), (-1, -1), look.padding_x),
        ("TOPPADDING", (0, 0), (-1, -1), look.padding_y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), look.padding_y),
    ]
    if rows:
        commands.append(("LINEBELOW", (0, offset), (-1, -1), look.rule_width, rule))
    if rows and look.stripe:  # zebra rows, counted across the parts of a long table
        stripes = [None, t.styles.color(look.stripe)]
        commands.insert(0, ("ROWBACKGROUNDS", (0, offset), (-1, -1),
                            stripes if first_row % 2 == 0 else stripes[::-1]))
    if level_columns and rows:  # thin rules keep neighbouring colour-coded cells apart
        commands.append(("LINEBEFORE", (1, offset), (-1, -1), look.rule_width, rule))
    spaces = dict(spaceBefore=look.space_before, spaceAfter=look.space_after) if whole else {}
    return t.table(data, colWidths=widths, repeatRows=1 if header_row and whole else 0,
                   splitInRow=t.split_min, style=commands, **spaces)


def _cell(t: PdfTranslator, cell: TableCell | None, width: float, where: tuple[int, int],
          commands: list[Any], right: bool = False) -> Any:
    from .translator import Room

    if cell is None:
        return ""
    level = t.style.level(cell.role)
    if level is None and right:
        return _styled(t, cell, width, "table.cell",
                       t.styles.variant(t.styles["table.cell"], alignment=2))
    if level is None:
        return t.flow(cell.content, Room(width, "table.cell", 0, True))
    style = t.styles.variant(t.styles["level"], textColor=t.styles.color(level.text))
    commands.append(("BACKGROUND", where, where, t.styles.color(level.background)))
    return _styled(t, cell, width, "level", style)


def key_values(t: PdfTranslator, block: KeyValueList, room: Room) -> list[Any]:
    if not block.items and not block.title:
        return []
    look = t.box_look(block.role or "key-facts", "key-facts", room.width * 0.2)
    label_style, value_style = t.styles["key-facts.label"], t.styles["key-facts.value"]
    # labels are set smaller than values: drop them so that the first baselines line up
    label_style = t.styles.variant(label_style, spaceBefore=max(
        0.0, (value_style.fontSize - label_style.fontSize) * 1.2))
    pad = look.padding_x
    widest = max([drawn_width(k.label, label_style.fontName, label_style.fontSize)
                  for k in block.items] + [0])
    label_w = min(max(widest + 2 * pad + 2, room.width * 0.2), room.width * 0.36)
    data: list[Any] = []
    commands: list[Any] = []
    if block.title:  # in the title band's reversed colours, or as any box's title
        title_style = t.styles["key-facts.title" if look.header else "box.title"]
        data.append([t.para(escape(block.title), title_style), ""])
        if look.header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), t.styles.color(look.header)))
        commands += [("SPAN", (0, 0), (1, 0)),
                     ("TOPPADDING", (0, 0), (-1, 0), pad * 0.7),
                     ("BOTTOMPADDING", (0, 0), (-1, 0), pad * 0.7)]
    offset = len(data)
    for item in block.items:
        data.append([t.para(escape(item.label), label_style),
                     [t.para(c, value_style) for c in t.markup(item.value, value_style)]])
    commands += _key_value_rules(t, look, offset, len(data))
    return [t.table(data, colWidths=[label_w, room.width - label_w],
                    repeatRows=1 if block.title else 0, splitInRow=t.split_min, style=commands,
                    spaceBefore=look.space_before, spaceAfter=look.space_after)]


def _key_value_rules(t: PdfTranslator, look: Any, offset: int, rows: int) -> list[Any]:
    pad, pad_y = look.padding_x, look.padding_y
    commands: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, offset), (-1, -1), pad_y),
        ("BOTTOMPADDING", (0, offset), (-1, -1), pad_y),
    ]
    if look.background:
        commands.append(("BACKGROUND", (0, offset), (-1, -1), t.styles.color(look.background)))
    if look.rule and look.rule_width:
        commands.append(("LINEBELOW", (0, offset), (-1, rows - 2), look.rule_width,
                         t.styles.color(look.rule)))
    if look.accent and look.accent_width:
        commands.append(("LINEBELOW", (0, -1), (-1, -1), look.accent_width,
                         t.styles.color(look.accent), "butt"))
    if rows > offset:  # the box's edge rows: as much room as its sides, or thrice a row's
        edge = pad or pad_y * 3
        commands += [("TOPPADDING", (0, offset), (-1, offset), edge),
                     ("BOTTOMPADDING", (0, -1), (-1, -1), edge)]
    return commands


def columns(t: PdfTranslator, block: Columns, room: Room) -> list[Any]:
    from .translator import Room

    if not block.columns:
        return []
    n = len(block.columns)
    gap = min(t.style.box(block.role or "assessment", "assessment").gap, room.width / (4 * n))
    col_w = (room.width - gap * (n - 1)) / n
    look = t.box_look(block.role or "assessment", "assessment", col_w)
    titles: list[Any] = []
    bodies: list[Any] = []
    widths: list[float] = []
    commands: list[Any] = []
    for i, column in enumerate(block.columns):
        if i:
            titles.append("")
            bodies.append("")
            widths.append(look.gap)
        c = len(titles)
        level = t.style.level_or_neutral(column.role)
        band, ink = level.background, level.text
        titles.append(t.para(escape(column.title), t.styles.variant(
            t.styles["column.title"], textColor=t.styles.color(ink))))
        content = t.flow(column.content, Room(col_w - 2 * look.padding_x, "body", 0, True))
        trim_last_space(t, content)
        bodies.append(content or "")
        widths.append(col_w)
        commands += [
            ("BACKGROUND", (c, 0), (c, 0), t.styles.color(band)),
            ("LINEABOVE", (c, 0), (c, 0), look.accent_width, t.styles.color(ink), "butt"),
            ("BOX", (c, 1), (c, 1), look.rule_width, t.styles.color(look.rule)),
        ]
    pad, pad_y = look.padding_x, look.padding_y
    commands += [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, 0), pad_y), ("BOTTOMPADDING", (0, 0), (-1, 0), pad_y),
        ("TOPPADDING", (0, 1), (-1, 1), pad_y * 1.5), ("BOTTOMPADDING", (0, 1), (-1, 1), pad_y),
    ]
    table = t.table([titles, bodies], colWidths=widths, repeatRows=1, splitInRow=t.split_min,
                    style=commands, spaceBefore=look.space_before, spaceAfter=look.space_after)
    # side-by-side cards that fit on a page stay on one: cut, each would end on a stub, and
    # the second column's start would be read after the first column's end
    return [table] if room.in_cell else [KeepTogether([table])]
