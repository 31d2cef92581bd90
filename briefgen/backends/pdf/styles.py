"""The resolved style in ReportLab's terms: a ParagraphStyle per role, colours as Color objects.

Nothing here decides a look: sizes, colours and spaces come from `briefgen.style.Style`; this
module only turns them into ReportLab's objects (and caches them).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from ...style.model import Style, TextStyle
from .fonts import PdfFonts

ALIGNMENT = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
# a right-to-left brief mirrors: its text starts at the right, and so do its indents
MIRRORED = {"left": TA_RIGHT, "center": TA_CENTER, "right": TA_LEFT, "justify": TA_JUSTIFY}


class PdfStyles:
    """ParagraphStyles and colours of one `Style`, made on first use."""

    def __init__(self, style: Style, fonts: PdfFonts, *, right_to_left: bool = False):
        self.style = style
        self.right_to_left = right_to_left
        self.fonts = fonts
        self.page = style.page
        self._styles: dict[str, ParagraphStyle] = {}
        self._variants: dict[tuple[str, tuple[tuple[str, str], ...]], ParagraphStyle] = {}
        self._colors: dict[str, Any] = {}

    def __getitem__(self, role: str) -> ParagraphStyle:
        found = self._styles.get(role)
        if found is None:
            found = self._styles[role] = self.paragraph_style(role, self.style.role(role))
        return found

    def paragraph_style(self, name: str, text: TextStyle) -> ParagraphStyle:
        bullet = self.style.lists.bullets[0]
        alignments = MIRRORED if self.right_to_left else ALIGNMENT
        made = ParagraphStyle(
            name, fontName=self.fonts.face(text), fontSize=text.size, leading=text.leading,
            textColor=self.color(text.color), alignment=alignments.get(text.align, TA_LEFT),
            spaceBefore=text.space_before, spaceAfter=text.space_after,
            textTransform="uppercase" if text.caps else None,
            allowWidows=0, allowOrphans=0, bulletFontName=self.fonts.body.regular,
            bulletFontSize=text.size, bulletColor=self.color(bullet.color), splitLongWords=1,
            spaceShrinkage=0.05, embeddedHyphenation=0, uriWasteReduce=0.3)
        made.right_to_left = self.right_to_left  # read by MemoParagraph: lines in visual order
        return made

    def variant(self, base: ParagraphStyle, **changes: Any) -> ParagraphStyle:
        """`base` with some attributes changed (cached, so equal variants share one style)."""
        if self.right_to_left and ("leftIndent" in changes or "rightIndent" in changes):
            changes["leftIndent"], changes["rightIndent"] = (
                changes.get("rightIndent", base.rightIndent),
                changes.get("leftIndent", base.leftIndent))
        key = (base.name, tuple(sorted((k, repr(v)) for k, v in changes.items())))
        style = self._variants.get(key)
        if style is None:
            style = ParagraphStyle(f"{base.name}~{len(self._variants)}", parent=base, **changes)
            self._variants[key] = style
        return style

    def color(self, value: str) -> Any:
        """A ReportLab colour for '#RRGGBB' (or a palette name)."""
        found = self._colors.get(value)
        if found is None:
            hex_value = value if value.startswith("#") else self.style.color(value)
            found = self._colors[value] = colors.HexColor(hex_value)
        return found

    def face(self, role: str) -> str:
        """The registered font face a role is set in."""
        return self.fonts.face(self.style.role(role))
