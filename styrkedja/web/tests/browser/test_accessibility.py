"""axe-core on every kind of page of the demo, as each role sees it, the log-in page included.

The pages are found by following the links of the application from the start page, so a new
page is checked as soon as something links to it. Of URLs that differ only in their numbers
(one goal's page and another's) the first few are checked.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from styrkedja.web.tests.browser.axe import faults, violations

# Downloads are files, not pages (the documents' and underlags' web pages, …/html/, are checked);
# so are the API's schema (its documentation page, /api/, is checked) and the open data's files
# (their page, /<kommun>/datasets/, is checked).
SKIP = re.compile(
    r"^/(admin|static)/|^/konto/logga-ut/|/(dokument|underlag)/(pdf|docx|xlsx)/|/arbetsbok/(mall/)?$"
    r"|^/api/schema/|/datasets/dcat$|/datasets/.+\.(zip|json)$"
)
PER_SHAPE = 2
MAX_PAGES = 120


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def crawl(page, start: str = "/") -> list[str]:
    """Visit the pages reachable by links from ``start``; return every axe violation found, and every
    page wider than the screen (a phone's: its tables must fit, or scroll in a box of their own)."""
    origin = urlsplit(page.url).netloc or None
    queue, seen, shapes, found = [start], set(), Counter(), []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or shapes[_shape(path)] >= PER_SHAPE:
            continue
        seen.add(path)
        shapes[_shape(path)] += 1
        response = page.goto(path)
        assert response is not None and response.status < 500, f"{path} gave {response and response.status}"
        found += faults(page)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            url = urlsplit(urljoin(page.url, href))
            if (origin and url.netloc != origin) or url.scheme not in ("http", "https"):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if not SKIP.search(url.path) and target not in seen:
                queue.append(target)
    assert len(seen) > 5, "the crawl found the application's pages"
    return found


def test_the_log_in_page_and_its_error(new_page):
    page = new_page()
    page.goto("/konto/logga-in/")
    assert violations(page) == []
    page.get_by_label("Användarnamn").fill("mjolby-lasare")
    page.get_by_label("Lösenord").fill("fel")
    page.get_by_role("button", name="Logga in").click()
    # Waits for the answer: right after the click the page may still be between two documents.
    expect(page.locator("main")).to_contain_text("korrekt användarnamn och lösenord")
    assert violations(page) == []


def test_pages_that_refuse_or_are_missing(new_page):
    page = new_page("mjolby-lasare")
    for path in ("/administration/enheter/", "/mal/999999/", "/planer/ks/1999/"):
        page.goto(path)
        assert violations(page) == [], path


@pytest.mark.parametrize(
    "username",
    [
        "mjolby-administrator",
        "mjolby-controller",
        "mjolby-rapportor",
        "mjolby-lasare",
        "valdemarsvik-controller",
    ],
)
def test_every_page_passes_wcag_21_aa(new_page, username):
    page = new_page(username)
    assert crawl(page) == []


@pytest.mark.parametrize("username", ["mjolby-lasare", "valdemarsvik-controller"])
def test_every_page_passes_and_fits_at_the_width_of_a_phone(new_page, username):
    """An elected member reads on a phone: 390 px, as a common one is wide."""
    page = new_page(username, width=390)
    assert crawl(page) == []


def test_a_form_error_and_a_conflict_pass(new_page):
    controller = new_page("mjolby-controller")
    reporter = new_page("mjolby-rapportor")
    # A form with errors: the password change with a wrong old password.
    controller.goto("/konto/losenord/")
    controller.locator("#id_old_password").fill("fel")
    controller.locator("#id_new_password1").fill("kort")
    controller.locator("#id_new_password2").fill("annat")
    controller.get_by_role("button", name="Byt lösenord").click()
    expect(controller.locator(".errorlist").first).to_be_visible()
    assert violations(controller) == []

    # Both have the same activity's form open; the reporter saves first.
    for page in (controller, reporter):
        page.goto("/planer/ks/2025/rapportera/T1/")
    title = reporter.locator("section.report-form h3").first.inner_text()
    mine = controller.locator("section.report-form", has_text=title).first
    theirs = reporter.locator("section.report-form").first
    theirs.get_by_label("Klart").check()
    theirs.get_by_label("Kommentar").fill("Rapportörens text")
    theirs.get_by_role("button", name="Spara").click()
    expect(reporter.locator("section.report-form").first.get_by_text("Sparat.")).to_be_visible()
    mine.get_by_label("Pågår").check()
    mine.get_by_label("Kommentar").fill("Controllerns text")
    mine.get_by_role("button", name="Spara").click()
    conflict = controller.locator(".conflict").first
    expect(conflict).to_contain_text("Rapportörens text")
    expect(conflict).to_contain_text("Controllerns text")
    assert violations(controller) == []


def test_a_plans_adoption_revision_and_changes_pass(new_page):
    """The pages of a plan's decisions, which the crawl of the demo (its plans are drafts) never reaches:
    the adoption's form with its errors, the plan with a revision, and the changes page."""
    page = new_page("valdemarsvik-controller")
    page.goto("/planer/ks/2023/")
    page.get_by_role("link", name="Besluta planen").click()
    page.get_by_role("button", name="Besluta planen").click()
    expect(page.locator(".errorlist").first).to_contain_text("Ange vem som beslutade")
    assert violations(page) == []
    page.get_by_label("Beslutat av").fill("KS")
    page.get_by_label("Beslutsdatum").fill("2023-12-12")
    page.get_by_label("Paragraf eller diarienummer").fill("§ 210")
    page.get_by_role("button", name="Besluta planen").click()
    expect(page.locator(".plan-status")).to_contain_text("Beslutad KS 2023-12-12 § 210")
    page.get_by_role("link", name="Påbörja revision").click()
    page.get_by_label("Skäl till revisionen").fill("Ny lydelse av ett mål")
    page.get_by_role("button", name="Påbörja revision").click()
    expect(page.locator(".plan-status")).to_contain_text("Under revision sedan")
    assert violations(page) == []

    goal = page.locator("a[href^='/mal/']").first.get_attribute("href")
    page.goto(goal)
    page.get_by_role("link", name="Ändra målet").click()
    page.locator("textarea").first.fill("En ny lydelse av målet")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_text("Sparat: ")).to_be_visible()
    page.goto("/planer/ks/2023/andringar/")
    expect(page.locator("table.changes ins").first).to_contain_text("En ny lydelse av målet")
    assert violations(page) == []
    page.goto("/planer/ks/2023/")
    page.get_by_role("link", name="Besluta revisionen").click()
    assert violations(page) == []
    page.get_by_label("Beslutat av").fill("KS")
    page.get_by_label("Beslutsdatum").fill("2024-05-14")
    page.get_by_role("button", name="Besluta revisionen").click()
    expect(page.locator(".plan-status table")).to_contain_text("Ny lydelse av ett mål")
    assert violations(page) == []


