"""An export of the ledger (CSV or Excel) → the outcome and forecast of the plan's budget lines.

The file holds one row per ledger code: the code, the outcome so far and the forecast for the
year, net Mnkr. The municipality's mapping (``LedgerCode``) names the sector and line each code is
booked on; several codes of one line are summed. The file is checked whole before anything is
written: every bad row is named, and a file with one is refused whole.

Limits are checked before the file is parsed: its size, and for .xlsx the zip and its parts
(``officefiles``); then the rows and columns as they are read.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from styrkedja.charts.numbers import swedish_number
from styrkedja.officefiles.container import (
    MEGABYTE,
    XLSX,
    ContainerLimits,
    OfficeFileRefused,
    office_file_check,
)
from styrkedja.plandata.reader import to_decimal

MAX_SIZE = 2 * MEGABYTE
MAX_ROWS = 5000  # a municipality's ledger has some hundred codes per sector
MAX_COLUMNS = 20
# An export of a few thousand rows is some hundred KB unpacked; the limits leave room for more.
LEDGER_LIMITS = ContainerLimits(
    kind=XLSX,
    max_entries=100,
    max_total_size=20 * MEGABYTE,
    max_part_size=20 * MEGABYTE,
    max_ratio=100,
    max_depth=64,
    max_elements=500_000,
    max_sheet_rows=MAX_ROWS + 1,
    max_rows=MAX_ROWS + 1,
    max_columns=MAX_COLUMNS,
)
# The columns, by their header (case and surrounding spaces do not matter).
CODE, OUTCOME, FORECAST = "kod", "utfall", "prognos"
COLUMNS = (CODE, OUTCOME, FORECAST)
DIGITS, DECIMALS = 10, 2  # economy.models.MONEY
UNREADABLE = (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError)


class LedgerFileRefused(Exception):
    """The file cannot be read at all, or breaks a limit: ``message`` says why."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass
class LedgerRow:
    number: int  # the row of the file, the header being row 1
    code: str
    outcome: Decimal | None
    forecast: Decimal | None
    numbers_ok: bool = True  # False: a number of the row is wrong (named); its code is still checked


@dataclass
class LedgerError:
    number: int | None  # None for the file as a whole
    message: str

    def __str__(self) -> str:
        if self.number is None:
            return self.message
        return _("Rad %(row)s: %(message)s") % {"row": self.number, "message": self.message}


@dataclass
class LedgerFile:
    rows: list[LedgerRow] = field(default_factory=list)
    errors: list[LedgerError] = field(default_factory=list)


def _csv_lines(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")  # Excel's CSV on Windows
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first else "\t" if "\t" in first else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_lines(content: bytes):
    try:
        office_file_check(content, limits=LEDGER_LIMITS)
    except OfficeFileRefused as refused:
        raise LedgerFileRefused(refused.message) from None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
        try:
            sheet = workbook.worksheets[0]
            return list(sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True))
        finally:
            workbook.close()
    except (*UNREADABLE, IndexError):
        raise LedgerFileRefused(
            _("filen går inte att läsa som en Excel-arbetsbok (.xlsx). Spara den som .xlsx eller .csv.")
        ) from None


def _number(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = to_decimal(value)  # ValueError for what is not a number
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > DECIMALS:
        raise ValueError(_("har fler än %(n)s decimaler") % {"n": DECIMALS})
    if abs(number) >= Decimal(10) ** (DIGITS - DECIMALS):
        raise ValueError(_("är för stort"))
    return number


def read_ledger(content: bytes, filename: str) -> LedgerFile:
    """The file's rows, typed, and every fault found; LedgerFileRefused for a file not read at all."""
    if len(content) > MAX_SIZE:
        size = (Decimal(len(content)) / MEGABYTE).quantize(Decimal("0.1"))
        raise LedgerFileRefused(
            _("filen är %(size)s MB; den får vara högst %(limit)s MB.")
            % {"size": swedish_number(size), "limit": MAX_SIZE // MEGABYTE}
        )
    is_xlsx = filename.lower().endswith(".xlsx") or content.startswith(b"PK")
    lines = iter(_xlsx_lines(content) if is_xlsx else _csv_lines(content))
    found = LedgerFile()
    header = [str(cell or "").strip().lower() for cell in next(lines, None) or ()]
    if len(header) > MAX_COLUMNS:
        raise LedgerFileRefused(
            _("filen har %(count)s kolumner; den får ha högst %(limit)s.")
            % {"count": len(header), "limit": MAX_COLUMNS}
        )
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise LedgerFileRefused(
            _("rubrikraden saknar %(missing)s. Rubrikerna ska vara Kod, Utfall och Prognos.")
            % {"missing": ", ".join(f"”{name.capitalize()}”" for name in missing)}
        )
    position = {name: header.index(name) for name in COLUMNS}
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=2):
        if number > MAX_ROWS + 1:
            raise LedgerFileRefused(
                _("filen har fler än %(limit)s rader; dela upp den.") % {"limit": swedish_number(MAX_ROWS)}
            )
        if len(line) > MAX_COLUMNS:
            raise LedgerFileRefused(
                _("rad %(row)s har fler än %(limit)s kolumner.") % {"row": number, "limit": MAX_COLUMNS}
            )
        cells = [cell.strip() if isinstance(cell, str) else cell for cell in line]
        if all(cell is None or cell == "" for cell in cells):
            continue
        cells += [None] * (len(header) - len(cells))
        code = str(cells[position[CODE]] if cells[position[CODE]] is not None else "").strip()
        if isinstance(cells[position[CODE]], float) and cells[position[CODE]].is_integer():
            code = str(int(cells[position[CODE]]))  # Excel keeps a numeric code as a number
        row_ok = True
        if not code:
            found.errors.append(LedgerError(number, _("koden saknas.")))
            row_ok = False
        elif code in seen:
            found.errors.append(
                LedgerError(
                    number,
                    _("koden %(code)s finns redan på rad %(row)s.") % {"code": code, "row": seen[code]},
                )
            )
            row_ok = False
        else:
            seen[code] = number
        values = {}
        for name, label in ((OUTCOME, _("Utfall")), (FORECAST, _("Prognos"))):
            value = cells[position[name]]
            try:
                values[name] = _number(value)
            except ValueError as error:
                values[name] = None
                reason = str(error) or _("är inte ett tal")
                found.errors.append(
                    LedgerError(
                        number,
                        _("%(column)s ”%(value)s” %(reason)s.")
                        % {"column": label, "value": value, "reason": reason},
                    )
                )
                row_ok = False
        if code and seen[code] == number:  # a row of its own code: its code is checked too
            found.rows.append(
                LedgerRow(number, code, values.get(OUTCOME), values.get(FORECAST), numbers_ok=row_ok)
            )
    return found
