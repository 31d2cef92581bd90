"""The running header and footer, drawn on each page from the document's `RunningText`.

A slot that shows the page count ("Page 3 of 12") is drawn as a late form (see `late`), filled
in when the last page is known. Page numbers are never shortened; the other slots share what
room is left, and a text too long for its share ends in an ellipsis.
"""

from __future__ import annotations

import re
from typing import Any

from ...document.nodes import (
    Citation, Code, Document, Emphasis, Inline, Link, PageCount, PageNumber, RunningText, Strong,
    Text,
)
from .drawing import Run, draw_runs, fit_runs, runs_width
from .late import LateText, Marks
from .markup import clean
from .styles import PdfStyles

PAGE_COUNT = "\0"  # where the page count goes, until it is known
_WHITESPACE = re.compile(r"\s+")


class PageFurniture:
    """Draws the running header and footer of each page."""

    def __init__(self, styles: PdfStyles, document: Document, marks: Marks):
        self.styles = styles
        self.document = document
        self.marks = marks
        running = styles.style.role("running")
        self.size = running.size
        self.plain = (styles.face("running"), styles.color(running.color))
        self.strong = (styles.face("running.strong"),
                       styles.color(styles.style.role("running.strong").color))
        self.italic = (styles.fonts.family(running.font).face(italic=True), self.plain[1])

    # --- page callbacks (ReportLab onPage) --------------------------------------------------

    def cover_page(self, canv: Any, doc: Any) -> None:
        """The cover carries no running header or footer."""

    def first_page(self, canv: Any, doc: Any) -> None:
        """Page 1 under a compact title block: footer only."""
        self._draw(canv, self.document.footer, header=False)

    def body_page(self, canv: Any, doc: Any) -> None:
        self._draw(canv, self.document.header, header=True)
        self._draw(canv, self.document.footer, header=False)

    # --- drawing ----------------------------------------------------------------------------

    def _draw(self, canv: Any, running: RunningText, *, header: bool) -> None:
        slots = running.slots()
        if not slots:
            return
        if self.styles.right_to_left:  # the header's first slot stands at the right, as Word's
            mirrored = {"left": "right", "right": "left", "center": "center"}
            slots = tuple((mirrored[name], content) for name, content in slots)
        page = self.styles.page
        if header:
            baseline = page.height - page.header_offset
            rule_y = baseline - self.size * 0.9
        else:
            baseline = page.footer_offset
            rule_y = baseline + self.size * 1.55
        canv.saveState()
        if self.styles.style.running_rule:
            canv.setStrokeColor(self.styles.color(self.styles.style.running_rule))
            canv.setLineWidth(self.styles.style.running_rule_width)
            canv.line(page.left, rule_y, page.width - page.right, rule_y)
        texts = {name: self._runs(content, canv.getPageNumber()) for name, content in slots}
        keep = {name for name, content in slots if _has_page_numbers(content)}
        natural = {name: runs_width([(t.replace(PAGE_COUNT, "999"), f, c) for t, f, c in runs],
                                    self.size) for name, runs in texts.items()}
        limits = share(page.frame_width, natural, gap=self.size * 2, keep=keep)
        positions = {"left": page.left, "center": page.width / 2, "right": page.width - page.right}
        for name, runs in texts.items():
            limit = 0.0 if name in keep else max(limits.get(name, 0.0), self.size * 3)
            self._draw_slot(canv, runs, positions[name], baseline, name, limit)
        canv.restoreState()

    def _draw_slot(self, canv: Any, runs: list[Run], x: float, y: float, align: str,
                   limit: float) -> None:
        if any(PAGE_COUNT in text for text, _, _ in runs):  # needs the page count: drawn late
            page = self.styles.page
            def make(total: int, pages: dict[str, int]) -> list[Run]:
                return [(t.replace(PAGE_COUNT, str(total)), f, c) for t, f, c in runs]

            self.marks.late_text(canv, LateText(
                name=self.marks.form_name("PageText"), bbox=(0, 0, page.width, page.height),
                x=x, y=y, align=align, size=self.size, max_width=limit, make=make))
            return
        draw_runs(canv, x, y, align, fit_runs(runs, self.size, limit) if limit else runs,
                  self.size)

    def _runs(self, inlines: tuple[Inline, ...], page: int, face: tuple[str, Any] | None = None,
              ) -> list[Run]:
        face = face or self.plain
        out: list[Run] = []
        for node in inlines:
            if isinstance(node, (Text, Code)):
                out.append((_WHITESPACE.sub(" ", clean(node.text)), *face))
            elif isinstance(node, Strong):
                out += self._runs(node.children, page, self.strong)
            elif isinstance(node, Emphasis):
                out += self._runs(node.children, page, self.italic)
            elif isinstance(node, Link):
                out += self._runs(node.children, page, face)
            elif isinstance(node, PageNumber):
                out.append((str(page), *face))
            elif isinstance(node, PageCount):
                out.append((PAGE_COUNT, *face))
            elif isinstance(node, Citation):
                out.append((self.document.label_of(node), *face))
        return [run for run in out if run[0]]


def _has_page_numbers(inlines: tuple[Inline, ...]) -> bool:
    for node in inlines:
        if isinstance(node, (PageNumber, PageCount)):
            return True
        if isinstance(node, (Strong, Emphasis, Link)) and _has_page_numbers(node.children):
            return True
    return False


def share(width: float, natural: dict[str, float], *, gap: float,
          keep: set[str]) -> dict[str, float]:
    """How wide each slot may be: page numbers keep their width; the other slots share the rest
    (each side gets at least a third of the line)."""
    limits = dict(natural)
    if natural.get("center"):
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
