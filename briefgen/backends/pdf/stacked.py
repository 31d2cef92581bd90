"""A long table as a run of short ones, with its header at the top of every page.

ReportLab splits a Table by rebuilding the rest with every style command re-indexed, so a
table's cost grows with its rows times its pages: a 1,000-row risk register over 847 pages
took 12 s. Stacked, a page break only splits the short part it falls in, and measuring the rest
is one subtraction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.platypus import Flowable

ROWS_PER_PART = 25


class StackedTable(Flowable):
    """`parts` (tables without a header) one under another; `header()` makes a fresh header
    table for the top of each piece (None: no header)."""

    def __init__(self, header: Callable[[], Any] | None, parts: list[Any], *,
                 space_before: float = 0.0, space_after: float = 0.0, min_split: float = 0.0,
                 _ends: dict | None = None, _start: int = 0, _lead: tuple[Any, ...] = ()):
        super().__init__()
        self.header, self.parts = header, parts
        self.spaceBefore, self.spaceAfter, self.min_split = space_before, space_after, min_split
        self._ends = _ends if _ends is not None else {}  # width → heights of parts[:i]
        self.start, self.lead = _start, _lead  # lead: what is left of a part a break cut

    def _measure(self, width: float) -> list[float]:
        canv = getattr(self, "canv", None)
        ends = self._ends.get(width)
        if ends is None:
            ends = [0.0]
            for part in self.parts:
                ends.append(ends[-1] + part.wrapOn(canv, width, 1e7)[1])
            self._ends[width] = ends
        return ends

    def _head(self, width: float) -> tuple[Any, float]:
        if self.header is None:
            return None, 0.0
        head = self.header()
        return head, head.wrapOn(getattr(self, "canv", None), width, 1e7)[1]

    def wrap(self, availWidth, availHeight):
        canv = getattr(self, "canv", None)
        ends = self._measure(availWidth)
        self._top, head_h = self._head(availWidth)
        lead_h = sum(p.wrapOn(canv, availWidth, 1e7)[1] for p in self.lead)
        self.width, self.height = availWidth, head_h + lead_h + ends[-1] - ends[self.start]
        return self.width, self.height

    def split(self, availWidth, availHeight):
        canv = getattr(self, "canv", None)
        head, room = self._head(availWidth)
        room = availHeight - room
        if room < self.min_split:
            return []
        out: list[Any] = [head] if head is not None else []
        pending = [*self.lead, *self.parts[self.start:]]
        for n, part in enumerate(pending):
            height = part.wrapOn(canv, availWidth, 1e7)[1]
            if height <= room:
                out.append(part)
                room -= height
                continue
            pieces = part.splitOn(canv, availWidth, room) if room >= self.min_split else []
            if pieces:
                out.append(pieces[0])
            if len(out) == (head is not None):  # nothing but the header would fit here
                return []
            left = tuple(pieces[1:]) if pieces else (part,)
            if n < len(self.lead):  # the break fell in the lead: its later pieces come too
                start, lead = self.start, left + tuple(self.lead[n + 1:])
            else:
                start, lead = self.start + n + 1 - len(self.lead), left
            rest = StackedTable(self.header, self.parts, space_after=self.spaceAfter,
                                min_split=self.min_split, _ends=self._ends, _start=start,
                                _lead=lead)
            out[0].spaceBefore = self.spaceBefore
            return [*out, rest]
        out[0].spaceBefore = self.spaceBefore
        out[-1].spaceAfter = self.spaceAfter
        return out

    def draw(self):
        canv = self.canv
        y = self.height
        for part in [self._top, *self.lead, *self.parts[self.start:]]:
            if part is None:
                continue
            height = part.wrapOn(canv, self.width, 1e7)[1]
            y -= height
            part.drawOn(canv, 0, y)
