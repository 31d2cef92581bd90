"""Collection arguments of the public API: one string or path is one item, never its letters
(`allow_paths="/srv/brand"` must not allow "/", nor `formats="pdf"` ask for "p")."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def items(value: Any) -> tuple[Any, ...]:
    """`value` as a tuple of items: one string, bytes or path is one item; None is none."""
    if value is None:
        return ()
    if isinstance(value, (str, bytes, os.PathLike)):
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        raise TypeError(f"expected one item (a string or a path) or a list of them, got "
                        f"{value!r:.40}") from None


def folders(value: Any, *, resolve: bool = False) -> tuple[Path, ...]:
    """Folder arguments (`allow_paths`, `template_dirs`) as paths."""
    paths = tuple(Path(os.fsdecode(item)) for item in items(value))
    return tuple(path.resolve() for path in paths) if resolve else paths
