"""In a real browser: a rapportör proposes an activity and the controller decides; the Kolada search of
an indicator's form puts the chosen KPI id in its input, by keyboard."""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from playwright.sync_api import expect

from styrkedja.indicators.kolada import Kpi
from styrkedja.web.tests.browser.axe import violations


def test_a_proposal_is_made_refused_without_a_reason_and_accepted(new_page):
    reporter = new_page("mjolby-rapportor")
    reporter.goto("/planer/ks/2025/")
    reporter.get_by_role("link", name="Föreslå aktivitet").click()
    expect(reporter.get_by_role("heading", name="Föreslå aktivitet", level=1)).to_be_visible()
    assert violations(reporter) == []
    reporter.get_by_label("Aktivitet och kort beskrivning").fill("Digital signering av avtal")
    reporter.get_by_label("Särskild satsning").check()
    reporter.get_by_label("Planerad start").fill("2025-09-01")
    reporter.get_by_label("Planerat slut").fill("2025-03-01")
    reporter.get_by_role("button", name="Skicka förslaget").click()
    expect(reporter.locator("#id_planned_end_error")).to_contain_text("kan inte ligga före")
    assert violations(reporter) == []  # the error is tied to its field
    reporter.get_by_label("Planerat slut").fill("2025-12-31")
    reporter.get_by_role("button", name="Skicka förslaget").click()
    expect(reporter.get_by_role("heading", name="Förslag till nya aktiviteter")).to_be_visible()
    expect(reporter.get_by_role("heading", name=re.compile("^Digital signering av avtal"))).to_be_visible()

    controller = new_page("mjolby-controller")
    controller.goto("/planer/ks/2025/")
    controller.get_by_role("link", name="Förslag (1)").click()
    section = controller.locator("section.proposal", has_text="Digital signering av avtal")
    section.get_by_role("button", name="Avslå").click()
    section = controller.locator("section.proposal", has_text="Digital signering av avtal")
    expect(section.get_by_text("Skriv varför förslaget avslås")).to_be_visible()
    assert violations(controller) == []
    section.get_by_role("button", name="Godkänn").click()
    expect(controller.get_by_text("Förslaget är godkänt")).to_be_visible()
    assert violations(controller) == []
    controller.goto("/planer/ks/2025/")
    expect(controller.get_by_role("link", name="Digital signering av avtal")).to_be_visible()


KPIS = [
    Kpi(id="U07401", title="Medborgare som känner sig trygga utomhus när det är mörkt, andel (%)"),
    Kpi(id="U07402", title="Medborgare som känner sig trygga utomhus när det är ljust, andel (%)"),
]


def test_the_kolada_search_fills_the_input_by_keyboard(new_page):
    page = new_page("mjolby-controller")
    page.goto("/planer/ks/2025/planera/indikatorer/ny/")  # the indicator's own form
    # Kolada is not reachable from the tests: the search's answer is the view's fragment, made here.
    asked = []
    answer = render_to_string(
        "indicators/_kolada_results.html", {"kpis": KPIS, "found": 2, "field_id": "id_kolada_kpi"}
    )

    def fulfil(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=answer)

    page.route(re.compile(r"/kolada/sok/"), fulfil)
    query = page.get_by_label("Sök nyckeltal i Kolada")
    query.fill("trygga utomhus")
    query.press("Enter")  # searches; does not send the indicator's form
    results = page.locator("#id_kolada_kpi_kolada_results")
    expect(results).to_contain_text("2 nyckeltal hittades.")
    assert page.url.endswith("/planer/ks/2025/planera/indikatorer/ny/")
    assert len(asked) == 1 and "q=trygga%20utomhus" in asked[0] and "field=id_kolada_kpi" in asked[0]
    assert violations(page) == []

    pick = results.get_by_role("button", name=re.compile(r"^Välj U07402"))
    pick.focus()
    page.keyboard.press("Enter")
    kpi_input = page.locator("#id_kolada_kpi")
    expect(kpi_input).to_have_value("U07402")
    expect(kpi_input).to_be_focused()
