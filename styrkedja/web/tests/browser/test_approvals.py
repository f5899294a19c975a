"""The approval of a unit's reports in the browser: the administratör turns it on, the rapportör
sends, the controller (no rapportör is assigned to the unit above) returns with a comment and
approves the second send; every page of it passes axe-core at a desktop's and a phone's width.

On a server of its own, since it turns approval on for Mjölby, which the other browser tests'
pages of the shared demo server must not show.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from styrkedja.web.tests.browser.axe import faults
from styrkedja.web.tests.browser.conftest import pages_of
from styrkedja.web.tests.served import served, server_env

REPORT = "/planer/ks/2025/rapportera/T1/"
PERIOD = "/planer/ks/2025/perioder/T1/"
AWAITING = "/godkannande/"
SETTING = "/godkannande/installningar/"
PHONE = 390


@pytest.fixture(scope="module")
def approvals_server(demo_databases):
    env = server_env(demo_databases.copy("approvals"), DEBUG="true")
    with served(env, production=False) as server:
        yield server.url


@pytest.fixture
def person(browser, approvals_server):
    with pages_of(browser, approvals_server) as make:
        yield make


def _checked(person, username: str, path: str) -> list[str]:
    """axe's faults of ``path`` as ``username`` sees it at a desktop's width and at a phone's."""
    found = []
    for width in (None, PHONE):
        page = person(username, width=width)
        page.goto(path)
        found += faults(page)
    return found


def test_a_unit_is_sent_returned_sent_again_and_approved(person):
    admin = person("mjolby-administrator")
    admin.goto(SETTING)
    assert faults(admin) == []
    admin.get_by_label("Enheternas rapporter godkänns innan controllern tar del av dem").check()
    admin.get_by_role("button", name="Spara").click()
    expect(admin.locator(".message--success")).to_contain_text("är sparad")
    assert _checked(person, "mjolby-administrator", SETTING) == []

    reporter = person("mjolby-rapportor")
    reporter.goto(REPORT)
    panel = reporter.locator("section.approval")
    expect(panel).to_contain_text("Kommunledningskontoret")
    expect(panel).to_contain_text("Ej skickad")
    assert _checked(person, "mjolby-rapportor", REPORT) == []
    panel.get_by_role("button", name="Skicka Kommunledningskontoret för godkännande").click()
    expect(reporter.locator(".message--success")).to_contain_text("skickade för godkännande")
    expect(reporter.locator("section.approval")).to_contain_text("till controllern")

    controller = person("mjolby-controller")
    controller.goto("/")
    controller.get_by_role("link", name="1 enhets rapporter väntar på ditt godkännande.").click()
    expect(controller.locator("h1")).to_have_text("Att godkänna")
    assert _checked(person, "mjolby-controller", AWAITING) == []
    # A return without a comment: the error at the field, which passes too.
    controller.get_by_role("button", name="Returnera Kommunledningskontoret").click()
    expect(controller.locator(".errorlist")).to_contain_text("Skriv vad enheten ska ändra")
    assert faults(controller) == []
    controller.get_by_label("Vad ska enheten ändra?").fill("Komplettera med läget för upphandlingen.")
    controller.get_by_role("button", name="Returnera Kommunledningskontoret").click()
    expect(controller.locator(".message--success")).to_contain_text("returnerade till enheten")

    reporter.goto(REPORT)
    panel = reporter.locator("section.approval")
    expect(panel).to_contain_text("Komplettera med läget för upphandlingen.")
    assert _checked(person, "mjolby-rapportor", REPORT) == []
    panel.get_by_role("button", name="Skicka Kommunledningskontoret för godkännande igen").click()
    expect(reporter.locator(".message--success")).to_contain_text("skickade för godkännande")

    controller.goto(AWAITING)
    controller.get_by_role("button", name="Godkänn Kommunledningskontoret").click()
    expect(controller.locator(".message--success")).to_contain_text("är godkända")
    controller.goto(PERIOD)
    row = controller.locator("section.approval tr", has_text="Kommunledningskontoret")
    expect(row).to_contain_text("Godkänd")
    assert _checked(person, "mjolby-controller", PERIOD) == []
    assert _checked(person, "mjolby-lasare", PERIOD) == []
