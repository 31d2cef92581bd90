"""Inspect a user's zip package (a reference .docx) before any library opens it.

python-docx reads every part it references eagerly, so a small file holding a huge compressed
part would exhaust memory; the central directory tells us sizes without decompressing anything.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import Problem, TemplateError


@dataclass(frozen=True, slots=True)
class ZipLimits:
    max_file_bytes: int = 20 * 1024 * 1024
    max_entries: int = 2_000
    max_entry_bytes: int = 50 * 1024 * 1024
    max_total_bytes: int = 200 * 1024 * 1024
    max_ratio: float = 100.0


def check_zip_package(path: Path, limits: ZipLimits = ZipLimits()) -> None:
    """Raise TemplateError if the archive at `path` is too big, too many, too compressed or odd."""
    def fail(message: str, hint: str = "") -> None:
        raise TemplateError(Problem(message, str(path), hint=hint))

    size = path.stat().st_size
    if size > limits.max_file_bytes:
        fail(f"the reference document is too large ({size:,} bytes; the limit is "
             f"{limits.max_file_bytes:,})")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        fail(f"not a valid .docx (zip) file: {exc}", "save it again from Word as .docx")
    if len(entries) > limits.max_entries:
        fail(f"the reference document has too many parts ({len(entries):,})")
    total = 0
    for entry in entries:
        name = PurePosixPath(entry.filename)
        if name.is_absolute() or ".." in name.parts:
            fail(f"the reference document has an unsafe part name '{entry.filename}'")
        if entry.file_size > limits.max_entry_bytes:
            fail(f"part '{entry.filename}' is too large when unpacked ({entry.file_size:,} bytes)")
        if entry.compress_size and entry.file_size / entry.compress_size > limits.max_ratio \
                and entry.file_size > 1024 * 1024:
            fail(f"part '{entry.filename}' is compressed suspiciously well "
                 f"({entry.file_size / entry.compress_size:,.0f}:1), like a zip bomb")
        total += entry.file_size
    if total > limits.max_total_bytes:
        fail(f"the reference document unpacks to too much data ({total:,} bytes)")
    if not any(e.filename == "word/document.xml" for e in entries):
        fail("not a Word document (no word/document.xml)", "save it again from Word as .docx")
