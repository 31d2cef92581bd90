"""Check plain spec data against the JSON Schema and turn every failure into a located Problem.

Valid specs pass through fastjsonschema (compiled once, fast to import). Only when that rejects a
spec is jsonschema loaded, because it can list *every* problem at once, which is what users need.
"""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib import resources

from ..errors import Problem
from .yamlsafe import LocatedData, Path

SCHEMA_RESOURCE = "schema.json"


@lru_cache(maxsize=1)
def spec_schema() -> dict:
    """The JSON Schema of spec format version 1 (the same text `briefgen schema` prints)."""
    return json.loads(resources.files(__package__).joinpath(SCHEMA_RESOURCE).read_text("utf-8"))


@lru_cache(maxsize=4)
def _compiled(schema_json: str):
    import fastjsonschema

    return fastjsonschema.compile(json.loads(schema_json))


def schema_problems(located: LocatedData, schema: dict) -> list[Problem]:
    """Every way `located.data` breaks `schema`, located, sorted by position."""
    data = located.data
    try:
        _compiled(json.dumps(schema, sort_keys=True))(data)
        return []
    except Exception as exc:  # fastjsonschema's own error types vary; any failure → full check
        import fastjsonschema

        if not isinstance(exc, fastjsonschema.JsonSchemaException):
            raise
    import jsonschema

    validator = jsonschema.Draft7Validator(schema)
    problems: list[Problem] = []
    for error in validator.iter_errors(data):
        problems.extend(_explain(error, located))
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
    if isinstance(data, str) and wants_int and data.strip().lstrip("+-").isdigit():
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
        return f"the number {value}"
    return f"'{value}'" if len(str(value)) < 40 else "text"


TYPE_WORDS = {"string": "text", "object": "a mapping of keys", "array": "a list",
              "integer": "a whole number", "number": "a number", "boolean": "true or false"}

PATTERN_WORDS = {
    r"\S": ("must not be empty", ""),
    r"^\d{4}-\d{2}-\d{2}$": ("must be a date written YYYY-MM-DD", "e.g. 2025-02-28"),
    r"^[a-z0-9_-]+$": ("may use only lower-case letters, digits, '_' and '-'", "e.g. timenews-2025"),
    r"^(https?://|mailto:)\S+$": ("must be an http://, https:// or mailto: address", ""),
    r"(?i)\.(png|jpe?g)$": ("must name a .png or .jpg file", ""),
    r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$": ("must be a language tag", "e.g. en, fr or fr-MA"),
    r"^[a-z][a-z0-9_]*$": ("must be a lower-case name", "e.g. executive_summary"),
}


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _explain(error, located: LocatedData) -> list[Problem]:
    path: Path = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    schema = error.schema
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = list(schema.get("properties", {}))
        out = []
        for key in value:
            if key in schema.get("properties", {}):
                continue
            hint = did_you_mean(key, allowed) or (
                "allowed keys: " + ", ".join(allowed) if allowed else "")
            out.append(located.problem(path + (key,), f"unknown key '{key}'", hint=hint, key=True))
        return out
    if kind == "required":
        out = []
        for key in error.validator_value:
            if isinstance(value, dict) and key not in value:
                out.append(located.problem(path, f"missing required field '{key}'",
                                           hint=_required_hint(key)))
        return out
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        hint = did_you_mean(value, choices) or "choose one of " + ", ".join(choices)
        return [located.problem(path, f"{_describe(value)} is not one of {', '.join(choices)}",
                                hint=hint)]
    if kind == "const":
        return [located.problem(path, f"unsupported format version {_describe(value)}",
                                hint=f"this briefgen reads version {error.validator_value}")]
    if kind == "type":
        expected = error.validator_value
        words = TYPE_WORDS.get(expected, str(expected)) if isinstance(expected, str) else " or ".join(
            TYPE_WORDS.get(e, e) for e in expected)
        return [located.problem(path, f"expected {words}, found {_describe(value)}")]
    if kind in ("minLength",):
        return [located.problem(path, "must not be empty")]
    if kind == "maxLength":
        return [located.problem(path, f"is too long ({len(value):,} characters; the limit is "
                                      f"{error.validator_value:,})")]
    if kind == "minItems":
        return [located.problem(path, f"needs at least {error.validator_value} item"
                                      f"{'s' if error.validator_value != 1 else ''}")]
    if kind == "maxItems":
        return [located.problem(path, f"has too many items ({len(value):,}; the limit is "
                                      f"{error.validator_value:,})")]
    if kind == "pattern":
        message, hint = PATTERN_WORDS.get(error.validator_value,
                                          (f"does not match {error.validator_value}", ""))
        return [located.problem(path, f"{message}, found {_describe(value)}"
                                if message != "must not be empty" else message, hint=hint)]
    if kind == "oneOf" and isinstance(value, dict):
        # an author given as a mapping: report what is wrong with the mapping form
        branch = [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] == 1]
        if branch:
            return [p for e in branch for p in _explain(e, located)]
    if kind == "oneOf":
        return [located.problem(path, f"expected a name or a mapping with name and affiliation, "
                                      f"found {_describe(value)}")]
    if kind == "anyOf" and isinstance(value, dict):
        return [located.problem(path, "a section needs a body, a qa list, or both")]
    if kind == "propertyNames":
        return [located.problem(path, str(error.message))]
    return [located.problem(path, error.message)]


def _required_hint(key: str) -> str:
    return {
        "title": "every brief needs a title",
        "summary": "the executive summary, as Markdown text",
        "pillars": "a list of pillars, each with title and summary",
        "risks": "a list of risks, each with title, description, likelihood and impact",
        "opportunities": "a list of opportunities, each with sector and description",
    }.get(key, "")
