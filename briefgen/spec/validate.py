"""Check plain spec data against a JSON Schema and turn every failure into a located Problem.

jsonschema-rs does the checking: it imports in ~40 ms, compiles a schema in ~2 ms and lists
*every* problem at once, which is what users need. (The pure-Python jsonschema costs ~150 ms to
import; fastjsonschema stops at the first error and compiles slowly.)
"""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from importlib import resources

from ..errors import Problem
from .yamlsafe import LocatedData, Path, format_path

SCHEMA_RESOURCE = "schema.json"
_WHOLE_NUMBER = re.compile(r"^[+-]?[0-9]{1,18}$")  # ASCII digits: "²".isdigit() is true too


@lru_cache(maxsize=1)
def spec_schema() -> dict:
    """The JSON Schema of spec format version 1 (the same text `briefgen schema` prints)."""
    return json.loads(resources.files(__package__).joinpath(SCHEMA_RESOURCE).read_text("utf-8"))


_VALIDATORS: dict[int, tuple] = {}  # id(schema) → (schema, validator); the schema is kept alive


def _validator(schema: dict):
    entry = _VALIDATORS.get(id(schema))
    if entry is None or entry[0] is not schema:
        import jsonschema_rs

        entry = _VALIDATORS[id(schema)] = (schema, jsonschema_rs.Draft7Validator(schema))
    return entry[1]


def schema_problems(located: LocatedData, schema: dict) -> list[Problem]:
    """Every way `located.data` breaks `schema`, located, sorted by position."""
    validator = _validator(schema)
    problems: list[Problem] = []
    for error in validator.iter_errors(located.data):
        problems.extend(_explain(error, tuple(error.instance_path), schema, located))
    unique = {(p.line, p.column, p.field, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.line or 0, p.column or 0, p.field))


def coerce_scalars(data, schema: dict):
    """Turn text into the non-text types the schema asks for (only integers exist: `briefgen`)."""
    if isinstance(data, dict):
        props = schema.get("properties", {})
        return {k: coerce_scalars(v, props.get(k, {})) for k, v in data.items()}
    if isinstance(data, list):
        return [coerce_scalars(v, schema.get("items", {})) for v in data]
    wants_int = schema.get("type") == "integer" or isinstance(schema.get("const"), int)
    if isinstance(data, str) and wants_int and _WHOLE_NUMBER.match(data.strip()):
        return int(data)
    return data


def _describe(value) -> str:
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {_short(value)}"
    return f"'{value}'" if len(str(value)) < 40 else "text"


