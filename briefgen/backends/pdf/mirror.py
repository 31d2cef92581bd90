"""A table turned for a right-to-left brief: its columns in reverse order, and every style
command that names columns, sides or alignment mirrored with them. Boxes, key facts, numbered
pillars and the risk register are tables, so they all read from the right."""

from __future__ import annotations

from typing import Any

SIDES = {"LEFTPADDING": "RIGHTPADDING", "RIGHTPADDING": "LEFTPADDING",
         "LINEBEFORE": "LINEAFTER", "LINEAFTER": "LINEBEFORE"}
ALIGNMENTS = {"LEFT": "RIGHT", "RIGHT": "LEFT"}


def mirrored_table(data: list[list[Any]], commands: list[tuple], widths: Any) -> tuple[
        list[list[Any]], list[tuple], Any]:
    """`data`, `commands` and column `widths` with the columns in reverse order."""
    count = max((len(row) for row in data), default=0)
    if count < 1:
        return data, commands, widths
    rows = [list(reversed(row)) for row in data]
    if isinstance(widths, (list, tuple)):
        widths = list(reversed(widths))
    mirrored = [mirrored_command(command, count) for command in commands]
    for _, (left, top), (right, _bottom), *_ in (c for c in mirrored if c[0] == "SPAN"):
        row = rows[top] if -len(rows) <= top < len(rows) else None
        if row is not None and right < len(row):  # a span shows its first cell's content
            row[left], row[right] = row[right], row[left]
    return rows, mirrored, widths


def mirrored_command(command: tuple, count: int) -> tuple:
    name, start, end, *args = command
    if not (isinstance(start, tuple) and isinstance(end, tuple)):
        return command
    first, last = _column(start[0], count), _column(end[0], count)
    left, right = sorted((count - 1 - first, count - 1 - last))
    name = SIDES.get(name, name)
    if name == "ALIGN" and args:
        args = [ALIGNMENTS.get(str(args[0]).upper(), args[0]), *args[1:]]
    return (name, (left, start[1]), (right, end[1]), *args)


def _column(index: int, count: int) -> int:
    return index if index >= 0 else count + index
