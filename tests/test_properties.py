"""Property-based tests: random mutations of the seed spec never give anything but a clean error."""

from __future__ import annotations

import copy

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import briefgen
from conftest import SEED_SPEC

SEED_TEXT = SEED_SPEC.read_text("utf-8")
SEED_LINES = SEED_TEXT.splitlines(keepends=True)
SEED_DATA = yaml.load(SEED_TEXT, Loader=yaml.BaseLoader)  # all scalars as text, like ours

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _load_cleanly(load):
    try:
        load()
    except briefgen.SpecError as exc:
        assert exc.problems, "a SpecError must carry at least one problem"
        for problem in exc.problems:
            assert problem.message and "Traceback" not in str(problem)


@SETTINGS
@given(st.data())
def test_text_mutations_give_a_brief_or_a_clean_error(data):
    lines = list(SEED_LINES)
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "garble", "indent", "insert"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "indent":
            lines[index] = data.draw(st.sampled_from([" ", "\t", "  - ", "? "])) + lines[index]
        elif action == "insert":
            lines.insert(index, data.draw(st.text(max_size=40)) + "\n")
        else:
            line = lines[index]
            if line:
                at = data.draw(st.integers(0, len(line) - 1))
                char = data.draw(st.sampled_from(list(":-[]{}&*!|>'\"#%@`,\x00\x07\ufffe\ud800é")))
                lines[index] = line[:at] + char + line[at + 1:]
    _load_cleanly(lambda: briefgen.loads_spec("".join(lines), filename="mutant.yaml"))


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8)


@SETTINGS
@given(st.data())
def test_structure_mutations_give_a_brief_or_a_clean_error(data):
    spec = copy.deepcopy(SEED_DATA)
    for _ in range(data.draw(st.integers(1, 3))):
        node, key = spec, None
        path = []
        while isinstance(node, (dict, list)) and node and data.draw(st.booleans()):
            key = data.draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
            path.append((node, key))
            node = node[key]
        if not path:
            spec[data.draw(st.text(max_size=12))] = data.draw(_values)
            continue
        parent, key = path[-1]
        if data.draw(st.booleans()):
            parent[key] = data.draw(_values)
        elif isinstance(parent, dict):
            del parent[key]
        else:
            parent.pop(key)
    _load_cleanly(lambda: briefgen.spec_from_dict(spec))
