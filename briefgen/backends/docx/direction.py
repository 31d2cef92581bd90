"""Whether the Word document being written runs right to left, for the XML builders deep in
the backend (tables, sections) that the writer does not reach with arguments: set once per
document by `write_docx`."""

from __future__ import annotations

from contextvars import ContextVar

right_to_left: ContextVar[bool] = ContextVar("right_to_left", default=False)
