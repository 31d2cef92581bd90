"""Inspect a user's zip package (a reference .docx) before any library opens it.

python-docx reads every part it references eagerly, so a small file holding a huge compressed
part would exhaust memory. The sizes in the zip's own index can lie, so every part is
decompressed here as a stream, a chunk at a time, counting the real bytes against the limits
(nothing unpacked is kept). A part that unpacks to another size than its index says is
refused, so the library that opens the checked bytes afterwards (and trusts that index) reads
exactly what was counted. XML parts must not carry a DTD: Word never writes one, and entities
a DTD declares would survive into the output as dangling references.
"""

from __future__ import annotations

import copy
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import Problem, TemplateError

_CHUNK = 64 * 1024
_DOCTYPE = "<!doctype"
# lower-cased search patterns: the XML may be UTF-8 (or ASCII-compatible), UTF-16 or UTF-32
_DOCTYPE_PATTERNS = tuple(_DOCTYPE.encode(codec) for codec in
                          ("ascii", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))
_OVERLAP = max(len(p) for p in _DOCTYPE_PATTERNS) - 1
# Parts that may legitimately carry a DOCTYPE because no one parses them as Office XML.
_NOT_OFFICE_XML = ("image/svg+xml", "text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class ZipLimits:
    max_file_bytes: int = 20 * 1024 * 1024
    max_entries: int = 2_000
    max_entry_bytes: int = 50 * 1024 * 1024
    max_total_bytes: int = 200 * 1024 * 1024
    max_ratio: float = 100.0


def check_zip_package(path: Path, limits: ZipLimits = ZipLimits()) -> bytes:
    """The bytes of the archive at `path`, checked; TemplateError if it is too big, too many,
    too compressed, lies about its sizes, has a DTD in an XML part or is otherwise odd.

    Open the returned bytes (not the path again) so that what is used is what was checked.
    """
    def fail(message: str, hint: str = "") -> None:
        raise TemplateError(Problem(message, str(path), hint=hint))

    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.max_file_bytes:
                fail(f"the reference document is too large ({size:,} bytes; the limit is "
                     f"{limits.max_file_bytes:,})")
            data = handle.read(size + 1)
    except OSError as exc:
        fail(f"cannot read the reference document: {exc.strerror or exc}")
    if len(data) != size:
        fail("the reference document changed while it was being read")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > limits.max_entries:
                fail(f"the reference document has too many parts ({len(entries):,})")
            _check_index(entries, limits, fail)
            with_dtd = _check_contents(archive, entries, limits, fail)
            if with_dtd:
                _refuse_dtds(archive, with_dtd, fail)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
            EOFError, OSError, ValueError) as exc:
        # damaged data, a bad CRC, encryption or an unsupported compression method
        fail(f"not a valid .docx (zip) file: {exc}", "save it again from Word as .docx")
    if not any(e.filename == "word/document.xml" for e in entries):
        fail("not a Word document (no word/document.xml)", "save it again from Word as .docx")
    return data


def _check_index(entries, limits: ZipLimits, fail) -> None:
    """What the zip's index claims: part names, and sizes (a quick first refusal)."""
    total = 0
    for entry in entries:
        name = PurePosixPath(entry.filename)
        if name.is_absolute() or ".." in name.parts:
            fail(f"the reference document has an unsafe part name '{entry.filename}'")
        if entry.file_size > limits.max_entry_bytes:
            fail(f"part '{entry.filename}' is too large when unpacked ({entry.file_size:,} bytes)")
        _check_ratio(entry, entry.file_size, limits, fail)
        total += entry.file_size
    if total > limits.max_total_bytes:
        fail(f"the reference document unpacks to too much data ({total:,} bytes)")


def _check_ratio(entry, size: int, limits: ZipLimits, fail) -> None:
    if entry.compress_size and size / entry.compress_size > limits.max_ratio \
            and size > 1024 * 1024:
        fail(f"part '{entry.filename}' is compressed suspiciously well "
             f"({size / entry.compress_size:,.0f}:1), like a zip bomb")


def _check_contents(archive, entries, limits: ZipLimits, fail) -> list:
    """Decompress every part as a stream, counting real bytes; the parts holding a DOCTYPE."""
    total = 0
    with_dtd = []
    for entry in entries:
        if entry.is_dir():
            continue
        # zipfile stops reading a part at the size the index declares; lift that cap (by one
        # byte past the limit) so the count is of what the compressed data really holds
        probe = copy.copy(entry)
        probe.file_size = min(limits.max_entry_bytes, limits.max_total_bytes - total) + 1
        size = 0
        tail = b""
        found = False
        with archive.open(probe) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > entry.file_size:
                    fail(f"part '{entry.filename}' unpacks to more data than the zip's index "
                         f"says ({entry.file_size:,} bytes), like a zip bomb")
                _check_ratio(entry, size, limits, fail)
                if not found:
                    window = tail + chunk.lower()
                    found = any(p in window for p in _DOCTYPE_PATTERNS)
                    tail = window[-_OVERLAP:]
        if size != entry.file_size:
            fail(f"part '{entry.filename}' unpacks to {size:,} bytes, not the "
                 f"{entry.file_size:,} the zip's index says", "save it again from Word as .docx")
        total += size
        if found:
            with_dtd.append(entry.filename)
    return with_dtd


def _refuse_dtds(archive, names: list[str], fail) -> None:
    """Refuse a DOCTYPE in any part that is parsed as XML (by its name or its content type)."""
    types = None
    for name in names:
        lower = name.lower()
        if not lower.endswith((".xml", ".rels")):
            if types is None:
                types = _content_types(archive)
            if types is not None:
                content_type = types.get(lower) or types.get(PurePosixPath(lower).suffix[1:], "")
                if not content_type.endswith("xml") or content_type in _NOT_OFFICE_XML:
                    continue
        fail(f"part '{name}' declares a DTD (<!DOCTYPE …>); DTDs are not allowed in Word "
             "documents", "save it again from Word as .docx")


def _content_types(archive) -> dict[str, str] | None:
    """[Content_Types].xml as {lower-case part name or extension: content type}, or None."""
    from lxml import etree

    try:
        blob = archive.read("[Content_Types].xml")  # already checked: real size, no DTD
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        root = etree.fromstring(blob, parser)
    except (KeyError, etree.XMLSyntaxError):
        return None  # python-docx will refuse the package itself
    types = {}
    for element in root:
        tag = etree.QName(element).localname
        if tag == "Default" and element.get("Extension"):
            types[element.get("Extension").lower()] = element.get("ContentType", "")
        elif tag == "Override" and element.get("PartName"):
            types[element.get("PartName").lstrip("/").lower()] = element.get("ContentType", "")
    return types
