"""Fonts cut down to what a document shows, for the backends that embed them (Word, HTML)."""

from __future__ import annotations

import io
from functools import lru_cache


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
    options.drop_tables += ["meta", "GSUB", "GPOS", "GDEF", "kern", "hdmx", "LTSH", "VDMX"]
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
