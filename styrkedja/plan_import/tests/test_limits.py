"""Documents that cannot or may not be read give a Swedish message saying why."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest

from styrkedja.plan_import.reading import MAX_BYTES, PlanReadError, document_read
from styrkedja.plan_import.services import plan_document_read

pytestmark = pytest.mark.django_db


def _message(error) -> str:
    return " ".join(error.value.messages)


def test_a_too_large_file_is_refused_before_it_is_read(mjolby):
    with pytest.raises(PlanReadError) as error:
        plan_document_read(content=b"%PDF-1.4\n" + b" " * MAX_BYTES, filename="plan.pdf", municipality=mjolby)
    assert "Filen är för stor" in _message(error) and "högst 20,0 MB" in _message(error)


def test_a_word_zip_bomb_is_refused_by_its_unpacked_size(mjolby):
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            for _chunk in range(101):
                member.write(b"\0" * 1024 * 1024)
    assert len(packed.getvalue()) < 1024 * 1024  # small on disk
    with pytest.raises(PlanReadError) as error:
        plan_document_read(content=packed.getvalue(), filename="plan.docx", municipality=mjolby)
    assert "packas upp till" in _message(error) and "skadlig" in _message(error)


def _encrypted_pdf() -> bytes:
    """A minimal PDF with the standard security handler and a user password that is not empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<" % (len(objects) + 1)
    out += b"00" * 16 + b"> <" + b"00" * 16 + b">] >>\nstartxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


def test_an_encrypted_pdf(mjolby):
    with pytest.raises(PlanReadError) as error:
        plan_document_read(content=_encrypted_pdf(), filename="plan.pdf", municipality=mjolby)
    assert "krypterat eller lösenordsskyddat" in _message(error)


def test_a_pdf_with_no_text_is_taken_to_be_scanned(mjolby):
    from weasyprint import HTML

    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="500">'
        b'<rect width="400" height="500" fill="#ccc"/></svg>'
    )
    image = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    content = HTML(string=f'<html><body><img src="{image}"><img src="{image}"></body></html>').write_pdf()
    with pytest.raises(PlanReadError) as error:
        plan_document_read(content=content, filename="inskannad.pdf", municipality=mjolby)
    assert "Dokumentet innehåller ingen text som kan läsas – det är troligen inskannat" in _message(error)


@pytest.mark.parametrize(
    ("content", "filename", "words"),
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> trasig", "plan.pdf", "inte en läsbar PDF"),
        (b"PK\x03\x04" + b"\0" * 60, "plan.docx", "inte ett läsbart Word-dokument"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "plan.doc", "äldre formatet .doc"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "plan.png", "Filtypen för ”plan.png” känns inte igen"),
        (b"   \n\n", "plan.txt", "Filen är tom"),
    ],
)
def test_a_broken_or_unknown_file(mjolby, content, filename, words):
    with pytest.raises(PlanReadError) as error:
        plan_document_read(content=content, filename=filename, municipality=mjolby)
    assert words in _message(error)


def test_a_docx_that_is_a_zip_of_something_else(mjolby):
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("hello.txt", "hej")
    with pytest.raises(PlanReadError) as error:
        plan_document_read(content=packed.getvalue(), filename="plan.docx", municipality=mjolby)
    assert "inte ett läsbart Word-dokument" in _message(error)


def test_too_many_pages_and_too_long_a_reading():
    text = b"\f".join([b"sida"] * 5)
    with pytest.raises(PlanReadError) as error:
        document_read(content=text, filename="plan.txt", max_pages=4)
    assert "Dokumentet har 5 sidor" in _message(error) and "högst 4 sidor" in _message(error)
    # A time bound that has already passed stops the reading at its first page.
    from weasyprint import HTML

    content = HTML(string="<p>Kommunfullmäktiges mål 1 till nämnden</p>" * 40).write_pdf()
    with pytest.raises(PlanReadError) as error:
        document_read(content=content, filename="plan.pdf", max_seconds=-1)
    assert "Läsningen av dokumentet avbröts efter" in _message(error) and "vid sida 1" in _message(error)
