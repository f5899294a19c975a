"""What an uploaded Office file may hold, checked before anything parses it.

An .xlsx or .docx is a zip of XML parts. openpyxl and python-docx trust it: a 50 KB sheet
that declares A1:XFD1048576 is padded to 17 billion cells, a million rows are held in memory
at once, a part that inflates a thousandfold fills the memory. So every upload is first
checked here, by ``office_file_check``, within limits sized from the largest real plan
(docs/benchmarks.md):

1. the zip's directory: the number of entries (read from its end record, before the
   directory is loaded), each entry's uncompressed size and the whole, and how hard each is
   packed; no encryption, no unknown compression;
2. every XML part, streamed through expat without building anything: no DTD (entities),
   elements nested no deeper than a limit, no more elements than a limit, and on every
   worksheet the declared dimension, the rows and the cells of each row as they come;
3. what the file is: the content type of its main part, so a Word document named .xlsx is
   told apart from a workbook.

zipfile never returns more of an entry than its declared size, so the declared sizes are
hard limits.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from xml.parsers import expat

from django.utils.translation import gettext as _
from openpyxl.utils.cell import get_column_letter, range_boundaries

from styrkedja.charts.numbers import swedish_number

XLSX = "xlsx"
DOCX = "docx"
PPTX = "pptx"

MEGABYTE = 1 << 20
# Below this size an entry cannot hurt, however hard it is packed.
RATIO_FLOOR = MEGABYTE


@dataclass(frozen=True)
class ContainerLimits:
    kind: str  # what the file must be: XLSX or DOCX
    max_entries: int
    max_total_size: int  # all entries together, uncompressed
    max_part_size: int  # one entry, uncompressed
    max_ratio: int  # uncompressed size / compressed size, of an entry over RATIO_FLOOR
    max_depth: int  # XML elements inside each other
    max_elements: int  # XML elements in all parts together
    # Worksheets (XLSX): rows of one sheet, rows of all sheets, cells of one row.
    max_sheet_rows: int = 0
    max_rows: int = 0
    max_columns: int = 0
    # Word (DOCX): styles in the file. python-docx looks a style up by name among all of them,
    # once for every paragraph it writes, so each style costs every document made.
    max_styles: int = 0


# The plan workbook. The ten-fold plan of bench/documents.py, the largest real plan, is an
# 84 KB workbook: 41 entries, 0.76 MB unpacked, 2 032 rows (681 on its largest sheet), 13
# columns at most, packed at most 19 times. The largest plan these limits admit (73 times the
# Mjölby plan, 13 183 rows) is read in with 9 s of processor time, a workbook of faults at the
# limits is listed in 8 s (bench/uploads.py, docs/benchmarks.md): seconds, not minutes. The
# time grows with the rows, so their limit is what keeps it so.
WORKBOOK_LIMITS = ContainerLimits(
    kind=XLSX,
    max_entries=1000,
    max_total_size=50 * MEGABYTE,
    max_part_size=50 * MEGABYTE,
    max_ratio=100,
    max_depth=128,
    max_elements=1_000_000,
    max_sheet_rows=10_000,
    max_rows=15_000,
    max_columns=50,
)

# A Word template: styles, page set-up, headers and footers with their images. python-docx's
# own (Word's blank document, with a header and a logotype) is 20 entries, 0.8 MB unpacked,
# 18 695 elements and 164 styles; a municipality's template is that, a few hundred styles of
# its own and some logotypes. Making a Word document with 1 000 styles takes a third longer.
WORD_TEMPLATE_LIMITS = ContainerLimits(
    kind=DOCX,
    max_entries=300,
    max_total_size=20 * MEGABYTE,
    max_part_size=10 * MEGABYTE,
    max_ratio=100,
    max_depth=128,
    max_elements=200_000,
    max_styles=1000,
)

MAIN_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": XLSX,
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": XLSX,
    "application/vnd.ms-excel.template.macroEnabled.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": DOCX,
    "application/vnd.ms-word.document.macroEnabled.main+xml": DOCX,
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": PPTX,
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": PPTX,
}
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WORDPROCESSING_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SPREADSHEET_NS = {
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
}
# An OLE compound file: an encrypted (password-protected) Office file, or the old .xls/.doc.
COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
END_OF_DIRECTORY = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_END = b"PK\x06\x06"
# The most a directory entry of an Office file takes: 46 bytes and its name, rarely 100.
DIRECTORY_ENTRY = 1024


class OfficeFileRefused(Exception):
    """The file is not read. ``message`` says why, in Swedish; ``unreadable`` when the file is
    no Office file at all (rather than one over the limits)."""

    def __init__(self, message: str, *, unreadable: bool = False):
        self.message = message
        self.unreadable = unreadable
        super().__init__(message)


def kind_name(kind: str) -> str:
    return {
        XLSX: _("en Excel-arbetsbok (.xlsx)"),
        DOCX: _("ett Word-dokument (.docx)"),
        PPTX: _("en PowerPoint-presentation (.pptx)"),
    }[kind]


@dataclass
class OfficePackage:
    """A checked file: its zip, what it is, its main part and the content type of every part."""

    archive: zipfile.ZipFile
    kind: str
    main_part: str  # a zip member name, e.g. "word/document.xml"
    defaults: dict[str, str]  # extension (lower case) → content type
    overrides: dict[str, str]  # zip member name → content type

    def content_type(self, name: str) -> str:
        if name in self.overrides:
            return self.overrides[name]
        return self.defaults.get(posixpath.splitext(name)[1][1:].lower(), "")


def part_name(source: str, target: str) -> str:
    """The zip member a relationship of the part ``source`` points at ('' for the package)."""
    if target.startswith("/"):
        return posixpath.normpath(target[1:])
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def relationships_name(part: str) -> str:
    """The relationships part of ``part``: word/document.xml → word/_rels/document.xml.rels."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _size(value: int) -> str:
    if value < MEGABYTE:
        return f"{swedish_number(max(1, round(value / 1024)))} kB"
    return f"{swedish_number(round(Decimal(value) / MEGABYTE, 1))} MB"


