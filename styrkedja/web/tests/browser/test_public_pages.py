"""The public pages as a citizen uses them: no log-in, what the controller published and nothing else."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from styrkedja.web.tests.browser.axe import faults

EDITION = "/mjolby/ks/2024/t3/"


@pytest.fixture(scope="module")
def published(browser, demo_server):
    """Mjölby's 2024 follow-up at T3, published (again) by its controller, through the app."""
    from styrkedja.web.tests.browser.conftest import pages_of

    with pages_of(browser, demo_server) as make:
        page = make("mjolby-controller")
        page.goto("/planer/ks/2024/publicering/")
        page.get_by_role("button", name=re.compile(r"^Publicera T3")).click()
        page.wait_for_load_state()
        expect(page.locator("main")).to_contain_text("Publicerad")
    return demo_server


def _goal_with(page, selector: str) -> str:
    """The address of the first published goal whose page has ``selector``, left open in ``page``."""
    page.goto(EDITION)
    goals = page.eval_on_selector_all(
        ".public-goals a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    for href in goals:
        page.goto(href)
        if page.locator(selector).count():
            return href
    raise AssertionError(f"no published goal's page has {selector}")


def _goal_with_chart(page) -> str:
    return _goal_with(page, "figure")


def test_a_citizen_reads_the_published_follow_up(published, new_page):
    page = new_page()
    page.goto("/mjolby/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mjölby kommun")
    assert page.locator("a[href^='/mjolby/ks/2025/']").count() == 0  # the draft has no link
    page.get_by_role("link", name=re.compile("Uppföljning T3")).click()
    expect(page.locator("main")).to_contain_text("25 av 38 aktiviteter klara (66 %)")
    expect(page.get_by_role("heading", name="Resultat i korthet")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"\.pdf$")).click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    href = _goal_with_chart(page)
    expect(page.get_by_role("heading", level=2, name="Indikatorer")).to_be_visible()
    assert page.locator("figure").first.is_visible()
    expect(page.get_by_role("table").first).to_contain_text("Riket")
    assert href.startswith(EDITION + "mal/")

    # An activity reported done at T3: its status in words in the goal's table of activities.
    _goal_with(page, "table.public-activities td:text-is('Klart')")
    row = page.locator("table.public-activities tbody tr").filter(has_text="Klart").first
    expect(row.locator("td").nth(2)).to_have_text("Klart")
    assert row.locator("th").inner_text().strip()  # the activity's title

    response = page.goto("/mjolby/ks/2025/t1/")
    assert response.status == 404
    response = page.goto("/mjolby/ks/2025/plan/")
    assert response.status == 404


def test_a_search_says_its_hits_and_explains_an_empty_result(published, new_page):
    page = new_page()
    page.goto(EDITION)
    page.get_by_label("Sök i mål och aktiviteter").fill("ordsomintefinnsnågonstans")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("status")).to_contain_text("Inga mål matchar")
    page.get_by_label("Sök i mål och aktiviteter").fill("")
    page.get_by_label("Nivå").select_option(label="Nämndspecifikt mål")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("status")).to_contain_text("4 mål matchar.")


@pytest.mark.parametrize("width", [None, 390])
def test_every_kind_of_public_page_passes_axe(published, new_page, width):
    page = new_page(width=width)
    page.goto(EDITION)
    goal = page.eval_on_selector(".public-goals a[href]", "a => a.getAttribute('href')")
    found = []
    for path in (
        "/mjolby/",
        EDITION,
        EDITION + "?level=kf&q=m%C3%A5l",
        EDITION + "?q=ordsomintefinnsnågonstans",
        EDITION + "?assessment=none",
        goal,
        _goal_with_chart(page),
        "/mjolby/tillganglighet/",
        "/valdemarsvik/",
        "/mjolby/ks/2025/t1/",  # not published: the public 404
    ):
        page.goto(path)
        found += faults(page)
    assert found == []
