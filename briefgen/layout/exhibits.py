"""Numbered charts and data tables: "Figure 2." and "Table 1." with their title, source and
note, the numbers as readers see them, and the labels cross-references show."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from ..document.nodes import (
    Chart, Emphasis, Exhibit, Inline, Link, NoteReference, Paragraph, Series, Strong, Table,
    TableCell, Text, TocEntry, exhibit_anchor, walk_blocks,
)
from ..numbers import as_number
from ..spec.model import FigureSpec
from .words import Words

MAX_DECIMALS = 3


class Exhibits:
    """Numbers a brief's charts (Figure 1, 2 …) and tables (Table 1, 2 …) in reading order and
    keeps the label of each, for the cross-references to them."""

    def __init__(self, words: Words):
        self.words = words
        self.counts = {"figure": 0, "table": 0}
        self.labels: dict[str, str] = {}  # anchor → "Figure 2"

    def exhibit(self, figure: FigureSpec) -> Exhibit:
        kind = "figure" if figure.chart else "table"
        self.counts[kind] += 1
        label = f"{self.words(kind)} {self.counts[kind]}"
        anchor = exhibit_anchor(figure.kind, figure.id)
        self.labels[anchor] = label
        source: tuple[Inline, ...] = ()
        if figure.source is not None:
            source = (Text(f"{self.words('source')}: "), *figure.source.inlines)
        body = (chart(figure, self.words.language_tag) if figure.chart
                else data_table(figure))
        return Exhibit(kind, label, figure.title.inlines if figure.title else (), body, anchor,
                       source, figure.caption.inlines if figure.caption else (), figure.alt,
                       self.counts[kind])

    @staticmethod
    def entries(blocks) -> tuple[TocEntry, ...]:
        """The list of figures and tables: the figures, then the tables, each in order."""
        exhibits = [b for b in walk_blocks(blocks) if isinstance(b, Exhibit)]
        return tuple(TocEntry(1, f"{e.label}.", without_notes(e.title), e.anchor)
                     for kind in ("figure", "table") for e in exhibits if e.kind == kind)


def without_notes(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """`inlines` without their note references (at any depth): a list of figures repeats a
    title, not its note."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, NoteReference):
            continue
        if isinstance(node, (Strong, Emphasis, Link)):
            node = replace(node, children=without_notes(node.children))
        out.append(node)
    return tuple(out)


def chart(figure: FigureSpec, language: str = "en") -> Chart:
    decimals = _decimals(v for s in figure.series for v in s.values)
    series = tuple(Series(readable(s.name), tuple(s.values),
                          tuple(number_text(v, decimals, language) for v in s.values))
                   for s in figure.series)
    x_values: tuple[float, ...] = ()
    if figure.chart == "scatter":
        x_values = tuple(float(n) for n in map(as_number, figure.categories)
                         if isinstance(n, float))
    return Chart(figure.chart, tuple(readable(c) for c in figure.categories), series,
                 readable(figure.unit), readable(figure.alt), x_values)


WIDE_COLUMNS = 5  # a data table of this many columns may run into the margins


def data_table(figure: FigureSpec) -> Table:
    """A table whose number cells are marked (role "number"): backends align them right."""
    def cell(text: str, header: bool = False) -> TableCell:
        numeric = not header and isinstance(as_number(text), float)
        return TableCell((Paragraph((Text(text),)),), "number" if numeric else "")

    header = tuple(cell(c, header=True) for c in figure.columns)
    rows = tuple(tuple(cell(c) for c in row) for row in figure.rows)
    return Table(header, rows, role="data-table", wide=len(figure.columns) >= WIDE_COLUMNS)


def readable(text: str) -> str:
    """`text` without the control and non-characters that no format can hold (a chart's
    names go into XML and SVG as they are); tabs and line breaks become spaces."""
    out = []
    for char in text:
        kind = unicodedata.category(char)
        if char in "\t\n\r\v\f\x85\u2028\u2029":
            out.append(" ")
        elif kind not in ("Cc", "Cs", "Co", "Cn"):
            out.append(char)
    return " ".join("".join(out).split())


def number_text(value: float | None, decimals: int, language: str = "en") -> str:
    """A value as a label shows it: thousands grouped, `decimals` places, '' for a gap; a
    value those places would show as 0 in three significant digits. Grouping and decimal
    signs are the language's, by CLDR (1,234.5; de 1.234,5; fr 1 234,5)."""
    if value is None:
        return ""
    if value and round(value, decimals) == 0:
        return f"{value:.3g}"
    if (language or "en").split("-")[0].lower() != "en":
        localised = cldr_number(value, decimals, language)
        if localised:
            return localised
    return f"{value:,.{decimals}f}"


def cldr_number(value: float, decimals: int, language: str) -> str:
    """`value` with `decimals` places in `language`'s grouping and signs ('' if Babel does
    not know the language)."""
    from babel import Locale, UnknownLocaleError
    from babel.numbers import format_decimal

    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale, numbering_system="latn")


def _decimals(values) -> int:
    """The fewest decimal places that show every value exactly (at most MAX_DECIMALS)."""
    most = 0
    for value in values:
        if value is None:
            continue
        places = next((d for d in range(MAX_DECIMALS + 1) if round(value, d) == value),
                      MAX_DECIMALS)
        most = max(most, places)
    return most
