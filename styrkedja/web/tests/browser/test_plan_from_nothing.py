"""A plan made from nothing in the browser, as a new municipality makes its first.

The municipality is made from the command line, as the host makes one (README); everything after
is done in the web pages alone: the administratör's units and users, the controller's plan with its
goal levels, goals, indicator, activities, assignment, meetings and budget, the adoption, a
rapportör's report, a revision and its difference, and the plan document as PDF and Word.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys

import docx
import pytest
from playwright.sync_api import expect

from styrkedja.web.tests.browser.axe import violations
from styrkedja.web.tests.browser.conftest import pages_of
from styrkedja.web.tests.served import ROOT, served, server_env

PASSWORD = "Lång-och-säker-1"
PLAN = "/planer/ks/2027/"


@pytest.fixture(scope="module")
def new_municipality_server(demo_databases):
    """The demo, and beside it a new municipality with nothing but its board and administratör."""
    env = server_env(demo_databases.copy("from_nothing"), DEBUG="true")
    command = [sys.executable, str(ROOT / "manage.py"), "create_municipality", "nykommun", "Nya kommunen"]
    done = subprocess.run(
        [*command, "--administrator", "ny-admin"], cwd=ROOT, env=env, input=f"{PASSWORD}\n", text=True,
        capture_output=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with served(env, production=False) as server:
        yield server.url


@pytest.fixture
def person(browser, new_municipality_server):
    """``person("ny-controller")``: a page of the new municipality's server, logged in."""
    with pages_of(browser, new_municipality_server, PASSWORD) as make:
        yield make


