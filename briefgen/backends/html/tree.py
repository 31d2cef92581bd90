"""Building the page as an element tree (xml.etree), so that every text and attribute is
escaped by the serializer, never by hand."""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree.ElementTree import Element

from .text import clean

Content = Element | str


def el(tag: str, attrs: dict[str, str] | None = None, *content: Content | Iterable[Content]
       ) -> Element:
    """An element with `attrs` holding `content` (text and elements, or iterables of them).
    Empty values are left out, except `alt`: an empty alt marks an image as decorative."""
    element = Element(tag, {k: clean(v) for k, v in (attrs or {}).items()
                            if v or k == "alt"})
    for item in content:
        if isinstance(item, (str, Element)):
            append(element, (item,))
        else:
            append(element, item)
    return element


def append(parent: Element, content: Iterable[Content]) -> Element:
    """Add text and elements to the end of `parent`, in order."""
    for item in content:
        if isinstance(item, str):
            if not item:
                continue
            item = clean(item)
            if len(parent):
                last = parent[-1]
                last.tail = (last.tail or "") + item
            else:
                parent.text = (parent.text or "") + item
        else:
            parent.append(item)
    return parent


def text_of(element: Element) -> str:
    return "".join(element.itertext())
