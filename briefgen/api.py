"""The library API: load a spec, lay it out, render it. The CLI is a thin layer over this."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Union

from .document.nodes import Document
from .arguments import items, path_argument
from .errors import OutputError, UsageError
from .layout import build_document
from .output.boundary import render_document
from .output.registry import Backend, get_backend
from .spec import load_spec
from .spec.model import Brief
from .style.model import Style
from .templates import Theme, load_theme, spec_theme

DEFAULT_FORMATS = ("pdf", "docx")
PathLike = Union[str, "os.PathLike[str]"]
Paths = PathLike | Iterable[PathLike]


def template_of(brief: Brief, *, template_dirs: Paths = (), allow_paths: Paths = ()) -> Theme:
    """The template a spec names (under the spec's path rule), else the built-in default."""
    if not isinstance(brief, Brief):
        raise TypeError(f"template_of() needs a Brief (briefgen.load_spec or loads_spec), not a "
                        f"{type(brief).__name__}")
    return spec_theme(brief, template_dirs=items(template_dirs), allow_paths=items(allow_paths))


def theme_for(brief: Brief, template: PathLike | None = None, *, template_dirs: Paths = (),
              allow_paths: Paths = ()) -> Theme:
    """The template the caller names (trusted, not confined), else the one the spec names."""
    if template:
        return load_theme(os.fspath(template), template_dirs=items(template_dirs),
                          allow_paths=items(allow_paths))
    return template_of(brief, template_dirs=template_dirs, allow_paths=allow_paths)


def render(document: Document, format: str, output: PathLike | BinaryIO,
           style: Style | Theme | None = None) -> None:
    """Render `document` as `format` into a file path (written atomically) or a binary stream.

    `style` is the resolved look (`theme.style()`); without it, the style of the template the
    document was laid out with.
    """
    data = render_bytes(document, format, style)
    if hasattr(output, "write"):
        output.write(data)
        return
    write_atomically(Path(output), data)


def render_bytes(document: Document, format: str, style: Style | Theme | None = None) -> bytes:
    """Render `document` as `format` and return the file's bytes."""
    if not isinstance(document, Document):
        raise TypeError(f"render() needs a briefgen Document, not a {type(document).__name__}")
    return render_document(get_backend(format), document, _style_for(document, style))


def _style_for(document: Document, style: Style | Theme | None) -> Style:
    """The style asked for, else the one the layout chose, else the default template's."""
    if isinstance(style, Theme):
        return style.style()
    if isinstance(style, Style):
        return style
    if style is not None:
        raise TypeError(f"style must be a briefgen Style (theme.style()), not a "
                        f"{type(style).__name__}")
    if isinstance(document.style, Style):
        return document.style
    return load_theme("default").style()


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to an unnamed file in `path`'s folder, then give it `path`'s name.

    On Linux the file is made with O_TMPFILE, so a failure or even a SIGKILL part-way leaves no
    file behind at all; elsewhere a hidden temporary file is used and removed on failure. An
    earlier file at `path` stays untouched until the new one is complete.
    """
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
                folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
                try:
                    _link_into_place(fd, folder, path.name)
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


def _link_into_place(fd: int, folder: int, name: str) -> None:
    """Give the unnamed file `fd` the name `name` in `folder`, replacing a file of that name.

    A new name is one link, complete or absent. Replacing takes a link to a staging name and a
    rename, with interrupts held back in between; what a SIGKILL there leaves, the next write
    of the same name removes."""
    source = f"/proc/self/fd/{fd}"  # dst_dir_fd makes Python call linkat(AT_SYMLINK_FOLLOW)
    try:
        os.link(source, name, dst_dir_fd=folder, follow_symlinks=True)
        return
    except FileExistsError:
        pass
    _remove_stale_staging(folder, name)
    staging = f".{name}.{os.getpid()}.part"
    with _interrupts_held():
        os.link(source, staging, dst_dir_fd=folder, follow_symlinks=True)
        try:
            os.replace(staging, name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            os.unlink(staging, dir_fd=folder)
            raise


def _remove_stale_staging(folder: int, name: str) -> None:
    """Staging files of `name` left by a process that no longer runs."""
    prefix, suffix = f".{name}.", ".part"
    for entry in os.listdir(folder):
        pid = entry[len(prefix):-len(suffix)]
        if (entry.startswith(prefix) and entry.endswith(suffix) and pid.isdigit()
                and not Path(f"/proc/{pid}").exists()):
            try:
                os.unlink(entry, dir_fd=folder)
            except OSError:
                pass


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold back Ctrl-C, SIGTERM and hang-ups (delivered when the block ends)."""
    import signal

    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """One file written by `build`."""

    format: str
    path: Path


def build(spec_path: PathLike, formats: str | Iterable[str] = DEFAULT_FORMATS,
          output_dir: PathLike = "build", *, template: str | None = None,
          template_dirs: Paths = (), allow_paths: Paths = ()) -> list[BuildResult]:
    """Load the spec at `spec_path` and write each format into `output_dir`, named from its stem.

    A collection argument given as one string is one item: `build(spec, "pdf")`."""
    dirs, allowed = items(template_dirs), items(allow_paths)
    output_dir = path_argument(output_dir, "build()'s output_dir")
    if template is not None and not isinstance(template, (str, os.PathLike)):
        raise TypeError(f"build()'s template must be a name or a path, not a "
                        f"{type(template).__name__}")
    brief = load_spec(path_argument(spec_path, "build()'s spec file"), allow_paths=allowed)
    theme = theme_for(brief, template, template_dirs=dirs, allow_paths=allowed)
    backends = backends_for(items(formats))
    document = build_document(brief, theme)
    style = theme.style()
    results = []
    for format, backend in backends.items():
        path = Path(output_dir) / f"{brief.name}.{backend.extension}"
        write_atomically(path, render_document(backend, document, style))
        results.append(BuildResult(format, path))
    return results


def backends_for(formats: tuple[str, ...]) -> dict[str, Backend]:
    """The backend of each format asked for (once each); two that would write files of one
    name are refused before anything is rendered."""
    backends = {format: get_backend(format) for format in dict.fromkeys(formats)}
    by_extension: dict[str, str] = {}
    for format, backend in backends.items():
        other = by_extension.setdefault(backend.extension.lower(), format)
        if other != format:
            raise UsageError(f"the formats '{other}' and '{format}' would both write "
                             f".{backend.extension} files; build them into different folders")
    return backends


