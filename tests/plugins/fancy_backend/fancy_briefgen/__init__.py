"""fancy-briefgen: a plain-text briefgen backend, written as a third party would write one."""

from __future__ import annotations

from typing import BinaryIO

from briefgen.document import Document, Heading, ListBlock, Paragraph, Text, TitleBlock
from briefgen.output import Translator
from briefgen.style import Style


class FancyText(Translator[str]):
    """Titles framed in stars, headings in equals signs; node types it lacks fall back."""

    format_name = "fancy"

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document

    def combine(self, results: list[str]) -> str:
        return "".join(results)

    def visit_TitleBlock(self, node: TitleBlock) -> str:
        return f"*** {node.title} ***\n\n"

    def visit_Heading(self, node: Heading) -> str:
        return f"== {node.text} ==\n\n"

    def visit_Paragraph(self, node: Paragraph) -> str:
        return self.document.plain_text(node.content) + "\n\n"

    def visit_ListBlock(self, node: ListBlock) -> str:
        return "".join("  ~ " + self.combine(self.visit_all(item)) for item in node.items)

    def visit_Text(self, node: Text) -> str:  # text inside a node type it has no visit for
        return node.text + "\n"


class FancyBackend:
    name = "fancy"
    extension = "txt"
    media_type = "text/plain"

    def render(self, document: Document, style: Style, stream: BinaryIO) -> None:
        translator = FancyText(document)
        stream.write(translator.combine(translator.visit_all(document.blocks)).encode("utf-8"))
