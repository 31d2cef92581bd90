"""Footnotes at the foot of the page where the text refers to them.

The translator tags the first flowable of each block with the notes the block refers to
(`NOTES`). A frame that places such a flowable first raises its own bottom by the height of
those notes, so that the page keeps room for them; if the flowable does not fit, the bottom
goes back and the flowable moves on with its notes. A flowable split across pages gives its
notes to its first part. At the end of the page the notes are drawn in the room kept, under a
short rule. A note is printed once, on the page of its first reference.
"""

from __future__ import annotations

import copy
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import ActionFlowable, CondPageBreak, Flowable, Frame, Spacer

from ...document.nodes import Note, NoteReference, walk_inlines
from .markup import escape, escape_attr

NOTES = "_briefgen_notes"  # the attribute holding a flowable's notes
RULE_GAP = 6.0  # points between the text and the rule, and the rule and the first note


def tag_notes(t: Any, blocks: list[Any], produced: list[Any]) -> None:
    """Give the first flowable of `blocks` the notes they refer to that none of their
    flowables carries yet (a list's items carry their own): the frame keeps room for them at
    the foot of the page it lands on. `t` is the PDF translator."""
    if not t.document.notes:
        return
    carried = {n for f in produced for n in getattr(f, NOTES, ())}
    notes = [n for n in notes_of(t.document, blocks) if n not in carried]
    for flowable in produced:
        if notes:
            try:
                setattr(flowable, NOTES, (*getattr(flowable, NOTES, ()), *notes))
                return
            except AttributeError:  # a drawing takes no attributes: the next one will
                continue


def notes_of(document: Any, blocks: Any) -> list[Note]:
    """The notes `blocks` refer to, in order, each once."""
    notes: list[Note] = []
    for inline in walk_inlines(blocks):
        if isinstance(inline, NoteReference):
            note = document.note(inline.anchor)
            if note is not None and note not in notes:
                notes.append(note)
    return notes


def note_paragraph(t: Any, note: Note) -> Any:
    """A footnote: its number hanging, its text; the target of its references."""
    from .flowables import MemoParagraph

    style = t.styles["note"]
    face = t.styles.face("citation")
    width = stringWidth("00", face, style.fontSize) + style.fontSize * 0.5
    style = t.styles.variant(style, leftIndent=width, bulletIndent=0, bulletFontName=face,
                             bulletColor=t.styles.color(t.style.role("citation").color))
    dest = t.destinations.reference(note.anchor)
    anchor = f'<a name="{escape_attr(dest)}"/>' if dest else ""
    markup = t.markup(note.content, style, split=False)[0]
    return MemoParagraph(anchor + markup, style, bulletText=escape(note.label))


MAX_SHARE = 0.4  # of a page the notes may take; more go to the next page


class NoteFrame(Frame):
    """A frame that keeps room at its foot for the notes of the flowables it holds."""

    def __init__(self, *args: Any, notes: PageNotes, **kwargs: Any):
        self.page_notes = notes
        super().__init__(*args, **kwargs)

    def __deepcopy__(self, memo: dict) -> NoteFrame:
        # KeepTogether measures its content in a copy of the frame: the copy shares the notes
        clone = self.__class__.__new__(self.__class__)
        state = {k: v for k, v in self.__dict__.items() if k != "page_notes"}
        clone.__dict__.update(copy.deepcopy(state, memo))
        clone.__dict__["page_notes"] = self.page_notes
        return clone

    def _reset(self) -> None:
        super()._reset()
        self._geom()  # the foot back where it was: the notes of the last page are drawn
        self.page_notes.begin_page(self)

    def _add(self, flowable: Any, canv: Any, trySplit: int = 0) -> int:
        if isinstance(flowable, LeftoverNotes):  # it sets the waiting notes itself
            return super()._add(flowable, canv, trySplit)
        notes, extra = self.page_notes.room_for(self, flowable)
        if not notes:
            placed = super()._add(flowable, canv, trySplit)
            if placed:  # its notes, if any, too tall for this page: they wait for the next
                self.page_notes.keep(flowable, [], 0.0)
            return placed
        self._lift(extra)
        placed = super()._add(flowable, canv, trySplit)
        if placed:
            self.page_notes.keep(flowable, notes, extra)
            return placed
        self._lift(-extra)
        if self._atTop:  # too tall with its notes even on an empty page: they wait
            placed = super()._add(flowable, canv, trySplit)
            if placed:
                self.page_notes.keep(flowable, [], 0.0)
        return placed

    add = _add  # Frame.add is an alias of Frame._add, bound before any override

    def split(self, flowable: Any, canv: Any) -> list[Any]:
        if isinstance(flowable, LeftoverNotes):
            return super().split(flowable, canv)
        _, extra = self.page_notes.room_for(self, flowable)
        self._lift(extra)
        try:
            parts = super().split(flowable, canv)
        finally:
            self._lift(-extra)
        notes = getattr(flowable, NOTES, ())
        if notes:  # the first part that takes room carries them, with its own
            first = next((p for p in parts if not isinstance(
                p, (CondPageBreak, Spacer, ActionFlowable))), None)
            if first is not None:
                own = getattr(first, NOTES, ())
                setattr(first, NOTES, (*own, *(n for n in notes if n not in own)))
        return parts

    def _lift(self, height: float) -> None:
        """Move the frame's foot up by `height` (down, if negative)."""
        self._y1p += height
        self._aH = self._y2 - self._y1p - self._topPadding


