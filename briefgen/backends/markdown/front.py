"""The YAML front matter: the document's metadata, for static-site tools and GitHub's viewer."""

from __future__ import annotations

from typing import Any

import yaml

from briefgen.document import Metadata

from .escape import clean


def front_matter(meta: Metadata) -> str:
    """`---`, the metadata that is present, as YAML, `---`.

    PyYAML quotes whatever needs it, so no text can end the block early or become YAML syntax;
    one line per value keeps a long title from being folded.
    """
    fields: dict[str, Any] = {
        "title": _text(meta.title),
        "subtitle": _text(meta.subtitle),
        "date": meta.date,  # an ISO date, read back as a date
        "authors": [name for name in map(_text, meta.authors) if name],
        "organization": _text(meta.organization),
        "language": _text(meta.language),
        "lang": _text(meta.language),  # pandoc's names: its HTML and LaTeX follow them
        "dir": "rtl" if meta.right_to_left else "",
        "keywords": [word for word in map(_text, meta.keywords) if word],
        "classification": _text(meta.classification),
    }
    present = {key: value for key, value in fields.items() if value not in ("", None, [])}
    text = yaml.safe_dump(present, allow_unicode=True, sort_keys=False, default_flow_style=False,
                          width=1 << 20)
    return f"---\n{text}---"


def _text(value: str) -> str:
    return " ".join(clean(value).split())
