"""The page: <head> with its metadata and security policy, <header>, <main> in sections."""

from __future__ import annotations

import base64
import hashlib
from xml.etree.ElementTree import Element, tostring

from ...document.nodes import Document, TitleBlock
from ...style.model import Style
from .css import document_chars, stylesheet
from .translator import HtmlTranslator
from .text import element_id
from .tree import el

HEADINGS = {f"h{n}": n for n in range(2, 7)}


def html_page(document: Document, style: Style) -> str:
    translator = HtmlTranslator(document, style)
    header: list[Element] = []
    body: list[Element] = []
    for block in document.blocks:
        elements = translator.visit(block)
        (header if isinstance(block, TitleBlock) and not header else body).extend(elements)
    body.extend(_notes(translator, document))
    css = "\n".join([stylesheet(document, style, document_chars(document, style)), *translator.css])
    meta = document.meta
    language = meta.language or "en"
    root = el("html", {"lang": language,
                       "dir": "rtl" if meta.right_to_left else "ltr"})
    root.append(_head(document, css))
    page = el("body", {}, header)
    page.append(el("main", {"id": "_main"}, sectioned(body)))
    root.append(page)
    return "<!DOCTYPE html>\n" + tostring(root, encoding="unicode", method="html") + "\n"


def _notes(translator: HtmlTranslator, document: Document) -> list[Element]:
    """The notes at the end of the page, each linking back to where it is referred to."""
    if not document.notes:
        return []
    items = []
    for note in document.notes:
        anchor = element_id(note.anchor)
        back = [el("a", {"href": f"#_noteref-{anchor}-{n}", "role": "doc-backlink",
                         "aria-label": f"{note.label}"}, "\u21a9\ufe0e")
                for n in range(1, translator.inlines.cited.get(note.anchor, 0) + 1)]
        items.append(el("li", {"id": anchor, "value": note.label},
                        [*translator.inlines.spans(note.content), " ", *back]))
    return [el("h2", {"class": "r-heading-1"}, document.notes_title),
            el("ol", {"class": "notes", "role": "doc-endnotes"}, items)]


def _head(document: Document, css: str) -> Element:
    meta = document.meta
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    policy = (f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; "
              "font-src data:; base-uri 'none'; form-action 'none'")
    head = el("head", {}, el("meta", {"charset": "utf-8"}),
              el("meta", {"http-equiv": "Content-Security-Policy", "content": policy}),
              el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
              el("title", {}, meta.title))
    tags = [("description", meta.subtitle or meta.title),
            ("keywords", ", ".join(k for k in meta.keywords if k.strip())),
            ("author", meta.author), ("citation_title", meta.title)]
    tags += [("citation_author", name) for name in meta.authors if name.strip()]
    if meta.date is not None:
        tags.append(("citation_publication_date", meta.date.strftime("%Y/%m/%d")))
    tags += [("citation_publisher", meta.organization), ("citation_language", meta.language),
             ("dc.identifier", meta.identifier), ("generator", "briefgen")]
    for name, content in tags:
        if content and content.strip():
            head.append(el("meta", {"name": name, "content": content}))
    style = el("style")
    style.text = css
    head.append(style)
    return head


def sectioned(elements: list[Element]) -> list[Element]:
    """The blocks with each heading and what follows it, up to the next heading of its level
    or higher, in a <section aria-labelledby> (nested as the headings are)."""
    out: list[Element] = []
    open_sections: list[tuple[int, Element]] = []
    for element in elements:
        level = HEADINGS.get(element.tag)
        if level is not None:
            while open_sections and open_sections[-1][0] >= level:
                open_sections.pop()
            section = el("section", {"aria-labelledby": element.get("id", "")})
            _parent(open_sections, out).append(section)
            open_sections.append((level, section))
        _parent(open_sections, out).append(element)
    return out


def _parent(open_sections: list[tuple[int, Element]], out: list[Element]) -> Element | list:
    return open_sections[-1][1] if open_sections else out
