"""Plain text → GitHub-flavoured Markdown that reads back as exactly that text and no more."""

from __future__ import annotations

import re
import unicodedata
from briefgen.output import UNSHOWABLE

# What no output carries is dropped; line endings become spaces: a newline inside a node's
# text must never start a Markdown block.
_TABLE: dict[int, str | None] = {**UNSHOWABLE, 0x0A: " ", 0x0D: " ", 0x2028: " ", 0x2029: " "}

# Characters that mean something wherever they stand, plus three contexts GitHub would turn
# into something else: an entity reference (&amp;), an emoji shortcode (:smile:) and a bare
# URL or www. address (autolinked). `@` is escaped so no bare e-mail address becomes a link.
_SPECIAL = re.compile(r"[\\`*_\[\]<>|~$@]"
                      r"|&(?=#?[0-9A-Za-z]+;)"
                      r"|:(?=//|[0-9A-Za-z_+\-]+:)"
                      r"|(?i:www)\.")

# What makes a line something other than paragraph text when it starts it: ATX headings,
# list items, setext underlines and thematic breaks (`*`, `>`, `|`, `<`, `_`, `~` and the
# backtick are escaped everywhere already).
_LINE_START = re.compile(r"[#+=-]|\d{1,9}(?=[.)](?:[ \t]|$))")
_CLOSING_HASHES = re.compile(r"(?:^|(?<=[ \t]))#+$")

_URL_UNSAFE = re.compile(r"[\s<>()\[\]\\\"'`|]")
_ENTITY_AMP = re.compile(r"&(?=#?[0-9A-Za-z]+;)")

HARD_BREAK = "\\\n"
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def clean(text: str) -> str:
    """`text` without the characters no output should carry, on one line."""
    return text.translate(_TABLE)


def escape(text: str) -> str:
    """`text` (any string from a node) as Markdown inline text that shows exactly it."""
    return _SPECIAL.sub(_escaped, clean(text))


def _escaped(match: re.Match[str]) -> str:
    found = match.group()
    return found[:-1] + "\\." if found.endswith(".") else "\\" + found


def fix_line_start(line: str) -> str:
    """A line of inline Markdown that stays a paragraph's text when it starts a line."""
    line = line.lstrip(" \t")  # four spaces would make an indented code block
    match = _LINE_START.match(line)
    if match is None:
        return line
    if match.group()[0].isdigit():  # "2025. Then" is not the 2025th list item
        return line[:match.end()] + "\\" + line[match.end():]
    return "\\" + line


def block_lines(markdown: str) -> str:
    """Inline Markdown with hard breaks made safe as the text of one block."""
    lines = markdown.split("\n")  # only hard breaks put newlines into inline output
    while len(lines) > 1 and not lines[-1].strip(" \t"):
        lines.pop()
        lines[-1] = lines[-1][:-1]  # a break at the end of a block would print as "\"
    while len(lines) > 1 and lines[0].strip(" \t") == "\\":
        lines.pop(0)
    return "\n".join(fix_line_start(line).rstrip(" \t") for line in lines).strip("\n")


def heading_text(markdown: str) -> str:
    """Inline Markdown that reads back whole as the text of an ATX heading."""
    text = markdown.strip(" \t")
    if text.startswith("#"):
        text = "\\" + text
    match = _CLOSING_HASHES.search(text)
    if match is not None:  # a trailing " #" would be taken as the heading's closing sequence
        text = text[:match.start()] + "\\" + text[match.start():]
    return text


def code_span(text: str, *, in_table: bool = False) -> str:
    """`text` as a code span; its fence is a backtick run that does not occur inside it."""
    text = clean(text)
    if not text:
        return ""
    if in_table:  # GFM splits table cells at pipes even inside code spans
        text = text.replace("|", "\\|")
    runs = {len(run) for run in re.findall(r"`+", text)}
    size = 1
    while size in runs:
        size += 1
    # A backtick at an end would join the fence, and readers strip one space from each end of
    # a span that has both: a space on each side keeps the content exactly (unless it is only
    # spaces, which CommonMark keeps as they are).
    padded = text.strip(" ") and (text[0] in "` \t" or text[-1] in "` \t")
    pad = " " if padded else ""
    fence = "`" * size
    return f"{fence}{pad}{text}{pad}{fence}"


def safe_url(url: str) -> str | None:
    """`url` when a reader may follow it (the rule of every backend), else None."""
    from briefgen.document import safe_url as followable

    return followable(clean(url))


def destination(url: str) -> str:
    """`url` (or `#anchor`) written so that it ends the link exactly where it ends."""
    encoded = _URL_UNSAFE.sub(_percent, clean(url).strip())
    return _ENTITY_AMP.sub("\\\\&", encoded)  # "&amp;" in a destination would be decoded


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def attribute(value: str) -> str:
    """`value` as the text of a double-quoted HTML attribute."""
    return (clean(value).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def is_space(char: str) -> bool:
    """Unicode whitespace as CommonMark's emphasis rules see it (line ends included)."""
    return char in "\t\n\f\r" or unicodedata.category(char) == "Zs"


def may_be_punctuation(char: str) -> bool:
    """Punctuation for some reader: CommonMark 0.31 counts symbols (S*) too, such as emoji."""
    return char in _ASCII_PUNCTUATION or unicodedata.category(char)[0] in "PS"


def is_punctuation(char: str) -> bool:
    """Punctuation for every reader: GitHub's cmark-gfm counts only ASCII and P* as such."""
    return char in _ASCII_PUNCTUATION or unicodedata.category(char)[0] == "P"
