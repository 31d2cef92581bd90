"""Numbers known only at the end ("Page 3 of 12", a contents entry's page), drawn late.

They are PDF form XObjects: a page refers to the form when it is laid out, and the form itself
is written after the last page. So the document is laid out exactly once, however long it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

from .drawing import Run, draw_runs, fit_runs


@dataclass(slots=True)
class LateText:
    """Text drawn into a form XObject at the end, when the page count is known."""

    name: str
    bbox: tuple[float, float, float, float]
    x: float
    y: float
    align: str  # left | center | right
    size: float
    make: Callable[[int, dict[str, int]], list[Run]]  # (page count, pages by dest) → runs
    max_width: float = 0.0


@dataclass
class Marks:
    """What a layout pass records: destinations' pages, the outline, and late texts."""

    pages: dict[str, int] = field(default_factory=dict)  # destination → page number
    late: list[LateText] = field(default_factory=list)
    outline_level: int = -1
    _names: int = 0

    def form_name(self, prefix: str) -> str:
        self._names += 1
        return f"{prefix}{self._names}"

    def heading(self, canv, dest: str, title: str, level: int, top: float) -> None:
        """Bookmark a heading at its top edge and add it to the outline (levels 1 and 2)."""
        canv.bookmarkHorizontal(dest, 0, top)
        self.pages.setdefault(dest, canv.getPageNumber())
        if level in (1, 2):
            outline = min(level - 1, self.outline_level + 1)
            canv.addOutlineEntry(title, dest, level=outline, closed=False)
            self.outline_level = outline

    def late_text(self, canv, item: LateText) -> None:
        self.late.append(item)
        canv.doForm(item.name)

    def finish(self, canv: Canvas, total: int) -> None:
        """Write every late form, now that all pages are known."""
        for item in self.late:
            runs = item.make(total, self.pages)
            if item.max_width:
                runs = fit_runs(runs, item.size, item.max_width)
            canv.beginForm(item.name, *item.bbox)
            draw_runs(canv, item.x, item.y, item.align, runs, item.size)
            canv.endForm()


class UndatedInfo(PDFInfo):
    """The document information of a brief without a date: ReportLab's, less the creation and
    modification dates it always writes."""

    def format(self, document):
        return PDFDictionary({
            "Title": PDFString(self.title), "Author": PDFString(self.author),
            "Producer": PDFString(self.producer), "Creator": PDFString(self.creator),
            "Subject": PDFString(self.subject), "Keywords": PDFString(self.keywords),
            "Trapped": PDFName(self.trapped)}).format(document)


class BriefCanvas(Canvas):
    """A canvas with a fixed timestamp (none written without `epoch`) that writes the late
    forms before saving."""

    def __init__(self, *args, epoch: int | None, marks: Marks, **kwargs):
        super().__init__(*args, **kwargs)
        if epoch is None:
            undated = UndatedInfo()
            undated.__dict__.update(self._doc.info.__dict__)
            self._doc.info = undated
        stamp = TimeStamp(1)
        stamp.t = epoch or 0  # the file's /ID is made from it: the same input, the same file
        stamp.lt = time.gmtime(stamp.t)
        stamp.YMDhms = tuple(stamp.lt)[:6]
        stamp.dhh = stamp.dmm = 0
        stamp.tzname = "UTC"
        self._doc._timeStamp = stamp
        self._marks = marks
        self._pages_done = 0
        self.showOutline()  # open with the bookmarks panel

    def beginText(self, x=0, y=0, direction=None):
        from .shaping import ShapingTextObject

        return ShapingTextObject(self, x, y, direction=direction)

    def showPage(self):
        if self._pages_done == 0:
            self._first_page = self._doc.thisPageRef()
        self._pages_done += 1
        super().showPage()

    def save(self):
        self._marks.finish(self, self._pages_done)
        # A link whose target never reached the page (content the layout could not show)
        # would make ReportLab refuse the whole file: point it at the first page instead.
        for dest in self._destinations.values():
            if dest.fmt is None and self._pages_done:
                dest.fit()
                dest.setPage(self._first_page)
        super().save()


