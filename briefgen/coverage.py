"""Never lose a character: the spec's characters that no font of its template, nor of the
fallback chain (output/fallback_fonts), can show are found before anything is rendered, and
named where they stand.

Most briefs are Latin, Greek or Cyrillic text: the loader notes only the characters outside
the ranges the fonts are known to cover (`RareCharacter`), so a brief without any reads no
font at all here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import Problem, SpecError

# Latin, IPA, Greek, Cyrillic; Latin and Greek extended; punctuation, super- and subscripts
# and currency signs: the built-in families and Noto Sans/Serif cover these.
COMMON_RANGES = ((0x0000, 0x052F), (0x1E00, 0x1FFF), (0x2000, 0x20CF))
# where to find a font for a script the fallback chain lacks on this machine
FONT_FOR = {
    "Arabic": "Noto Sans Arabic (pip install fontpkg-noto-sans-arabic)",
    "Devanagari": "Noto Sans Devanagari (pip install fontpkg-noto-sans-devanagari)",
    "Thai": "Noto Sans Thai (pip install fontpkg-noto-sans-thai)",
    "Tamil": "Noto Sans Tamil (pip install fontpkg-noto-sans-tamil)",
    "Khmer": "Noto Sans Khmer (pip install fontpkg-noto-sans-khmer)",
    "CJK": "a TrueType CJK font, e.g. Debian's fonts-droid-fallback",
    "Hiragana": "a TrueType CJK font, e.g. Debian's fonts-droid-fallback",
    "Katakana": "a TrueType CJK font, e.g. Debian's fonts-droid-fallback",
    "Hangul": "a TrueType CJK font, e.g. Debian's fonts-droid-fallback",
    "Hebrew": "a Hebrew TrueType font, e.g. Debian's fonts-noto-core",
    "symbols": "a TrueType font with these signs, e.g. Debian's fonts-symbola for emoji",
}
SHOWN = 12  # characters listed in one message


# controls, format characters, unassigned code points, surrogates, spaces: nothing to show
# (the backends drop the ones they cannot write)
INVISIBLE = frozenset(("Cc", "Cf", "Cn", "Cs", "Zs", "Zl", "Zp"))
# a character outside COMMON_RANGES: one regular-expression scan a text, in C
OUTSIDE = re.compile("[^" + "".join(f"\\U{low:08x}-\\U{high:08x}"
                                    for low, high in COMMON_RANGES) + "]")


def rare_in(text: str) -> list[str]:
    """The characters of `text` that need a font check: outside COMMON_RANGES, and visible."""
    return [m.group() for m in OUTSIDE.finditer(text)
            if unicodedata.category(m.group()) not in INVISIBLE]


def check_characters(brief: Any, style: Any, theme: Any = None) -> None:
    """Raise SpecError for each field holding rare characters that none of the style's fonts,
    nor the fallback, has: where the first stands, which they are, their scripts, and which
    font would show them. With `theme`, the template's words in the brief's language too."""
    rares = list(brief.rare_characters)
    if theme is not None and not brief.labels:
        rares += label_characters(theme, brief.language)
    if not rares:
        return
    covered = _coverage(tuple(_faces(style)))
    uncovered = frozenset(r.char for r in rares if ord(r.char) not in covered)
    if uncovered:
        covered = covered | fallback_coverage(uncovered)
    fields: dict[str, list[Any]] = {}
    for rare in rares:
        if ord(rare.char) not in covered:
            fields.setdefault(rare.field, []).append(rare)
    problems = []
    for missing in fields.values():
        first = missing[0]
        scripts = list(dict.fromkeys(script_name(r.char) for r in missing))
        listed = ", ".join(describe(r.char) for r in missing[:SHOWN])
        more = f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else ""
        fonts = [FONT_FOR.get(script, "a font that has them") for script in scripts]
        problems.append(Problem(
            f"no font of the template has these {' and '.join(scripts)} characters, so they "
            f"would not show: {listed}{more}", first.file, first.line, first.column,
            first.field, "install " + "; or ".join(dict.fromkeys(fonts))
            + ", or name a font that has them in the template's fonts: {fallback: [...]}, "
            "or leave them out"))
    if problems:
        raise SpecError(problems)


def label_characters(theme: Any, language: str) -> list[Any]:
    """The rare characters of the template's words for `language`, located in the template
    file of the chain that holds them (a brief prints only its own language's words)."""
    from .spec.model import RareCharacter
    from .templates import template_files

    primary = (language or "en").split("-")[0].lower()
    words = theme.data.get("labels", {}).get(primary, {})
    rare: dict[str, str] = {}  # character → the first key that holds it
    for key, text in words.items():
        for ch in rare_in(text) if isinstance(text, str) else ():
            rare.setdefault(ch, key)
    if not rare:
        return []
    found: dict[str, RareCharacter] = {}
    files = [(file, file.read_text("utf-8").splitlines()) for file in template_files(theme)]
    for ch, key in rare.items():
        line = column = None
        where = "<template>"
        for file, rows in files:
            hit = next(((n, row.find(ch)) for n, row in enumerate(rows, 1) if ch in row), None)
            if hit:
                where, (line, column) = str(file), (hit[0], hit[1] + 1)
                break
        found[ch] = RareCharacter(ch, where, line, column, f"labels.{primary}.{key}")
    return list(found.values())


def script_name(ch: str) -> str:
    """The script of a letter or mark ('Arabic', 'Toto'), 'symbols' for anything else."""
    name = unicodedata.name(ch, "")
    known = script_of(name)
    if known:
        return known
    if name and unicodedata.category(ch)[0] in "LM":
        return name.split(" ", 1)[0].title()
    return "symbols"


def describe(ch: str) -> str:
    """'ا' U+0627 ARABIC LETTER ALEF."""
    return f"'{ch}' U+{ord(ch):04X} {unicodedata.name(ch, 'an unnamed character')}"


def script_of(name: str) -> str:
    """The script a character's Unicode name begins with ('ARABIC LETTER …' → 'Arabic'),
    'CJK' for ideographs, '' where the name says none (symbols, emoji)."""
    first = name.split(" ", 1)[0] if name else ""
    if first in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL"):
        return "CJK" if first == "CJK" else first.title()
    scripts = {"ARABIC", "HEBREW", "DEVANAGARI", "BENGALI", "TAMIL", "THAI", "LAO", "TIBETAN",
               "ARMENIAN", "GEORGIAN", "ETHIOPIC", "GUJARATI", "GURMUKHI", "KANNADA",
               "MALAYALAM", "TELUGU", "SINHALA", "KHMER", "MYANMAR", "SYRIAC", "THAANA",
               "TIFINAGH", "MONGOLIAN", "CHEROKEE", "YI", "BOPOMOFO", "ORIYA"}
    return first.title() if first in scripts else ""


def _faces(style: Any) -> Iterable[Path]:
    for family in (style.fonts.body, style.fonts.heading, style.fonts.mono,
                   *style.fonts.fallback):
        yield from (family.regular, family.bold, family.italic, family.bold_italic)


def fallback_coverage(chars: frozenset[str]) -> frozenset[int]:
    """What the fallback chains (serif and sans) add: the font packages installed, and the
    system fonts that have some of `chars`."""
    from .output.fallback_fonts import covered_by, fallback_families

    return frozenset().union(*(covered_by(fallback_families(serif, chars=sorted(chars)))
                               for serif in (False, True)))


@lru_cache(maxsize=16)
def _coverage(faces: tuple[Path, ...]) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    codes: set[int] = set()
    for face in dict.fromkeys(faces):
        try:
            codes.update(TTFont(face, lazy=True).getBestCmap())
        except Exception:  # an unreadable face is explained where the fonts are resolved
            continue
    return frozenset(codes)