def test_a_content_security_policy_violation_fails_the_check(new_page):
    page = new_page()
    page.goto("/konto/logga-in/")
    assert violations(page) == []
    # What an injection would try: an inline style and an inline event handler.
    injected = """document.body.insertAdjacentHTML('beforeend',
        '<p style="color: red">injicerad</p><img alt="" src="/saknas.png" onerror="document.title = 1">')"""
    with page.expect_console_message(lambda message: "inline event handler" in message.text):
        page.evaluate(injected)
    found = violations(page)
    assert any("inline style" in line for line in found), found
    assert any("inline event handler" in line for line in found), found
    assert page.title() != "1"


# The plan's read pages, asked directly as well: the crawl may stop at MAX_PAGES before it reaches
# them. Valdemarsvik's plan has the economy (with its marked sums), meetings and assignments,
# Mjölby's the surveys.
PLAN_READ_PAGES = [
    ("valdemarsvik-lasare", "/planer/ks/2023/ekonomi/"),
    ("valdemarsvik-lasare", "/planer/ks/2023/kalender/"),
    ("valdemarsvik-lasare", "/planer/ks/2023/uppdrag/"),
    ("mjolby-lasare", "/planer/ks/2024/undersokningar/"),
    ("mjolby-lasare", "/planer/ks/2024/ekonomi/"),  # a plan without economy
]


@pytest.mark.parametrize("width", [None, 390])
def test_the_plans_read_pages_pass_and_fit_a_phone(new_page, width):
    pages = {}
    found = []
    for username, path in PLAN_READ_PAGES:
        page = pages.get(username) or pages.setdefault(username, new_page(username, width=width))
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        found += faults(page)
    assert found == []


