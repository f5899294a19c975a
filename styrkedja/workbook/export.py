"""Plan data → the rows of the plan workbook → an .xlsx file.

The rows are made from the same mapping the loader reads (plandata.exporter), so what
the workbook holds is exactly what the import gives back.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from styrkedja.officefiles.spreadsheet import cell_write, row_append
from styrkedja.plans.models import REPORT_PARTS
from styrkedja.workbook.format import (
    BOOLEAN,
    CHOICE,
    INSTRUCTIONS,
    LIST,
    LIST_SEPARATOR,
    NO,
    NUMBER_LIST,
    SHEETS,
    YES,
    Column,
    Sheet,
)

Rows = dict[str, list[dict[str, Any]]]

# Room for a controller to add rows to a template before the drop-down lists stop.
VALIDATION_ROWS = 2000


def data_rows(data: dict[str, Any]) -> Rows:
    """The rows of every sheet for a mapping of the loader's format with one plan (or none)."""
    rows: Rows = {sheet.name: [] for sheet in SHEETS}
    municipality = data["municipality"]
    rows["Kommun"].append({"name": municipality.get("name", "")})
    rows["Målnivåer"] = [dict(level) for level in municipality.get("goal_levels", [])]

    def add_units(units: list[dict], parent: str) -> None:
        for unit in units:
            rows["Enheter"].append({**unit, "parent": parent})
            add_units(unit.get("children", []), unit["name"])

    add_units(municipality.get("units", []), "")
    rows["Externa parter"] = [dict(partner) for partner in municipality.get("partners", [])]
    rows["Uppdragsstatus"] = [
        {"key": key, "label": label} for key, label in municipality.get("assignment_statuses", {}).items()
    ]
    rows["Visionsmål"] = [dict(goal) for goal in municipality.get("vision", [])]
    rows["Bedömningsskala"] = [dict(step) for step in municipality.get("assessment_scale", [])]
    rules = [("municipality", municipality.get("assessment_rules"))]
    rules += [("plan", plan.get("assessment_rules")) for plan in data.get("plans", [])[:1]]
    rows["Bedömningsregler"] = [{"scope": scope, **values} for scope, values in rules if values]
    for plan in data.get("plans", [])[:1]:
        _PlanRows(plan, rows).run()
    return rows


class _PlanRows:
    def __init__(self, plan: dict[str, Any], rows: Rows):
        self.plan, self.rows = plan, rows
        self.activity_number = 0
        self.indicator_number = 0

    def add(self, sheet: str, **row: Any) -> None:
        self.rows[sheet].append(row)

    def run(self) -> None:
        plan = self.plan
        start, end = plan["budget_period"]
        parts = {name: plan[name] for name in REPORT_PARTS if name in plan}
        self.add("Plan", board=plan["board"], year=plan["year"], title=plan["title"], budget_start=start,
                 budget_end=end, **parts)  # fmt: skip
        for section in plan.get("sections", []):
            self.add("Textavsnitt", **section)
        for period in plan.get("periods", []):
            self.add("Perioder", **period)
        for goal in plan.get("goals", []):
            self.goal(goal, parent="")
        for activity in plan.get("special_initiatives", []):
            self.activity(activity, goal="")
        for comment in plan.get("period_comments", []):
            self.add("Avsnittskommentarer", **comment)
        for number, survey in enumerate(plan.get("surveys", []), start=1):
            self.add("Brukarundersökningar", ref=number, unit=survey["unit"], kind=survey["kind"],
                     contact=survey.get("contact", ""))  # fmt: skip
            for report in survey.get("reports", []):
                self.add("Undersökningsrapporter", survey=number, **report)
            for result in survey.get("results", []):
                self.add("Undersökningsresultat", survey=number, **result)
        for assignment in plan.get("assignments", []):
            reports = assignment.get("reports", [])
            self.add("Uppdrag", **{key: value for key, value in assignment.items() if key != "reports"})
            for report in reports:
                self.add("Uppdragsrapporter", assignment=assignment["key"], **report)
        for number, meeting in enumerate(plan.get("meetings", []), start=1):
            self.add("Sammanträden", ref=number, body=meeting["body"], date=meeting["date"],
                     title=meeting.get("title", ""))  # fmt: skip
            for item in meeting.get("items", []):
                self.add("Sammanträdespunkter", meeting=number, **item)
        for milestone in plan.get("budget_milestones", []):
            self.add("Budgetprocess", **milestone)
        for sector in plan.get("sectors", []):
            self.sector(sector)
        investments = plan.get("investments", {})
        self.projects(investments.get("projects", []), parent="")
        for year, amount in investments.get("printed_total", {}).items():
            self.add("Investeringar summa", year=year, amount=amount)

    def goal(self, goal: dict[str, Any], parent: str) -> None:
        nested = {"indicators", "reports", "activities", "children"}
        self.add("Mål", parent=parent, **{key: value for key, value in goal.items() if key not in nested})
        for report in goal.get("reports", []):
            self.add("Målrapporter", goal=goal["key"], **report)
        for indicator in goal.get("indicators", []):
            self.indicator_number += 1
            number = self.indicator_number
            self.add("Indikatorer", ref=number, goal=goal["key"],
                     **{key: value for key, value in indicator.items() if key != "values"})  # fmt: skip
            for value in indicator.get("values", []):
                self.add("Indikatorvärden", indicator=number, **value)
        for activity in goal.get("activities", []):
            self.activity(activity, goal=goal["key"])
        for child in goal.get("children", []):
            self.goal(child, parent=goal["key"])

    def activity(self, activity: dict[str, Any], goal: str) -> None:
        self.activity_number += 1
        number = self.activity_number
        nested = {"collaborators", "reports"}
        self.add("Aktiviteter", ref=number, goal=goal,
                 **{key: value for key, value in activity.items() if key not in nested})  # fmt: skip
        for collaborator in activity.get("collaborators", []):
            self.add("Samverkan", activity=number, **collaborator)
        for report in activity.get("reports", []):
            self.add("Aktivitetsrapporter", activity=number, **report)

    def sector(self, sector: dict[str, Any]) -> None:
        name = sector["unit"]
        self.add("Sektorer", unit=name, **sector.get("printed_total", {}))
        for section in sector.get("sections", []):
            self.add("Textavsnitt", sector=name, **section)
        for frame in sector.get("frames", []):
            self.add("Ramar", sector=name, **frame)
        for line in sector.get("lines", []):
            self.add(
                "Budgetrader", sector=name, **{key: value for key, value in line.items() if key != "outcomes"}
            )
            for outcome in line.get("outcomes", []):
                self.add("Utfall och prognos", sector=name, line=line["name"], **outcome)
        for outcome in sector.get("outcomes", []):
            self.add("Sektorernas ekonomikommentarer", sector=name, **outcome)

    def projects(self, projects: list[dict[str, Any]], parent: int | str) -> None:
        for project in projects:
            number = len(self.rows["Investeringar"]) + 1
            self.add("Investeringar", ref=number, parent=parent, name=project["name"])
            for year, amount in project.get("amounts", {}).items():
                self.add("Investeringsbelopp", project=number, year=year, amount=amount)
            for item in project.get("specification", []):
                self.add("Investeringsspecifikation", project=number, **item)
            for outcome in project.get("outcomes", []):
                self.add("Investeringsutfall", project=number, **outcome)
            self.projects(project.get("children", []), parent=number)


