"""PDF destination names for the document's anchors: unique, and safe in a PDF name."""

from __future__ import annotations

import re

from ...document.nodes import Document, Exhibit, Heading, References, walk_blocks

SAFE_DEST = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


class Destinations:
    """The destination of each heading, source entry and numbered figure or table."""

    def __init__(self, document: Document):
        self._headings: dict[str, str] = {}
        self._references: dict[str, str] = {}
        self._used: set[str] = set()
        for index, block in enumerate(walk_blocks(document.blocks)):
            if isinstance(block, Heading) and block.anchor not in self._headings:
                self._headings[block.anchor] = self._unique(block.anchor, f"heading-{index}")
            elif isinstance(block, References):
                for entry in block.entries:
                    if entry.anchor not in self._references:
                        self._references[entry.anchor] = self._unique(
                            entry.anchor, f"source-{len(self._references) + 1}")
            elif isinstance(block, Exhibit) and block.anchor not in self._references:
                self._references[block.anchor] = self._unique(block.anchor, f"exhibit-{index}")

        for number, note in enumerate(document.notes, 1):
            self._references[note.anchor] = self._unique(note.anchor, f"note-{number}")

    def _unique(self, anchor: str, fallback: str) -> str:
        base = anchor if SAFE_DEST.match(anchor or "") else fallback
        name, n = base, 2
        while name in self._used:
            name, n = f"{base}-{n}", n + 1
        self._used.add(name)
        return name

    def heading(self, anchor: str) -> str:
        """The destination of a heading (one is made for a heading met only now)."""
        found = self._headings.get(anchor)
        if found is None:
            found = self._headings[anchor] = self._unique(anchor, f"heading-x{len(self._used)}")
        return found

    def heading_if_known(self, anchor: str) -> str | None:
        return self._headings.get(anchor)

    def reference(self, anchor: str) -> str | None:
        """The destination of a source entry or an exhibit, or None for one the document does
        not hold."""
        return self._references.get(anchor)
