"""The planning pages in a real browser: every kind's list, form and deletion pass axe-core at the
width of a desktop and of a phone, and a list's order is changed by keyboard alone and by mouse."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from styrkedja.web.tests.browser.axe import faults, violations

KINDS = (
    "malnivaer", "mal", "indikatorer", "aktiviteter", "uppdrag", "undersokningar", "sammantraden",
    "budgetprocessen", "texter", "sektorbudgetar", "investeringar", "investeringssummor",
)  # fmt: skip


def _planning_paths(page, plan: str) -> list[str]:
    """The index, and per kind its list, its form for a new one, and its first object's form and deletion."""
    paths = [f"{plan}planera/"]
    for kind in KINDS:
        listed = f"{plan}planera/{kind}/"
        paths += [listed, f"{listed}ny/"]
        page.goto(listed)
        first = page.locator("#object-list tbody th[scope=row] a").first
        if first.count():
            edit = first.get_attribute("href")
            paths += [edit, f"{edit}ta-bort/"]
    return paths


def _checked(page, paths: list[str]) -> list[str]:
    found = []
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        found += faults(page)
    return found


def test_every_planning_page_passes_wcag_21_aa_on_a_desktop_and_a_phone(new_page):
    for username, plan in (
        ("valdemarsvik-controller", "/planer/ks/2023/"),
        ("mjolby-controller", "/planer/ks/2025/"),
    ):
        desktop = new_page(username)
        paths = _planning_paths(desktop, plan)
        assert len(paths) > 30
        assert _checked(desktop, paths) == []
        assert _checked(new_page(username, width=390), paths) == []


def test_a_form_with_errors_and_a_refused_delete_pass(new_page):
    # Mjölby's 2025 plan: Valdemarsvik's is adopted by another test of this server, and then refuses.
    page = new_page("mjolby-controller")
    page.goto("/planer/ks/2025/planera/indikatorer/ny/")
    page.get_by_label("Målvärdets tal").fill("fyrtio")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator(".errorlist").first).to_be_visible()
    expect(page.locator("#id_target_value_error")).to_contain_text("Fyll i ett tal")
    assert violations(page) == []
    page.goto("/planer/ks/2025/planera/malnivaer/")
    page.get_by_role("link", name=re.compile(r"^Ta bort ?: Nämndspecifikt mål")).click()
    expect(page.get_by_text("Det kan inte tas bort så länge")).to_be_visible()
    assert violations(page) == []


def _order(page, *, last: bool = False) -> list[str]:
    """The rows of the first (or the last) group of at least three, in their order. The two tests
    below move rows of a server they share, so each keeps to a group of its own."""
    rows = page.locator("#object-list tbody tr[id^=row-]").evaluate_all(
        "rows => rows.map(row => [row.id, row.dataset.group])"
    )
    groups = {}
    for row_id, group in rows:
        groups.setdefault(group, []).append(row_id)
    big = [ids for ids in groups.values() if len(ids) >= 3]
    return big[-1] if last else big[0]


def _first_of_group(page, row_id: str):
    group = page.locator(f"#{row_id}").get_attribute("data-group")
    return page.locator(f'#object-list tbody tr[data-group="{group}"]').first


def test_the_order_is_changed_by_keyboard_alone(new_page):
    page = new_page("mjolby-controller")
    page.goto("/planer/ks/2025/planera/aktiviteter/")
    before = _order(page)
    first, second = before[0], before[1]
    # To the second row's name, then Tab to its first button, as a keyboard user gets there.
    page.locator(f"#{second} th a").focus()
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text(re.compile(r"^Flytta upp"))
    page.keyboard.press("Enter")
    expect(_first_of_group(page, second)).to_have_id(second)
    assert _order(page)[:2] == [second, first]
    # The focus stayed on the moved row: now first, its "up" is disabled, so it is on "down".
    focused = page.locator(":focus")
    expect(focused).to_have_text(re.compile("^Flytta ned"))
    assert focused.evaluate("button => button.closest('tr').id") == second
    page.keyboard.press("Enter")  # and back down again, without leaving the keyboard
    expect(_first_of_group(page, second)).to_have_id(first)
    page.reload()
    assert _order(page) == before  # saved, not only shown


def test_the_order_is_changed_by_dragging_with_the_mouse(new_page):
    page = new_page("mjolby-controller")
    page.goto("/planer/ks/2025/planera/aktiviteter/")
    first, second, third = _order(page, last=True)[:3]
    page.locator(f"#{third}").drag_to(page.locator(f"#{first}"))
    expect(_first_of_group(page, third)).to_have_id(third)
    page.reload()
    assert _order(page, last=True)[:3] == [third, first, second]
