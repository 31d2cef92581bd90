"""briefgen: write a policy or market brief once, as YAML, and get a designed PDF and Word file.

    >>> import briefgen
    >>> brief = briefgen.load_spec("specs/morocco-kazakhstan.yaml")
    >>> theme = briefgen.template_of(brief)             # the template the spec names
    >>> document = briefgen.build_document(brief, theme)
    >>> briefgen.render(document, "pdf", "brief.pdf", theme.style())

Names are imported on first use, so `import briefgen` costs almost nothing and never loads
ReportLab or python-docx.
"""

from __future__ import annotations

from ._version import __version__
from .errors import (
    BriefgenError, InputError, OutputError, Problem, RenderError, SpecError, TemplateError,
    UsageError,
)

_LAZY = {
    "load_spec": "briefgen.spec.loader",
    "loads_spec": "briefgen.spec.loader",
    "spec_from_dict": "briefgen.spec.loader",
    "spec_schema": "briefgen.spec.validate",
    "Brief": "briefgen.spec.model",
    "build_document": "briefgen.layout",
    "Document": "briefgen.document.nodes",
    "template_of": "briefgen.api",
    "render": "briefgen.api",
    "render_bytes": "briefgen.api",
    "build": "briefgen.api",
    "BuildResult": "briefgen.api",
    "build_many": "briefgen.batch",
    "BatchReport": "briefgen.batch",
    "SpecResult": "briefgen.batch",
    "load_theme": "briefgen.templates",
    "list_templates": "briefgen.templates",
    "Theme": "briefgen.templates",
    "Style": "briefgen.style.model",
    "load_style": "briefgen.style",
    "Backend": "briefgen.output.registry",
    "Translator": "briefgen.output.translator",
    "available_backends": "briefgen.output.registry",
    "get_backend": "briefgen.output.registry",
}

__all__ = [
    "__version__", "BriefgenError", "InputError", "OutputError", "Problem", "RenderError",
    "SpecError", "TemplateError", "UsageError", *_LAZY,
]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'briefgen' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
