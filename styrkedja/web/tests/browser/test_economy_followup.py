"""The economy's follow-up pages pass axe-core at desktop and phone width, with their forms open:
a sector's lines in one form, a bad amount and a ledger file with bad rows (nothing is written),
the codes of the ledger, and the periods page with its monthly follow-ups."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from styrkedja.web.tests.browser.axe import faults

FOLLOWUP = "/planer/ks/2023/ekonomi/T1/"


def _open_forms(page) -> None:
    for summary in page.locator("details > summary").all():
        if summary.is_visible():
            summary.click()


@pytest.mark.parametrize("width", [None, 390])
def test_the_economy_pages_pass_at_desktop_and_phone_width(new_page, width):
    page = new_page("valdemarsvik-controller", width=width)
    for path in (
        FOLLOWUP,
        "/planer/ks/2023/ekonomi/koder/",
        "/planer/ks/2023/perioder/",
        "/planer/ks/2023/ekonomi/",
    ):
        page.goto(path)
        _open_forms(page)
        assert faults(page) == [], path
    reader = new_page("valdemarsvik-lasare", width=width)
    reader.goto(FOLLOWUP)
    expect(reader.locator("main")).to_contain_text("Demotext:")
    assert faults(reader) == []


def test_a_bad_amount_and_a_bad_ledger_file_pass(new_page, tmp_path):
    """Refused input writes nothing: the demo's data stay as they are for the other tests."""
    page = new_page("valdemarsvik-controller")
    page.goto(FOLLOWUP)
    section = page.locator(
        "section", has=page.get_by_role("heading", name="Sektor Stöd och omsorg", exact=False)
    ).first
    section.locator("details > summary").click()
    section.locator("input[name$='-outcome']").first.fill("mycket")
    section.get_by_role("button", name="Spara sektorns ekonomi").click()
    expect(page.locator(".errorlist").first).to_contain_text("är inget belopp")
    assert faults(page) == []

    ledger = tmp_path / "huvudbok.csv"
    ledger.write_text("Kod;Utfall;Prognos\n9999;x;1\n9999;1;1\n", encoding="utf-8")
    page.goto(FOLLOWUP)
    page.get_by_label("Fil från ekonomisystemet (.csv eller .xlsx)").set_input_files(str(ledger))
    page.get_by_role("button", name="Läs in filen").click()
    errors = page.locator("section[aria-labelledby=ledger] .errorlist")
    expect(errors).to_contain_text("Rad 3: koden 9999 finns redan på rad 2")
    assert faults(page) == []
