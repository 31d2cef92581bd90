"""Fonts made ready for embedding: cut down to what a document shows (Word, HTML), and
without hinting (all backends)."""

from __future__ import annotations

import io
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from ..digests import file_digest

# The name of what `unhinted_font` writes: a new name when its output changes, so that fonts
# kept in the cache folder by an older briefgen are made again rather than reused.
UNHINTED = "unhinted-1"
# Tables no backend embeds: layout (ReportLab sets no kerning or ligatures), device metrics
# and signatures, which are void once the font is changed.
UNUSED_TABLES = ["GSUB", "GPOS", "GDEF", "kern", "hdmx", "LTSH", "VDMX", "DSIG", "meta"]


@lru_cache(maxsize=64)
def subset_font(path: str, chars: str, flavor: str | None = None) -> bytes:
    """The TrueType file at `path` cut down to the glyphs for `chars` (cached per process);
    `flavor` "woff" wraps it for the web (zlib: needs nothing beyond fontTools)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = []  # no GSUB/GPOS: like the PDF, neither kerning nor ligatures
    options.hinting = False
    options.notdef_outline = True
    options.glyph_names = False
    options.recalc_timestamp = False
    options.drop_tables += UNUSED_TABLES
    options.flavor = flavor
    font = TTFont(path, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(map(ord, chars)))
        subsetter.subset(font)
        font.flavor = flavor
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()
    finally:
        font.close()


def cache_folder(kind: str) -> Path | None:
    """Where briefgen keeps what it derives once per machine: $BRIEFGEN_CACHE_DIR (empty: keep
    nothing), else $XDG_CACHE_HOME/briefgen, else ~/.cache/briefgen."""
    chosen = os.environ.get("BRIEFGEN_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) / kind if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "briefgen" / kind


def unhinted_font(path: Path, *, fresh: bool = False) -> bytes:
    """The static TrueType font at `path` with every glyph but without hinting or the tables
    no backend uses, as the Word and HTML backends embed fonts. PT Serif's subsets shrink to a
    fifth. Made once per machine and kept in the cache folder; `fresh` makes it again (a kept
    copy that no longer loads). The result never depends on whether a copy was kept."""
    folder = cache_folder("fonts")
    kept = folder / f"{file_digest(path)}-{UNHINTED}.ttf" if folder is not None else None
    if kept is not None and not fresh:
        try:
            return kept.read_bytes()
        except OSError:
            pass
    data = _unhint(path)
    if kept is not None:
        _keep(kept, data)
    return data


def _unhint(path: Path) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 14]  # all but the long licence text (13)
    options.notdef_outline = True
    options.glyph_names = False
    options.recalc_timestamp = False
    options.drop_tables += UNUSED_TABLES
    font = TTFont(path, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=font.getBestCmap().keys())
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()
    finally:
        font.close()


def _keep(file: Path, data: bytes) -> None:
    """Write `file` whole or not at all; a cache folder that cannot be written is no error."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(dir=file.parent, prefix=".", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(staging, file)
        except BaseException:
            os.unlink(staging)
            raise
    except OSError:
        pass
