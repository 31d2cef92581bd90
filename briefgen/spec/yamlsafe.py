"""Read YAML into plain data (dicts, lists, text) with the line and column of every key and value.

Only the YAML *event* stream is used (libyaml's C parser when present), so nothing is ever
constructed from tags, anchors and aliases are refused before anything can expand them, duplicate
keys are caught, and every scalar stays text until the schema says what it should be.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import Problem, SpecError
from ..markdown import drop_bidi_overrides

try:  # libyaml is ~20x faster than the pure-Python parser; both produce the same events
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple  # a path into the data: keys (str) and list indices (int)

NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one input file may cost; each has a clear error when exceeded."""

    max_bytes: int = 2 * 1024 * 1024
    max_depth: int = 24
    max_string: int = 200_000
    max_nodes: int = 200_000


DEFAULT_LIMITS = Limits()


@dataclass(slots=True)
class LocatedData:
    """Plain data read from one file, plus where each value and each mapping key stands in it."""

    data: Any  # mappings, lists and text, as YAML gave them
    file: str
    value_positions: dict = field(default_factory=dict)
    key_positions: dict = field(default_factory=dict)
    block_scalars: set = field(default_factory=set)  # paths of `|` and `>` values
    text: str = ""

    def column_of(self, line: int, needle: str) -> int | None:
        """1-based column where `needle` first appears on `line`, if it does."""
        lines = self.text.splitlines()
        if 0 < line <= len(lines):
            index = lines[line - 1].find(needle)
            return index + 1 if index >= 0 else None
        return None

    def position(self, path: Path, *, key: bool = False) -> tuple[int | None, int | None]:
        """(line, column), 1-based, of the value (or its key) at `path`, or of its nearest
        parent."""
        path = tuple(path)
        while True:
            table = self.key_positions if key else self.value_positions
            if path in table:
                return table[path]
            if key and path in self.value_positions:
                return self.value_positions[path]
            if not path:
                return (None, None)
            path = path[:-1]
            key = False

    def problem(self, path: Path, message: str, *, hint: str = "", key: bool = False) -> Problem:
        line, column = self.position(path, key=key)
        return Problem(message, self.file, line, column, format_path(path), hint)


