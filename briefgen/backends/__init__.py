"""Output formats, found by name through the `briefgen.backends` entry-point group.

The built-in PDF and DOCX backends are registered there exactly like a third party's would be;
each is imported only when its format is asked for, so `import briefgen` stays fast.
"""

from __future__ import annotations

import datetime
import os
from typing import BinaryIO, Protocol

from ..errors import RenderError, UsageError

ENTRY_POINT_GROUP = "briefgen.backends"
# Used when briefgen runs from a source tree that was never installed (no entry-point metadata).
BUILTIN = {"pdf": "briefgen.backends.pdf:PdfBackend", "docx": "briefgen.backends.docx:DocxBackend"}


class Backend(Protocol):
    """What an output format implements. `render` writes the whole file to `stream`."""

    name: str
    extension: str  # without the dot
    media_type: str

    def render(self, document, theme, stream: BinaryIO) -> None: ...


def available_backends() -> dict[str, str]:
    """Format name → 'module:attribute' of every registered backend."""
    from importlib.metadata import entry_points

    found = dict(BUILTIN)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found[ep.name] = ep.value
    return found


def get_backend(name: str) -> Backend:
    """An instance of the backend registered as `name`."""
    import importlib

    targets = available_backends()
    if name not in targets:
        raise UsageError(f"unknown output format '{name}' (available: {', '.join(sorted(targets))})")
    module_name, _, attribute = targets[name].partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute)()


FIXED_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
MAX_EPOCH = 253402300799  # 9999-12-31T23:59:59Z, the last moment PDF and W3CDTF dates can say


def document_timestamp(date: datetime.date | None) -> datetime.datetime:
    """The date written into a file's properties: never the clock, so output is reproducible.

    The brief's own date wins (it is what the document is about); without one,
    SOURCE_DATE_EPOCH; else a fixed epoch. A malformed SOURCE_DATE_EPOCH is an error even
    when the date wins, so a broken build environment is noticed.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    epoch = None
    if value:
        try:
            epoch = int(value)
        except ValueError:
            raise RenderError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not "
                              f"{value!r}") from None
        if not 0 <= epoch <= MAX_EPOCH:
            raise RenderError(f"SOURCE_DATE_EPOCH is out of range: {value}")
    if date is not None:
        return datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.timezone.utc)
    if epoch is not None:
        return datetime.datetime.fromtimestamp(epoch, tz=datetime.timezone.utc)
    return FIXED_EPOCH
