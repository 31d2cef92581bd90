"""Running header and footer: the template's left/center/right slots with their placeholders.

A slot that shows the page count ("Page 3 of 12") is drawn as a late form (see
`pdf_flowables.Marks`), filled in when the last page is known.
"""

from __future__ import annotations

import re

from reportlab.pdfbase.pdfmetrics import stringWidth

from .pdf_flowables import Marks, _LateText, fit_text
from .pdf_markup import clean

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_PAGE_KEYS = re.compile(r"\{(page|pages|page_label)\}")
SLOTS = ("left", "center", "right")


class PageFurniture:
    """Draws the running header and footer of each page from the theme's templates."""

    def __init__(self, look, meta, marks: Marks, title_block=None):
        self.look = look
        self.marks = marks
        self.header = _slots(look.theme.get("header"))
        self.footer = _slots(look.theme.get("footer"))
        date = title_block.date_text if title_block is not None and title_block.date_text else (
            meta.date.isoformat() if meta.date else "")
        self.values = {
            "running_title": meta.running_title or meta.title, "title": meta.title,
            "subtitle": meta.subtitle, "classification": meta.classification,
            "organization": meta.organization, "date": date,
            "authors": ", ".join(meta.authors), "page_label": meta.page_label,
        }
        self.font = look.heading.regular
        self.bold = look.heading.bold
        self.size = look.size_small * 0.95
        self.color = look.color("muted")
        self.strong = look.color("primary")

    # --- page callbacks (ReportLab onPage) --------------------------------------------------

    def cover_page(self, canv, doc) -> None:
        """The cover carries no running header or footer."""

    def first_page(self, canv, doc) -> None:
        """Page 1 under a compact title block: footer only."""
        self._draw(canv, self.footer, header=False)

    def body_page(self, canv, doc) -> None:
        self._draw(canv, self.header, header=True)
        self._draw(canv, self.footer, header=False)

    # --- drawing ----------------------------------------------------------------------------

    def _draw(self, canv, slots: dict[str, str], *, header: bool) -> None:
        if not any(slots.values()):
            return
        look = self.look
        page = canv.getPageNumber()
        left_x = look.margin["left"]
        right_x = look.page_width - look.margin["right"]
        width = look.frame_width
        if header:
            baseline = look.page_height - look.margin["top"] * 0.52
            rule_y = baseline - self.size * 0.9
        else:
            baseline = look.margin["bottom"] * 0.42
            rule_y = baseline + self.size * 1.55
        canv.saveState()
        canv.setStrokeColor(look.color("rule"))
        canv.setLineWidth(0.5)
        canv.line(left_x, rule_y, right_x, rule_y)
        texts = {name: self._expand(template, page) for name, template in slots.items()}
        fonts = {name: self.bold if "{classification}" in slots[name] else self.font
                 for name in slots}
        natural = {name: stringWidth(text.replace("\0", "999"), fonts[name], self.size)
                   for name, text in texts.items()}
        keep = {n for n, t in slots.items() if _PAGE_KEYS.search(t)}  # page numbers stay whole
        limits = _share(width, natural, gap=self.size * 2, keep=keep)
        positions = {"left": (left_x, "left"), "center": (look.page_width / 2, "center"),
                     "right": (right_x, "right")}
        for name, text in texts.items():
            if not text.strip():
                continue
            x, align = positions[name]
            font = fonts[name]
            color = self.strong if font == self.bold else self.color
            limit = max(limits.get(name, width / 3), self.size * 3)
            if "\0" in text:  # needs the page count: drawn late
                template = text
                self.marks.late_text(canv, _LateText(
                    name=self.marks.form_name("PageText"),
                    bbox=(0, 0, look.page_width, look.page_height), x=x, y=baseline, align=align,
                    font=font, size=self.size, color=color,
                    make=lambda total, pages, t=template: t.replace("\0", str(total)),
                    max_width=0.0 if name in keep else limit))
                continue
            canv.setFont(font, self.size)
            canv.setFillColor(color)
            text = fit_text(text, font, self.size, limit)
            if align == "left":
                canv.drawString(x, baseline, text)
            elif align == "center":
                canv.drawCentredString(x, baseline, text)
            else:
                canv.drawRightString(x, baseline, text)
        canv.restoreState()

    def _expand(self, template: str, page: int) -> str:
        """Fill in placeholders; the page count stays as a NUL mark until it is known."""
        values = dict(self.values)

        def fill(match: re.Match, depth: int = 0) -> str:
            key = match.group(1)
            if key == "page":
                return str(page)
            if key == "pages":
                return "\0"
            if key in values:
                value = clean(str(values[key])).replace("\0", "")
                if key == "page_label" and depth == 0:
                    return PLACEHOLDER.sub(lambda m: fill(m, 1), value)
                return value
            return match.group(0)

        return PLACEHOLDER.sub(fill, clean(str(template)))


def _share(width: float, natural: dict[str, float], *, gap: float, keep: set) -> dict[str, float]:
    """How wide each slot may be: page numbers keep their width; the other slots share the rest
    (each side gets at least a third of the line)."""
    limits = dict(natural)
    if "center" in natural and natural["center"]:
        center = natural["center"] if "center" in keep else min(natural["center"], width * 0.5)
        limits["center"] = center
        for side in ("left", "right"):
            if side in natural and side not in keep:
                limits[side] = max((width - center) / 2 - gap, width / 6)
        return limits
    left, right = natural.get("left", 0.0), natural.get("right", 0.0)
    if left + right + gap <= width:
        return limits
    if "right" in keep and "left" not in keep:
        limits["left"] = max(width - right - gap, width / 3)
    elif "left" in keep and "right" not in keep:
        limits["right"] = max(width - left - gap, width / 3)
    else:  # the shorter one keeps its width if it can; the longer one gets the rest
        short, long_ = ("left", "right") if left <= right else ("right", "left")
        limits[short] = min(natural[short], width / 2 - gap / 2)
        limits[long_] = width - limits[short] - gap
    return limits


def _slots(setting) -> dict[str, str]:
    if not isinstance(setting, dict):
        return {}
    return {name: str(setting[name]) for name in SLOTS if setting.get(name)}
