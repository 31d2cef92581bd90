"""The library API: load a spec, lay it out, render it. The CLI is a thin layer over this."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .backends import get_backend
from .document.layout import build_document
from .document.nodes import Document
from .errors import BriefgenError, OutputError, RenderError
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
    """Call `write(stream)` on an unnamed file in `path`'s folder, then give it `path`'s name.

    On Linux the file is made with O_TMPFILE, so a failure or even a SIGKILL part-way leaves no
    file behind at all; elsewhere a hidden temporary file is used and removed on failure. An
    earlier file at `path` stays untouched until the new one is complete.
    """
    buffer = io.BytesIO()  # render fully first: the file is then written in one short burst
    write(buffer)
    data = buffer.getvalue()
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "it is a folder", str(path))
        if path.parent.exists() and not path.parent.is_dir():
            raise NotADirectoryError(20, f"'{path.parent}' is a file, not a folder", str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_file(path, data)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise OutputError(f"cannot write '{path}': {reason}") from None


def _write_file(path: Path, data: bytes) -> None:
    flag = getattr(os, "O_TMPFILE", 0)
    if flag and sys.platform.startswith("linux"):
        try:
            fd = os.open(path.parent, flag | os.O_WRONLY, 0o644)
        except OSError:  # e.g. a file system without O_TMPFILE support
            fd = -1
        if fd >= 0:
            try:
                _write_all(fd, data)
                os.fsync(fd)
                staging = f".{path.name}.{os.getpid()}.part"
                folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
                try:  # dst_dir_fd makes Python call linkat(AT_SYMLINK_FOLLOW), as /proc needs
                    os.link(f"/proc/self/fd/{fd}", staging, dst_dir_fd=folder,
                            follow_symlinks=True)
                    try:
                        os.replace(staging, path.name, src_dir_fd=folder, dst_dir_fd=folder)
                    except OSError:
                        os.unlink(staging, dir_fd=folder)
                        raise
                finally:
                    os.close(folder)
            finally:
                os.close(fd)
            return
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        _write_all(handle, data)
        os.fsync(handle)
        os.close(handle)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.close(handle)
        except OSError:
            pass
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


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
    from_spec = not template
    theme = load_theme(name, relative_to=brief.base_dir if from_spec else None,
                       template_dirs=template_dirs, confine=from_spec, allow_paths=allow_paths)
    document = build_document(brief, theme)
    results = []
    for format in formats:
        backend = get_backend(format)
        path = Path(output_dir) / f"{brief.name}.{backend.extension}"
        render(document, format, path)
        results.append(BuildResult(format, path))
    return results
