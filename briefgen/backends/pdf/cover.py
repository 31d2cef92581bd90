"""The title block: a cover page of its own, or a compact block at the top of page 1.

The texts come from the `TitleBlock` node and their looks from the cover roles of the style;
the band, banner and rules reach the page edges. Texts too long for the design shrink (within
limits); if even that fails they flow as plain paragraphs, so no word is ever lost.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Spacer

from ...document.nodes import TitleBlock
from .drawing import draw_runs, fit_text
from .flowables import MemoParagraph
from .markup import clean, escape
from .pictures import draw_picture
from .styles import PdfStyles

KEYS = ("kicker", "title", "subtitle", "date", "byline")
# The most of the frame's height each text may take before it is set smaller.
ROOM_OWN_PAGE = {"title": 0.3, "subtitle": 0.12, "kicker": 0.08, "date": 0.08, "byline": 0.22}
ROOM_COMPACT = {"title": 0.2, "subtitle": 0.12, "byline": 0.15}


def cover_block(block: TitleBlock, styles: PdfStyles, markup: Any) -> CoverBlock:
    """The flowable of a title block; `markup(inlines, role)` sets inline content."""
    style = styles.style
    designed = _texts(block, styles, markup, plain=False)
    plain = _texts(block, styles, markup, plain=True)
    return CoverBlock(styles, designed, own_page=block.own_page, kind=style.cover.kind,
                      classification=block.classification, logo=block.logo, fallback=plain)


def _texts(block: TitleBlock, styles: PdfStyles, markup: Any, *,
           plain: bool) -> dict[str, MemoParagraph]:
    """The title block's paragraphs; `plain`: in the colours of a white page."""
    style = styles.style
    own = block.own_page
    room = ROOM_OWN_PAGE if own else ROOM_COMPACT
    texts = {"title": escape(block.title), "subtitle": escape(block.subtitle)}
    if own:
        texts.update(kicker=escape(block.kicker), date=escape(block.date),
                     byline="<br/>".join(escape(line) for line in block.byline))
    elif block.credits:
        texts["byline"] = markup(block.credits, "cover.credits")
    else:  # a title block made for a page of its own, shown compact: its lines, one by one
        texts["byline"] = "<br/>".join(escape(line) for line in (block.kicker, block.date,
                                                                  *block.byline) if line.strip())
    out = {}
    for key, text in texts.items():
        if not text.strip():
            continue
        name = "cover.credits" if key == "byline" and not own else f"cover.{key}"
        role = style.role(name)
        size = role.size
        if not own and key in ("title", "subtitle"):
            size = style.cover.compact_title if key == "title" else style.cover.compact_subtitle
        color = _plain_color(key, styles) if plain else role.color
        least = style.role("heading.2" if key == "title" else "body").size
        out[key] = _fitted(text, styles, name, size, min(least, size),
                           styles.page.frame_height * room[key], color)
    return out


def _plain_color(key: str, styles: PdfStyles) -> str:
    """On a white page the band's light text would vanish: dark colours instead."""
    if key == "title":
        return styles.style.color("primary")
    if key in ("subtitle", "kicker"):
        return styles.style.color("accent_text")
    return styles.style.role(f"cover.{key}").color


def _fitted(markup: str, styles: PdfStyles, role: str, size: float, least: float,
            most_height: float, color: str) -> MemoParagraph:
    """A paragraph of `markup` at `size`, made smaller (down to `least`) until it fits."""
    base = styles[role]
    factor = base.leading / base.fontSize
    width = styles.page.frame_width
    while True:
        para = MemoParagraph(markup, styles.variant(
            base, fontSize=size, leading=size * factor, spaceBefore=0, spaceAfter=0,
            textColor=styles.color(color)))
        if para.wrap(width, 1e6)[1] <= most_height or size <= least:
            return para
        size = max(least, size * 0.9)


