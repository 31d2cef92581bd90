"""The placeholder grammar of header, footer and page-label texts: `{name}` stands for a value,
`{{` and `}}` for a brace; any other use of a brace is a mistake, reported where it stands.

Used by the template and spec checks (which report the mistakes) and by the layout (which
fills the placeholders in); it imports nothing else of briefgen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# a placeholder, an escaped brace, or a lone brace
_TOKEN = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}|(\{\{|\}\})|([{}])")

RUNNING = ("running_title", "title", "subtitle", "classification", "organization", "date",
           "authors", "page_label", "page", "pages")
PAGE_LABEL = ("page", "pages")


def parts(text: str) -> Iterator[tuple[str, str]]:
    """`text` as ("text", words) and ("name", placeholder) pieces; escaped braces are text.
    A lone or malformed brace is kept as text (the checks report it)."""
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            yield "text", text[position:match.start()]
        name, escaped, lone = match.groups()
        if name:
            yield "name", name
        else:
            yield "text", (escaped[0] if escaped else lone)
        position = match.end()
    if position < len(text):
        yield "text", text[position:]


def mistakes(text: str, allowed: Iterable[str]) -> list[str]:
    """What is wrong with the placeholders of `text`, one message each ([] when all is well)."""
    allowed = tuple(allowed)
    found = []
    for match in _TOKEN.finditer(text):
        name, _, lone = match.groups()
        if name and name not in allowed:
            found.append(f"unknown placeholder '{{{name}}}'")
        elif lone:
            around = text[max(0, match.start() - 12):match.end() + 12]
            found.append(f"a lone '{lone}' in '{around}': a placeholder is written {{name}}, "
                         "a brace as {{ or }}")
    return found
