"""The Markdown backend: a Document → one self-contained GitHub-flavoured Markdown file."""

from __future__ import annotations

from typing import BinaryIO

from briefgen.document import Document
from briefgen.style import Style

from .front import front_matter
from .translator import MarkdownTranslator


class MarkdownBackend:
    """Renders a Document as GitHub-flavoured Markdown (UTF-8), with YAML front matter."""

    name = "md"
    extension = "md"
    media_type = "text/markdown"

    def render(self, document: Document, style: Style, stream: BinaryIO) -> None:
        # Markdown has no fonts, colours or pages: the style, the running header and footer
        # and page breaks have nothing to say in it.
        stream.write(markdown_text(document).encode("utf-8"))


def markdown_text(document: Document) -> str:
    """The whole file as text: front matter, then the blocks, ending in one newline."""
    translator = MarkdownTranslator(document)
    body = translator.blocks(document.blocks)
    return "\n\n".join(part for part in (front_matter(document.meta), body,
                                          translator.notes()) if part) + "\n"
