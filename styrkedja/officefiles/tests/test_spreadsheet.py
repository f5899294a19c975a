"""The one cell writer: a text is a text, with Excel's quote prefix where it looks like a formula."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from styrkedja.officefiles.spreadsheet import FORMULA_STARTS, cell_write, row_append


def _round_trip(workbook: Workbook) -> tuple[bytes, Workbook]:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), load_workbook(io.BytesIO(buffer.getvalue()))


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_text_that_starts_like_a_formula_is_a_quoted_string_cell(start):
    workbook = Workbook()
    text = f'{start}cmd|" /C calc"!A0'
    cell_write(workbook.active, row=1, column=1, value=text)
    content, read = _round_trip(workbook)
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b't="inlineStr"' in sheet_xml
    cell = read.active["A1"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_ordinary_values_keep_their_kind_and_get_no_prefix():
    workbook = Workbook()
    values = ["Pågår", "#N/A", "x=1", Decimal("189.8"), 2025, datetime.date(2025, 4, 30), None]
    row_append(workbook.active, values)
    _content, read = _round_trip(workbook)
    cells = list(read.active[1])
    assert [cell.value for cell in cells[:6]] == [
        "Pågår", "#N/A", "x=1", 189.8, 2025, datetime.datetime(2025, 4, 30),
    ]  # fmt: skip
    assert cells[1].data_type == "s"  # not Excel's error value
    assert not any(cell.quotePrefix for cell in cells)


def test_control_characters_that_xml_cannot_hold_are_left_out():
    workbook = Workbook()
    cell_write(workbook.active, row=1, column=1, value="Klart\x01 i tid\x1b")
    _content, read = _round_trip(workbook)
    assert read.active["A1"].value == "Klart i tid"


def test_rows_are_appended_below_each_other_an_empty_one_included():
    workbook = Workbook()
    sheet = workbook.active
    row_append(sheet, ["Rubrik"])
    row_append(sheet, [])
    row_append(sheet, ["=1+1", None, "Tredje"])
    assert [(c.coordinate, c.value) for row in sheet.iter_rows() for c in row if c.value] == [
        ("A1", "Rubrik"), ("A3", "=1+1"), ("C3", "Tredje"),
    ]  # fmt: skip
