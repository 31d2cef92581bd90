"""What a backend is made of: the `Backend` protocol and registry, the `Translator` base class,
the render boundary (`render_document`) and the timestamp rule every format follows.

A backend reads only `briefgen.document` (the nodes), `briefgen.style` (the resolved look) and
this package; docs/backends.md shows how to write and register one.
"""

from __future__ import annotations

from .boundary import render_document
from .registry import (
    ENTRY_POINT_GROUP, Backend, BackendEntry, available_backends, backend_entries, get_backend,
)
from .text import UNSHOWABLE
from .timestamps import document_timestamp
from .translator import Translator, describe

__all__ = [
    "ENTRY_POINT_GROUP", "UNSHOWABLE", "Backend", "BackendEntry", "Translator",
    "available_backends", "backend_entries", "describe", "document_timestamp", "get_backend",
    "render_document",
]
