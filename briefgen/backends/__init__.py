"""Output formats, found by name through the `briefgen.backends` entry-point group.

The built-in PDF and DOCX backends are registered there exactly like a third party's would be;
each is imported only when its format is asked for, so `import briefgen` stays fast.
"""

from __future__ import annotations

from typing import BinaryIO, Protocol

from ..errors import UsageError

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
