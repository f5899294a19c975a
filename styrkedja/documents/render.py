"""The formats HTML (the web page and WeasyPrint's input) and PDF, from one Document; Word is in word.py."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string

from styrkedja.documents.blocks import BulletList, Document, Figure, Heading, Paragraph, Table

STYLESHEET = Path(__file__).parent / "static" / "documents" / "document.css"
SCREEN_STYLESHEET = STYLESHEET.with_name("document-screen.css")


@cache
def _stylesheet(*, screen: bool) -> str:
    sheets = [STYLESHEET, SCREEN_STYLESHEET] if screen else [STYLESHEET]
    return "\n".join(sheet.read_text(encoding="utf-8") for sheet in sheets)


@dataclass
class _Shown:
    kind: str
    item: object
    tag_level: int = 0


def _shown(document: Document) -> list[_Shown]:
    shown = []
    for block in document.blocks:
        if isinstance(block, Heading):
            # The document's title is the page's h1; its chapters are h2 and so on.
            shown.append(_Shown("heading", block, min(block.level + 1, 6)))
        elif isinstance(block, Paragraph):
            shown.append(_Shown("paragraph", block))
        elif isinstance(block, BulletList):
            shown.append(_Shown("list", block))
        elif isinstance(block, Table):
            shown.append(_Shown("table", block))
        elif isinstance(block, Figure):
            shown.append(_Shown("figure", block))
    return shown


def render_html(document: Document, *, nonce: str = "", screen: bool = True) -> str:
    """The web page; ``nonce`` marks its inline stylesheet as the page's own for the CSP. ``screen``
    False: the HTML WeasyPrint makes the PDF from."""
    context = {"document": document, "blocks": _shown(document), "nonce": nonce}
    return render_to_string("documents/document.html", context | {"stylesheet": _stylesheet(screen=screen)})


def render_pdf(document: Document) -> bytes:
    """A tagged PDF (PDF/UA-1): Swedish, titled, with bookmarks, page numbers and running heads."""
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango, which only documents need

    html = HTML(string=render_html(document, screen=False), base_url=str(STYLESHEET.parent))
    return html.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
