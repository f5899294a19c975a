"""A controller fills in the downloaded template in Excel's place and reads it in: first with a
fault, shown cell by cell, then corrected, and the plan is there."""

from __future__ import annotations

import datetime

from openpyxl import load_workbook
from playwright.sync_api import expect

from styrkedja.web.tests.browser.axe import faults, violations


def _append(worksheet, **values) -> None:
    headers = [cell.value for cell in worksheet[1]]
    worksheet.append([values.get(header) for header in headers])


def test_template_filled_in_read_with_a_fault_then_read_in(new_page, tmp_path):
    page = new_page("mjolby-controller")
    page.goto("/planer/")
    page.get_by_role("link", name="Läs in plan från Excel").click()
    expect(page.get_by_role("heading", name="Läs in plan från Excel", level=1)).to_be_visible()
    assert violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner mallen").click()
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    assert template.name == "mjolby-arbetsbok-mall.xlsx"

    workbook = load_workbook(template)
    _append(workbook["Plan"], **{"Nämnd": "ks", "År": 2031, "Titel": "Verksamhetsplan 2031",
            "Budgetperiod från": 2031, "Budgetperiod till": 2033})  # fmt: skip
    _append(workbook["Perioder"], Kod="T1", **{"Avser per": datetime.date(2031, 4, 30)})
    _append(workbook["Mål"], Nyckel="ren-luft", Nivå="kf", Nummer="1", Mål="Renare luft i centrum.")
    _append(workbook["Aktiviteter"], Nr=1, Mål="ren-luft", Aktivitet="Mät luften vid skolorna",
            Ansvarig="Kommunledningskontoret")  # fmt: skip
    _append(workbook["Aktivitetsrapporter"], Aktivitet=1, Period="T1", Status="Klar2")
    faulty = tmp_path / "plan-med-fel.xlsx"
    workbook.save(faulty)

    page.get_by_label("Arbetsbok (.xlsx)").set_input_files(faulty)
    page.get_by_role("button", name="Läs in").click()
    # Read in the background: the job's page says how it went, fault by fault.
    expect(page.get_by_role("heading", name="Inläsning av arbetsbok", level=1)).to_be_visible()
    expect(page.get_by_text("Arbetsboken lästes inte in: 1 fel. Ingenting ändrades.")).to_be_visible()
    row = page.get_by_role("row", name="Aktivitetsrapporter")
    expect(row).to_contain_text("C Status")
    expect(row).to_contain_text("”Klar2” är inte ett tillåtet värde")
    assert violations(page) == []
    phone = new_page("mjolby-controller", width=390)
    phone.goto(page.url)
    expect(phone.get_by_role("row", name="Aktivitetsrapporter")).to_contain_text("C Status")
    assert faults(phone) == []

    workbook["Aktivitetsrapporter"]["C2"] = "Pågår"
    corrected = tmp_path / "plan.xlsx"
    workbook.save(corrected)
    page.get_by_role("link", name="Läs in en rättad arbetsbok").click()
    page.get_by_label("Arbetsbok (.xlsx)").set_input_files(corrected)
    page.get_by_role("button", name="Läs in").click()
    expect(page.get_by_text("Planen Verksamhetsplan 2031 är inläst.")).to_be_visible()
    assert violations(page) == []
    page.get_by_role("link", name="Till planen Verksamhetsplan 2031").click()
    expect(page.get_by_role("heading", name="Verksamhetsplan 2031", level=1)).to_be_visible()
    expect(page.locator("a", has_text="Mät luften vid skolorna")).to_have_count(1)  # in the goal tree
    assert page.url.endswith("/planer/ks/2031/")
