"""The document model: the neutral, immutable tree every backend renders (stdlib only).

    from briefgen.document import Document, Heading, Paragraph, Text
"""

from .nodes import (
    INLINE_TYPES, SAFE_SCHEMES, Block, Callout, Citation, Code, Column, Columns, Document, Emphasis,
    Figure, Heading, Image, Inline, KeyValue, KeyValueList, LineBreak, Link, ListBlock, Matrix,
    MatrixCell, MatrixKey, Metadata, Node, PageBreak, PageCount, PageNumber, Paragraph, Quote,
    Reference, References, RunningText, Strong, Table, TableCell, TableOfContents, Text, TitleBlock,
    TocEntry, children, inline_groups, plain_text, reference_anchor, safe_url, walk_blocks,
    walk_inlines,
)

__all__ = [
    "INLINE_TYPES", "SAFE_SCHEMES", "Block", "Callout", "Citation", "Code", "Column", "Columns",
    "Document", "Emphasis",
    "Figure", "Heading", "Image", "Inline", "KeyValue", "KeyValueList", "LineBreak", "Link",
    "ListBlock", "Matrix", "MatrixCell", "MatrixKey", "Metadata", "Node", "PageBreak",
    "PageCount", "PageNumber", "Paragraph", "Quote", "Reference", "References", "RunningText",
    "Strong", "Table", "TableCell", "TableOfContents", "Text", "TitleBlock", "TocEntry",
    "children", "inline_groups", "plain_text", "reference_anchor", "safe_url", "walk_blocks",
    "walk_inlines",
]