def format_path(path: Path) -> str:
    """`('pillars', 0, 'title')` → `pillars[0].title`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _mark(event) -> tuple[int, int]:
    return (event.start_mark.line + 1, event.start_mark.column + 1)


def _describe(event) -> str:
    if isinstance(event, yaml.MappingStartEvent):
        return "a mapping"
    if isinstance(event, yaml.SequenceStartEvent):
        return "a list"
    return "a value"


def load_located(text: str | bytes, file: str = "<input>",
                 limits: Limits = DEFAULT_LIMITS) -> LocatedData:
    """Parse one YAML document into `LocatedData`; raise `SpecError` with located problems."""
    text = _as_text(text, file, limits)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise SpecError(Problem(
            "the file is empty", file, 1, 1,
            hint="a spec needs at least title, summary, pillars, risks and opportunities",
        ))
    result = LocatedData(None, file, text=text)
    builder = _Builder(result, limits)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        lines = text.splitlines() or [""]
        if line is not None and line > len(lines):  # the end of a file without a final newline
            line, column = len(lines), len(lines[-1]) + 1
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            started = exc.context_mark
            where = (f" that started at line {started.line + 1}, column {started.column + 1}"
                     if started and mark and started.line != mark.line else "")
            message = f"{exc.problem} ({exc.context}{where})"
        raise SpecError(Problem(f"invalid YAML: {message}", file, line, column,
                                hint=_yaml_hint(message))) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids anywhere in the file
        raise SpecError(_forbidden_character(text, exc.position, exc.character, file)) from None
    except yaml.YAMLError as exc:
        raise SpecError(Problem(f"invalid YAML: {exc}", file)) from None
    return result


_CONTROL_NAMES = {0x07: "BEL", 0x08: "backspace", 0x0C: "form feed", 0x1B: "ESC", 0x7F: "DEL"}


def _forbidden_character(text: str, position: int, character, file: str) -> Problem:
    code = character if isinstance(character, int) else ord(character or text[position])
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    name = _CONTROL_NAMES.get(code)
    what = f"U+{code:04X}{f', {name}' if name else ''}"
    return Problem(f"the text holds a control character ({what}), which YAML does not allow",
                   file, line, column,
                   hint="remove it; it often comes with text copied from a terminal or a PDF")


def _as_text(text: str | bytes, file: str, limits: Limits) -> str:
    size = len(text.encode("utf-8", "surrogatepass")) if isinstance(text, str) else len(text)
    if size > limits.max_bytes:
        raise SpecError(Problem(
            f"the file is too large ({size:,} bytes; the limit is {limits.max_bytes:,})", file,
            hint="split long material into several briefs",
        ))
    if isinstance(text, bytes):
        encoding = _wide_encoding(text)
        if encoding:
            raise SpecError(Problem(
                f"the file is {encoding}, not UTF-8", file, 1, 1,
                hint=f"save it as UTF-8, e.g. iconv -f {encoding.split()[0]} -t UTF-8 FILE > "
                     "NEW.yaml"))
        if b"\x00" in text[:8192]:
            raise SpecError(Problem("this is a binary file, not a YAML text file", file, 1, 1,
                                    hint="a spec is a UTF-8 text file ending in .yaml"))
        raw = text
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            raise SpecError(Problem(
                f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", file, line, column,
                hint="save the spec as UTF-8",
            )) from None
    else:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            line = text.count("\n", 0, exc.start) + 1
            column = exc.start - (text.rfind("\n", 0, exc.start) + 1) + 1
            raise SpecError(Problem(
                f"the text holds an invalid character (U+{ord(text[exc.start]):04X}, a lone "
                "surrogate)", file, line, column, hint="remove it; it cannot be stored as UTF-8",
            )) from None
        if text.startswith("\ufeff"):
            text = text[1:]
    if "\x00" in text:
        raise SpecError(Problem("this is a binary file, not a YAML text file", file, 1, 1,
                                hint="a spec is a UTF-8 text file ending in .yaml"))
    return text


_BYTE_ORDER_MARKS = ((b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
                     (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
                     (b"\xff\xfe", "UTF-16 (little-endian)"), (b"\xfe\xff", "UTF-16 (big-endian)"))


def _wide_encoding(raw: bytes) -> str:
    """The UTF-16 or UTF-32 encoding `raw` is in, by its byte-order mark or, without one, by
    where the zero bytes of mostly-ASCII text fall ('' for neither)."""
    for mark, name in _BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            return name
    head = raw[:4096]
    if len(head) < 8 or len(head) % 2:
        return ""
    quarter = len(head) // 4
    if len(head) % 4 == 0 and head[1::4].count(0) == head[2::4].count(0) == \
            head[3::4].count(0) == quarter:
        return "UTF-32 (little-endian)"
    if head[1::2].count(0) > len(head) * 0.45 and not head[0::2].count(0):
        return "UTF-16 (little-endian)"
    if head[0::2].count(0) > len(head) * 0.45 and not head[1::2].count(0):
        return "UTF-16 (big-endian)"
    return ""


def _yaml_hint(message: str) -> str:
    if "mapping values are not allowed" in message:
        return "a value containing ': ' must be quoted"
    if "found character '\\t'" in message or "tab" in message:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in message:
        return "each line of a mapping needs 'key: value'"
    if "found undefined alias" in message or "anchor" in message:
        return "anchors and aliases are not allowed in briefgen specs"
    return ""


class _Builder:
    """Turns parser events into plain data, refusing what a spec may not contain."""

    def __init__(self, result: LocatedData, limits: Limits):
        self.result = result
        self.limits = limits
        self.stack: list[list] = []  # frames: [container, path, pending_key, seen_keys]
        self.nodes = 0
        self.documents = 0

    def fail(self, event, message: str, hint: str = "", path: Path = ()) -> None:
        line, column = _mark(event)
        raise SpecError(Problem(message, self.result.file, line, column, format_path(path), hint))

    def feed(self, event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.fail(event, "the file holds more than one YAML document",
                          "a spec is a single document; remove the '---' separator")
            return
        if isinstance(event, yaml.AliasEvent):
            self.fail(event, "YAML aliases (*name) are not allowed",
                      "write the value out in full", self._path_here())
        if not isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent,
                                  yaml.SequenceStartEvent, yaml.CollectionEndEvent)):
            return
        if isinstance(event, yaml.CollectionEndEvent):
            self._store(self.stack.pop()[0])
            return
        if event.anchor is not None:
            self.fail(event, f"YAML anchors (&{event.anchor}) are not allowed",
                      "write the value out in full", self._path_here())
        if event.tag not in (None, "!"):
            self.fail(event, f"YAML tags ({event.tag}) are not allowed",
                      "remove the tag; values are plain text", self._path_here())
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            self.fail(event, f"the file has too many values (more than {self.limits.max_nodes:,})")

        if self.stack and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is None:
            self._take_key(event)
            return
        path = self._path_here()
        self.result.value_positions[path] = _mark(event)
        if isinstance(event, yaml.ScalarEvent):
            value: str | None = event.value
            if len(event.value) > self.limits.max_string:
                self.fail(event, f"this text is too long ({len(event.value):,} characters; "
                          f"the limit is {self.limits.max_string:,})", path=path)
            if event.style in ("|", ">"):
                self.result.block_scalars.add(path)
            if event.implicit[0] and value in NULL_WORDS:
                value = None
            else:
                value = drop_bidi_overrides(event.value)
            self._store(value)
            return
        if len(self.stack) >= self.limits.max_depth:
            self.fail(event, f"the data is nested too deeply (more than {self.limits.max_depth} "
                      "levels)", path=path)
        container: dict[str, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else [])
        self.stack.append([container, path, None, {}])

    def _take_key(self, event) -> None:
        frame = self.stack[-1]
        if not isinstance(event, yaml.ScalarEvent):
            self.fail(event, f"a mapping key must be a plain word, not {_describe(event)}",
                      path=frame[1])
        key = event.value
        if key in frame[3]:
            first = frame[3][key]
            self.fail(event, f"duplicate key '{key}' (first defined at line {first[0]})",
                      "each key may appear once; remove or rename one of them",
                      frame[1] + (key,))
        frame[3][key] = _mark(event)
        frame[2] = key
        self.result.key_positions[frame[1] + (key,)] = _mark(event)

    def _path_here(self) -> Path:
        if not self.stack:
            return ()
        container, path, pending, _ = self.stack[-1]
        if isinstance(container, dict):
            return path + ((pending,) if pending is not None else ())
        return path + (len(container),)

    def _store(self, value) -> None:
        if not self.stack:
            self.result.data = value
            return
        frame = self.stack[-1]
        if isinstance(frame[0], dict):
            frame[0][frame[2]] = value
            frame[2] = None
        else:
            frame[0].append(value)

