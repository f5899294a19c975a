"""A Document as Word: what the PDF has, in a file the municipality's staff go on working in.

- Real heading styles, a contents field, header rows that repeat, Swedish as the language.
- A header with the municipality and the title, and a footer with the page numbers ("Sida 3 av
  21"), unless the municipality's template brings its own.
- The charts as pictures, each with its text alternative (the same words as the caption).
- Tables whose columns are as wide as what they hold needs: a name such as
  "Kommunledningskontoret" is not broken in the middle because every column got the same width.
- The file's properties are the document's: its title, the municipality as author, the time it
  was made; not python-docx's own template from 2013.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache

from django.utils import timezone

from styrkedja.documents.blocks import BulletList, Document, Figure, Heading, Paragraph, Table
from styrkedja.officefiles.spreadsheet import text_for_cell as xml_text  # what XML 1.0 can hold

# A4 with the PDF's margins, for a document without a template of its own.
A4_MM = (210, 297)
MARGINS_MM = (22, 20, 20, 20)  # top, right, bottom, left
# Roughly how wide a character of a table's text is: enough to tell a short column from a long one.
CHAR_CM = 0.2
CELL_PADDING_CM = 0.4
LONGEST_WORD_KEPT = 24  # a longer "word" (a URL, a list with slashes) may break
CHART_PIXELS = 1200  # the picture's width in pixels: sharp in print at the page's width
CHART_SHARE = 0.8  # of the text's width, as the PDF's charts stand


def render_docx(document: Document, *, template: bytes | None = None) -> bytes:
    """The Word file. With ``template`` (the municipality's own .docx), its styles, page set-up,
    headers and footers are used and its body is replaced by the document. The template is
    cleaned every time (officefiles.wordtemplate; OfficeFileRefused when it cannot be), not only
    when it was uploaded: so a template stored before the cleaner existed, or put in place some
    other way, reaches no reader as it was. The cleaned template is kept in memory for the next
    document (docs/benchmarks.md)."""
    from docx import Document as WordDocument

    word = WordDocument(io.BytesIO(_cleaned(template))) if template is not None else WordDocument()
    if template is None:
        _a4(word)
    styles = {style.name for style in word.styles}
    body = word.element.body
    for element in list(body):
        if not element.tag.endswith("}sectPr"):  # keep the template's page setup
            body.remove(element)
    _properties(word, document)
    _page_furniture(word, document, styles)
    word.add_heading(xml_text(document.title), level=0)
    word.add_paragraph(f"{document.municipality} · {document.board}")
    for line in document.decisions:
        word.add_paragraph(xml_text(line))
    _contents(word)
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(xml_text(block.full), level=min(block.level, 9))
        elif isinstance(block, Paragraph):
            _paragraph(word, block)
        elif isinstance(block, BulletList):
            for item in map(xml_text, block.items):
                if "List Bullet" in styles:
                    word.add_paragraph(item, style="List Bullet")
                else:  # a template without a list style still gets the bullets
                    word.add_paragraph(f"• {item}")
        elif isinstance(block, Table):
            _table(word, block, styles)
        elif isinstance(block, Figure):
            _figure(word, block, styles)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@lru_cache(maxsize=4)
def _cleaned(template: bytes) -> bytes:
    # The cleaner gives the same file for the same template; a refused one is not kept here.
    from styrkedja.officefiles.wordtemplate import word_template_clean

    return word_template_clean(template).content


def _a4(word) -> None:
    from docx.shared import Mm

    for section in word.sections:
        section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
        top, right, bottom, left = (Mm(value) for value in MARGINS_MM)
        section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = (
            top, right, bottom, left,
        )  # fmt: skip


def _text_width(word):
    section = word.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


# The file's properties ------------------------------------------------------------------------------


def _properties(word, document: Document) -> None:
    from docx.oxml.ns import qn
    from docx.oxml.shared import OxmlElement

    now = timezone.now().replace(microsecond=0)
    properties = word.core_properties
    properties.title = document.title
    properties.subject = document.subtitle
    properties.author = document.municipality
    properties.last_modified_by = document.municipality
    properties.created = properties.modified = now
    properties.revision = 1
    properties.comments = ""  # python-docx's template says "generated by python-docx"
    properties.keywords = ""
    properties.category = ""
    properties.language = "sv-SE"
    _application(word)
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


def _application(word) -> None:
    """The extended properties say Styrkedja made the file, and the picture of an empty page that
    python-docx's template carries as the file's thumbnail goes."""
    from lxml import etree

    package = word.part.package
    for relationship in list(package.rels.values()):
        if relationship.reltype.endswith("/metadata/thumbnail"):
            package.rels.pop(relationship.rId)
        elif relationship.reltype.endswith("/extended-properties"):
            part = relationship.target_part
            root = etree.fromstring(part.blob)
            namespace = root.nsmap.get(None, "")
            for name, value in (("Application", "Styrkedja"), ("Template", ""), ("Company", "")):
                element = root.find(f"{{{namespace}}}{name}")
                if element is not None:
                    element.text = value
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# Header and footer ------------------------------------------------------------------------------------


def _has_content(part) -> bool:
    element = part._element
    return any(paragraph.text.strip() for paragraph in part.paragraphs) or bool(
        element.xpath(".//w:drawing | .//w:pict")
    )


def _page_furniture(word, document: Document, styles: set[str]) -> None:
    """As the PDF has it: the municipality and the title at the top of every page, the page number
    at the foot; a template's own header is kept, and its footer gets the page number if it lacks one."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Pt

    width = _text_width(word)
    for section in word.sections:
        header = section.header
        if header.is_linked_to_previous or not _has_content(header):
            header.is_linked_to_previous = False
            paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            paragraph.text = ""
            if "Normal" in styles:
                paragraph.style = word.styles["Normal"]  # not "Header", whose tab stops are Letter's
            paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
            run = paragraph.add_run(xml_text(f"{document.municipality}\t{document.title}"))
            run.font.size = Pt(8.5)
        footer = section.footer
        if footer.is_linked_to_previous:
            footer.is_linked_to_previous = False
        if not footer._element.xpath(
            ".//*[contains(@w:instr, 'PAGE')] | .//w:instrText[contains(., 'PAGE')]"
        ):
            paragraph = footer.paragraphs[0] if not _has_content(footer) else footer.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run("Sida ").font.size = Pt(8.5)
            _field(paragraph, "PAGE", "1")
            paragraph.add_run(" av ").font.size = Pt(8.5)
            _field(paragraph, "NUMPAGES", "1")


def _field(paragraph, instruction: str, shown: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word fills in."""
    from docx.oxml.ns import qn
    from docx.oxml.shared import OxmlElement

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    properties, size = OxmlElement("w:rPr"), OxmlElement("w:sz")
    size.set(qn("w:val"), "17")  # half points: 8.5 pt, as the words around it
    properties.append(size)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# The body -----------------------------------------------------------------------------------------------


def _contents(word) -> None:
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


def _paragraph(word, block: Paragraph) -> None:
    paragraph = word.add_paragraph()
    if block.style == "subheading":
        paragraph.add_run(xml_text(block.text)).bold = True
        paragraph.paragraph_format.keep_with_next = True
        return
    if block.label:
        paragraph.add_run(xml_text(block.label) + " ").bold = True
    paragraph.add_run(xml_text(block.text))


def column_widths(block: Table, total: int) -> list[int]:
    """Each column's width (of ``total``, in EMU): at least its longest word, and of what is left a
    share by how much text the column holds, so that long texts get the room."""
    from docx.shared import Cm

    columns = (
        list(zip(block.header, *block.rows, strict=False)) if block.rows else [(h,) for h in block.header]
    )
    least, wanted = [], []
    for cells in columns:
        words = [word for cell in cells for word in str(cell).split()]
        longest = min(max((len(word) for word in words), default=1), LONGEST_WORD_KEPT)
        average = sum(len(str(cell)) for cell in cells[1:]) / max(len(cells) - 1, 1)
        least.append(Cm(longest * CHAR_CM + CELL_PADDING_CM))
        wanted.append(math.sqrt(max(average, longest)))
    if sum(least) >= total:  # not room for every longest word: in proportion to them
        return [int(total * width / sum(least)) for width in least]
    room = total - sum(least)
    return [int(width + room * share / sum(wanted)) for width, share in zip(least, wanted, strict=True)]


def _table(word, block: Table, styles: set[str]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.oxml.shared import OxmlElement

    if block.caption:
        caption = word.add_paragraph(
            xml_text(block.caption), style="Caption" if "Caption" in styles else None
        )
        caption.paragraph_format.keep_with_next = True
    table = word.add_table(rows=1, cols=len(block.header))
    if "Table Grid" in styles:
        table.style = "Table Grid"
    table.autofit = False
    widths = column_widths(block, _text_width(word))
    header = table.rows[0]
    # Marked as a header row: Word repeats it on every page and screen readers announce it.
    row_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_properties.append(repeat)
    for cell, text in zip(header.cells, block.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(xml_text(text)).bold = True
    for values in block.rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=False)):
            cell.text = xml_text(text)
            if index in block.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def chart_png(svg: str) -> bytes:
    """The chart as a picture Word shows everywhere (older Word has no SVG)."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=CHART_PIXELS)


def _figure(word, block: Figure, styles: set[str]) -> None:
    """The chart as a picture with its text alternative, and under it the same words as the caption."""
    picture = word.add_picture(io.BytesIO(chart_png(block.svg)), width=int(_text_width(word) * CHART_SHARE))
    properties = picture._inline.docPr
    properties.set("title", block.title)
    properties.set("descr", f"{block.title}. {block.caption}")
    word.paragraphs[-1].paragraph_format.keep_with_next = True
    caption = word.add_paragraph(style="Caption" if "Caption" in styles else None)
    caption.add_run(xml_text(block.title) + ". ").bold = True
    caption.add_run(xml_text(block.caption))
