"""An .xlsx file → the typed rows of each sheet, and every cell that is wrong.

Reading goes on past a fault, so that one upload lists every faulty row and column.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from styrkedja.officefiles.container import WORKBOOK_LIMITS, OfficeFileRefused, office_file_check
from styrkedja.plandata.reader import to_decimal
from styrkedja.workbook.errors import WorkbookError, WorkbookErrors
from styrkedja.workbook.format import (
    BOOLEAN,
    CHOICE,
    DATE,
    INSTRUCTIONS,
    INTEGER,
    LIST,
    LIST_SEPARATOR,
    NO,
    NUMBER,
    NUMBER_LIST,
    SHEETS,
    SHEETS_BY_NAME,
    YEAR,
    YES,
    Column,
    Sheet,
)

# defusedxml's refusals (an XML bomb, an outside entity) are ValueErrors; broken XML a SyntaxError.
UNREADABLE = (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError)
UNREADABLE_MESSAGE = (
    "filen går inte att läsa som en Excel-arbetsbok (.xlsx). Spara den som .xlsx och försök igen."
)
TRUE_WORDS = {YES, "j", "true", "sant", "x", "1"}
FALSE_WORDS = {NO, "n", "false", "falskt", "0"}


@dataclass
class Row:
    sheet: Sheet
    number: int
    values: dict[str, Any]
    letters: dict[str, str] = field(default_factory=dict)

    def get(self, key: str, default: Any = "") -> Any:
        value = self.values.get(key)
        return default if value is None or value == "" else value


@dataclass
class ReadResult:
    rows: dict[str, list[Row]]
    errors: list[WorkbookError]
    # False when the file could not be read, or held so many faults that only the first are
    # listed (checking the rest against each other would add nothing).
    readable: bool = True
    # When the file was made (its document properties): for a workbook downloaded from
    # Styrkedja, the time of the download. Excel and LibreOffice keep it when they save.
    created: datetime.datetime | None = None


class _CellError(ValueError):
    pass


def read_workbook(content: bytes) -> ReadResult:
    errors = WorkbookErrors()
    rows: dict[str, list[Row]] = {sheet.name: [] for sheet in SHEETS}
    try:
        # Before openpyxl sees it: the zip, its parts, every sheet's size (officefiles).
        office_file_check(content, limits=WORKBOOK_LIMITS)
    except OfficeFileRefused as refused:
        return ReadResult(rows, [WorkbookError("", None, "", "", refused.message)], readable=False)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    except UNREADABLE:
        return ReadResult(rows, [WorkbookError("", None, "", "", UNREADABLE_MESSAGE)], readable=False)
    try:
        for worksheet in workbook.worksheets:
            name = worksheet.title.strip()
            if name == INSTRUCTIONS:
                continue
            sheet = SHEETS_BY_NAME.get(name)
            if sheet is None:
                known = ", ".join(f"”{sheet.name}”" for sheet in SHEETS)
                message = f"är inget blad i planens arbetsbok. Kända blad: {known}."
                errors.append(WorkbookError(name, None, "", "", message))
                continue
            rows[sheet.name] = _read_sheet(sheet, worksheet, errors)
    except UNREADABLE:
        # A sheet is parsed as it is read: a broken one, or XML that defusedxml refuses, ends here.
        return ReadResult(rows, [WorkbookError("", None, "", "", UNREADABLE_MESSAGE)], readable=False)
    finally:
        workbook.close()
    created = workbook.properties.created if workbook.properties else None
    if created is not None and created.tzinfo is None:
        created = created.replace(tzinfo=datetime.UTC)  # the file format's times are UTC
    return ReadResult(rows, errors, readable=not errors.unlisted, created=created)


def _header_key(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().rstrip("*").strip().lower()


def _read_sheet(sheet: Sheet, worksheet, errors: list[WorkbookError]) -> list[Row]:
    # Bounded, whatever the sheet declares: openpyxl pads every row to the declared width and
    # yields every row up to the declared height (officefiles has checked both already).
    lines = worksheet.iter_rows(
        max_row=WORKBOOK_LIMITS.max_sheet_rows, max_col=WORKBOOK_LIMITS.max_columns, values_only=True
    )
    header = next(lines, None) or ()
    by_header = {column.header.lower(): column for column in sheet.columns}
    positions: dict[int, Column] = {}
    for index, text in enumerate(header):
        key = _header_key(text)
        if not key:
            continue
        letter = get_column_letter(index + 1)
        column = by_header.get(key)
        if column is None:
            known = ", ".join(f"”{column.header}”" for column in sheet.columns)
            errors.append(
                WorkbookError(
                    sheet.name, 1, str(text), letter, f"är ingen kolumn på bladet. Kolumnerna är: {known}."
                )
            )
        elif column in positions.values():
            errors.append(
                WorkbookError(sheet.name, 1, column.header, letter, "finns två gånger i rubrikraden.")
            )
        else:
            positions[index] = column
    missing = [column for column in sheet.columns if column.required and column not in positions.values()]
    result: list[Row] = []
    for number, line in enumerate(lines, start=2):
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in line):
            continue
        if missing:
            break  # One message for the missing column is enough; see below.
        row = Row(sheet, number, {})
        for index, column in positions.items():
            letter = get_column_letter(index + 1)
            row.letters[column.key] = letter
            value = line[index] if index < len(line) else None
            try:
                row.values[column.key] = parse_cell(column, value)
            except _CellError as error:
                errors.append(WorkbookError(sheet.name, number, column.header, letter, str(error)))
                row.values[column.key] = None
                continue
            if column.required and row.values[column.key] in (None, "", []):
                errors.append(
                    WorkbookError(sheet.name, number, column.header, letter, "saknas men måste anges.")
                )
        result.append(row)
    for column in missing:
        errors.append(
            WorkbookError(
                sheet.name, 1, column.header, "", "saknas i rubrikraden men måste finnas på bladet."
            )
        )
    if sheet.single_row and len(result) > 1:
        errors.append(
            WorkbookError(
                sheet.name, result[1].number, "", "", "bladet ska ha en enda rad under rubrikraden."
            )
        )
    return result


def parse_cell(column: Column, value: Any) -> Any:
    """The cell's value as the column's kind, or _CellError with what is wrong."""
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        return None
    kind = column.kind
    if kind == NUMBER:
        number = _number(value)
        _check_size(column, value, number)
        return number
    if kind in (INTEGER, YEAR):
        whole = _integer(value)
        if kind == YEAR and not 1900 <= whole <= 2200:
            raise _CellError(f"{whole} är inget rimligt årtal.")
        if whole < 0 or whole >= 2**31:
            raise _CellError(f"{whole} ska vara ett heltal från 0 och uppåt.")
        return whole
    if kind == DATE:
        return _date(value)
    if kind == BOOLEAN:
        word = str(value).lower() if not isinstance(value, bool) else ("true" if value else "false")
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise _CellError(f"”{value}” ska vara {YES} eller {NO}.")
    if kind == CHOICE:
        words = column.words()
        word = _text(value).lower()
        if word not in words:
            allowed = ", ".join(f"”{word}”" for word in column.choices.values())
            raise _CellError(f"”{value}” är inte ett tillåtet värde. Tillåtna värden: {allowed}.")
        return words[word]
    if kind == LIST:
        return [part.strip() for part in _text(value).split(LIST_SEPARATOR) if part.strip()]
    if kind == NUMBER_LIST:
        parts = [part for part in re.split(r"[;,\s]+", _text(value)) if part]
        if not all(part.isdigit() for part in parts):
            raise _CellError(f"”{value}” ska vara heltal åtskilda med semikolon, till exempel 3; 11.")
        return [int(part) for part in parts]
    text = _text(value)
    if column.max_length and len(text) > column.max_length:
        raise _CellError(f"är {len(text)} tecken lång men får vara högst {column.max_length}.")
    return text


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _number(value: Any) -> Decimal:
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        raise _CellError(f"”{_text(value)}” är inte ett tal.")
    try:
        return to_decimal(value)
    except ValueError:
        raise _CellError(f"”{value}” är inte ett tal.") from None


def _check_size(column: Column, value: Any, number: Decimal) -> None:
    """The database keeps so many digits; more would be rounded away or refused."""
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > column.decimals:
        raise _CellError(f"”{value}” har fler än {column.decimals} decimaler.")
    if abs(number) >= Decimal(10) ** (column.digits - column.decimals):
        raise _CellError(
            f"”{value}” är för stort: högst {column.digits - column.decimals} siffror före decimaltecknet."
        )


def _integer(value: Any) -> int:
    number = _number(value)
    if number != number.to_integral_value():
        raise _CellError(f"”{value}” är inte ett heltal.")
    return int(number)


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise _CellError(f"”{value}” är inget datum. Skriv datum som ÅÅÅÅ-MM-DD.") from None
