"""The running header and footer: a template's slot texts, with their placeholders filled in,
as inline nodes. `{page}` and `{pages}` become `PageNumber` and `PageCount` nodes; a value from
the brief is inserted as text and never expanded again (a "{page}" in a title stays text). The
grammar is briefgen.placeholders'.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..document.nodes import Inline, PageCount, PageNumber, RunningText, Strong, Text
from ..placeholders import parts

SLOTS = ("left", "center", "right")


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
    for kind, piece in parts(template):
        value = values.get(piece) if kind == "name" else None
        if value is not None:
            out.extend(value)
        else:
            _text(out, f"{{{piece}}}" if kind == "name" else piece)
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