class PageNotes:
    """The notes of the page being laid out: those its flowables refer to, and those that
    did not fit on an earlier page (`pending`). `make(note)` gives a note's paragraph."""

    def __init__(self, make: Any, rule_color: Any, *, at_end: bool = False):
        self.make = make
        self.at_end = at_end  # every note waits for the end of the text
        self.rule_color = rule_color
        self.done: set[str] = set()  # anchors of the notes placed (or waiting to be)
        self.pending: list[Note] = []  # notes that did not fit on their page
        self.current: list[Any] = []  # the paragraphs of this page's notes
        self.height = 0.0
        self.frame: NoteFrame | None = None
        self._heights: dict[tuple[str, float], float] = {}

    def begin_page(self, frame: NoteFrame) -> None:
        self.frame = frame
        self.current, self.height = [], 0.0

    def _new(self, flowable: Any) -> list[Note]:
        return [n for n in getattr(flowable, NOTES, ()) if n.anchor not in self.done]

    def room_for(self, frame: NoteFrame, flowable: Any) -> tuple[list[Note], float]:
        """The notes to place with `flowable` on this page (the waiting ones first), within
        MAX_SHARE of the page, and how much higher the frame's foot must be for them."""
        candidates = self.pending + self._new(flowable)
        if not candidates or self.at_end:
            return [], 0.0
        limit = frame._height * MAX_SHARE - self.height
        chosen, extra = [], 0.0 if self.current else 2 * RULE_GAP
        for note in candidates:
            height = self.note_height(note, frame._aW)
            if extra + height > limit:
                break
            chosen.append(note)
            extra += height
        return chosen, extra if chosen else 0.0

    def keep(self, flowable: Any, chosen: list[Note], extra: float) -> None:
        """`flowable` is placed with the notes `chosen`: the rest wait for the next page."""
        waiting = [n for n in self.pending + self._new(flowable) if n not in chosen]
        if not chosen and not waiting:
            return
        for note in chosen + waiting:
            self.done.add(note.anchor)
        self.current += [self.make(n) for n in chosen]
        self.pending = waiting
        self.height += extra

    def note_height(self, note: Note, width: float) -> float:
        key = (note.anchor, width)
        if key not in self._heights:
            paragraph = self.make(note)
            self._heights[key] = paragraph.wrap(width, 10_000)[1] + paragraph.getSpaceAfter()
        return self._heights[key]

    def draw(self, canv: Any) -> None:
        """The page's notes at the foot of its frame, under a short rule."""
        frame = self.frame
        if not self.current or frame is None:
            return
        width = frame._aW
        left = frame._x1 + frame._leftPadding
        y = frame._y1 + frame._bottomPadding + self.height - RULE_GAP
        canv.saveState()
        canv.setStrokeColor(self.rule_color)
        canv.setLineWidth(0.5)
        canv.line(left, y, left + width / 4, y)
        canv.restoreState()
        y -= RULE_GAP
        for paragraph in self.current:
            _, h = paragraph.wrap(width, 10_000)
            y -= h
            paragraph.drawOn(canv, left, y)
            y -= paragraph.getSpaceAfter()
        self.current, self.height = [], 0.0


class LeftoverNotes(Flowable):
    """Last in the story: the notes still waiting when the text ends (they did not fit at the
    foot of their pages), set as a list that flows over as many pages as it needs."""

    def __init__(self, notes: PageNotes, paragraphs: list[Any] | None = None):
        super().__init__()
        self.notes = notes
        self.paragraphs = paragraphs

    def _own(self) -> list[Any]:
        if self.paragraphs is None:
            self.paragraphs = [self.notes.make(n) for n in self.notes.pending]
            self.notes.pending = []
        return self.paragraphs

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = sum(p.wrap(availWidth, 10_000)[1] + p.getSpaceAfter()
                          for p in self._own())
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        fitting: list[Any] = []
        used = 0.0
        for paragraph in self._own():
            height = paragraph.wrap(availWidth, 10_000)[1] + paragraph.getSpaceAfter()
            if used + height > availHeight and fitting:
                break
            fitting.append(paragraph)
            used += height
        if len(fitting) == len(self._own()) or not fitting:
            return []
        rest = self._own()[len(fitting):]
        return [LeftoverNotes(self.notes, fitting), LeftoverNotes(self.notes, rest)]

    def draw(self) -> None:
        y = self.height
        for paragraph in self._own():
            _, h = paragraph.wrap(self.width, 10_000)
            y -= h
            paragraph.drawOn(self.canv, 0, y)
            y -= paragraph.getSpaceAfter()
