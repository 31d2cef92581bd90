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
    if hasattr(value, "read"):  # a stream would iterate as its lines
        raise TypeError("expected one item (a string or a path) or a list of them, not "
                        + kind_of(value))
    try:
        return tuple(value)
    except TypeError:
        raise TypeError("expected one item (a string or a path) or a list of them, not "
                        + kind_of(value)) from None


def path_argument(value: Any, what: str, hint: str = "") -> Path:
    """`value` as a Path, or a TypeError saying what was expected (never the value's repr)."""
    if isinstance(value, (str, bytes, os.PathLike)):
        return Path(os.fsdecode(value))
    raise TypeError(f"{what} must be a path (a str or os.PathLike), not {kind_of(value)}"
                    + (f"; {hint}" if hint else ""))


def kind_of(value: Any) -> str:
    """'a BytesIO', 'an int': what a value is, for a message that must not print the value."""
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def folders(value: Any, *, resolve: bool = False) -> tuple[Path, ...]:
    """Folder arguments (`allow_paths`, `template_dirs`) as paths."""
    paths = tuple(path_argument(item, "each folder") for item in items(value))
    return tuple(path.resolve() for path in paths) if resolve else paths


def shown(text: str) -> str:
    """`text` quoted for a message, with characters a terminal would act on written as escapes
    (a NUL or an ESC in a file name must not reach the screen as it is)."""
    return "'" + "".join(c if c.isprintable() else repr(c)[1:-1] for c in text) + "'"
