"""A hostile Word template reaches no reader: it is cleaned when uploaded, and again whenever a
Word document is made from one already stored."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from django.urls import reverse

from styrkedja.audit.models import AuditEntry
from styrkedja.documents.models import WordTemplate
from styrkedja.documents.services import document_render
from styrkedja.documents.tests.coverage import docx_text, pdf_text
from styrkedja.officefiles.tests.hostile import (
    HEADING_COLOUR,
    HOSTILE,
    PROFILE_HEADER,
    entries_of,
    hostile_word_template,
)

# A Word document made by Styrkedja has its contents field, and the template's page numbers.
FIELDS_LEFT = {"TOC", "PAGE", "NUMPAGES"}  # the contents and the page numbers the footer is given
FETCHING_FIELDS = re.compile(
    r"\b(INCLUDEPICTURE|INCLUDETEXT|HYPERLINK|LINK|DDE|DDEAUTO|IMPORT|DOCVARIABLE)\b"
)


def assert_harmless(content: bytes) -> None:
    """Nothing in the file makes Word reach out, run code, or names the hostile host."""
    entries = entries_of(content)
    for name, data in entries.items():
        assert HOSTILE.encode() not in data, name
        assert b'TargetMode="External"' not in data, name
    assert not [
        name
        for name in entries
        if re.search(
            r"vbaProject|embeddings/|activeX|customXml|glossary|afchunk|webSettings|docProps/app", name
        )
    ]
    xml = b"\n".join(data for name, data in entries.items() if name.endswith((".xml", ".rels"))).decode()
    for element in ("attachedTemplate", "mailMerge", "altChunk", "w:object", "docVars", "documentProtection",
                    "o:OLEObject", "w:hyperlink"):  # fmt: skip
        assert f"<{element if ':' in element else 'w:' + element}" not in xml, element
    assert "r:link=" not in xml and "o:href=" not in xml and " src=" not in xml
    codes = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml) + re.findall(
        r'w:instr="([^"]*)"', xml
    )
    assert {code.split()[0] for code in codes} <= FIELDS_LEFT, codes
    assert not FETCHING_FIELDS.search(" ".join(codes))


def _header_xml(content: bytes) -> str:
    entries = entries_of(content)
    return "\n".join(
        data.decode() for name, data in entries.items() if re.fullmatch(r"word/header\d*\.xml", name)
    )


def assert_profile_kept(content: bytes) -> None:
    """The template's point survives: its heading style, its header text, logotype and page number."""
    from docx import Document

    word = Document(io.BytesIO(content))
    assert str(word.styles["Heading 1"].font.color.rgb) == HEADING_COLOUR
    header = word.sections[0].header
    assert header.paragraphs[0].text == PROFILE_HEADER
    texts = [paragraph.text for paragraph in header.paragraphs]
    assert "Kontakta oss" in texts and "www.mjolby.se" in texts  # links become their text
    assert "Sida 1" in texts  # PAGE is kept
    images = [part for part in header.part.related_parts.values() if part.content_type == "image/png"]
    assert len(images) == 1
    assert 'r:embed="' in _header_xml(content)


def test_a_hostile_template_is_stored_clean_and_its_word_documents_are_clean(
    client_as, mjolby, mjolby_plan, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("mjolby-controller")
    response = client.post(
        reverse("documents:word_template"),
        {"template": SimpleUploadedFile("profil.docx", hostile_word_template())},
        follow=True,
    )

    page = response.content.decode()
    assert "Word-mallen är sparad" in page
    assert "en bifogad mall (attachedTemplate)" in page and "makron (VBA)" in page
    assert "INCLUDEPICTURE" in page and "HYPERLINK" in page
    stored = bytes(WordTemplate.objects.get(municipality=mjolby).content)
    assert_harmless(stored)
    assert_profile_kept(stored)
    entry = AuditEntry.objects.filter(action="documents.word_template.set").latest("id")
    assert "en datakälla för dokumentkoppling" in entry.data["removed"]

    download = client.get(reverse("documents:download", args=["ks", 2024, "docx"]), {"period": "T3"})

    assert download.status_code == 200
    generated = download.content
    assert_harmless(generated)
    assert_profile_kept(generated)
    assert "Mallens exempeltext" not in docx_text(generated)
    assert "2.1 Kommunfullmäktiges mål 1 till nämnden" in docx_text(generated)
    # LibreOffice still opens it, header and all.
    (tmp_path / "t3.docx").write_bytes(generated)
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(tmp_path / "t3.docx")],
        capture_output=True, timeout=240,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    text = pdf_text((tmp_path / "t3.pdf").read_bytes())
    assert PROFILE_HEADER in text and "Kontakta oss" in text
    assert "Kommunfullmäktiges mål" in text


def test_a_template_stored_before_the_cleaner_is_cleaned_whenever_a_document_is_made(mjolby, mjolby_plan):
    WordTemplate.objects.create(municipality=mjolby, name="gammal.docx", content=hostile_word_template())

    content = document_render(plan=mjolby_plan, format="docx").content

    assert_harmless(content)
    assert_profile_kept(content)


@pytest.mark.parametrize(
    "content_type",
    [
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    ],
)
def test_a_template_saved_as_dotx_docm_or_dotm_is_kept_as_a_plain_docx(mjolby, content_type):
    from styrkedja.documents.services import word_template_set
    from styrkedja.officefiles.tests.hostile import zip_bytes

    entries = entries_of(hostile_word_template())
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        content_type.encode(),
    )
    template = word_template_set(municipality=mjolby, name="profil.dotm", content=zip_bytes(entries))

    stored = bytes(template.content)
    assert b"wordprocessingml.document.main+xml" in entries_of(stored)["[Content_Types].xml"]
    assert_harmless(stored)
    assert_profile_kept(stored)