@pytest.mark.parametrize("width", [None, 390])
def test_the_report_page_with_assignments_and_surveys_passes(new_page, width):
    """Valdemarsvik's T1: the assignments' forms (status, work done, prognosis, corrective actions),
    with the earlier report; Mjölby's T3 2024 read-only, with its surveys; and the page of status
    words. Nothing is saved: other tests edit Valdemarsvik 2023."""
    page = new_page("valdemarsvik-controller", width=width)
    page.goto("/planer/ks/2023/rapportera/T1/")
    section = page.locator("section.report-form", has_text="detaljplaner").first
    expect(section.get_by_label("Korrigerande åtgärder")).to_be_visible()
    expect(page.get_by_role("heading", name="Uppdrag", level=2)).to_be_visible()
    assert faults(page) == []
    page.goto("/planer/ks/2023/uppdrag/")
    assert faults(page) == []
    admin = new_page("valdemarsvik-administrator", width=width)
    admin.goto("/planer/uppdragsstatus/")
    expect(admin.locator("#id_done")).to_have_value("Genomfört")
    assert faults(admin) == []
    reader = new_page("mjolby-controller", width=width)  # a closed period: read only
    reader.goto("/planer/ks/2024/rapportera/T3/")
    expect(reader.get_by_role("heading", name="Brukarundersökningar", level=2)).to_be_visible()
    assert faults(reader) == []


def test_a_survey_reported_with_its_results_passes(new_page):
    """Mjölby's 2025 plan, whose T1 is open: a survey is added to it, and reported with a result,
    first with a faulty value (the row's error), then saved in place."""
    page = new_page("mjolby-controller")
    page.goto("/planer/ks/2025/planera/undersokningar/ny/")
    page.get_by_label("Verksamhet").select_option(label="Kommunledningskontoret")
    page.get_by_label("Typ av undersökning").fill("Medarbetarenkät för tillgänglighetstestet")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator("main")).to_contain_text("Medarbetarenkät för tillgänglighetstestet")
    page.goto("/planer/ks/2025/rapportera/T1/")
    section = page.locator("section.report-form", has_text="Medarbetarenkät för tillgänglighetstestet")
    section.get_by_label("Klart").check()
    section.get_by_label("Mått, rad 1").fill("Hållbart medarbetarengagemang")
    section.get_by_label("År, rad 1").fill("2025")
    section.get_by_label("Resultat, rad 1").fill("åttio")
    section.get_by_role("button", name="Spara").click()
    expect(section.locator(".errorlist").first).to_be_visible()
    assert faults(page) == []
    section.get_by_label("Resultat, rad 1").fill("80,5")
    section.get_by_role("button", name="Spara").click()
    expect(section.get_by_text("Sparat.")).to_be_visible()
    assert faults(page) == []
    expect(section.get_by_label("Resultat, rad 1")).to_have_value("80,50")


@pytest.mark.parametrize("width", [None, 390])
def test_the_pages_of_the_assessment_scale_and_rules_pass(new_page, width):
    """The administratör's pages of the scale and the rules, the municipality's and a plan's; a
    scale refused (two steps only) shows its error in place. Nothing is saved."""
    admin = new_page("mjolby-administrator", width=width)
    admin.goto("/bedomning/skala/")
    expect(admin.get_by_role("group", name="Steget som betyder ”Uppnått”")).to_be_visible()
    assert faults(admin) == []
    admin.locator("#id_likely-used").uncheck()
    admin.locator("#id_uncertain-used").uncheck()
    admin.locator("#id_unlikely-used").uncheck()
    admin.get_by_role("button", name="Spara").click()
    expect(admin.get_by_role("alert")).to_contain_text("Skalan ska ha 3 till 5 steg")
    assert faults(admin) == []
    admin.goto("/bedomning/regler/")
    expect(admin.get_by_label("Regel för förslaget till bedömning")).to_be_visible()
    assert faults(admin) == []
    admin.goto("/planer/ks/2024/bedomning/")
    expect(admin.get_by_text("Planen följer kommunens regler.")).to_be_visible()
    assert faults(admin) == []
