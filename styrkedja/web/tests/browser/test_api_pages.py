"""axe-core on the API's pages: the member's tokens (with a new token's secret shown) and the
documentation, at a desktop's width and a phone's."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from styrkedja.web.tests.browser.axe import faults


@pytest.mark.parametrize("width", [None, 390])
def test_the_token_page_and_the_documentation_pass_and_fit(new_page, width):
    page = new_page("mjolby-rapportor", width=width)
    page.get_by_role("link", name="API-nycklar").click()
    expect(page.locator("h1")).to_have_text("API-nycklar")
    found = faults(page)
    # A form error, then a token made: its secret shown once, in the list its start.
    page.get_by_role("button", name="Skapa nyckeln").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    found += faults(page)
    page.get_by_label("Namn").fill("Ekonomisystemet")
    page.get_by_role("button", name="Skapa nyckeln").click()
    secret = page.get_by_label("Nyckel", exact=True).input_value()
    assert len(secret) > 40
    expect(page.locator("table")).to_contain_text(secret[:8])
    found += faults(page)
    page.get_by_role("link", name="Läs API:ets dokumentation").click()
    expect(page.locator("h1")).to_have_text("Styrkedja API")
    expect(page.locator("main")).to_contain_text("/api/v1/activity-reports/")
    found += faults(page)
    # Anyone may read the documentation, without logging in.
    anonymous = new_page(width=width)
    anonymous.goto("/api/")
    found += faults(anonymous)
    assert found == []