def _short(value) -> str:
    """A value as a message may echo it: a long one cut down (and a huge number never turned
    into all of its digits, which Python refuses past 4,300)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"of about {int(value.bit_length() * 0.30103) + 1} digits"
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


TYPE_WORDS = {"string": "text", "object": "a mapping of keys", "array": "a list",
              "integer": "a whole number", "number": "a number", "boolean": "true or false"}

PATTERN_WORDS = {
    r"\S": ("must not be empty", ""),
    r"^\d{4}-\d{2}-\d{2}$": ("must be a date written YYYY-MM-DD", "e.g. 2025-02-28"),
    r"^[a-z0-9_-]+$": ("may use only lower-case letters, digits, '_' and '-'",
                       "e.g. timenews-2025"),
    r"^(https?://|mailto:)\S+$": ("must be an http://, https:// or mailto: address", ""),
    r"\.([Pp][Nn][Gg]|[Jj][Pp][Ee]?[Gg])$": ("must name a .png or .jpg file", ""),
    r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$": ("must be a language tag", "e.g. en, fr or fr-MA"),
    r"^[a-z][a-z0-9_]*$": ("must be a lower-case name", "e.g. executive_summary"),
    r"\.([Tt][Tt][Ff]|[Oo][Tt][Ff])$": ("must name a .ttf or .otf font file", ""),
    r"\.[Dd][Oo][Cc][Xx]$": ("must name a .docx file", ""),
    r"^(#[0-9A-Fa-f]{6}|[a-z][a-z0-9_]*)$": ("must be a colour: #RRGGBB or a palette name",
                                             "e.g. '#1F3A5F' (quoted) or primary"),
    r"^\d+(\.\d+)?\s*(mm|cm|in|pt)$": ("must be a length", "e.g. 20mm, 2cm, 0.75in or 12pt"),
    r"^\d+(\.\d+)?$": ("must be a number", "e.g. 10.5"),
}


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _subschema(schema: dict, schema_path) -> dict:
    node = schema
    for part in list(schema_path)[:-1]:
        node = node[part]
    return node


def _explain(error, path: Path, root_schema: dict, located: LocatedData) -> list[Problem]:
    kind = type(error.kind).__name__
    detail = error.kind.as_dict()
    value = error.instance
    schema = _subschema(root_schema, error.schema_path)
    for explain in (_explain_keys, _explain_value, _explain_size):
        found = explain(kind, detail, value, schema, path, located)
        if found is not None:
            return found
    if kind in ("OneOfNotValid", "AnyOf"):
        return _explain_choice(kind, error, value, schema, path, located)
    return [located.problem(path, str(error.message))]


def _explain_keys(kind, detail, value, schema, path, located) -> list[Problem] | None:
    if kind == "AdditionalProperties":
        allowed = list(schema.get("properties", {}))
        out = []
        for key in detail["unexpected"]:
            hint = did_you_mean(key, allowed) or (
                "allowed keys: " + ", ".join(allowed) if allowed else "")
            out.append(located.problem(path + (key,), f"unknown key '{key}'", hint=hint, key=True))
        return out
    if kind == "Required":
        key = detail["property"]
        return [located.problem(path, f"missing required field '{key}'",
                                hint=_required_hint(key) if not path else "")]
    return None


def _explain_value(kind, detail, value, schema, path, located) -> list[Problem] | None:
    if kind == "Enum":
        choices = [str(c) for c in detail["options"]]
        hint = did_you_mean(value, choices) or "choose one of " + ", ".join(choices)
        return [located.problem(path, f"{_describe(value)} is not one of {', '.join(choices)}",
                                hint=hint)]
    if kind == "Constant":
        return [located.problem(path, f"unsupported format version {_short(value)}",
                                hint=f"this briefgen reads version {detail['expected_value']}")]
    if kind == "Type":
        words = " or ".join(TYPE_WORDS.get(t, t) for t in detail["types"])
        hint = ""
        line, _ = located.position(path, key=True)
        if value is None and line and "#" in (located.text.splitlines() or [""])[line - 1]:
            hint = "an unquoted '#' starts a comment in YAML; quote it: '#1F3A5F'"
        return [located.problem(path, f"expected {words}, found {_describe(value)}", hint=hint)]
    if kind == "Pattern":
        message, hint = PATTERN_WORDS.get(detail["pattern"],
                                          (f"does not match {detail['pattern']}", ""))
        if message != "must not be empty":
            message = f"{message}, found {_describe(value)}"
        return [located.problem(path, message, hint=hint)]
    return None


def _explain_size(kind, detail, value, schema, path, located) -> list[Problem] | None:
    if kind == "MinLength":
        return [located.problem(path, "must not be empty")]
    if kind == "MaxLength":
        return [located.problem(path, f"is too long ({len(value):,} characters; the limit is "
                                      f"{detail['limit']:,})")]
    if kind == "MinItems":
        limit = detail["limit"]
        return [located.problem(path, f"needs at least {limit} item{'s' if limit != 1 else ''}")]
    if kind == "MaxItems":
        return [located.problem(path, f"has too many items ({len(value):,}; the limit is "
                                      f"{detail['limit']:,})")]
    if kind == "MinProperties":
        keys = ", ".join(schema.get("properties", {}))
        hint = f"give at least one of {keys}, or leave the key out" if keys else ""
        return [located.problem(path, "is empty", hint=hint)]
    if kind == "UniqueItems":
        return [located.problem(path, "lists the same entry twice")]
    return None


def _explain_choice(kind, error, value, schema, path, located) -> list[Problem]:
    if isinstance(value, dict):
        branches = [b for b in schema[error.schema_path[-1]] if b.get("type") == "object"
                    or "properties" in b]
        if branches and kind == "OneOfNotValid":  # e.g. an author written as a mapping
            inner = LocatedData(value, located.file)
            inner.value_positions = {k[len(path):]: v for k, v in located.value_positions.items()
                                     if k[:len(path)] == path}
            inner.key_positions = {k[len(path):]: v for k, v in located.key_positions.items()
                                   if k[:len(path)] == path}
            found = schema_problems(inner, branches[0])
            return [Problem(p.message, p.file, p.line, p.column,
                            format_path(path) + (("." + p.field) if p.field else ""), p.hint)
                    for p in found]
        return [located.problem(path, "a section needs a body, a qa list or figures")]
    if kind == "OneOfNotValid":
        return [located.problem(path, "expected a name or a mapping with name and affiliation, "
                                      f"found {_describe(value)}")]
    return [located.problem(path, str(error.message))]


def _required_hint(key: str) -> str:
    return {
        "title": "every brief needs a title",
        "summary": "the executive summary, as Markdown text",
        "pillars": "a list of pillars, each with title and summary",
        "risks": "a list of risks, each with title, description, likelihood and impact",
        "opportunities": "a list of opportunities, each with sector and description",
    }.get(key, "")
