"""The characters no output should carry, for backends that write text themselves."""

from __future__ import annotations

# C0 controls except tab, line feed and carriage return; DEL; C1; lone surrogates;
# noncharacters; and the bidi overrides that can make text read differently from how it is
# stored. A backend maps them with str.translate, adding what its format needs (line endings).
UNSHOWABLE: dict[int, str | None] = {
    c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
                      *range(0xD800, 0xE000), *range(0xFDD0, 0xFDF0), 0x202D, 0x202E)}
UNSHOWABLE.update({plane * 0x10000 + end: None for plane in range(17)
                   for end in (0xFFFE, 0xFFFF)})
