"""Every built-in backend passes the backend contract (`briefgen.testing`) that third parties
run against theirs; PDF and DOCX are also read back to check that every word arrived."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from briefgen.backends.docx import DocxBackend
from briefgen.backends.html import HtmlBackend
from briefgen.backends.markdown import MarkdownBackend
from briefgen.backends.pdf import PdfBackend
from briefgen.testing import BackendContract


class TestPdfContract(BackendContract):
    backend = PdfBackend()

    def extract_text(self, data: bytes) -> str:
        pypdf = pytest.importorskip("pypdf")
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


class TestDocxContract(BackendContract):
    backend = DocxBackend()

    def extract_text(self, data: bytes) -> str:
        import docx

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]
        for section in document.sections:
            for part in (section.header, section.footer):
                texts += [p.text for p in part.paragraphs]
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # a chart's words: in its part
            for name in archive.namelist():
                if name == "word/footnotes.xml":
                    texts.append(" ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>",
                                                     archive.read(name).decode())))
                if name.startswith("word/charts/") and name.endswith(".xml"):
                    texts.append(" ".join(re.findall(r"<c:v>([^<]*)</c:v>",
                                                     archive.read(name).decode())))
        return "\n".join(texts)


def qn(tag: str) -> str:
    from docx.oxml.ns import qn as docx_qn

    return docx_qn(tag)


class TestMarkdownContract(BackendContract):
    backend = MarkdownBackend()

    def extract_text(self, data: bytes) -> str:
        return data.decode("utf-8").replace("\\", "")  # the escapes are not part of the text


class TestHtmlContract(BackendContract):
    backend = HtmlBackend()

    def extract_text(self, data: bytes) -> str:
        import lxml.html

        page = lxml.html.document_fromstring(data.decode("utf-8"))
        for style in page.iter("style"):
            style.drop_tree()
        return page.text_content()
