"""The risk register and the likelihood × impact matrix."""

from __future__ import annotations

from collections.abc import Callable

from ..document.nodes import (
    Block, Matrix, MatrixCell, MatrixKey, Paragraph, Strong, Table, TableCell, Text,
)
from ..spec.model import Risk
from ..style.roles import LEVELS

RISK_WIDTHS = (3.0, 1.3, 1.2, 3.0)
EMPTY = "\u2014"  # what an empty cell of the register shows


def severity(likelihood: str, impact: str) -> str:
    """The step, 1 to 5, of a likelihood × impact pair on the matrix's sequential scale: the
    sum of the two levels, so that high/high stands apart from high/medium, and each step
    from the next."""
    return str(LEVELS.index(likelihood) + LEVELS.index(impact) + 1)


def marker(index: int) -> str:
    """A risk's short name in the table and the matrix: R1, R2, …"""
    return f"R{index}"


def risk_table(risks: list[Risk], label: Callable[[str], str]) -> Table:
    header = tuple(TableCell((Paragraph((Text(label(key)),)),))
                   for key in ("risk", "likelihood", "impact", "mitigation"))
    rows = []
    for index, risk in enumerate(risks, 1):
        first: tuple[Block, ...] = (
            Paragraph((Strong((Text(f"{marker(index)}  {risk.title}"),)),), role="risk-title"),
            Paragraph(risk.description.inlines))
        # an empty cell reads as a gap in the register: a dash says "none given"
        mitigation = (Paragraph(risk.mitigation.inlines if risk.mitigation else (Text(EMPTY),)),)
        rows.append((
            TableCell(first, role="risk"),
            TableCell((Paragraph((Text(label(risk.likelihood)),)),),
                      role=f"level.{risk.likelihood}"),
            TableCell((Paragraph((Text(label(risk.impact)),)),), role=f"level.{risk.impact}"),
            TableCell(mitigation),
        ))
    return Table(header, tuple(rows), widths=RISK_WIDTHS, role="risks", wide=True)


def risk_matrix(risks: list[Risk], label: Callable[[str], str]) -> Matrix:
    cells = []
    for likelihood in reversed(LEVELS):  # the top row: high likelihood
        row = []
        for impact in LEVELS:
            markers = tuple(marker(i) for i, r in enumerate(risks, 1)
                            if r.likelihood == likelihood and r.impact == impact)
            row.append(MatrixCell(markers, role=f"severity.{severity(likelihood, impact)}"))
        cells.append(tuple(row))
    return Matrix(
        row_axis=label("likelihood"), column_axis=label("impact"),
        row_labels=tuple(label(x) for x in reversed(LEVELS)),
        column_labels=tuple(label(x) for x in LEVELS), cells=tuple(cells),
        legend=tuple(MatrixKey(marker(i), r.title) for i, r in enumerate(risks, 1)),
        role="risk-matrix", corner=f"{label('likelihood')} \u2193 {label('impact')} \u2192")
