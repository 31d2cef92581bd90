"""The running header and footer: a template's slot texts, with their placeholders filled in,
as inline nodes. `{page}` and `{pages}` become `PageNumber` and `PageCount` nodes; a value from
the brief is inserted as text and never expanded again (a "{page}" in a title stays text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..document.nodes import Inline, PageCount, PageNumber, RunningText, Strong, Text

PLACEHOLDERS = ("running_title", "title", "subtitle", "classification", "organization", "date",
                "authors", "page_label", "page", "pages")
PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")
SLOTS = ("left", "center", "right")


def unknown_placeholders(text: str) -> list[str]:
    """The placeholders in `text` that the layout does not know."""
    return [m.group(1) for m in PLACEHOLDER.finditer(text) if m.group(1) not in PLACEHOLDERS]


def running_text(setting: Any, values: Mapping[str, tuple[Inline, ...]],
                 page_label: str) -> RunningText:
    """The header or footer a template's `{left, center, right}` setting describes."""
    if not isinstance(setting, Mapping):
        return RunningText()
    filled = dict(values)
    filled["page"] = (PageNumber(),)
    filled["pages"] = (PageCount(),)
    # the page label itself may only say where the page numbers go
    filled["page_label"] = expand(page_label, {"page": filled["page"],
                                               "pages": filled["pages"]})
    slots = {slot: expand(str(setting.get(slot) or ""), filled) for slot in SLOTS}
    return RunningText(**slots)


def expand(template: str, values: Mapping[str, tuple[Inline, ...]]) -> tuple[Inline, ...]:
    """`template` as inline nodes; an unknown placeholder stays as the text it is."""
    out: list[Inline] = []
    position = 0
    for match in PLACEHOLDER.finditer(template):
        _text(out, template[position:match.start()])
        position = match.end()
        value = values.get(match.group(1))
        if value is None:
            _text(out, match.group(0))
        else:
            out.extend(value)
    _text(out, template[position:])
    return tuple(out)


def _text(out: list[Inline], text: str) -> None:
    if not text:
        return
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text + text)
    else:
        out.append(Text(text))


def slot_values(*, title: str, short_title: str, subtitle: str, classification: str,
                organization: str, date: str, authors: str) -> dict[str, tuple[Inline, ...]]:
    """What each placeholder stands for; the classification is set in bold."""
    def text(value: str) -> tuple[Inline, ...]:
        return (Text(value),) if value else ()

    return {
        "running_title": text(short_title), "title": text(title), "subtitle": text(subtitle),
        "classification": (Strong((Text(classification),)),) if classification else (),
        "organization": text(organization), "date": text(date), "authors": text(authors),
    }
