"""Stacking flowables so that a page never ends with a heading, a question or a list title
alone: conditional page breaks before them, sized from what must follow on the same page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.platypus import CondPageBreak, KeepTogether
from reportlab.platypus import Table as RLTable

from ...document.nodes import Heading, Paragraph
from .flowables import Breakout, MemoParagraph
from .panel import Panel
from .stacked import StackedTable
from .notes import NOTES, tag_notes

if TYPE_CHECKING:
    from .translator import PdfTranslator, Room

SHORT_SECTION = 1 / 3  # a section at most this share of a page is kept whole


def _keeps_with_next(block: Any) -> bool:
    """Headings and questions start a section and never end a page on their own."""
    return isinstance(block, Heading) or (isinstance(block, Paragraph) and block.role == "question")


def _is_list_title(block: Any) -> bool:
    return isinstance(block, Paragraph) and block.role == "list-title"


class _Section:
    """A heading (or question) being stacked: where it starts, its flowables, what follows."""

    def __init__(self, start: int):
        self.start = start
        self.heads: list[Any] = []
        self.body: list[Any] = []


class Stacker:
    """Lays blocks out one after another with the keep-with-next rules."""

    def __init__(self, translator: PdfTranslator):
        self.t = translator

    def flow(self, blocks: Any, room: Room) -> list[Any]:
        out: list[Any] = []
        section: _Section | None = None
        title: list[Any] | None = None  # a list title waiting for what it introduces
        for block in blocks:
            produced = self.t.visit(block, room)
            if not produced:
                continue
            if not room.in_cell:
                tag_notes(self.t, [block], produced)
            if title is not None:  # a list title stays with the list (or text) it introduces
                produced, title = self.glue(title, produced, room.width), None
            if _is_list_title(block) and not room.in_cell:
                title = produced
                continue
            if _keeps_with_next(block) and not room.in_cell:
                if section is not None and section.body:  # the previous section is complete
                    self.keep(out, section, room.width)
                    section = None
                if section is None:
                    section = _Section(len(out))
                section.heads.extend(produced)
            elif section is not None:
                section.body.extend(produced)
            out.extend(produced)
        if title is not None:
            out.extend(title)
            if section is not None:
                section.body.extend(title)
        if section is not None:
            self.keep(out, section, room.width)
        return out

    def keep(self, out: list[Any], section: _Section, width: float) -> None:
        """A conditional page break before a section's heading(s), so that a heading never ends
        a page alone; a short section is kept whole."""
        frame = self.t.styles.page.frame_height
        need = self.t.height(section.heads, width)
        if not section.body:
            need += self.t.style.role("body").leading * 3
        else:
            whole = self.t.height(section.body, width)
            need += whole if whole <= frame * SHORT_SECTION else self.first_lines(
                section.body[0], width)
        out.insert(section.start, CondPageBreak(need + 1))

    def glue(self, title: list[Any], produced: list[Any], width: float) -> list[Any]:
        """`title` joined to the start of `produced` so that no page break falls between."""
        if isinstance(produced[0], KeepTogether):
            glued = KeepTogether(title + produced[0]._content)
            notes = [*getattr(title[0], NOTES, ()), *getattr(produced[0], NOTES, ())]
            if notes:  # the notes of both go with the new whole
                setattr(glued, NOTES, tuple(dict.fromkeys(notes)))
            return [glued, *produced[1:]]
        need = self.t.height(title, width) + self.first_lines(produced[0], width)
        return [CondPageBreak(need + 1), *title, *produced]

    def first_lines(self, follower: Any, width: float) -> float:
        """The height of the start of `follower` that must share a page with its heading."""
        frame = self.t.styles.page.frame_height
        if isinstance(follower, Breakout):
            follower, width = follower.inner, width + 2 * follower.extra
        height = self.t.height([follower], width)
        if isinstance(follower, MemoParagraph):
            lines = len(follower.blPara.lines)
            return height if lines <= 3 else height * 3 / lines
        if isinstance(follower, RLTable):
            rows = getattr(follower, "_rowHeights", None) or [height]
            return float(min(sum(rows[:2]) + follower.getSpaceBefore(), frame * 0.4))
        if isinstance(follower, Panel) and follower.column.items:  # a box that breaks: its top
            inner = follower.column.items[0]
            return min(height, 2 * follower.look.padding_y + self.first_lines(
                inner, width - follower.look.left - follower.look.padding_x))
        if isinstance(follower, StackedTable) and follower.parts:  # its header and first rows
            header = follower._head(width)[1]
            return min(height, header + self.first_lines(follower.parts[0], width))
        return min(height, frame * 0.9)  # a block that moves as a whole