# Writing ----------------------------------------------------------------------------------------


def cell_value(column: Column, value: Any) -> Any:
    """A value as the workbook shows it: choices in words, lists joined, yes/no in Swedish."""
    if value is None or value == "":
        return None
    if column.kind == CHOICE:
        return column.choices.get(value, value)
    if column.kind == BOOLEAN:
        return YES if value else NO
    if column.kind in (LIST, NUMBER_LIST):
        return f"{LIST_SEPARATOR} ".join(str(item) for item in value) or None
    return value


def workbook_bytes(rows: Rows) -> bytes:
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS
    _write_instructions(instructions)
    for sheet in SHEETS:
        _write_sheet(workbook, sheet, rows.get(sheet.name, []))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(workbook: Workbook, sheet: Sheet, rows: list[dict[str, Any]]) -> None:
    worksheet = workbook.create_sheet(sheet.name)
    row_append(worksheet, [column.header for column in sheet.columns])
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    worksheet.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        worksheet.column_dimensions[letter].width = column.width
        if column.kind in (CHOICE, BOOLEAN):
            words = list(column.choices.values()) if column.kind == CHOICE else [YES, NO]
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(words) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header,
                error="Välj ett av värdena i listan.",
            )
            validation.add(f"{letter}2:{letter}{max(VALIDATION_ROWS, len(rows) + 1)}")
            worksheet.add_data_validation(validation)
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(sheet.columns, start=1):
            value = cell_value(column, row.get(column.key))
            if value is None:
                continue
            cell = cell_write(worksheet, row=number, column=index, value=value)
            if isinstance(value, str):
                if len(value) > 60 or "\n" in value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, Decimal | float):
                cell.number_format = "General"


def _write_instructions(worksheet) -> None:
    worksheet.column_dimensions["A"].width = 26
    worksheet.column_dimensions["B"].width = 26
    worksheet.column_dimensions["C"].width = 90
    row_append(worksheet, ["Styrkedjas arbetsbok för en plan"])
    worksheet["A1"].font = Font(bold=True, size=14)
    for line in (
        "Ett blad per slags uppgift, en rad per sak. Rubrikraden får inte ändras; tomma rader hoppas över.",
        "Blad hänvisar till varandra med nycklar: ett mål med sin Nyckel, en aktivitet med sitt Nr, "
        "en enhet med sitt namn.",
        "Finns planen redan (samma nämnd och år) ersätts den bara om du väljer det. En arbetsbok med fel "
        "läses inte in alls: du får en lista över varje fel med blad, rad och kolumn.",
        "Datum skrivs ÅÅÅÅ-MM-DD. Tal får ha decimalkomma. Listor skrivs med semikolon mellan delarna.",
        "Obligatoriska kolumner är markerade med * nedan.",
    ):
        row_append(worksheet, [line])
    row_append(worksheet, [])
    row_append(worksheet, ["Blad", "Kolumn", "Beskrivning"])
    for cell in worksheet[worksheet.max_row]:
        cell.font = Font(bold=True)
    for sheet in SHEETS:
        row_append(worksheet, [sheet.name, "", sheet.help])
        worksheet.cell(row=worksheet.max_row, column=1).font = Font(bold=True)
        worksheet.cell(row=worksheet.max_row, column=1).hyperlink = f"#{quote_sheetname(sheet.name)}!A1"
        for column in sheet.columns:
            description = column.help
            if column.kind == CHOICE:
                description = (description + " Värden: " + ", ".join(column.choices.values()) + ".").strip()
            row_append(worksheet, ["", column.header + (" *" if column.required else ""), description])
    for row in worksheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
