"""A document as a list of blocks, made once from the data and rendered as HTML, PDF and Word.

Every format is written from the same blocks, so the web page, the PDF and the Word file say
the same thing in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Heading:
    level: int  # 1 for a chapter, 2 for its sections, …
    text: str
    number: str = ""

    @property
    def full(self) -> str:
        return f"{self.number} {self.text}".strip() if self.number else self.text

    @property
    def anchor(self) -> str:
        return "avsnitt-" + (self.number.rstrip(".").replace(".", "-") or str(abs(hash(self.text)) % 10**8))


@dataclass
class Paragraph:
    text: str
    label: str = ""  # printed in bold before the text, e.g. "Nuläge:"
    style: str = ""  # "" | "subheading" (a bold line that introduces the text after it) | "small"


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

    @property
    def headings(self) -> list[Heading]:
        return [block for block in self.blocks if isinstance(block, Heading)]


def paragraphs(text: str, **kwargs) -> list[Paragraph]:
    """A text field's paragraphs (separated by blank lines) as blocks."""
    return [Paragraph(part.strip(), **kwargs) for part in text.split("\n\n") if part.strip()]
