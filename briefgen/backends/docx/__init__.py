"""The DOCX backend: a native Word document with real styles, complete on first open.

Styles, list numbering and page set-up come from the resolved style (or from the template's
reference .docx); the body is written as WordprocessingML text and parsed once, which is
several times faster than python-docx's per-paragraph proxies. python-docx is imported only
when a Word file is rendered.
"""

from __future__ import annotations

from typing import BinaryIO

from ...document.nodes import Document
from ...style.model import Style


class DocxBackend:
    """Renders a Document as a .docx file (WordprocessingML) with python-docx and lxml."""

    name = "docx"
    extension = "docx"
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, document: Document, style: Style, stream: BinaryIO) -> None:
        from .writer import write_docx

        write_docx(document, style, stream)
