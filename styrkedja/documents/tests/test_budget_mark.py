"""The plan document marks each printed sum that its lines do not give, with both figures, in words."""

from __future__ import annotations

import io
import re

from styrkedja.documents.services import document_render

MARKED = "95,7 — raderna ger 97,7 (Stämmer inte)"


def _docx_cells(content: bytes) -> list[list[str]]:
    from docx import Document

    word = Document(io.BytesIO(content))
    return [[cell.text for cell in row.cells] for table in word.tables for row in table.rows]


def test_the_html_document_marks_the_investment_sum_with_both_figures(valdemarsvik_plan):
    html = document_render(plan=valdemarsvik_plan, format="html").content.decode()
    cells = [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    ]

    assert MARKED in cells
    assert "68,9 — raderna ger 70,9 (Stämmer inte)" in cells
    assert "175,2 — raderna ger 176,1 (Stämmer inte)" in cells  # Service och samhällsbyggnad's costs
    assert "5,0 — kostnader − intäkter ger 5,9 (Stämmer inte)" in cells  # its IT-enhet line
    # A sum that its lines give is printed as it is.
    assert "271,8" in cells and not any(cell.startswith("271,8 —") for cell in cells)
    assert sum("(Stämmer inte)" in cell for cell in cells) == 8


def test_the_word_document_marks_it_as_text(valdemarsvik_plan):
    rows = _docx_cells(document_render(plan=valdemarsvik_plan, format="docx").content)

    [summa] = [row for row in rows if row[0] == "Summa" and MARKED in row]
    assert summa[1:] == [
        MARKED,
        "68,9 — raderna ger 70,9 (Stämmer inte)",
        "74,0 — raderna ger 76,0 (Stämmer inte)",
        "82,7 — raderna ger 84,7 (Stämmer inte)",
        "51,0 — raderna ger 53,0 (Stämmer inte)",
    ]
    sector_sums = [row for row in rows if row[0] == "Summa" and len(row) == 5]
    assert sector_sums == [
        ["Summa", "11,9", "201,7", "189,8", "187,7 — raderna ger 132,1 (Stämmer inte)"],
        ["Summa", "31,1", "271,8", "240,7", "230,8"],
        ["Summa", "96,1", "175,2 — raderna ger 176,1 (Stämmer inte)", "79,1", "72,3"],
    ]


def test_a_plan_whose_sums_agree_has_no_mark(mjolby_plan):
    html = document_render(plan=mjolby_plan, format="html").content.decode()
    assert "Stämmer inte" not in html


def test_the_pdf_carries_the_mark_as_text(valdemarsvik_plan):
    from styrkedja.documents.tests.coverage import pdf_text

    text = pdf_text(document_render(plan=valdemarsvik_plan, format="pdf").content)
    # In a narrow cell the words break over lines: compared without the spaces.
    squeezed = "".join(text.split()).replace("\u00ad", "")
    assert "".join(MARKED.split()) in squeezed
    assert squeezed.count("(Stämmerinte)") >= 8
