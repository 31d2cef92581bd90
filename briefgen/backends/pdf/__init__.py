"""The PDF backend: a Document → a designed, print-ready PDF, with ReportLab.

ReportLab is imported only when a PDF is rendered, and its safety settings are pinned first
(see `settings`), whatever RL_* environment variables say.
"""

from __future__ import annotations

from typing import BinaryIO

from ...document.nodes import Document
from ...style.model import Style


class PdfBackend:
    """Renders a Document as PDF."""

    name = "pdf"
    extension = "pdf"
    media_type = "application/pdf"

    def render(self, document: Document, style: Style, stream: BinaryIO) -> None:
        from .settings import configure_reportlab

        configure_reportlab()
        from .writer import write_pdf

        stream.write(write_pdf(document, style))
