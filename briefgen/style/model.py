"""The resolved style: a template turned once into typed, frozen values every backend reads.

Lengths are points, colours '#RRGGBB', fonts resolved TrueType files. A backend converts units
(twips, half-points, CSS pixels) and nothing else: every size, colour, space and glyph of the
look is decided here, so the PDF, the Word file and any other format agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from ..document.records import Record, frozen_map, record
from .roles import BODY, level_of


@record
class FontFamily(Record):
    """A family's name (as Word should show it) and a TrueType file for each of its four faces."""

    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def face(self, bold: bool = False, italic: bool = False) -> Path:
        """The file of the face for that weight and slant."""
        if bold and italic:
            return self.bold_italic
        return self.bold if bold else self.italic if italic else self.regular


@record
class Fonts(Record):
    """The three families a template names: running text, headings and code."""

    body: FontFamily
    heading: FontFamily
    mono: FontFamily
    fallback: tuple[FontFamily, ...] = ()  # the template's own, tried before briefgen's chain

    def family(self, which: str) -> FontFamily:
        """`body`, `heading` or `mono`."""
        return {"body": self.body, "heading": self.heading, "mono": self.mono}[which]


@record
class TextStyle(Record):
    """How the text of one role looks. `font` names one of `Style.fonts` (body|heading|mono)."""

    font: str
    size: float
    leading: float  # the distance between baselines
    color: str
    bold: bool = False
    italic: bool = False
    space_before: float = 0.0
    space_after: float = 0.0
    align: str = "left"  # left | center | right | justify
    caps: bool = False
    tracking: float = 0.0  # extra space between letters


@record
class BoxStyle(Record):
    """How a box, table or other block set apart from the text looks.

    Colours are '' where there is none: `background` fills it, `bar` is a bar along its leading
    edge, `header` fills its title or header band, `rule` draws the thin lines around and
    between its parts and `accent` a heavier line closing it; `stripe` fills every other body
    row of a table (zebra rows).
    """

    background: str = ""
    header: str = ""
    bar: str = ""
    bar_width: float = 0.0
    rule: str = ""
    rule_width: float = 0.0
    accent: str = ""
    accent_width: float = 0.0
    padding_x: float = 0.0
    padding_y: float = 0.0
    gap: float = 0.0  # between side-by-side parts (columns, a matrix and its legend)
    space_before: float = 0.0
    space_after: float = 0.0
    stripe: str = ""


@record
class LevelColors(Record):
    """The background and text colours of one level (low, medium, high)."""

    background: str
    text: str


@record
class Bullet(Record):
    """A list item's marker and its colour."""

    glyph: str
    color: str


@record
class ListStyle(Record):
    """Lists: the indent of each level, the space after items, bullets and number formats.

    `bullets` holds one marker per nesting depth (repeating); `role_bullets` overrides the top
    level for a list role (`actions`, `pros`, `cons`). `number_formats` are per depth:
    decimal, lower-alpha or lower-roman, followed by `number_suffix`.
    """

    indent: float
    item_space: float
    bullets: tuple[Bullet, ...]
    role_bullets: Mapping[str, Bullet]
    number_formats: tuple[str, ...]
    number_suffix: str
    number_color: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "role_bullets", frozen_map(self.role_bullets))
        object.__setattr__(self, "bullets", tuple(self.bullets))
        object.__setattr__(self, "number_formats", tuple(self.number_formats))

    def bullet(self, role: str, depth: int) -> Bullet:
        if depth == 0 and role in self.role_bullets:
            return self.role_bullets[role]
        return self.bullets[depth % len(self.bullets)]

    def number_format(self, depth: int) -> str:
        return self.number_formats[depth % len(self.number_formats)]


@record
class Rule(Record):
    """The rule under a top-level heading: a thin line with a short, heavier accent at its start."""

    color: str
    accent: str
    gap: float  # between the heading's text and the rule
    accent_length: float
    weight: float  # of the accent
    thin: float  # of the line under the whole heading


@record
class CoverStyle(Record):
    """The title block: `kind` is band (a coloured block), plain or rule (an accent rule)."""

    kind: str
    background: str  # the band's colour
    text: str  # the colour of text on the band
    logo_width: float
    rule: str  # the accent rule or bar
    compact_title: float  # the title's and subtitle's sizes in a compact title block
    compact_subtitle: float
    bar_length: float  # the short accent bar under the title (and over the byline)
    bar_weight: float
    banner: float  # the height of the classification banner
    band: float  # how far down the page a cover page's band reaches (a share of its height)


@record
class Page(Record):
    """Page size and margins; `header_offset` and `footer_offset` are the distances from the
    top and bottom edges to the running header's and footer's baselines; `breakout` how far a
    wide table runs into each side margin."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float
    header_offset: float
    footer_offset: float
    breakout: float = 0.0

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.height - self.top - self.bottom


@record
class Style(Record):
    """A template, resolved: everything a backend needs to draw a brief the template's way."""

    name: str
    page: Page
    fonts: Fonts
    palette: Mapping[str, str]
    text: Mapping[str, TextStyle]
    boxes: Mapping[str, BoxStyle]
    levels: Mapping[str, LevelColors]
    lists: ListStyle
    heading_rule: Rule
    cover: CoverStyle
    running_rule: str  # the thin line under the header and over the footer ('' for none)
    running_rule_width: float
    neutral: LevelColors  # cells, columns and markers without a level: background and text
    docx_reference: Path | None = None  # a Word document to start the DOCX from
    notes_at: str = "foot"  # "foot" of the page or "end" of the document (PDF and Word)
    docx_update_fields: bool = False  # Word refreshes the fields (contents pages) on opening
    chart_colors: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
                                     "#D55E00")  # the series of a chart, in order

    def chart_color(self, index: int) -> str:
        """The colour of a chart's series (or pie slice) `index`, the palette repeating."""
        return self.chart_colors[index % len(self.chart_colors)]

    def __post_init__(self) -> None:
        for name in ("palette", "text", "boxes", "levels"):
            object.__setattr__(self, name, frozen_map(getattr(self, name)))

    def role(self, name: str) -> TextStyle:
        """The text style of role `name` (body text for a role without one)."""
        return self.text.get(name) or self.text[BODY]

    def box(self, name: str, default: str = "callout") -> BoxStyle:
        """The box style of role `name`, else of `default`."""
        return self.boxes.get(name) or self.boxes[default]

    def level(self, role: str) -> LevelColors | None:
        """The level colours a role such as `level.high` (or `pros`) stands for, else None."""
        level = level_of(role)
        return self.levels.get(level) if level else None

    def level_or_neutral(self, role: str) -> LevelColors:
        """The level colours of `role`, or the neutral ones."""
        return self.level(role) or self.neutral

    def marker(self, role: str) -> LevelColors:
        """A matrix marker's pill for a cell of `role`: the level's colours reversed (its text
        colour fills the pill, its background is the ink), so it stands out on its cell."""
        level = self.level_or_neutral(role)
        return LevelColors(background=level.text, text=level.background)

    def color(self, name: str) -> str:
        """A palette colour by name ('#RRGGBB')."""
        return self.palette[name]

    def family(self, text: TextStyle) -> FontFamily:
        """The font family a text style is set in."""
        return self.fonts.family(text.font)
