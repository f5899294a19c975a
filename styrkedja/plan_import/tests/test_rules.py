"""The single rules: status words, kind marks, collaborators and pages of a text."""

from __future__ import annotations

import pytest

from styrkedja.plan_import.pieces import collaborators_read, responsible_read, status_read, title_and_kind
from styrkedja.plan_import.proposal import REVIEW_KEY, SURE
from styrkedja.plan_import.reading import document_read
from styrkedja.plan_import.services import plan_document_read
from styrkedja.plan_import.vocabulary import Vocabulary

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("word", "status", "sure"),
    [
        ("Klart", "Klart", True), ("Klar", "Klart", True), ("Pågår", "Pågår", True),
        ("Pågående", "Pågår", True), ("Ej påbörjad", "Ej inledd", True), ("Ej startad", "Ej inledd", True),
        ("Ej inlett", "Ej inledd", True), ("Senarelagd", "Ej inledd", False),
        ("Avbruten", "Ej inledd", False),
    ],
)  # fmt: skip
def test_status_words_in_their_variants(word, status, sure):
    found, confidence, note = status_read(word)
    assert found == status
    assert (confidence >= SURE) is sure and bool(note) is not sure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Administrera EU-valet (P)", ("Administrera EU-valet", "P", "")),
        (
            "Införande av digital signatur av protokoll (F/P)",
            ("Införande av digital signatur av protokoll", "FP", ""),
        ),
        ("Datavisualisering (F) (inkl. pilotprojekt)", ("Datavisualisering (inkl. pilotprojekt)", "F", "")),
        ("Medborgarservice 2.0 (P) genomförande", ("Medborgarservice 2.0 genomförande", "P", "")),
        ("Agenda 2030. (A) Del av ledningssystemet", ("Agenda 2030.", "A", "Del av ledningssystemet")),
        ("Revidera riktlinjerna", ("Revidera riktlinjerna", "", "")),
    ],
)
def test_kind_marks(text, expected):
    assert title_and_kind(text)[:3] == expected


def test_collaborators_and_responsible_by_the_municipalitys_names(mjolby):
    vocabulary = Vocabulary.of(mjolby)
    found, confidence, notes = collaborators_read(
        "Alla förvaltningar, polis, Securitas samt näringslivet", vocabulary
    )
    assert found == [
        {"text": "Alla förvaltningar"}, {"partner": "Polisen"}, {"partner": "Securitas"},
        {"partner": "Näringslivet"},
    ]  # fmt: skip
    assert confidence < SURE and "”polis” tolkades som Polisen." in notes
    found, _confidence, _notes = collaborators_read("Kof, Osf, Regionen och Polisen.", vocabulary)
    assert found == [
        {"unit": "Kultur- och fritidsförvaltningen"}, {"unit": "Omsorgs- och socialförvaltningen"},
        {"partner": "Region Östergötland"}, {"partner": "Polisen"},
    ]  # fmt: skip
    assert collaborators_read("-", vocabulary) == ([], 1.0, [])
    assert responsible_read(
        "HR- och löneavd, och marknad och kommunikation Alla förvaltningar", vocabulary
    ) == ("HR- och löneavd.", ["Marknad och kommunikation"], "Alla förvaltningar")


def test_form_feeds_are_pages_and_lines_count_on_each_page():
    document = document_read(content="Första sidan\nrad två\fAndra sidan".encode(), filename="plan.txt")
    assert document.pages == 2
    assert [(line.text, line.page, line.line) for line in document.lines()] == [
        ("Första sidan", 1, 1), ("rad två", 1, 2), ("Andra sidan", 2, 1)
    ]  # fmt: skip


def test_an_unknown_responsible_unit_and_an_activity_outside_a_goal_are_not_wrong_in_silence(mjolby):
    text = """1. Kommunfullmäktiges mål till nämnden

1.1 Kommunfullmäktiges mål 1 till nämnden
Mjölby ska vara trygg. Andelen trygga ökar.

1.1.1 Uppföljning av aktiviteter och projekt
Aktivitet och kort beskrivning
Nuläge
T3
Ansvarig Samverkan med /kommentar

Bygga en ny bro (P) Senarelagd Brokontoret Polisen

Måla staketet (A) Pågående Kommunledningskontoret -
"""
    proposal = plan_document_read(content=text.encode(), filename="plan.txt", municipality=mjolby)
    goal = proposal.plan["goals"][0]
    assert (goal["text"], goal["measurable"]) == ("Mjölby ska vara trygg.", "Andelen trygga ökar.")
    bridge, fence = goal["activities"]
    assert bridge["reports"] == [{"period": "T3", "status": "Ej inledd"}]
    assert bridge[REVIEW_KEY]["confidence"] < SURE
    assert "Senarelagd" in bridge[REVIEW_KEY]["note"] and "Ansvarig" in bridge[REVIEW_KEY]["note"]
    assert fence["reports"] == [{"period": "T3", "status": "Pågår"}] and fence["collaborators"] == []
    assert fence[REVIEW_KEY]["confidence"] >= SURE
    assert proposal.period == "T3"


def test_a_word_document_with_a_content_control_and_a_table_in_order():
    import io

    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_heading("Nämndspecifikt mål 1", level=2)
    body = document.element.body
    control = parse_xml(
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:sdtContent>'
        "<w:p><w:r><w:t>Inne i en innehållskontroll</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    body.insert(len(body) - 1, control)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Aktivitet", "Ansvarig"
    document.add_paragraph("Efter tabellen")
    out = io.BytesIO()
    document.save(out)
    read = document_read(content=out.getvalue(), filename="plan.docx")
    texts = [
        getattr(block, "text", None) or block.rows for block in read.blocks if getattr(block, "text", True)
    ]
    assert texts == [
        "Nämndspecifikt mål 1",
        "Inne i en innehållskontroll",
        [["Aktivitet", "Ansvarig"]],
        "Efter tabellen",
    ]
    assert read.lines()[0].heading == 2
