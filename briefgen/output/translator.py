"""Translators: walk a document and dispatch each node to `visit_<NodeType>`.

A backend subclasses `Translator`, writes one `visit_Paragraph(node, *context)` (and so on) per
node type it knows, and `combine` for joining the results of several nodes. A node type it does
not know — a newer one, or a subclass of its own — is rendered as its children, with one warning
per type. A failure inside a visit becomes a `RenderError` naming the backend and the node.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Generic, TypeVar

from ..document.nodes import Node, children, plain_text
from ..errors import BriefgenError, RenderError

log = logging.getLogger("briefgen.output")

R = TypeVar("R")


class Translator(Generic[R]):
    """Dispatches nodes to `visit_<NodeType>` methods (looked up along the node's class MRO)."""

    format_name: ClassVar[str] = "?"  # the backend's name, for messages
    _dispatch: ClassVar[dict[type, Callable[..., Any] | None]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._dispatch = {}

    def __init__(self) -> None:
        self._warned: set[type] = set()

    def visit(self, node: Any, *args: Any, **kwargs: Any) -> R:
        """The result of `visit_<type of node>(node, *args, **kwargs)`."""
        method = self._method(type(node))
        try:
            if method is None:
                return self.visit_unknown(node, *args, **kwargs)
            result: R = method(self, node, *args, **kwargs)
            return result
        except (BriefgenError, MemoryError, RecursionError):
            raise  # already explained, or for the render boundary to report
        except Exception as exc:
            where = describe(node)
            raise RenderError(f"{self.format_name}: could not render {where} "
                              f"({failure(exc)})", backend=self.format_name, node=where) from exc

    def visit_all(self, nodes: Iterable[Any], *args: Any, **kwargs: Any) -> list[R]:
        return [self.visit(node, *args, **kwargs) for node in nodes]

    def visit_unknown(self, node: Any, *args: Any, **kwargs: Any) -> R:
        """A node type this backend has no method for: render what is inside it."""
        kind = type(node)
        if kind not in self._warned:
            self._warned.add(kind)
            log.warning("%s: no rendering for %s; its content is rendered without it",
                        self.format_name, kind.__name__)
        return self.combine(self.visit_all(children(node), *args, **kwargs))

    def combine(self, results: list[R]) -> R:
        """One result made of several (a list of flowables joined, strings concatenated…)."""
        raise NotImplementedError

    @classmethod
    def _method(cls, kind: type) -> Callable[..., Any] | None:
        try:
            return cls._dispatch[kind]
        except KeyError:
            pass
        method = None
        for base in kind.__mro__:
            method = getattr(cls, f"visit_{base.__name__}", None)
            if method is not None or base is Node:
                break
        cls._dispatch[kind] = method
        return method


def describe(node: Any, limit: int = 40) -> str:
    """A short, printable name of a node for messages: its type, role and first words."""
    try:
        return _describe(node, limit)
    except Exception:  # a node broken enough to fail here too: its type still says a lot
        return type(node).__name__


def _describe(node: Any, limit: int) -> str:
    name = type(node).__name__
    role = getattr(node, "role", "")
    words = ""
    for attribute in ("text", "title", "label"):
        value = getattr(node, attribute, None)
        if isinstance(value, str) and value.strip():
            words = value
            break
    if not words:
        content = getattr(node, "content", None)
        if isinstance(content, tuple):
            try:
                words = plain_text(content)
            except Exception:  # blocks rather than inlines: no words to show
                words = ""
    words = " ".join(words.split())
    words = "".join(c if c.isprintable() else "?" for c in words)
    if len(words) > limit:
        words = words[:limit - 1] + "\u2026"
    out = name + (f" ({role})" if isinstance(role, str) and role else "")
    return f"{out} {words!r}" if words else out


def failure(exc: BaseException) -> str:
    """One short line saying what went wrong."""
    text = " ".join(str(exc).split())
    if len(text) > 200:
        text = text[:199] + "\u2026"
    name = type(exc).__name__
    return f"{name}: {text}" if text else name
