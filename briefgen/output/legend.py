"""The matrix legend's columns, shared by the page formats: how many there are, and which
entry stands where (read down each column, then across)."""

from __future__ import annotations

LEGEND_COLUMN = 150  # points: the narrowest column of a legend
MAX_COLUMNS = 3


def legend_columns(width: float, entries: int) -> int:
    """How many columns a legend `width` points wide flows in: as many as leave each
    LEGEND_COLUMN or more, at most MAX_COLUMNS, never more than there are entries."""
    return max(1, min(MAX_COLUMNS, int(width // LEGEND_COLUMN), entries))


def column_order(entries: int, columns: int) -> list[list[int | None]]:
    """Rows of entry indexes (None where a column has run out) that read down each column:
    the first column holds the first third (or half) of the entries."""
    height = -(-entries // columns)
    return [[c * height + r if c * height + r < entries else None for c in range(columns)]
            for r in range(height)]
