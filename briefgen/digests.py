"""Content digests of input files, each file read once per process while it stays unchanged."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path


def file_digest(path: Path | str) -> str:
    """The file's sha256. Specs of one batch share their template's fonts: each file is read
    once per process while its size and modification time stay the same."""
    info = os.stat(path)
    return _digest_of(str(path), info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=4096)
def _digest_of(path: str, mtime_ns: int, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
