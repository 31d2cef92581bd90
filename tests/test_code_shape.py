"""The code stays easy to see and to change: no class over 300 lines, no function over 60, and
the layers import only downwards (spec → document ← layout; backends see no spec or template)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "briefgen"
MAX_CLASS, MAX_FUNCTION = 300, 60


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text("utf-8"))


def _imports(tree: ast.AST, path: Path) -> set[str]:
    """The briefgen modules `path` imports (relative imports resolved)."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    package = parts[:-1]  # relative imports start from the file's folder, __init__ or not
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                name = ".".join(base + ((node.module,) if node.module else ()))
            else:
                name = node.module or ""
            found.add(name)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("briefgen")}


def test_no_class_or_function_is_too_long():
    too_long = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            limit = (MAX_CLASS if isinstance(node, ast.ClassDef) else MAX_FUNCTION
                     if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None)
            if limit and node.end_lineno - node.lineno + 1 > limit:
                too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not too_long


def test_the_document_model_imports_nothing_of_briefgen():
    for path, tree in _modules():
        if path.parent.name == "document":
            assert _imports(tree, path) <= {"briefgen.document", "briefgen.document.nodes",
                                            "briefgen.document.records"}, path


def test_backends_never_read_specs_or_templates_and_the_spec_layer_never_renders():
    for path, tree in _modules():
        imported = _imports(tree, path)
        if "backends" in path.parts:
            assert not any(name.startswith(("briefgen.spec", "briefgen.templates",
                                            "briefgen.layout", "briefgen.markdown"))
                           for name in imported), path
        if "spec" in path.parts:
            assert not any(name.startswith(("briefgen.backends", "briefgen.output",
                                            "briefgen.layout")) for name in imported), path
