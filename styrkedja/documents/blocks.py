"""A document as a list of blocks, made once from the data and rendered as HTML, PDF and Word.

Every format is written from the same blocks, so the web page, the PDF and the Word file say
the same thing in the same order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.text import slugify


@dataclass
class Heading:
    level: int  # 1 for a chapter, 2 for its sections, …
    text: str
    number: str = ""
    # Made unique by the Document: headings that repeat ("Sektorns ekonomiska ram" once per
    # sector) must not share an id, or the contents and the bookmarks all lead to the first.
    unique_anchor: str = ""

    @property
    def full(self) -> str:
        return f"{self.number} {self.text}".strip() if self.number else self.text

    @property
    def anchor(self) -> str:
        return self.unique_anchor or self.base_anchor

    @property
    def base_anchor(self) -> str:
        if self.number:
            return "avsnitt-" + self.number.rstrip(".").replace(".", "-")
        return "avsnitt-" + (slugify(self.text)[:60] or "utan-rubrik")


# Text longer than this may break across pages: kept whole, it would not fit one.
LONG_TEXT = 1_500


@dataclass
class Paragraph:
    text: str
    label: str = ""  # printed in bold before the text, e.g. "Nuläge:"
    style: str = ""  # "" | "subheading" (a bold line that introduces the text after it) | "small"

    @property
    def is_long(self) -> bool:
        return len(self.text) > LONG_TEXT


@dataclass
class BulletList:
    items: list[str]


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    numeric: set[int] = field(default_factory=set)  # columns aligned right
    row_headers: bool = False  # the first cell of each row names it
    labelled_by: str = ""  # without a caption: the anchor of the heading that names the table

    @property
    def is_wide(self) -> bool:
        """Five columns or more: on a phone's screen it may need to scroll."""
        return len(self.header) >= 5

    @property
    def shown_rows(self) -> list[tuple[list[str], bool]]:
        """Each row, and whether it is long enough that it may break across pages."""
        return [(row, sum(len(cell) for cell in row) > LONG_TEXT) for row in self.rows]


@dataclass
class Figure:
    """A chart drawn as SVG, with its text alternative as the caption."""

    svg: str
    title: str
    caption: str


Block = Heading | Paragraph | BulletList | Table | Figure


@dataclass
class Document:
    title: str
    subtitle: str
    municipality: str
    board: str
    blocks: list[Block]
    language: str = "sv"
    # What was decided about the plan, printed under the title: "Beslutad av KS 2023-12-12 § 210".
    decisions: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Give every heading an id of its own, and a table the id of the heading above it."""
        taken: Counter[str] = Counter()
        current: dict[str, str] = {}  # a heading's base anchor → the id of its latest occurrence
        for block in self.blocks:
            if isinstance(block, Heading):
                base = block.base_anchor
                taken[base] += 1
                block.unique_anchor = base if taken[base] == 1 else f"{base}-{taken[base]}"
                current[base] = block.unique_anchor
            elif isinstance(block, Table) and block.labelled_by:
                block.labelled_by = current.get(block.labelled_by, block.labelled_by)

    @property
    def headings(self) -> list[Heading]:
        return [block for block in self.blocks if isinstance(block, Heading)]


def paragraphs(text: str, **kwargs) -> list[Paragraph]:
    """A text field's paragraphs (separated by blank lines) as blocks."""
    return [Paragraph(part.strip(), **kwargs) for part in text.split("\n\n") if part.strip()]