def _field(page, label: str):
    """The input labelled ``label``, as Django writes the label (with or without its colon)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def _saved(page) -> None:
    expect(page.locator(".message--success").first).to_contain_text("Sparat")


def _new(page, kind: str, label: str) -> None:
    page.goto(f"{PLAN}planera/{kind}/")
    page.get_by_role("link", name=label).click()


def _row(page, number: int, field: str):
    """An input of a table within a form, by its column and its row (from 1)."""
    return page.get_by_label(f"{field}, rad {number}", exact=True)


def test_a_plan_is_made_adopted_followed_up_and_revised_in_the_browser(person):
    # The administratör: two units and the two people who plan and report.
    admin = person("ny-admin")
    for name in ("Utbildningsförvaltningen", "Socialförvaltningen"):
        admin.goto("/administration/enheter/ny/")
        _field(admin, "Namn").fill(name)
        _field(admin, "Typ").select_option("administration")
        _field(admin, "Överordnad enhet").select_option(label="Kommunstyrelsen")
        admin.get_by_role("button", name="Skapa enheten").click()
        expect(admin.get_by_text(name).first).to_be_visible()
    for username, role, unit in (
        ("ny-controller", "Controller", None),
        ("ny-rapportor", "Rapportör", "Socialförvaltningen"),
    ):
        admin.goto("/administration/anvandare/ny/")
        _field(admin, "Användarnamn").fill(username)
        admin.get_by_label(role, exact=True).check()
        if unit:
            admin.get_by_label(unit, exact=True).check()
        _field(admin, "Lösenord").fill(PASSWORD)
        _field(admin, "Lösenord igen").fill(PASSWORD)
        admin.get_by_role("button", name="Skapa användaren").click()
        expect(
            admin.get_by_role("cell", name=username).or_(admin.get_by_text(username)).first
        ).to_be_visible()

    # The controller: a municipality with no plan yet.
    page = person("ny-controller")
    page.goto("/planer/")
    expect(page.get_by_text("Kommunen har inga planer ännu.")).to_be_visible()
    page.get_by_role("link", name="Ny plan").click()
    _field(page, "Nämnd eller styrelse").select_option(label="Kommunstyrelsen")
    _field(page, "År").fill("2027")
    page.get_by_role("button", name="Skapa planen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verksamhetsplan 2027")

    # Two goal levels in the municipality's own words.
    _new(page, "malnivaer", "Ny målnivå")
    for name in ("Inriktningsmål", "Resultatmål"):
        _field(page, "Namn").fill(name)
        _field(page, "Namn i plural").fill(name)
        page.get_by_role("button", name="Spara och gör en till").click()
        _saved(page)

    # Three goals with their texts: one aim, two results under it.
    _new(page, "mal", "Nytt mål")
    _field(page, "Nivå").select_option(label="Inriktningsmål")
    _field(page, "Nummer").fill("1")
    _field(page, "Rubrik").fill("Det livslånga lärandet")
    _field(page, "Mål").fill("Alla barn och unga lär sig och mår bra.")
    page.get_by_role("button", name="Spara", exact=True).click()
    _saved(page)
    results = (
        ("1.1", "Fler elever når målen i alla ämnen.", "Andelen behöriga ska öka till 90 %."),
        ("1.2", "Färre unga står utan sysselsättning.", "Antalet unga utan arbete eller studier ska minska."),
    )
    for number, text, measurable in results:
        _new(page, "mal", "Nytt mål")
        _field(page, "Nivå").select_option(label="Resultatmål")
        page.get_by_label(re.compile("^Överordnat mål")).select_option(
            label="Inriktningsmål 1: Det livslånga lärandet"
        )
        _field(page, "Nummer").fill(number)
        _field(page, "Mål").fill(text)
        _field(page, "Mätbar formulering").fill(measurable)
        _field(page, "Nuläge").fill("84 % år 2025 (riket 86 %).")
        _field(page, "Motivering").fill("Utbildning ger frihet och framtid.")
        _field(page, "Vägen till målet").fill("Läsfrämjande, studiehandledning och tidiga insatser.")
        page.get_by_role("button", name="Spara", exact=True).click()
        _saved(page)
    goal = "Resultatmål 1.1: Fler elever når målen i alla ämnen."

    # An indicator with a target and values, with a number the Swedish way.
    _new(page, "indikatorer", "Ny indikator")
    _field(page, "Mål").select_option(label=goal)
    _field(page, "Indikator").fill("Andel elever i åk 9 som är behöriga till gymnasiet")
    _field(page, "Enhet").fill("%")
    _field(page, "Målvärde").fill("minst 90 %")
    _field(page, "Typ av målvärde").select_option(label="Minst ett värde")
    _field(page, "Målvärdets tal").fill("90")
    for number, (year, scope, value) in enumerate(
        (("2025", "Kommunen", "84,5"), ("2025", "Riket", "86,1")), start=1
    ):
        _row(page, number, "År").fill(year)
        _row(page, number, "Avser").select_option(label=scope)
        _row(page, number, "Värde").fill(value)
    page.get_by_role("button", name="Spara", exact=True).click()
    _saved(page)

    # Four activities in two units.
    activities = (
        ("Läsfrämjande i alla skolor", "Utbildningsförvaltningen"),
        ("Studiehandledning på modersmål", "Utbildningsförvaltningen"),
        ("Uppsökande arbete bland unga", "Socialförvaltningen"),
        ("Feriejobb för 16-åringar", "Socialförvaltningen"),
    )
    _new(page, "aktiviteter", "Ny aktivitet")
    for title, unit in activities:
        _field(page, "Mål").select_option(label=goal)
        _field(page, "Aktivitet och kort beskrivning").fill(title)
        _field(page, "Typ").select_option(label="Aktivitet")
        _field(page, "Ansvarig").select_option(label=unit)
        _field(page, "Planerad start").fill("2027-01-15")
        _field(page, "Planerat slut").fill("2027-12-15")
        page.get_by_role("button", name="Spara och gör en till").click()
        _saved(page)

    # An assignment from the council.
    _new(page, "uppdrag", "Nytt uppdrag")
    _field(page, "Uppdrag").fill("Utred en sammanhållen skoldag")
    _field(page, "Mål som uppdraget tjänar").select_option(label=goal)
    _field(page, "Ansvarig").select_option(label="Utbildningsförvaltningen")
    page.get_by_role("button", name="Spara", exact=True).click()
    _saved(page)

    # Two meetings, each with what is presented at it.
    for body, day, row_field, item in (
        ("Kommunstyrelsen", "2027-03-09", "Mål", goal),
        ("Arbetsutskottet", "2027-05-18", "Uppdrag", "Utred en sammanhållen skoldag"),
    ):
        _new(page, "sammantraden", "Nytt sammanträde")
        _field(page, "Organ").select_option(label=body)
        _field(page, "Datum").fill(day)
        _row(page, 1, row_field).select_option(label=item)
        page.get_by_role("button", name="Spara", exact=True).click()
        _saved(page)

    # A sector's frame and line budget, whose printed sum differs from its lines.
    _new(page, "sektorbudgetar", "Ny sektorsbudget")
    _field(page, "Sektor").select_option(label="Utbildningsförvaltningen")
    _field(page, "Summa netto (tryckt)").fill("10,0")
    for number, (year, kind, amount) in enumerate(
        (("2027", "Budget", "10,0"), ("2028", "Ek plan", "10,4")), start=1
    ):
        _row(page, number, "År").fill(year)
        _row(page, number, "Slag").select_option(label=kind)
        _row(page, number, "Netto (Mnkr)").fill(amount)
    for number, (name, net) in enumerate((("Grundskola", "6,0"), ("Gymnasieskola", "4,5")), start=1):
        _row(page, number, "Verksamhet").fill(name)
        _row(page, number, "Netto").fill(net)
    page.get_by_role("button", name="Spara", exact=True).click()
    _saved(page)
    page.goto(f"{PLAN}ekonomi/")
    expect(page.locator("main")).to_contain_text("raderna ger 10,5")
    expect(page.locator("main")).to_contain_text("Stämmer inte")
    assert violations(page) == []

    # Adopted by the board.
    page.goto(PLAN)
    page.get_by_role("link", name="Besluta planen").click()
    _field(page, "Beslutat av").fill("KS")
    _field(page, "Beslutsdatum").fill("2026-11-24")
    _field(page, "Paragraf eller diarienummer").fill("§ 187")
    page.get_by_role("button", name="Besluta planen").click()
    expect(page.locator(".plan-status")).to_contain_text("Beslutad KS 2026-11-24 § 187")
    page.goto(f"{PLAN}planera/aktiviteter/")
    expect(page.get_by_text("Påbörja en revision").first).to_be_visible()  # not changed in place

    # T1 opened; the rapportör reports on one of the activities of the own unit.
    page.goto(f"{PLAN}perioder/T1/")
    page.get_by_role("button", name="Öppna för rapportering").click()
    reporter = person("ny-rapportor")
    reporter.goto(f"{PLAN}rapportera/T1/")
    form = reporter.locator("section.report-form", has_text="Uppsökande arbete bland unga")
    form.get_by_label("Pågår").check()
    form.get_by_label("Kommentar").fill("Fältgruppen är på plats sedan februari.")
    form.get_by_role("button", name="Spara").click()
    expect(
        reporter.locator("section.report-form", has_text="Uppsökande arbete bland unga").get_by_text(
            "Sparat."
        )
    ).to_be_visible()
    expect(reporter.locator("section.report-form", has_text="Läsfrämjande i alla skolor")).to_have_count(0)

    # A revision with its reason: one activity renamed, then the difference since adoption.
    page.goto(PLAN)
    page.get_by_role("link", name="Påbörja revision").click()
    _field(page, "Skäl till revisionen").fill("Feriejobben gäller även 17-åringar.")
    page.get_by_role("button", name="Påbörja revision").click()
    page.goto(f"{PLAN}planera/aktiviteter/")
    page.get_by_role("link", name="Feriejobb för 16-åringar", exact=True).click()
    _field(page, "Aktivitet och kort beskrivning").fill("Feriejobb för 16- och 17-åringar")
    page.get_by_role("button", name="Spara", exact=True).click()
    _saved(page)
    page.goto(PLAN)
    page.get_by_role("link", name="Besluta revisionen").click()
    _field(page, "Beslutat av").fill("KS")
    _field(page, "Beslutsdatum").fill("2026-11-30")
    page.get_by_role("button", name="Besluta revisionen").click()
    page.get_by_role("link", name="Ändringar sedan beslutet").click()
    changes = page.locator("main")
    expect(changes).to_contain_text("Feriejobb för 16-åringar")
    expect(changes).to_contain_text("Feriejobb för 16- och 17-åringar")
    assert violations(page) == []

    # The plan document: the new plan, its decision, and the budget's mark, in PDF and in Word.
    pdf = page.request.get(f"{PLAN}dokument/pdf/")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.body(), capture_output=True, check=True
    ).stdout.decode()
    word = page.request.get(f"{PLAN}dokument/docx/")
    assert word.status == 200
    document = docx.Document(io.BytesIO(word.body()))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    word_text = "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)
    for shown in (text, word_text):
        flat = " ".join(shown.split())
        assert "Fler elever når målen i alla ämnen." in flat
        assert "Feriejobb för 16- och 17-åringar" in flat
        assert "KS 2026-11-24 § 187" in flat
        assert "raderna ger 10,5" in flat
