"""Output formats, found by name through the `briefgen.backends` entry-point group.

The built-in backends are registered there exactly like a third party's; each is imported only
when its format is asked for, so `import briefgen` stays light. A name is one format: a plug-in
that claims a name briefgen already uses is refused, and two plug-ins that claim the same name
are both refused, with an error naming the distributions involved.
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, runtime_checkable

from .._version import __version__
from ..errors import RenderError, UsageError

if TYPE_CHECKING:
    from ..document.nodes import Document
    from ..style.model import Style

log = logging.getLogger("briefgen.output")

ENTRY_POINT_GROUP = "briefgen.backends"
FORMAT_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")  # what -f can name, in a comma list
FILE_EXTENSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$")
OWN_DISTRIBUTION = "briefgen"
# Used when briefgen runs from a source tree that was never installed (no entry-point metadata).
BUILTIN = {"pdf": "briefgen.backends.pdf:PdfBackend",
           "docx": "briefgen.backends.docx:DocxBackend",
           "md": "briefgen.backends.markdown:MarkdownBackend",
           "html": "briefgen.backends.html:HtmlBackend"}


@runtime_checkable
class Backend(Protocol):
    """What an output format implements.

    `name` is the format's name (`-f NAME`), `extension` the file name's ending without the dot,
    `media_type` the IANA media type. `render` writes the whole file to `stream`; it must not
    write anything else anywhere, and it raises `briefgen.RenderError` (or lets any exception
    through, which the render boundary turns into one) when it cannot.
    """

    name: str
    extension: str
    media_type: str

    def render(self, document: Document, style: Style, stream: BinaryIO) -> None: ...


@dataclass(frozen=True)
class BackendEntry:
    """One registration: the format's name, what it points at and who installed it.

    `refused` says why the registration is not used ('' when it is the one used). The
    distribution's name and version are read from its metadata only when asked for: parsing
    every plug-in's metadata on each start-up costs more than the rest of the registry.
    """

    name: str
    target: str  # module:attribute
    dist: Any = field(default=None, compare=False, repr=False)  # importlib.metadata's
    refused: str = ""

    @cached_property
    def distribution(self) -> str:
        if self.dist is None:
            return OWN_DISTRIBUTION
        return str(self.dist.name or "unknown")

    @cached_property
    def version(self) -> str:
        return __version__ if self.dist is None else str(self.dist.version or "")

    @property
    def origin(self) -> str:
        return f"{self.distribution} {self.version}".strip()

    @property
    def builtin(self) -> bool:
        return self.distribution == OWN_DISTRIBUTION


def _registrations() -> list[BackendEntry]:
    from importlib.metadata import entry_points

    found = [BackendEntry(ep.name, ep.value, getattr(ep, "dist", None))
             for ep in entry_points(group=ENTRY_POINT_GROUP)]
    if not any(e.target in BUILTIN.values() for e in found):  # an uninstalled source tree
        found += [BackendEntry(n, t) for n, t in BUILTIN.items()]
    return found


def backend_entries() -> list[BackendEntry]:
    """Every registration, sorted by name, each refused or not (see the module doc).

    Scanning the installed distributions costs milliseconds, so the answer is kept for as
    long as `sys.path` is the same (a test or a plug-in manager that changes it sees anew)."""
    key = tuple(sys.path)
    found = _ENTRIES.get(key)
    if found is None:
        found = _ENTRIES[key] = _entries()
    return list(found)


_ENTRIES: dict[tuple[str, ...], list[BackendEntry]] = {}


def _entries() -> list[BackendEntry]:
    by_name: dict[str, list[BackendEntry]] = {}
    for entry in _registrations():
        by_name.setdefault(entry.name, []).append(entry)
    out: list[BackendEntry] = []
    for name in sorted(by_name):
        claims = by_name[name]
        if not FORMAT_NAME.match(name):
            out += [_refuse(c, f"'{name}' is not a usable format name (lower-case letters, "
                               "digits, '_' and '-')") for c in claims]
            continue
        if len(claims) == 1:  # the usual case: no distribution needs to be looked up
            out.append(claims[0])
            continue
        unique = list({c.distribution: c for c in reversed(claims)}.values())[::-1]
        own = [c for c in unique if c.builtin]
        if len(unique) == 1:  # one distribution registering a name twice
            out.append(unique[0])
        elif own:
            out.append(own[0])
            out += [_refuse(c, f"the name '{name}' is taken by {own[0].origin}")
                    for c in unique if c is not own[0]]
        else:
            names = " and ".join(c.origin for c in unique)
            out += [_refuse(c, f"the name '{name}' is claimed by both {names}") for c in unique]
    return out


def _refuse(entry: BackendEntry, reason: str) -> BackendEntry:
    return replace(entry, refused=reason)


def available_backends() -> dict[str, str]:
    """Format name → 'module:attribute' of every backend that can be used."""
    return {e.name: e.target for e in backend_entries() if not e.refused}


def get_backend(name: str) -> Backend:
    """An instance of the backend registered as `name`."""
    if not isinstance(name, str):
        raise TypeError(f"a format is a name such as 'pdf', not a {type(name).__name__}")
    entries = [e for e in backend_entries() if e.name == name]
    usable = [e for e in entries if not e.refused]
    for entry in entries:
        if entry.refused:
            log.warning("backend '%s' of %s is refused: %s", name, entry.origin, entry.refused)
    if not usable:
        if entries:
            raise UsageError(f"output format '{name}' cannot be used: {entries[0].refused} "
                             "(uninstall one of them)")
        known = ", ".join(sorted(available_backends()))
        raise UsageError(f"unknown output format '{name}' (available: {known})")
    return _load(usable[0])


def _load(entry: BackendEntry) -> Backend:
    where = f"the backend of {entry.origin} ({entry.target})"
    module_name, _, attribute = entry.target.partition(":")
    try:
        target = getattr(importlib.import_module(module_name), attribute)
        factory = isinstance(target, type) or (callable(target) and not hasattr(target, "render"))
        backend = target() if factory else target
        problem = _protocol_problem(backend)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # a plug-in, even one calling sys.exit, may not end briefgen
        raise RenderError(f"{entry.name}: {where} could not be loaded: {type(exc).__name__}: "
                          f"{exc}", backend=entry.name) from exc
    if problem:
        raise RenderError(f"{entry.name}: {where} {problem}", backend=entry.name)
    return backend  # type: ignore[no-any-return]


def _protocol_problem(backend: Any) -> str:
    """What keeps `backend` from being a usable Backend ('' if nothing)."""
    missing = [a for a in ("name", "extension", "media_type") if
               not isinstance(getattr(backend, a, None), str)]
    if not callable(getattr(backend, "render", None)):
        missing.append("render()")
    if missing:
        return f"does not implement briefgen's Backend protocol (it lacks {', '.join(missing)})"
    if not FILE_EXTENSION.match(backend.extension):
        return (f"has an unusable file extension {backend.extension!r} (letters, digits, '.', "
                "'_' and '-', without a leading dot)")
    return ""
