"""A meeting's page, reached from the year wheel, and its underlag as a web page: axe-core finds
nothing, at a desktop's width and a phone's, for a KS meeting (goals) and an AU meeting (assignments)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from styrkedja.web.tests.browser.axe import faults

MEETINGS = ("Rapporter och underlag till KS 2023-04-11", "Rapporter och underlag till AU 2023-04-19")


@pytest.mark.parametrize("width", [None, 390])
def test_a_meetings_page_and_underlag_pass_and_fit_a_phone(new_page, width):
    # Not the läsare: the lock-out test of test_main_path leaves that user locked for the run.
    page = new_page("valdemarsvik-rapportor", width=width)
    found = []
    for link in MEETINGS:
        page.goto("/planer/ks/2023/kalender/")
        page.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", name="Rapporter som saknas")).to_be_visible()
        found += faults(page)
        page.get_by_role("link", name="Visa underlaget som webbsida").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Underlag till")
        found += faults(page)
    assert found == []
