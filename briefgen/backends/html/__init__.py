"""The HTML backend: a Document → one self-contained, accessible web page.

Everything the page needs is inside the file: the stylesheet made from the resolved style, the
fonts as subset WOFF data, images as `data:` URIs. No script; a Content-Security-Policy meta tag
forbids any request to another host, so the page opens the same offline, in a mail client or
behind a firewall. The same file prints: `@page` takes the template's page size and margins.
"""

from __future__ import annotations

from typing import BinaryIO

from ...document.nodes import Document
from ...style.model import Style


class HtmlBackend:
    """Renders a Document as one HTML5 file (UTF-8)."""

    name = "html"
    extension = "html"
    media_type = "text/html"

    def render(self, document: Document, style: Style, stream: BinaryIO) -> None:
        from .page import html_page

        stream.write(html_page(document, style).encode("utf-8"))
