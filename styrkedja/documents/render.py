"""The formats: HTML (the web page and WeasyPrint's input), PDF and Word, from one Document."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.template.loader import render_to_string

from styrkedja.documents.blocks import BulletList, Document, Figure, Heading, Paragraph, Table

STYLESHEET = Path(__file__).parent / "static" / "documents" / "document.css"


@cache
def _stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


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


def render_html(document: Document, *, nonce: str = "") -> str:
    """The web page; ``nonce`` marks its inline stylesheet as the page's own for the CSP."""
    return render_to_string(
        "documents/document.html",
        {"document": document, "blocks": _shown(document), "stylesheet": _stylesheet(), "nonce": nonce},
    )


def render_pdf(document: Document) -> bytes:
    """A tagged PDF (PDF/UA-1): Swedish, titled, with bookmarks, page numbers and running heads."""
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango, which only documents need

    html = HTML(string=render_html(document), base_url=str(STYLESHEET.parent))
    return html.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)


def render_docx(document: Document, *, template: bytes | None = None) -> bytes:
    """A Word file with real heading styles and tables, so Word's navigation and contents work.

    With ``template`` (the municipality's own .docx), its styles, page setup, headers and footers
    are used and its body is replaced by the document. The template is cleaned every time
    (officefiles.wordtemplate; OfficeFileRefused when it cannot be), not only when it was
    uploaded: so a template stored before the cleaner existed, or put in place some other way,
    reaches no reader as it was, and a stricter cleaner applies to every stored template at
    once. The cleaned template is kept in memory for the next document (docs/benchmarks.md).
    """
    from docx import Document as WordDocument

    word = WordDocument(io.BytesIO(_cleaned(template))) if template is not None else WordDocument()
    styles = {style.name for style in word.styles}
    body = word.element.body
    for element in list(body):
        if not element.tag.endswith("}sectPr"):  # keep the template's page setup
            body.remove(element)
    _word_properties(word, document)
    word.add_heading(document.title, level=0)
    word.add_paragraph(f"{document.municipality} · {document.board}")
    _word_contents(word)
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.full, level=min(block.level, 9))
        elif isinstance(block, Paragraph):
            _word_paragraph(word, block)
        elif isinstance(block, BulletList):
            for item in block.items:
                if "List Bullet" in styles:
                    word.add_paragraph(item, style="List Bullet")
                else:  # a template without a list style still gets the bullets
                    word.add_paragraph(f"• {item}")
        elif isinstance(block, Table):
            _word_table(word, block, styles)
        elif isinstance(block, Figure):
            # Word gets the chart's words, which say all that the picture shows.
            paragraph = word.add_paragraph()
            paragraph.add_run(block.title + ". ").bold = True
            paragraph.add_run(block.caption)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@lru_cache(maxsize=4)
def _cleaned(template: bytes) -> bytes:
    # The cleaner gives the same file for the same template; a refused one is not kept here.
    from styrkedja.officefiles.wordtemplate import word_template_clean

    return word_template_clean(template).content


def _word_properties(word, document: Document) -> None:
    from docx.oxml.ns import qn
    from docx.oxml.shared import OxmlElement

    properties = word.core_properties
    properties.title = document.title
    properties.subject = document.subtitle
    properties.author = document.municipality
    properties.language = "sv-SE"
    # The default language of the text, for spelling and for screen readers.
    defaults = word.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_properties = defaults.find(qn("w:rPrDefault"))
        rpr = run_properties.find(qn("w:rPr")) if run_properties is not None else None
        if rpr is not None:
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:val"), "sv-SE")


def _word_contents(word) -> None:
    """A table of contents field; Word fills it in when the document is opened (or on F9)."""
    from docx.oxml.ns import qn
    from docx.oxml.shared import OxmlElement

    word.add_heading("Innehåll", level=1)
    paragraph = word.add_paragraph()
    run = paragraph.add_run()
    begin, instruction, separate, placeholder, end = (
        OxmlElement("w:fldChar"),
        OxmlElement("w:instrText"),
        OxmlElement("w:fldChar"),
        OxmlElement("w:t"),
        OxmlElement("w:fldChar"),
    )
    begin.set(qn("w:fldCharType"), "begin")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-2" \\h \\z \\u'
    separate.set(qn("w:fldCharType"), "separate")
    placeholder.text = "Innehållsförteckningen uppdateras när dokumentet öppnas."
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, placeholder, end):
        run._r.append(element)
    settings = word.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _word_paragraph(word, block: Paragraph) -> None:
    paragraph = word.add_paragraph()
    if block.style == "subheading":
        paragraph.add_run(block.text).bold = True
        paragraph.paragraph_format.keep_with_next = True
        return
    if block.label:
        paragraph.add_run(block.label + " ").bold = True
    paragraph.add_run(block.text)


def _word_table(word, block: Table, styles: set[str]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.oxml.shared import OxmlElement

    if block.caption:
        caption = word.add_paragraph(block.caption, style="Caption" if "Caption" in styles else None)
        caption.paragraph_format.keep_with_next = True
    table = word.add_table(rows=1, cols=len(block.header))
    if "Table Grid" in styles:
        table.style = "Table Grid"
    header = table.rows[0]
    # Marked as a header row: Word repeats it on every page and screen readers announce it.
    row_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_properties.append(repeat)
    for cell, text in zip(header.cells, block.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in block.rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=False)):
            cell.text = text
            if index in block.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