class CoverBlock(Flowable):
    """The title block flowable. On its own page it fills the frame."""

    def __init__(self, styles: PdfStyles, paras: dict[str, MemoParagraph], *, own_page: bool,
                 kind: str, classification: str, logo: Any = None,
                 fallback: dict[str, MemoParagraph] | None = None):
        super().__init__()
        self.styles = styles
        self.page = styles.page
        self.paras = paras
        fallback = fallback or paras
        # the same texts styled for a plain page, used when the designed block cannot fit
        self.fallback = [fallback[k] for k in KEYS if k in fallback]
        self.own_page = own_page
        self.kind = kind
        self.classification = " ".join(clean(classification).split())
        self.logo = logo  # the checked Image, or None
        self.unit = styles.style.role("body").size

    def _logo_size(self) -> tuple[float, float]:
        if self.logo is None:
            return 0.0, 0.0
        iw, ih = self.logo.width, self.logo.height
        width = min(self.styles.style.cover.logo_width, self.page.frame_width * 0.4)
        height = width * ih / iw if iw else 0.0
        max_height = self.page.height * 0.1
        if height > max_height:
            width, height = width * max_height / height, max_height
        return width, height

    def _h(self, key: str, width: float) -> float:
        para = self.paras.get(key)
        return para.wrap(width, 100_000)[1] if para is not None else 0.0

    def _stack(self, width: float) -> float:
        """Height of subtitle + title (+ the gap with its accent rule)."""
        height = self._h("title", width) + self._h("subtitle", width)
        if "subtitle" in self.paras and "title" in self.paras:
            height += self.unit * 1.6
        return height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        u = self.unit
        logo_w, logo_h = self._logo_size()
        text_w = availWidth - (logo_w + u if logo_w else 0)
        self._byline_h = self._h("byline", text_w)
        self._date_h = self._h("date", text_w)
        stack = self._stack(availWidth)
        if self.own_page:
            self.height = availHeight
            need = (self._h("kicker", availWidth) + stack
                    + max(self._date_h + self._byline_h, logo_h) + u * 14)
        else:
            self._inside = stack + u * 2.0  # band part below the frame top
            below = max(self._byline_h, logo_h)  # nothing under a memo's title but its block
            self.height = self._inside + (u * 2.6 + below if below else u * 0.6)
            need = self.height
        self._plain = need > availHeight  # enormous texts: fall back to plain paragraphs
        if self._plain:
            self.height = sum(p.wrap(availWidth, 1e6)[1] + u * 0.6 for p in self.fallback)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        out: list[Flowable] = []
        for para in self.fallback:
            out += [para, Spacer(0, self.unit * 0.6)]
        return out

    def draw(self) -> None:
        if self._plain:
            y = self.height
            for para in self.fallback:
                y -= para.wrap(self.width, 1e6)[1]
                para.drawOn(self.canv, 0, y)
                y -= self.unit * 0.6
            return
        x0, y0 = self.canv.absolutePosition(0, 0)
        left, top = -x0, self.page.height - y0  # the page's left and top edges, locally
        banner = self.styles.style.cover.banner if self.classification else 0.0
        band_bottom, place, rules = self._layout(top, y0, banner)
        self.canv.saveState()
        self._draw_band_and_rules(left, top, band_bottom, rules)
        for key in KEYS:  # text in reading order, so that extracted text reads title first
            if key in place:
                self.paras[key].drawOn(self.canv, 0, place[key])
        if self.logo is not None:
            logo_w, logo_h = self._logo_size()
            x, y = (self.width - logo_w, 0.0) if self.own_page else (
                self.width - logo_w, band_bottom - self.unit * 1.4 - logo_h)
            draw_picture(self.canv, self.logo, x, y, logo_w, logo_h)
        if banner:
            self._draw_banner(left, top, banner)
        self.canv.restoreState()

    def _layout(self, top: float, y0: float,
                banner: float) -> tuple[float, dict[str, float], dict[str, float]]:
        """Where the band ends, where each text goes, and where the accent rules are."""
        u, width = self.unit, self.width
        stack = self._stack(width)
        if self.own_page:
            band_bottom = min(self.page.height * (1 - self.styles.style.cover.band) - y0,
                              top - banner - self.page.top - self._h("kicker", width)
                              - stack - u * 6)
            y = band_bottom + u * 3.2
        else:
            band_bottom = self.height - self._inside
            y = band_bottom + u * 1.7
        place: dict[str, float] = {}
        rules: dict[str, float] = {}
        if "subtitle" in self.paras:  # subtitle, accent rule and title stack up from y
            place["subtitle"] = y
            y += self._h("subtitle", width)
            if "title" in self.paras:
                rules["under_title"] = y + u * 0.65
                y += u * 1.6
        if "title" in self.paras:
            place["title"] = y
            y += self._h("title", width)
        rules["stack_top"] = y
        if self.own_page:
            self._place_credits(place, rules, top, banner)
        elif "byline" in self.paras:
            place["byline"] = band_bottom - u * 1.4 - self._byline_h
        return band_bottom, place, rules

    def _place_credits(self, place: dict[str, float], rules: dict[str, float], top: float,
                       banner: float) -> None:
        """On a cover page: date and byline at the foot of the page, the kicker at its head."""
        y = 0.0
        if "byline" in self.paras:
            place["byline"] = y
            y += self._byline_h + self.unit * 0.3
        if "date" in self.paras:
            place["date"] = y
            y += self._date_h
        if y:
            rules["foot"] = y + self.unit * 0.9
        if "kicker" in self.paras:
            kicker_top = top - banner - self.page.top * 0.9
            place["kicker"] = kicker_top - self._h("kicker", self.width)

    def _draw_band_and_rules(self, left: float, top: float, band_bottom: float,
                             rules: dict[str, float]) -> None:
        canv, u, styles = self.canv, self.unit, self.styles
        cover = styles.style.cover
        if self.kind == "band":
            canv.setFillColor(styles.color(cover.background))
            canv.rect(left, band_bottom, self.page.width, top - band_bottom, stroke=0, fill=1)
        canv.setFillColor(styles.color(cover.rule))
        if self.kind == "rule":
            canv.rect(0, rules["stack_top"] + u * 1.0, self.width, cover.bar_weight, stroke=0,
                      fill=1)
        start = self.width - cover.bar_length if styles.right_to_left else 0
        for name in ("under_title", "foot"):  # short bars where the text starts
            if name in rules:
                canv.rect(start, rules[name], cover.bar_length, cover.bar_weight, stroke=0,
                          fill=1)
        if self.kind != "band":
            rule = styles.style.heading_rule
            canv.setStrokeColor(styles.color(rule.color))
            canv.setLineWidth(rule.thin)
            line_y = band_bottom if self.own_page else 0.0
            canv.line(0, line_y, self.width, line_y)

    def _draw_banner(self, left: float, top: float, banner: float) -> None:
        """The classification across the top edge of the page."""
        canv, styles = self.canv, self.styles
        label = styles.style.role("cover.label")
        font = styles.face("cover.label")
        canv.setFillColor(styles.color(styles.style.cover.rule))
        canv.rect(left, top - banner, self.page.width, banner, stroke=0, fill=1)
        text = self.classification.upper() if label.caps else self.classification
        text = fit_text(text, font, label.size, self.page.width - 2 * self.page.left)
        draw_runs(canv, left + self.page.width / 2, top - banner / 2 - label.size * 0.35,
                  "center", [(text, font, styles.color(label.color))], label.size)
