"""The JSON Schema printed by `briefgen schema` describes the spec format for editors."""

from __future__ import annotations

import jsonschema
import yaml
from conftest import SEED_SPEC

import briefgen
from briefgen.spec.validate import coerce_scalars
from briefgen.spec.yamlsafe import load_located


def test_schema_is_a_valid_draft7_schema():
    jsonschema.Draft7Validator.check_schema(briefgen.spec_schema())


def test_seed_spec_validates_against_the_printed_schema():
    schema = briefgen.spec_schema()
    data = coerce_scalars(load_located(SEED_SPEC.read_bytes()).data, schema)
    assert list(jsonschema.Draft7Validator(schema).iter_errors(data)) == []


def test_seed_spec_as_an_editor_reads_it_validates_too():
    """Editors read YAML 1.2 core types: `briefgen: 1` is a number, dates are strings."""
    class Core(yaml.SafeLoader):
        pass

    Core.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    data = yaml.load(SEED_SPEC.read_text("utf-8"), Loader=Core)
    assert list(jsonschema.Draft7Validator(briefgen.spec_schema()).iter_errors(data)) == []


def test_every_top_level_key_is_described():
    for key, sub in briefgen.spec_schema()["properties"].items():
        assert sub.get("description"), key


def test_schema_label_keys_match_the_default_template():
    from briefgen.templates import load_theme

    assert set(briefgen.spec_schema()["properties"]["labels"]["properties"]) == set(
        load_theme("default").labels("en"))
