"""The intermediate representation: document nodes, typography and page estimation.

Documents build these nodes; writers turn them into files. Nothing here knows the content
model or a file format.
"""

from kamdocs.ir.nodes import (
    Address,
    Align,
    Block,
    BubblePoint,
    Cell,
    Chart,
    Columns,
    Document,
    Envelope,
    Heading,
    Image,
    Inline,
    LineBreak,
    ListBlock,
    Meta,
    PageBreak,
    Paragraph,
    Quadrants,
    Series,
    SlideBreak,
    Table,
    TableOfContents,
    Text,
)

__all__ = [
    "Address",
    "Align",
    "Block",
    "BubblePoint",
    "Cell",
    "Chart",
    "Columns",
    "Document",
    "Envelope",
    "Heading",
    "Image",
    "Inline",
    "LineBreak",
    "ListBlock",
    "Meta",
    "PageBreak",
    "Paragraph",
    "Quadrants",
    "Series",
    "SlideBreak",
    "Table",
    "TableOfContents",
    "Text",
]
