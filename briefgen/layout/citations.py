"""Citation numbers and the references list: sources are numbered in order of first citation,
uncited sources follow in the spec's order. The numbers live in `Document.numbers`."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..document.nodes import (
    Block, Citation, Emphasis, Inline, Link, Note, NoteReference, Reference, References, Text,
    note_anchor, reference_anchor, walk_inlines,
)
from ..spec.model import Note as SpecNote
from ..spec.model import Source


def citation_numbers(blocks: Iterable[Block], sources: list[Source]) -> dict[str, int]:
    """anchor → number for every cited or listed source."""
    numbers: dict[str, int] = {}
    for inline in walk_inlines(blocks):
        if isinstance(inline, Citation):
            numbers.setdefault(inline.anchor, len(numbers) + 1)
    for source in sources:
        numbers.setdefault(reference_anchor(source.id), len(numbers) + 1)
    return numbers


def references(sources: list[Source], numbers: dict[str, int],
               date: Callable[..., str]) -> References:
    """The references list, in number order."""
    by_anchor = {reference_anchor(s.id): s for s in sources}
    entries = [Reference(f"{number}.", anchor, _entry(by_anchor[anchor], date))
               for anchor, number in sorted(numbers.items(), key=lambda item: item[1])
               if anchor in by_anchor]
    return References(tuple(entries))


def _entry(source: Source, date: Callable[..., str]) -> tuple[Inline, ...]:
    content: list[Inline] = [Emphasis((Text(source.title),))]
    details = [x for x in (source.publisher, date(source.date)) if x]
    if details:
        content.append(Text(". " + ", ".join(details)))
    content.append(Text("."))
    if source.url:
        content.extend([Text(" "), Link(source.url, (Text(source.url),))])
    return tuple(content)


def numbered_notes(blocks: Iterable[Block], notes: list[SpecNote]) -> tuple[Note, ...]:
    """The notes in order of first reference, numbered 1, 2 …; each note once."""
    by_anchor = {note_anchor(n.id): n for n in notes}
    order: dict[str, None] = {}
    for inline in walk_inlines(blocks):
        if isinstance(inline, NoteReference) and inline.anchor in by_anchor:
            order.setdefault(inline.anchor)
    return tuple(Note(str(number), anchor, by_anchor[anchor].text.inlines)
                 for number, anchor in enumerate(order, 1))
