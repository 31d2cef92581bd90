"""Which text needs more than one glyph per character in order: the scripts a typesetter must
shape (joined Arabic letters, Indic clusters, Thai marks) and the characters that run right
to left. Backends ask before paying for shaping or reordering."""

from __future__ import annotations

import re

# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan…, Arabic Extended, the Indic scripts, Sinhala,
# Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian, and the presentation forms
COMPLEX = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u18af"
                     "\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")
RIGHT_TO_LEFT_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
                                 "\U00010800-\U00010fff\U0001e800-\U0001efff]")


def needs_shaping(text: str) -> bool:
    return COMPLEX.search(text) is not None


def has_right_to_left(text: str) -> bool:
    return RIGHT_TO_LEFT_CHARS.search(text) is not None

# Han, kana, Hangul, CJK symbols and the full-width forms: Word's "East Asian" font slot
EAST_ASIAN = re.compile("[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f"
                        "\uff00-\uffef\U00020000-\U0003134f]")


def is_east_asian(text: str) -> bool:
    return EAST_ASIAN.search(text) is not None
