"""The render boundary: the one error policy of every backend, built-in or installed.

Whatever goes wrong inside a backend reaches the caller as a `RenderError` that names the
backend (and, from a translator, the node); the output is written only when the backend has
finished, so a failure never leaves part of a file behind.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..errors import BriefgenError, RenderError
from .translator import failure

if TYPE_CHECKING:
    from ..document.nodes import Document
    from ..style.model import Style
    from .registry import Backend


def render_document(backend: Backend, document: Document, style: Style) -> bytes:
    """The bytes of `document` in `backend`'s format, or a `RenderError`."""
    name = str(getattr(backend, "name", "") or type(backend).__name__)
    buffer = _Buffer()
    try:
        backend.render(document, style, buffer)
    except RenderError as exc:
        if not exc.backend:
            exc.backend = name
        raise
    except BriefgenError:  # a located input problem found while rendering (a reference .docx)
        raise
    except RecursionError:
        raise RenderError(f"{name}: the document is nested too deeply to render",
                          backend=name) from None
    except MemoryError:
        raise RenderError(f"{name}: not enough memory to render this document",
                          backend=name) from None
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # SystemExit, GeneratorExit…: a backend may not end briefgen
        raise RenderError(f"{name}: the file could not be produced ({failure(exc)})",
                          backend=name) from exc
    data = buffer.data()
    if not data:
        raise RenderError(f"{name}: the backend wrote nothing", backend=name)
    return data


class _Buffer(io.BytesIO):
    """The stream a backend writes to; closing it early keeps what was written."""

    def close(self) -> None:
        if not self.closed:
            self._kept = self.getvalue()
        super().close()

    def data(self) -> bytes:
        return self.getvalue() if not self.closed else getattr(self, "_kept", b"")
