"""A plan document (PDF, Word or plain text) as lines and tables with where each stands.

Every limit is checked before the document is read further: the file's size, a Word file's unpacked
size (a zip bomb is small on disk), the number of pages, and the time the reading takes. Whatever
cannot be read ends in a ``PlanReadError`` with a Swedish message that says what is wrong.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_PAGES = 400
# Read in the background: a PDF takes 0.15–0.35 s a page (docs/benchmarks.md), so 400 pages fit
# within the bound, which stops a hostile document from holding a worker for long.
MAX_SECONDS = 180.0
# A PDF with fewer readable characters than this per page is taken to be scanned.
MIN_CHARS_PER_PAGE = 20


class PlanReadError(ValidationError):
    """The document could not be read; the message says why, in Swedish."""


@dataclass
class Line:
    text: str
    page: int
    line: int
    # The heading level the document itself gives (a Word style, a larger font in a PDF); 0: none.
    heading: int = 0
    bullet: bool = False
    raw: str = ""  # the line as written, spaces kept (the columns of pdftotext -layout)
    hyphen: bool = False  # the line ends in a hyphen that may join a word split over two lines


@dataclass
class Table:
    rows: list[list[str]]
    page: int
    line: int


@dataclass
class ReadDocument:
    filename: str
    kind: str  # pdf | docx | text
    pages: int
    blocks: list[Line | Table] = field(default_factory=list)

    def lines(self) -> list[Line]:
        return [block for block in self.blocks if isinstance(block, Line)]


class _Clock:
    def __init__(self, seconds: float):
        self.ends = time.monotonic() + seconds
        self.seconds = seconds

    def check(self, page: int) -> None:
        if time.monotonic() > self.ends:
            raise PlanReadError(
                _(
                    "Läsningen av dokumentet avbröts efter %(seconds)d sekunder (vid sida %(page)d). "
                    "Dela upp dokumentet eller spara det som text och försök igen."
                )
                % {"seconds": self.seconds, "page": page}
            )


def document_kind(content: bytes, filename: str) -> str:
    name = filename.lower()
    if content.startswith(b"%PDF") or (b"%PDF-" in content[:1024] and name.endswith(".pdf")):
        return "pdf"
    if content.startswith(b"PK\x03\x04"):
        return "docx"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanReadError(
            _(
                "Filen är ett Word-dokument i det äldre formatet .doc. Spara det som .docx (Word) eller "
                "PDF och försök igen."
            )
        )
    if name.endswith((".txt", ".text")) or not re.search(r"\.[a-z0-9]{2,5}$", name):
        return "text"
    raise PlanReadError(
        _(
            "Filtypen för ”%(name)s” känns inte igen. Ladda upp ett plandokument som PDF, Word (.docx) "
            "eller text (.txt)."
        )
        % {"name": filename}
    )


def document_read(
    *, content: bytes, filename: str, max_bytes: int = MAX_BYTES, max_pages: int = MAX_PAGES,
    max_seconds: float = MAX_SECONDS, max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
) -> ReadDocument:  # fmt: skip
    if len(content) > max_bytes:
        raise PlanReadError(
            _("Filen är för stor: %(size)s MB. Ett plandokument får vara högst %(most)s MB.")
            % {"size": _megabytes(len(content)), "most": _megabytes(max_bytes)}
        )
    if not content.strip():
        raise PlanReadError(_("Filen är tom."))
    clock = _Clock(max_seconds)
    kind = document_kind(content, filename)
    if kind == "pdf":
        return _read_pdf(content, filename, max_pages, clock)
    if kind == "docx":
        return _read_docx(content, filename, max_unpacked_bytes, clock)
    return _read_text(content, filename, max_pages)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


# Plain text ---------------------------------------------------------------------------------------


def text_lines(text: str, *, first_page: int = 1) -> list[Line]:
    """Lines of a text in which form feeds (as pdftotext writes them) separate the pages."""
    lines: list[Line] = []
    for page_number, page in enumerate(text.split("\f"), start=first_page):
        for number, line in enumerate(page.split("\n"), start=1):
            lines.append(Line(line.rstrip("\r"), page_number, number))
    return lines


def _read_text(content: bytes, filename: str, max_pages: int) -> ReadDocument:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise PlanReadError(_("Textfilen kan inte läsas: teckenkodningen känns inte igen.")) from error
    if "\x00" in text:
        raise PlanReadError(_("Filen ”%(name)s” är inte en textfil.") % {"name": filename})
    pages = text.count("\f") + 1
    if pages > max_pages:
        raise _too_many_pages(pages, max_pages)
    lines = text_lines(text)
    if not any(line.text.strip() for line in lines):
        raise PlanReadError(_("Filen är tom."))
    return ReadDocument(filename, "text", pages, _without_running_heads(list(lines), pages))


def _too_many_pages(pages: int, most: int) -> PlanReadError:
    return PlanReadError(
        _("Dokumentet har %(pages)d sidor. Ett plandokument får ha högst %(most)d sidor.")
        % {"pages": pages, "most": most}
    )


# PDF ----------------------------------------------------------------------------------------------


def _read_pdf(content: bytes, filename: str, max_pages: int, clock: _Clock) -> ReadDocument:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    encrypted = _("Dokumentet är krypterat eller lösenordsskyddat. Spara det utan lösenord och försök igen.")
    broken = _("Filen ”%(name)s” är inte en läsbar PDF: den är trasig eller ofullständig.") % {
        "name": filename
    }
    try:
        pdf = pdfplumber.open(io.BytesIO(content))
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise PlanReadError(encrypted) from error
    except Exception as error:  # pdfminer raises many kinds for a broken file; pdfplumber wraps them
        if _encryption(error, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise PlanReadError(encrypted) from error
        raise PlanReadError(broken) from error
    with pdf:
        try:
            pages = pdf.pages
        except (PDFSyntaxError, Exception) as error:
            kinds = (PDFPasswordIncorrect, PDFEncryptionError)
            raise PlanReadError(encrypted if _encryption(error, kinds) else broken) from error
        if len(pages) > max_pages:
            raise _too_many_pages(len(pages), max_pages)
        if not pages:
            raise PlanReadError(broken)
        blocks: list[Line | Table] = []
        characters = 0
        for number, page in enumerate(pages, start=1):
            clock.check(number)
            try:
                page_blocks, count = _pdf_page(page, number)
            except (PDFPasswordIncorrect, PDFEncryptionError) as error:
                raise PlanReadError(encrypted) from error
            except PlanReadError:
                raise
            except Exception as error:
                raise PlanReadError(
                    _("Sidan %(page)d i dokumentet kan inte läsas: filen är trasig.") % {"page": number}
                ) from error
            characters += count
            blocks += page_blocks
            page.close()
        if characters < MIN_CHARS_PER_PAGE * len(pages) and characters < 200:
            raise PlanReadError(
                _(
                    "Dokumentet innehåller ingen text som kan läsas – det är troligen inskannat. Ladda upp "
                    "dokumentet som Word eller som en PDF med text (inte en bild av sidorna)."
                )
            )
        return ReadDocument(filename, "pdf", len(pages), _without_running_heads(blocks, len(pages)))


def _encryption(error: BaseException, kinds: tuple) -> bool:
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, kinds) or any(isinstance(arg, kinds) for arg in getattr(error, "args", ())):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _pdf_page(page, number: int) -> tuple[list[Line | Table], int]:
    tables = [table for table in page.find_tables() if len(table.rows) >= 2 and len(table.rows[0].cells) >= 2]
    boxes = [table.bbox for table in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    found = text_page.extract_text_lines(strip=True, return_chars=True)
    sizes = sorted(round(char["size"], 1) for line in found for char in line["chars"])
    body = sizes[len(sizes) // 2] if sizes else 0
    placed: list[tuple[float, float, Line | Table]] = []
    count = 0
    for item in found:
        chars = item["chars"]
        count += len(item["text"].strip())
        size = max((char["size"] for char in chars), default=0)
        bold = bool(chars) and all(
            "bold" in char.get("fontname", "").lower() for char in chars if char["text"].strip()
        )
        heading = 0
        if body and size >= body * 1.6:
            heading = 1
        elif body and size >= body * 1.25:
            heading = 2
        elif (body and size >= body * 1.08) or bold:
            heading = 3
        text = item["text"]
        bullet = bool(re.match(r"^[•●▪◦]\s*", text))
        line = Line(re.sub(r"^[•●▪◦]\s*", "", text), number, 0, heading, bullet)
        placed.append((item["top"], item["bottom"], line))
    for table in tables:
        rows = [[cell or "" for cell in row] for row in table.extract()]
        count += sum(len(cell) for row in rows for cell in row)
        placed.append((table.bbox[1], table.bbox[3], Table(rows, number, 0)))
    placed.sort(key=lambda item: item[0])
    blocks: list[Line | Table] = []
    previous = None
    for top, bottom, block in placed:
        # A gap larger than half a line between two lines ends a paragraph: a blank line, as in text.
        if previous is not None and (
            isinstance(block, Table) or isinstance(previous[2], Table)
            or block.heading != previous[2].heading
            or top - previous[1] > 0.5 * (previous[1] - previous[0])
        ):  # fmt: skip
            blocks.append(Line("", number, 0))
        blocks.append(block)
        previous = (top, bottom, block)
    for line_number, block in enumerate(blocks, start=1):
        block.line = line_number
    return blocks, count


def _without_running_heads(blocks: list[Line | Table], pages: int) -> list[Line | Table]:
    """The lines that stand on most pages (the running head, "Sida 3 av 21") taken out."""
    if pages < 3:
        return blocks
    seen: dict[str, set[int]] = {}
    for block in blocks:
        if isinstance(block, Line) and block.text.strip():
            seen.setdefault(_page_free(block.text), set()).add(block.page)
    running = {text for text, on in seen.items() if len(on) > max(2, pages // 2)}
    return [
        block for block in blocks
        if not (isinstance(block, Line) and _page_free(block.text) in running)
    ]  # fmt: skip


# Word ---------------------------------------------------------------------------------------------


def _read_docx(content: bytes, filename: str, max_unpacked: int, clock: _Clock) -> ReadDocument:
    broken = _(
        "Filen ”%(name)s” är inte ett läsbart Word-dokument (.docx): den är trasig eller ofullständig."
    ) % {"name": filename}
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PlanReadError(broken) from error
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ZIP_ENTRIES or unpacked > max_unpacked:
        raise PlanReadError(
            _(
                "Word-dokumentet packas upp till %(size)s MB, mer än de %(most)s MB som tillåts. Filen kan "
                "vara skadlig och läses inte."
            )
            % {"size": _megabytes(unpacked), "most": _megabytes(max_unpacked)}
        )
    if "word/document.xml" not in archive.namelist():
        raise PlanReadError(broken)
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(content))
    except Exception as error:
        raise PlanReadError(broken) from error
    blocks: list[Line | Table] = []
    page, line = 1, 0
    for element in _body_elements(document.element.body):
        clock.check(page)
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            breaks = len(element.xpath('.//w:br[@w:type="page"]')) + len(
                element.xpath(".//w:lastRenderedPageBreak")
            )
            if breaks and not paragraph.text.strip():
                page, line = page + breaks, 0
                continue
            heading, bullet = _docx_heading(paragraph), _docx_bullet(paragraph)
            for text in paragraph.text.split("\n"):
                line += 1
                blocks.append(Line(text, page, line, heading, bullet))
            blocks.append(Line("", page, line))  # the paragraph ends
            if breaks:
                page, line = page + breaks, 0
        elif tag == "tbl":
            table = DocxTable(element, document)
            rows = []
            for row in table.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(cell.text)
                rows.append(cells)
            line += 1
            blocks.append(Table(rows, page, line))
    if page > MAX_PAGES:
        raise _too_many_pages(page, MAX_PAGES)
    if not any(isinstance(b, Table) or b.text.strip() for b in blocks):
        raise PlanReadError(_("Word-dokumentet innehåller ingen text."))
    return ReadDocument(filename, "docx", page, blocks)


def _body_elements(parent):
    """The body's paragraphs and tables in order, also those inside content controls (a table of
    contents, a cover page) and custom XML."""
    for element in parent.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in ("sdt", "sdtContent", "customXml"):
            yield from _body_elements(element)
        elif tag in ("p", "tbl"):
            yield element


def _docx_heading(paragraph) -> int:
    style = paragraph.style
    names = []
    while style is not None:
        names.append((style.name or "").lower())
        style = style.base_style
    for name in names:
        found = re.match(r"(heading|rubrik)\s*(\d)", name)
        if found:
            return int(found.group(2))
        if name in ("title", "rubrik"):
            return 1
    level = paragraph._p.xpath("./w:pPr/w:outlineLvl/@w:val")
    if level and level[0].isdigit() and int(level[0]) < 9:
        return int(level[0]) + 1
    return 0


def _docx_bullet(paragraph) -> bool:
    if paragraph._p.xpath("./w:pPr/w:numPr"):
        return True
    name = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    return "list" in name or "lista" in name


def _page_free(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()))
