"""The Word template cleaner, part by part: fields, pictures, headers, notes, and that cleaning a
clean template changes nothing."""

from __future__ import annotations

import re

import pytest

from styrkedja.officefiles.container import OfficeFileRefused
from styrkedja.officefiles.tests.hostile import entries_of, hostile_word_template, word_template, zip_bytes
from styrkedja.officefiles.wordtemplate import word_template_clean


def _with_header(xml: str) -> bytes:
    entries = entries_of(word_template(picture=True))
    entries["word/header1.xml"] = entries["word/header1.xml"].replace(b"</w:hdr>", xml.encode() + b"</w:hdr>")
    return zip_bytes(entries)


def _header(content: bytes) -> str:
    return entries_of(content)["word/header1.xml"].decode()


def _texts(xml: str) -> list[str]:
    return re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)


def test_a_field_across_paragraphs_loses_its_code_and_keeps_its_result():
    xml = (
        '<w:p><w:r><w:t>Före </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> INCLUDETEXT "\\\\server\\s\\a.docx" </w:instrText></w:r></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Resultat</w:t></w:r></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t> efter</w:t></w:r></w:p>'
    )
    cleaned = word_template_clean(_with_header(xml))
    header = _header(cleaned.content)
    assert "fldChar" not in header and "instrText" not in header and "server" not in header
    assert _texts(header)[-3:] == ["Före ", "Resultat", " efter"]
    assert any("INCLUDETEXT" in line for line in cleaned.removed)


def test_a_safe_field_is_kept_and_an_unfinished_one_goes():
    xml = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> NUMPAGES </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>'
    )
    header = _header(word_template_clean(_with_header(xml)).content)
    assert re.findall(r"<w:instrText[^>]*>([^<]*)<", header) == [" NUMPAGES "]
    assert header.count('w:fldCharType="begin"') == 1


def test_a_simple_field_that_fetches_becomes_its_text_and_a_safe_one_stays():
    xml = (
        '<w:p><w:fldSimple w:instr=" LINK Excel.Sheet.12 &quot;\\\\server\\s\\b.xlsx&quot; Blad1!R1C1 ">'
        "<w:r><w:t>Länkad cell</w:t></w:r></w:fldSimple></w:p>"
        '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>'
    )
    header = _header(word_template_clean(_with_header(xml)).content)
    assert "LINK" not in header and "server" not in header
    assert 'w:instr=" PAGE "' in header
    assert "Länkad cell" in _texts(header)


def test_an_svg_beside_its_png_goes_and_the_picture_stays():
    entries = entries_of(word_template(picture=True))
    header = entries["word/header1.xml"].decode()
    svg = (
        '<a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}"><asvg:svgBlip '
        'xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="rIdSvg"/></a:ext>'
        "</a:extLst></a:blip>"
    )
    entries["word/header1.xml"] = header.replace(
        '<a:blip r:embed="rId1"/>', '<a:blip r:embed="rId1">' + svg
    ).encode()
    entries["word/_rels/header1.xml.rels"] = entries["word/_rels/header1.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSvg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'image" Target="media/logo.svg"/></Relationships>',
    )
    entries["word/media/logo.svg"] = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://x/y"/></svg>'
    )
    cleaned = entries_of(word_template_clean(zip_bytes(entries)).content)
    header = cleaned["word/header1.xml"].decode()
    assert "svgBlip" not in header and "word/media/logo.svg" not in cleaned
    assert '<a:blip r:embed="rId1"' in header and "word/media/image1.png" in cleaned


def test_a_chart_in_the_header_goes_with_its_drawing():
    xml = (
        '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="9" name="Diagram"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart '
        'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rIdChart"/></a:graphicData>'
        "</a:graphic></wp:inline></w:drawing></w:r><w:r><w:t>Text intill</w:t></w:r></w:p>"
    )
    header = _header(word_template_clean(_with_header(xml)).content)
    assert "c:chart" not in header and header.count("<w:drawing>") == 1  # the logotype's
    assert "Text intill" in _texts(header)


def test_headers_the_page_setup_does_not_use_are_dropped():
    entries = entries_of(word_template())
    # A second header, used only by a section of the template's body, which goes.
    entries["word/header2.xml"] = entries["word/header1.xml"].replace(b"grafisk profil", b"gammal sektion")
    entries["word/_rels/document.xml.rels"] = entries["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdOld" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'header" Target="header2.xml"/></Relationships>',
    )
    entries["word/document.xml"] = entries["word/document.xml"].replace(
        b"<w:body>",
        b'<w:body><w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="rIdOld"/>'
        b"</w:sectPr></w:pPr></w:p>",
    )
    cleaned = entries_of(word_template_clean(zip_bytes(entries)).content)
    assert "word/header2.xml" not in cleaned and "word/header1.xml" in cleaned
    assert b"rIdOld" not in cleaned["word/_rels/document.xml.rels"]


def test_the_notes_of_the_template_go_and_their_separators_stay():
    entries = entries_of(word_template())
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    entries["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {w}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>Mallens fotnot</w:t></w:r></w:p></w:footnote></w:footnotes>'
    ).encode()
    entries["word/_rels/document.xml.rels"] = entries["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'footnotes" Target="footnotes.xml"/></Relationships>',
    )
    notes = entries_of(word_template_clean(zip_bytes(entries)).content)["word/footnotes.xml"].decode()
    assert "w:separator" in notes and "Mallens fotnot" not in notes


def test_cleaning_a_clean_template_changes_nothing():
    once = word_template_clean(hostile_word_template())
    twice = word_template_clean(once.content)
    assert twice.removed == []
    assert entries_of(twice.content) == entries_of(once.content)


def test_a_file_that_is_no_zip_is_unreadable():
    with pytest.raises(OfficeFileRefused) as refused:
        word_template_clean(b"%PDF-1.7")
    assert refused.value.unreadable
    assert refused.value.message.startswith("filen går inte att läsa som ett Word-dokument (.docx).")
