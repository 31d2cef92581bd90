"""The PDF look of a theme: fonts, colours, sizes and the paragraph styles of every role.

Every colour and size comes from the theme; the proportions between them (a lead is a little
larger than body text, a table cell a little smaller) are this module's design decisions.
"""

from __future__ import annotations

from functools import cached_property

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from ..errors import TemplateError
from ..fonts import resolve_font
from .pdf_fonts import Faces, register_family
from .pdf_markup import HEX_COLOR

# Where a palette name is missing from a hand-made theme, use the nearest one that exists.
_COLOR_FALLBACK = {
    "accent": "primary", "accent_text": "accent", "muted": "text", "rule": "muted", "panel": "rule",
    "on_primary": "panel", "level_low": "panel", "level_medium": "panel", "level_high": "panel",
    "level_low_text": "text", "level_medium_text": "text", "level_high_text": "text",
    "primary": "text",
}
MIN_SIZE = 4.0  # points: a template cannot make text vanish


class Look:
    """Resolved fonts, colours, sizes and ParagraphStyles for one theme."""

    def __init__(self, theme, *, needs_mono: bool):
        self.theme = theme
        self._hex: dict[str, str] = {}
        self.body = self._family("body")
        self.heading = self._family("heading")
        self.mono: Faces | None = self._family("mono") if needs_mono else None

        self.page_width, self.page_height = theme.page_size
        self.margin = {side: max(0.0, theme.margin(side))
                       for side in ("top", "bottom", "left", "right")}
        self.frame_width = self.page_width - self.margin["left"] - self.margin["right"]
        self.frame_height = self.page_height - self.margin["top"] - self.margin["bottom"]
        if self.frame_width < 144 or self.frame_height < 144:
            raise TemplateError(f"template '{theme.name}': the page margins leave no room for "
                                f"text ({self.frame_width:.0f} × {self.frame_height:.0f} pt)")

        self.size_body = self.size("body")
        self.size_small = self.size("small")
        self.line_height = max(1.0, float(theme.size("line_height")))
        self.space_paragraph = max(0.0, theme.spacing("paragraph"))
        self.space_section = max(0.0, theme.spacing("section"))
        self.size_cell = (self.size_body + self.size_small) / 2
        self._variants: dict = {}

    # --- theme values -----------------------------------------------------------------------

    def _family(self, role: str) -> Faces:
        """Register (once per process) the theme's family for `role`."""
        return register_family(resolve_font(self.theme.get(f"fonts.{role}"), self.theme, role))

    def size(self, key: str) -> float:
        """A type size from the theme, in points (never below MIN_SIZE)."""
        return max(MIN_SIZE, self.theme.size(key))

    def hex(self, name: str) -> str:
        """'#RRGGBB' for a palette name (or a literal colour)."""
        cached = self._hex.get(name)
        if cached is not None:
            return cached
        value = name
        while True:
            try:
                result = self.theme.color(value)
                break
            except TemplateError:
                if value not in _COLOR_FALLBACK:
                    raise
                value = _COLOR_FALLBACK[value]
        if not HEX_COLOR.match(result):
            raise TemplateError(f"template '{self.theme.name}': colour '{name}' is not #RRGGBB")
        self._hex[name] = result
        return result

    def color(self, name: str):
        return colors.HexColor(self.hex(name))

    def level_colors(self, role: str) -> tuple[str, str] | None:
        """(background, text) palette names for a role such as `level.high`, else None."""
        if role.startswith(("level.", "severity.")):
            level = role.split(".", 1)[1]
            if level in ("low", "medium", "high"):
                return f"level_{level}", f"level_{level}_text"
        return None

    # --- paragraph styles -------------------------------------------------------------------

    def _style(self, name: str, font: str, size: float, color: str, *,
               leading: float | None = None, **extra) -> ParagraphStyle:
        params = dict(
            fontName=font, fontSize=size, leading=leading or size * self.line_height,
            textColor=self.color(color), alignment=TA_LEFT, allowWidows=0, allowOrphans=0,
            bulletFontName=self.body.regular, bulletFontSize=size,
            bulletColor=self.color("accent"),
            splitLongWords=1, spaceShrinkage=0.05, embeddedHyphenation=0, uriWasteReduce=0.3,
        )
        params.update(extra)
        return ParagraphStyle(name, **params)

    @cached_property
    def styles(self) -> dict[str, ParagraphStyle]:
        b, s, lh, p = self.size_body, self.size_small, self.line_height, self.space_paragraph
        body, head = self.body, self.heading
        h1, h2, h3 = self.size("h1"), self.size("h2"), self.size("h3")
        cell = self.size_cell
        quote = self.size("quote")
        st = {
            "body": self._style("body", body.regular, b, "text", spaceAfter=p),
            "lead": self._style("lead", body.regular, b * 1.14, "primary", spaceAfter=p * 1.4),
            "h1": self._style("h1", head.bold, h1, "primary", leading=h1 * 1.2,
                              spaceBefore=self.space_section, spaceAfter=p * 1.5),
            "h2": self._style("h2", head.bold, h2, "primary", leading=h2 * 1.25,
                              spaceBefore=self.space_section * 0.75, spaceAfter=p * 0.9),
            "h3": self._style("h3", head.bold, h3, "text", leading=h3 * 1.3,
                              spaceBefore=p * 1.6, spaceAfter=p * 0.6),
            "question": self._style("question", head.bold, b, "primary", leading=b * 1.3,
                                    spaceBefore=p * 1.4, spaceAfter=p * 0.5),
            "list-title": self._style("list-title", head.bold, s * 1.06, "accent_text",
                                      leading=s * 1.5, spaceBefore=p * 0.4, spaceAfter=p * 0.4),
            "cell": self._style("cell", body.regular, cell, "text", leading=cell * 1.32,
                                spaceAfter=p * 0.5),
            "cell-title": self._style("cell-title", head.bold, cell * 1.04, "primary",
                                      leading=cell * 1.3, spaceAfter=p * 0.35),
            "cell-head": self._style("cell-head", head.bold, s, "on_primary", leading=s * 1.3),
            "level": self._style("level", head.bold, s, "text", leading=s * 1.3,
                                 alignment=TA_CENTER),
            "quote": self._style("quote", body.italic, quote, "primary", leading=quote * 1.38,
                                 spaceAfter=p * 0.6),
            "attribution": self._style("attribution", head.regular, s * 1.06, "muted",
                                       leading=s * 1.45, spaceBefore=p * 0.3),
            "caption": self._style("caption", head.regular, s, "muted", leading=s * 1.4,
                                   spaceBefore=p * 0.5, spaceAfter=p * 1.2),
            "reference": self._style("reference", body.regular, b * 0.93, "text",
                                     leading=b * 0.93 * lh, spaceAfter=p * 0.7,
                                     bulletFontName=head.bold, bulletColor=self.color("accent")),
            "toc-title": self._style("toc-title", head.bold, h1, "primary", leading=h1 * 1.2,
                                     spaceAfter=p * 2),
            "toc1": self._style("toc1", head.bold, b, "primary", leading=b * 1.3,
                                spaceBefore=p * 0.9, spaceAfter=p * 0.15),
            "toc2": self._style("toc2", body.regular, b * 0.95, "text", leading=b * 0.95 * 1.3,
                                spaceAfter=p * 0.15),
            "box-title": self._style("box-title", head.bold, s * 1.12, "on_primary",
                                     leading=s * 1.5),
            "kv-label": self._style("kv-label", head.bold, s, "primary", leading=s * 1.35),
            "kv-value": self._style("kv-value", body.regular, cell, "text", leading=cell * 1.35),
            "column-title": self._style("column-title", head.bold, s * 1.12, "text",
                                        leading=s * 1.5),
            "callout-title": self._style("callout-title", head.bold, b * 1.02, "primary",
                                         leading=b * 1.35, spaceAfter=p * 0.6),
            "legend": self._style("legend", head.regular, s, "text", leading=s * 1.35),
        }
        return st

    def variant(self, base: ParagraphStyle, **changes) -> ParagraphStyle:
        """`base` with some attributes changed (cached, so equal variants share one style)."""
        key = (base.name, tuple(sorted((k, repr(v)) for k, v in changes.items())))
        style = self._variants.get(key)
        if style is None:
            style = ParagraphStyle(f"{base.name}~{len(self._variants)}", parent=base, **changes)
            self._variants[key] = style
        return style

    @property
    def list_indent(self) -> float:
        return self.size_body * 1.55
