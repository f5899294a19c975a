"""The controller's publishing page: what is public, what may be published, and a withdrawal's error."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from styrkedja.web.tests.browser.axe import faults


@pytest.mark.parametrize("width", [None, 390])
def test_the_publishing_page_and_a_withdrawal_without_reason_pass(new_page, width):
    controller = new_page("mjolby-controller", width=width)
    controller.goto("/planer/ks/2024/")
    controller.get_by_role("link", name="Publicering").click()
    table = controller.get_by_role("table", name="Planen och dess uppföljningar")
    expect(table.get_by_role("row", name="Planen")).to_contain_text("Planen är inte beslutad")
    expect(table.get_by_role("button", name="Publicera T3 – Årsredovisning igen")).to_be_visible()
    assert faults(controller) == []

    # Withdrawing asks why; without a reason nothing is withdrawn and the error is at its field.
    controller.get_by_text("Återkalla", exact=True).click()
    controller.get_by_role("button", name="Återkalla publiceringen").click()
    expect(controller.get_by_text("Ange varför publiceringen återkallas.")).to_be_visible()
    expect(controller.get_by_role("cell", name="Publik", exact=False).first).to_be_visible()
    assert faults(controller) == []
