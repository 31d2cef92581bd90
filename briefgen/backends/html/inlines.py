"""Inline spans → HTML text and phrasing elements."""

from __future__ import annotations

from collections.abc import Iterable

from ...document.nodes import (
    Citation, Code, CrossReference, Document, Emphasis, Inline, LineBreak, Link, NoteReference,
    PageCount, PageNumber, Strong, Text, safe_url,
)
from .text import element_id
from .tree import Content, el


class Inlines:
    """Writes inline spans; numbers the citations so each can be linked back to."""

    def __init__(self, document: Document):
        self.document = document
        self.anchors = document.anchors() - {""}
        self.cited: dict[str, int] = {}  # anchor → how many citations of it so far

    def back_link(self, anchor: str) -> str:
        """The id of the first citation of the source at `anchor` ('' if it is never cited)."""
        return f"_cite-{element_id(anchor)}-1" if anchor in self.cited else ""

    def spans(self, inlines: Iterable[Inline], *, links: bool = True) -> list[Content]:
        out: list[Content] = []
        previous: Inline | None = None
        for node in inlines:
            if isinstance(node, Citation) and isinstance(previous, Citation):
                out.append(self.document.citation_separator)
            out.extend(self.span(node, links))
            previous = node
        return out

    def span(self, node: Inline, links: bool) -> list[Content]:
        if isinstance(node, Text):
            return [node.text]
        if isinstance(node, Strong):
            return [el("strong", {}, self.spans(node.children, links=links))]
        if isinstance(node, Emphasis):
            return [el("em", {}, self.spans(node.children, links=links))]
        if isinstance(node, Code):
            return [el("code", {}, node.text)]
        if isinstance(node, LineBreak):
            return [el("br")]
        if isinstance(node, Link):
            url = safe_url(node.url)
            inner = self.spans(node.children, links=False)
            if not (url and links):
                return inner
            # a link that shows its own address is not followed by it again in print
            bare = "".join(item for item in inner if isinstance(item, str)).strip() == url
            return [el("a", {"href": url, "class": "bare" if bare else ""}, inner)]
        if isinstance(node, Citation):
            return [self.citation(node, links)]
        if isinstance(node, NoteReference):
            return [self.note_reference(node, links)]
        if isinstance(node, CrossReference):
            label = self.document.label_of(node)
            if not links or node.anchor not in self.anchors:
                return [label]
            return [el("a", {"href": f"#{element_id(node.anchor)}", "class": "xref"}, label)]
        if isinstance(node, (PageNumber, PageCount)):
            return []  # a page number means something only in print (see the stylesheet)
        return []

    def note_reference(self, node: NoteReference, links: bool) -> Content:
        return self._raised(node, links, "r-note", "_noteref")

    def citation(self, node: Citation, links: bool) -> Content:
        return self._raised(node, links, "r-citation", "_cite")

    def _raised(self, node: Citation | NoteReference, links: bool, css: str,
                prefix: str) -> Content:
        """A citation's or a note's number, raised and linked to its target; each reference has
        an id (`prefix`-anchor-n) the target can link back to."""
        label = self.document.label_of(node)
        if not links or node.anchor not in self.anchors:
            return el("sup", {"class": css}, label)
        count = self.cited[node.anchor] = self.cited.get(node.anchor, 0) + 1
        link = el("a", {"href": f"#{element_id(node.anchor)}", "role": "doc-noteref",
                        "id": f"{prefix}-{element_id(node.anchor)}-{count}"}, label)
        return el("sup", {"class": css}, link)
