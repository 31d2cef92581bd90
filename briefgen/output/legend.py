"""The matrix legend's columns, shared by the page formats: how many there are, and which
entry stands where (read down each column, then across)."""

from __future__ import annotations

LEGEND_COLUMN = 150  # points: the narrowest column of a legend
MAX_COLUMNS = 3
PART_ROWS = 25  # a long legend flows down its columns a part of this many rows at a time


def legend_columns(width: float, entries: int) -> int:
    """How many columns a legend `width` points wide flows in: as many as leave each
    LEGEND_COLUMN or more, at most MAX_COLUMNS, never more than there are entries."""
    return max(1, min(MAX_COLUMNS, int(width // LEGEND_COLUMN), entries))


def column_order(entries: int, columns: int) -> list[list[int | None]]:
    """Rows of entry indexes (None where a column has run out) that read down each column,
    then across, a part of up to PART_ROWS rows at a time: a legend of hundreds of risks
    pages as parts, each read down and across, rather than one column over many pages."""
    rows: list[list[int | None]] = []
    per_part = PART_ROWS * columns
    for start in range(0, entries, per_part):
        count = min(per_part, entries - start)
        height = -(-count // columns)
        rows += [[start + c * height + r if c * height + r < count else None
                  for c in range(columns)] for r in range(height)]
    return rows
