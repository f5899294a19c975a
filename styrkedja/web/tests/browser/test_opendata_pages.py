"""axe-core on the open data's pages: the public datasets' page, anonymous, and the administratör's
settings with and without a form error, at a desktop's width and at a phone's (390 px)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from styrkedja.web.tests.browser.axe import faults


@pytest.mark.parametrize("width", [None, 390])
def test_the_datasets_page_passes(new_page, width):
    page = new_page(width=width)
    response = page.goto("/mjolby/datasets/")
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text("Öppna data från Mjölby kommun")
    # The demo publishes the T3 report: its files are listed.
    expect(
        page.get_by_role("link", name=re.compile(r"^JSON\W+Kommunstyrelsen – Verksamhetsplan 2024, T3"))
    ).to_be_visible()
    assert faults(page) == []
    page.goto("/valdemarsvik/datasets/")  # nothing published
    expect(page.locator("main")).to_contain_text("Inga planer eller uppföljningar är publicerade ännu.")
    assert faults(page) == []


@pytest.mark.parametrize("width", [None, 390])
def test_the_settings_page_and_its_error_pass(new_page, width):
    page = new_page("mjolby-administrator", width=width)
    page.goto("/administration/oppna-data/")
    assert faults(page) == []
    page.get_by_label("E-post för frågor om datamängderna").fill("inte en adress")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".errorlist").first).to_contain_text("E-postadressen är inte giltig")
    assert faults(page) == []
    page.get_by_label("E-post för frågor om datamängderna").fill("data@mjolby.se")
    page.get_by_label("Creative Commons Erkännande 4.0 (CC BY 4.0)").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".messages")).to_contain_text("Inställningarna för öppna data är sparade.")
    assert faults(page) == []
