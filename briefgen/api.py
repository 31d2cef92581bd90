"""The library API: load a spec, lay it out, render it. The CLI is a thin layer over this."""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .backends import get_backend
from .document.layout import build_document
from .document.nodes import Document
from .errors import BriefgenError, RenderError
from .spec import load_spec
from .templates import load_theme

DEFAULT_FORMATS = ("pdf", "docx")


def render(document: Document, format: str, output: str | os.PathLike | BinaryIO) -> None:
    """Render `document` as `format` into a file path (written atomically) or a binary stream."""
    backend = get_backend(format)
    if hasattr(output, "write"):
        _render_to_stream(backend, document, output)
        return
    write_atomically(Path(output), lambda stream: _render_to_stream(backend, document, stream))


def render_bytes(document: Document, format: str) -> bytes:
    """Render `document` as `format` and return the file's bytes."""
    buffer = io.BytesIO()
    render(document, format, buffer)
    return buffer.getvalue()


def _render_to_stream(backend, document: Document, stream: BinaryIO) -> None:
    theme = document.theme if document.theme is not None else load_theme("default")
    try:
        backend.render(document, theme, stream)
    except BriefgenError:
        raise
    except RecursionError:
        raise RenderError(f"{backend.name}: the document is nested too deeply to render") from None


def write_atomically(path: Path, write) -> None:
    """Call `write(stream)` on a temporary file beside `path`, then rename it into place.

    A failure (or a kill) never leaves a partial file at `path`; an earlier file there survives.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


@dataclass(frozen=True, slots=True)
class BuildResult:
    """One file written by `build`."""

    format: str
    path: Path


def build(spec_path: str | os.PathLike, formats=DEFAULT_FORMATS, output_dir="build", *,
          template: str | None = None, template_dirs=(), allow_paths=()) -> list[BuildResult]:
    """Load the spec at `spec_path` and write each format into `output_dir`, named from its stem."""
    brief = load_spec(spec_path, allow_paths=allow_paths)
    name = template or brief.template or "default"
    relative_to = None if template else brief.base_dir
    theme = load_theme(name, relative_to=relative_to, template_dirs=template_dirs)
    document = build_document(brief, theme)
    results = []
    for format in formats:
        backend = get_backend(format)
        path = Path(output_dir) / f"{brief.name}.{backend.extension}"
        render(document, format, path)
        results.append(BuildResult(format, path))
    return results
