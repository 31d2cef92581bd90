"""Fonts made ready for embedding: cut down to what a document shows (Word, HTML), and
without hinting (all backends); and text measured with a face's own advance widths, for the
backends that lay out without a typesetter of their own (Word)."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..digests import file_digest

# The names of what `unhinted_font` and `subset_font` write: a new name when the output
# changes, so that fonts kept in the cache folder by an older briefgen are made again.
UNHINTED = "unhinted-1"
SUBSET = "subset-1"
# Tables no backend embeds: layout (ReportLab sets no kerning or ligatures), device metrics
# and signatures, which are void once the font is changed.
UNUSED_TABLES = ["GSUB", "GPOS", "GDEF", "kern", "hdmx", "LTSH", "VDMX", "DSIG", "meta"]


def subset_font(path: str, chars: str, flavor: str | None = None, *,
                layout: bool = False) -> bytes:
    """The TrueType file at `path` cut down to the glyphs for `chars`, without hinting and
    layout tables; `flavor` "woff" wraps it for the web (zlib: needs nothing beyond fontTools).
    Kept per process while the file is unchanged and, for Word's subsets (whole ranges of
    letters, shared by many briefs), in the cache folder: a build of the same characters
    again needs neither fontTools nor its time. `layout` keeps the substitution and
    positioning tables, which a complex script's letters need to join (Arabic) or cluster."""
    return _subset_font(path, file_digest(path), chars, flavor, layout)


@lru_cache(maxsize=64)
def _subset_font(path: str, digest: str, chars: str, flavor: str | None,
                 layout: bool = False) -> bytes:
    # a web page's subset is its own exact characters: kept on disk, they would pile up
    folder = cache_folder("fonts") if flavor is None else None
    key = hashlib.sha256(f"{digest}\n{flavor}\n{chars}\n{layout}".encode()).hexdigest()
    kept = folder / f"{key}-{SUBSET}.{flavor or 'ttf'}" if folder is not None else None
    if kept is not None:
        try:
            data = kept.read_bytes()
            if data[:4] in (b"\x00\x01\x00\x00", b"wOFF"):  # else damaged: made again
                return data
        except OSError:
            pass
    data = _subset(path, chars, flavor, layout)
    if kept is not None:
        _keep(kept, data)
    return data


def _subset(path: str, chars: str, flavor: str | None, layout: bool = False) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    if layout:  # joining forms, marks and ligatures, for the reader's typesetter to use
        options.layout_features = ["*"]
    else:  # no GSUB/GPOS: like the PDF, neither kerning nor ligatures
        options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.glyph_names = False
    options.recalc_timestamp = False
    options.drop_tables += [t for t in UNUSED_TABLES
                            if not (layout and t in ("GSUB", "GPOS", "GDEF"))]
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


def whole_ranges(chars: Iterable[str]) -> str:
    """Every character of the 128-code-point ranges that `chars` fall in (controls and
    surrogates aside), in code-point order. A subset to these serves every brief in the same
    scripts, and an edit in Word finds the neighbouring letters."""
    starts = {ord(c) >> 7 << 7 for c in chars}
    return "".join(chr(c) for start in sorted(starts) for c in range(start, start + 128)
                   if not (c < 0x20 or 0x7F <= c < 0xA0 or 0xD800 <= c < 0xE000))


def cache_folder(kind: str) -> Path | None:
    """Where briefgen keeps what it derives once per machine: $BRIEFGEN_CACHE_DIR (empty: keep
    nothing), else $XDG_CACHE_HOME/briefgen, else ~/.cache/briefgen."""
    chosen = os.environ.get("BRIEFGEN_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) / kind if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no home ("~" unexpanded): keep nothing, never in this folder
        return None
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
            os.chmod(staging, 0o644)  # a folder shared by several users serves them all
            os.replace(staging, file)
        except BaseException:
            os.unlink(staging)
            raise
    except OSError:
        pass


@lru_cache(maxsize=32)
def _advances(face: Path) -> tuple[dict[int, int], float]:
    """A face's advance width per code point, and its units per em."""
    from fontTools.ttLib import TTFont

    font = TTFont(face, lazy=True)
    metrics = font["hmtx"]
    widths = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
    return widths, float(font["head"].unitsPerEm)


def text_width(face: Path, text: str, size: float) -> float:
    """How wide `text` is set in `face` at `size` points, without kerning; a character the
    face lacks counts as a whole em, so that the answer errs wide."""
    widths, units = _advances(face)
    return sum(widths.get(ord(ch), units) for ch in text) * size / units
