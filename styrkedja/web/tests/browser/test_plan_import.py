"""A controller reads last year's plan in from a Word document: reviews the proposal, corrects an
activity's status and matches an unknown unit, accepts, and the draft plan is there with its
source document; nothing exists before acceptance."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from playwright.sync_api import expect

from styrkedja.web.tests.browser.axe import faults, violations


def _plan_document() -> bytes:
    """A plan as a municipality writes it in Word: a goal heading, its text, a table of activities,
    one of them of a unit the municipality does not have in Styrkedja."""
    document = docx.Document()
    document.add_heading("Verksamhetsplan med uppföljning T3", level=1)
    document.add_heading("Nämndspecifikt mål 1", level=2)
    document.add_paragraph("Mjölby ska ha trygga och säkra broar. Alla broar besiktigas vart tredje år.")
    table = document.add_table(rows=1, cols=4)
    rows = [
        ["Aktivitet", "Nuläge T3", "Ansvarig", "Samverkan med"],
        ["Bygga en ny gångbro (P)", "Pågår", "Brokontoret", "Polisen"],
        ["Måla staketet vid skolan (A)", "Pågår", "Kommunledningskontoret", "-"],
    ]
    for cell, text in zip(table.rows[0].cells, rows[0], strict=True):
        cell.text = text
    for row in rows[1:]:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    content = io.BytesIO()
    document.save(content)
    return content.getvalue()


def test_a_word_plan_read_in_reviewed_corrected_and_accepted(new_page, tmp_path):
    source = tmp_path / "verksamhetsplan-2032.docx"
    source.write_bytes(_plan_document())
    page = new_page("mjolby-controller")
    page.goto("/planer/")
    page.get_by_role("link", name="Läs in plan från dokument").click()
    expect(page.get_by_role("heading", name="Läs in plan från dokument", level=1)).to_be_visible()
    assert violations(page) == []
    page.get_by_label("Plan eller uppföljning (PDF, Word eller text)").set_input_files(source)
    page.get_by_role("button", name="Läs dokumentet").click()
    # Read in the background: the job's page says how it went and leads to the review.
    expect(page.get_by_role("heading", name="Läsning av plandokument", level=1)).to_be_visible()
    expect(page.get_by_text("Dokumentet är läst: 1 mål, 2 aktiviteter")).to_be_visible()
    assert violations(page) == []
    page.get_by_role("link", name="Granska förslaget").click()

    expect(page.get_by_role("heading", name="Granska verksamhetsplan-2032.docx", level=1)).to_be_visible()
    expect(page.locator(".lead")).to_contain_text("föreslår 1 mål, 2 aktiviteter")
    bridge = page.get_by_role("row", name="Bygga en ny gångbro")
    expect(bridge).to_contain_text("Granska")
    expect(bridge).to_contain_text("Ansvarig ”Brokontoret” är ingen känd enhet.")
    assert violations(page) == []
    review_url = page.url
    phone = new_page("mjolby-controller", width=390)
    phone.goto(review_url)
    expect(phone.get_by_role("heading", name="Enheter som inte finns i kommunen")).to_be_visible()
    assert faults(phone) == []
    # Nothing is created before acceptance.
    assert page.request.get("/planer/ks/2032/").status == 404

    # The unknown unit is the municipality's Samhällsbyggnadsförvaltningen.
    unknown = page.locator(".unknown-unit", has_text="Brokontoret")
    unknown.get_by_label("Kommunens enhet").select_option(label="Samhällsbyggnadsförvaltningen")
    unknown.get_by_role("button", name="Koppla").click()
    expect(page.get_by_text("”Brokontoret” läses nu som Samhällsbyggnadsförvaltningen.")).to_be_visible()
    expect(page.get_by_role("heading", name="Enheter som inte finns i kommunen")).to_have_count(0)
    bridge = page.get_by_role("row", name="Bygga en ny gångbro")
    expect(bridge).to_contain_text("Samhällsbyggnadsförvaltningen")

    # The fence was painted: its status, by the keyboard alone.
    page.get_by_role("link", name="Måla staketet vid skolan").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Rätta aktiviteten", level=1)).to_be_visible()
    assert violations(page) == []
    phone.goto(page.url)
    expect(phone.get_by_label("Status T3")).to_be_visible()
    assert faults(phone) == []
    page.get_by_label("Status T3").select_option("Klart")
    page.get_by_role("button", name="Spara i förslaget").click()
    expect(page.get_by_text("Ändringen sparades i förslaget.")).to_be_visible()
    fence = page.get_by_role("row", name="Måla staketet vid skolan")
    expect(fence).to_contain_text("Klart")
    expect(fence).to_contain_text("Granskad")
    assert page.request.get("/planer/ks/2032/").status == 404

    page.get_by_label("Planens år").fill("2032")
    page.get_by_label("Planens titel").fill("Verksamhetsplan 2032")
    page.get_by_role("button", name="Godkänn och skapa planen").click()
    expect(page.get_by_text("Planen Verksamhetsplan 2032 skapades som utkast.")).to_be_visible()
    assert page.url.endswith("/planer/ks/2032/")
    expect(page.get_by_role("heading", name="Verksamhetsplan 2032", level=1)).to_be_visible()
    expect(page.locator("a", has_text="Måla staketet vid skolan")).to_have_count(1)
    assert violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="verksamhetsplan-2032.docx").click()
    assert download.value.suggested_filename == "verksamhetsplan-2032.docx"
    assert Path(download.value.path()).read_bytes() == source.read_bytes()

    # The activities as corrected (their links are in the folded goal tree).
    page.goto(page.locator("a", has_text="Måla staketet vid skolan").get_attribute("href"))
    expect(page.locator("main")).to_contain_text("Klart")
    page.goto("/planer/ks/2032/")
    page.goto(page.locator("a", has_text="Bygga en ny gångbro").get_attribute("href"))
    expect(page.locator("main")).to_contain_text("Samhällsbyggnadsförvaltningen")
