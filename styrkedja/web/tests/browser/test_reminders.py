"""The period's reminders in a real browser: the section of the period's page and the page that asks
first, with axe-core at desktop and phone width. Mjölby 2025's T1 is open and its demo rapportör
has things left, so the page names them and their address; the test goes back without sending."""

from __future__ import annotations

from playwright.sync_api import expect

from styrkedja.web.tests.browser.axe import faults


def test_the_reminders_are_asked_first_and_pass_axe(new_page):
    for width in (None, 390):
        page = new_page("mjolby-controller", width=width)
        page.goto("/planer/ks/2025/perioder/T1/")
        section = page.locator("section", has=page.get_by_role("heading", name="Påminnelser", level=2))
        expect(section).to_contain_text("Den som redan har fått en påminnelse om perioden i dag")
        assert faults(page) == []
        section.get_by_role("button", name="Skicka påminnelser").click()
        expect(page.get_by_role("heading", name="Skicka påminnelser om T1?", level=1)).to_be_visible()
        expect(page.locator("main")).to_contain_text("rapportör får en påminnelse")
        expect(page.locator("main")).to_contain_text("mjolby-rapportor@mjolby.example")
        assert faults(page) == []
        page.get_by_role("link", name="Avbryt").click()
        expect(page.get_by_role("heading", name="Uppföljningsperiod T1", level=1)).to_be_visible()