def _number(value: int) -> str:
    return swedish_number(value)


def office_file_check(content: bytes, *, limits: ContainerLimits) -> OfficePackage:
    """The file opened as a zip, within ``limits``, and of the kind they are for.

    Raises OfficeFileRefused with a message that says what is wrong and where.
    """
    expected = kind_name(limits.kind)
    if content.startswith(COMPOUND_FILE):
        raise OfficeFileRefused(
            _(
                "filen är lösenordsskyddad eller sparad i ett äldre format (.xls eller .doc). "
                "Spara den utan lösenord som %(kind)s och försök igen."
            )
            % {"kind": expected}
        )
    not_office = _("filen går inte att läsa som %(kind)s. Spara den som %(kind)s och försök igen.") % {
        "kind": expected
    }
    directory = _directory_size(content)
    if directory is None:
        raise OfficeFileRefused(not_office, unreadable=True)
    entries, directory_bytes = directory
    if entries > limits.max_entries:
        raise OfficeFileRefused(
            _("filen består av %(count)s delar; %(kind)s får bestå av högst %(limit)s.")
            % {"count": _number(entries), "kind": expected, "limit": _number(limits.max_entries)}
        )
    # zipfile reads the whole directory, whatever the count says: its size is bounded too.
    if directory_bytes > limits.max_entries * DIRECTORY_ENTRY:
        raise OfficeFileRefused(
            _("filens förteckning över sina delar är %(size)s; %(kind)s får bestå av högst %(limit)s delar.")
            % {"size": _size(directory_bytes), "kind": expected, "limit": _number(limits.max_entries)}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise OfficeFileRefused(not_office, unreadable=True) from None
    infos = archive.infolist()
    if len(infos) > limits.max_entries:  # the end record understated them
        raise OfficeFileRefused(
            _("filen består av %(count)s delar; %(kind)s får bestå av högst %(limit)s.")
            % {"count": _number(len(infos)), "kind": expected, "limit": _number(limits.max_entries)}
        )
    _check_directory(infos, limits, not_office)
    scan = _Scan(limits, archive)
    scan.run()
    kind = scan.kind()
    if kind is None:
        raise OfficeFileRefused(not_office, unreadable=True)
    if kind != limits.kind:
        raise OfficeFileRefused(
            _("filen är %(actual)s, inte %(expected)s.") % {"actual": kind_name(kind), "expected": expected}
        )
    return OfficePackage(archive, kind, scan.main_part, scan.defaults, scan.overrides)


def _directory_size(content: bytes) -> tuple[int, int] | None:
    """The number of entries and the size of the directory the zip's end record gives, read
    without reading the directory (None when there is no end record: no zip)."""
    start = content.rfind(END_OF_DIRECTORY, max(0, len(content) - 22 - 0xFFFF))
    if start < 0 or len(content) < start + 22:
        return None
    total, size = struct.unpack("<HI", content[start + 10 : start + 16])
    locator = start - 20
    if locator >= 0 and content[locator : locator + 4] == ZIP64_LOCATOR:
        (offset,) = struct.unpack("<Q", content[locator + 8 : locator + 16])
        record = content[offset : offset + 56]
        if len(record) < 56 or record[:4] != ZIP64_END:
            return None
        total, size = struct.unpack("<QQ", record[32:48])
    return total, size


def _check_directory(infos: list[zipfile.ZipInfo], limits: ContainerLimits, not_office: str) -> None:
    names = set()
    total = 0
    for info in infos:
        if info.filename in names:
            raise OfficeFileRefused(_("delen ”%(part)s” finns två gånger i filen.") % {"part": info.filename})
        names.add(info.filename)
        if info.flag_bits & 0x1:
            raise OfficeFileRefused(
                _("filen är krypterad. Spara den utan lösenord som %(kind)s och försök igen.")
                % {"kind": kind_name(limits.kind)}
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise OfficeFileRefused(not_office)
        if info.file_size > limits.max_part_size:
            raise OfficeFileRefused(
                _("delen ”%(part)s” packas upp till %(size)s; en del får vara högst %(limit)s.")
                % {"part": info.filename, "size": _size(info.file_size), "limit": _size(limits.max_part_size)}
            )
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise OfficeFileRefused(
                _(
                    "delen ”%(part)s” är packad %(ratio)s gånger, från %(size)s till %(packed)s; "
                    "så hårt packas inga riktiga dokument (högst %(limit)s gånger)."
                )
                % {
                    "part": info.filename,
                    "ratio": _number(info.file_size // max(info.compress_size, 1)),
                    "size": _size(info.file_size),
                    "packed": _size(info.compress_size),
                    "limit": _number(limits.max_ratio),
                }
            )
        total += info.file_size
    if total > limits.max_total_size:
        raise OfficeFileRefused(
            _("filen packas upp till %(size)s; %(kind)s får vara högst %(limit)s uppackad.")
            % {"size": _size(total), "kind": kind_name(limits.kind), "limit": _size(limits.max_total_size)}
        )


@dataclass
class _Relationship:
    type: str
    target: str
    external: bool


@dataclass
class _Scan:
    """A count of the elements of every XML part, then a pass of expat over each, in an order
    that names the sheets before they come."""

    limits: ContainerLimits
    archive: zipfile.ZipFile
    defaults: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)
    main_part: str = ""
    sheet_names: dict[str, str] = field(default_factory=dict)  # worksheet part → sheet name
    rows: int = 0
    columns: frozenset[str] = frozenset()  # the column letters a sheet may use
    _relationships: dict[str, dict[str, _Relationship]] = field(default_factory=dict)
    _sheets: list[tuple[str, str]] = field(default_factory=list)  # (name, relationship id)

    def run(self) -> None:
        self.columns = frozenset(get_column_letter(n) for n in range(1, self.limits.max_columns + 1))
        names = [info.filename for info in self.archive.infolist() if not info.is_dir()]
        xml = [name for name in names if self._is_xml(name)]
        self._count_elements(xml)
        first = [name for name in ("[Content_Types].xml", "_rels/.rels") if name in xml]
        for name in first:
            self._part(name)
        package = self._relationships.get("_rels/.rels", {})
        main = next((r for r in package.values() if r.type == OFFICE_DOCUMENT and not r.external), None)
        if main is not None:
            self.main_part = part_name("", main.target)
            for name in (relationships_name(self.main_part), self.main_part):
                if name in xml:
                    self._part(name)
                    first.append(name)
            rels = self._relationships.get(relationships_name(self.main_part), {})
            for sheet, rid in self._sheets:
                if rid in rels:
                    self.sheet_names[part_name(self.main_part, rels[rid].target)] = sheet
        for name in xml:
            if name not in first:
                self._part(name, named_xml=self._named_xml(name))

    def _count_elements(self, names: list[str]) -> None:
        """Every "<" that does not end an element starts one (or a comment): an upper bound on
        the elements, counted at the speed of C before expat calls Python for each of them."""
        count = 0
        for name in names:
            try:
                with self.archive.open(name) as stream:
                    while chunk := stream.read(1 << 20):
                        count += chunk.count(b"<") - chunk.count(b"</")
                        if count > self.limits.max_elements:
                            raise OfficeFileRefused(
                                _("filen har fler än %(limit)s XML-element; %(kind)s får inte ha fler.")
                                % {
                                    "limit": _number(self.limits.max_elements),
                                    "kind": kind_name(self.limits.kind),
                                }
                            )
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
                raise OfficeFileRefused(
                    _("delen ”%(part)s” går inte att packa upp. Spara filen på nytt som %(kind)s.")
                    % {"part": name, "kind": kind_name(self.limits.kind)}
                ) from None

    def kind(self) -> str | None:
        if self.main_part:
            return MAIN_CONTENT_TYPES.get(self._content_type(self.main_part))
        # Without a main relationship, what openpyxl also accepts: a main content type.
        kinds = {MAIN_CONTENT_TYPES[t] for t in self.overrides.values() if t in MAIN_CONTENT_TYPES}
        if len(kinds) == 1:
            self.main_part = next(n for n, t in self.overrides.items() if t in MAIN_CONTENT_TYPES)
            return kinds.pop()
        return None

    def _content_type(self, name: str) -> str:
        if name in self.overrides:
            return self.overrides[name]
        return self.defaults.get(posixpath.splitext(name)[1][1:].lower(), "")

    @staticmethod
    def _named_xml(name: str) -> bool:
        return name.lower().endswith((".xml", ".rels", ".vml"))

    def _is_xml(self, name: str) -> bool:
        if self._named_xml(name):
            return True
        # A part named as something else may still be read as XML through a relationship.
        try:
            with self.archive.open(name) as stream:
                start = stream.read(4)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
            raise OfficeFileRefused(
                _("delen ”%(part)s” går inte att packa upp. Spara filen på nytt som %(kind)s.")
                % {"part": name, "kind": kind_name(self.limits.kind)}
            ) from None
        return start.lstrip(b" \t\r\n").startswith((b"<", b"\xef\xbb\xbf")) or start[:2] in (
            b"\xff\xfe",
            b"\xfe\xff",
        )

    def _part(self, name: str, *, named_xml: bool = True) -> None:
        """Stream the part through expat. A part that only looks like XML (an HTML chunk, say)
        may fail to parse: then no XML parser reads it either, and it is no danger."""
        reader = _PartReader(self, name)
        try:
            with self.archive.open(name) as stream:
                while chunk := stream.read(1 << 16):
                    reader.parser.Parse(chunk, False)
                reader.parser.Parse(b"", True)
        except OfficeFileRefused:
            raise
        except expat.ExpatError:
            if named_xml:
                raise OfficeFileRefused(
                    _("%(where)s går inte att läsa (trasig XML). Spara filen på nytt som %(kind)s.")
                    % {"where": reader.where, "kind": kind_name(self.limits.kind)}
                ) from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
            raise OfficeFileRefused(
                _("%(where)s går inte att läsa (trasig XML). Spara filen på nytt som %(kind)s.")
                % {"where": reader.where, "kind": kind_name(self.limits.kind)}
            ) from None
        if name.endswith(".rels"):
            self._relationships[name] = reader.relationships


class _PartReader:
    """expat's handlers for one part: counts and limits, and what the scan needs to know.

    The start handler runs for every element of the file, so it does little: the elements
    of interest are looked up by their full name in a small table made for the part.
    """

    def __init__(self, scan: _Scan, name: str):
        self.scan, self.name, self.limits = scan, name, scan.limits
        self.depth = 0
        self.relationships: dict[str, _Relationship] = {}
        self.sheet_rows = 0
        self.row_cells = 0
        self.styles = 0
        if name == "[Content_Types].xml":
            self.handlers = {
                f"{CONTENT_TYPES_NS} Default": self._default,
                f"{CONTENT_TYPES_NS} Override": self._override,
            }
        elif name.endswith(".rels"):
            self.handlers = {f"{PACKAGE_RELATIONSHIPS_NS} Relationship": self._relationship}
        elif self.limits.kind == XLSX:
            self.handlers = {}
            for namespace in SPREADSHEET_NS:
                self.handlers |= {f"{namespace} dimension": self._dimension, f"{namespace} row": self._row,
                                  f"{namespace} c": self._cell}  # fmt: skip
                if name == scan.main_part:
                    self.handlers[f"{namespace} sheet"] = self._sheet
        elif self.limits.kind == DOCX:
            self.handlers = {f"{WORDPROCESSING_NS} style": self._style}
        else:
            self.handlers = {}
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.StartDoctypeDeclHandler = self.doctype
        self.parser = parser

    @property
    def sheet(self) -> str:
        return self.scan.sheet_names.get(self.name, self.name)

    @property
    def where(self) -> str:
        """The part as a reader knows it: a sheet by its name, anything else by its path."""
        if self.name in self.scan.sheet_names:
            return _("bladet ”%(sheet)s”") % {"sheet": self.scan.sheet_names[self.name]}
        return _("delen ”%(part)s”") % {"part": self.name}

    def doctype(self, *args) -> None:
        # Office files never declare a DTD; one here is there for its entities (XML bombs).
        raise OfficeFileRefused(
            _("%(where)s har en dokumenttypsdeklaration (DOCTYPE), som Office-filer aldrig har.")
            % {"where": self.where}
        )

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise OfficeFileRefused(
                _("%(where)s har element inuti varandra i fler än %(limit)s nivåer.")
                % {"where": self.where, "limit": _number(self.limits.max_depth)}
            )
        handler = self.handlers.get(tag)
        if handler is not None:
            handler(attributes)

    def end(self, tag: str) -> None:
        self.depth -= 1

    def _default(self, attributes: dict[str, str]) -> None:
        self.scan.defaults[attributes.get("Extension", "").lower()] = attributes.get("ContentType", "")

    def _override(self, attributes: dict[str, str]) -> None:
        self.scan.overrides[attributes.get("PartName", "").lstrip("/")] = attributes.get("ContentType", "")

    def _relationship(self, attributes: dict[str, str]) -> None:
        self.relationships[attributes.get("Id", "")] = _Relationship(
            attributes.get("Type", ""),
            attributes.get("Target", ""),
            attributes.get("TargetMode", "") == "External",
        )

    def _style(self, attributes: dict[str, str]) -> None:
        self.styles += 1  # in this part: stylesWithEffects.xml repeats styles.xml
        if self.styles > self.limits.max_styles:
            raise OfficeFileRefused(
                _("%(where)s har fler än %(limit)s format; %(kind)s får inte ha fler.")
                % {"where": self.where, "limit": _number(self.limits.max_styles), "kind": kind_name(DOCX)}
            )

    def _sheet(self, attributes: dict[str, str]) -> None:
        self.scan._sheets.append((attributes.get("name", ""), attributes.get(f"{RELATIONSHIPS_NS} id", "")))

    def _too_big(self, what: str) -> OfficeFileRefused:
        return OfficeFileRefused(
            _(
                "bladet ”%(sheet)s” %(what)s; ett blad får ha högst %(rows)s rader och %(columns)s kolumner. "
                "Ta bort det som ligger utanför planens rader och kolumner och spara igen."
            )
            % {
                "sheet": self.sheet,
                "what": what,
                "rows": _number(self.limits.max_sheet_rows),
                "columns": _number(self.limits.max_columns),
            }
        )

    def _dimension(self, attributes: dict[str, str]) -> None:
        ref = attributes.get("ref", "")
        try:
            _min_col, _min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            return  # openpyxl refuses it when it reads the sheet
        if (max_row or 0) > self.limits.max_sheet_rows or (max_col or 0) > self.limits.max_columns:
            raise self._too_big(
                _("anger att det är %(ref)s stort, %(rows)s rader och %(columns)s kolumner")
                % {"ref": ref, "rows": _number(max_row or 0), "columns": _number(max_col or 0)}
            )

    def _row(self, attributes: dict[str, str]) -> None:
        # Counted as they come: a sheet's declared dimension may be missing or false.
        self.sheet_rows += 1
        self.scan.rows += 1
        self.row_cells = 0
        position = self.sheet_rows
        number = attributes.get("r")
        if number is not None:
            try:
                position = int(float(number))
            except ValueError:
                return  # openpyxl refuses it when it reads the sheet
        if self.sheet_rows > self.limits.max_sheet_rows or position > self.limits.max_sheet_rows:
            raise self._too_big(
                _("har fler än %(limit)s rader") % {"limit": _number(self.limits.max_sheet_rows)}
            )
        if self.scan.rows > self.limits.max_rows:
            raise OfficeFileRefused(
                _(
                    "arbetsboken har fler än %(limit)s rader på sina blad; "
                    "högst %(limit)s läses in på en gång."
                )
                % {"limit": _number(self.limits.max_rows)}
            )

    def _cell(self, attributes: dict[str, str]) -> None:
        self.row_cells += 1
        if self.row_cells > self.limits.max_columns:
            raise self._too_big(
                _("har en rad med fler än %(limit)s kolumner") % {"limit": _number(self.limits.max_columns)}
            )
        reference = attributes.get("r")
        if reference is not None:
            letters = reference.rstrip("0123456789").upper()
            # A cell far to the right makes openpyxl pad its row out to it.
            if letters.isalpha() and letters not in self.scan.columns:
                raise self._too_big(
                    _("har en cell i kolumn %(column)s, längre till höger än %(limit)s kolumner")
                    % {"column": letters, "limit": _number(self.limits.max_columns)}
                )
