"""The document model: the neutral, immutable tree every backend renders (stdlib only).

    from briefgen.document import Document, Heading, Paragraph, Text
"""

from .nodes import (
    CHART_KINDS, INLINE_TYPES, SAFE_SCHEMES, Block, Callout, Chart, Citation, Code, Column, Columns,
    CrossReference, Document, Emphasis, Exhibit, Figure, Heading, Image, Inline, KeyValue,
    KeyValueList, LineBreak, Link, ListBlock, Matrix, MatrixCell, MatrixKey, Metadata, Node, Note,
    NoteReference, PageBreak, PageCount, PageNumber, Paragraph, Quote, Reference, References,
    RunningText, Series, Strong, Table, TableCell, TableOfContents, Text, TitleBlock, TocEntry,
    children, exhibit_anchor, inline_groups, note_anchor, plain_text, reference_anchor, safe_url,
    walk_blocks, walk_inlines,
)

__all__ = [
    "CHART_KINDS", "INLINE_TYPES", "SAFE_SCHEMES", "Block", "Callout", "Chart", "Citation", "Code",
    "Column", "Columns", "CrossReference", "Document", "Emphasis", "Exhibit", "Figure", "Heading",
    "Image", "Inline", "KeyValue", "KeyValueList", "LineBreak", "Link", "ListBlock", "Matrix",
    "MatrixCell", "MatrixKey", "Metadata", "Node", "Note", "NoteReference", "PageBreak",
    "PageCount", "PageNumber", "Paragraph", "Quote", "Reference", "References", "RunningText",
    "Series", "Strong", "Table", "TableCell", "TableOfContents", "Text", "TitleBlock", "TocEntry",
    "children", "exhibit_anchor", "inline_groups", "note_anchor", "plain_text", "reference_anchor",
    "safe_url", "walk_blocks", "walk_inlines",
]
