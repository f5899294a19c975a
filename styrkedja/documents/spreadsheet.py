"""Workbooks for reading and analysing in Excel: the plan (goals, indicators, activities with their
reports at every period, the economy tables) and the follow-up at one period (the counts, and
each goal's and activity's report then). A sheet per kind of object, a header row that stays in
view, filters on every table, numbers as numbers and dates as dates."""

from __future__ import annotations

import io
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from styrkedja.economy.selectors import budget_check
from styrkedja.followup.models import ActivityReport, GoalReport
from styrkedja.officefiles.spreadsheet import row_append
from styrkedja.plans.models import Plan

MAX_WIDTH = 60


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(title)
    row_append(sheet, header)
    for row in rows:
        row_append(sheet, row)  # what users wrote stays text, never a formula
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(header, start=1):
        longest = max([len(str(column))] + [len(str(row[index - 1] or "")) for row in rows])
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, longest + 2)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and len(cell.value) > MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if rows:
        name = re.sub(r"[^A-Za-z0-9]", "", title) or "Tabell"
        table = Table(displayName=name, ref=f"A1:{get_column_letter(len(header))}{len(rows) + 1}")
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        sheet.add_table(table)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as an .xlsx file: the render, after the cells are made (documents.kept)."""
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def workbook_fingerprint_source(workbook: Workbook) -> str:
    """What the workbook shows, as text to fingerprint: every sheet's name and cell values."""
    return repr([(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in workbook.worksheets])


def plan_spreadsheet(*, plan: Plan) -> bytes:
    return workbook_bytes(plan_workbook(plan=plan))


def followup_spreadsheet(*, plan: Plan, period) -> bytes:
    return workbook_bytes(followup_workbook(plan=plan, period=period))


def plan_workbook(*, plan: Plan) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    goals = list(
        plan.goals.select_related("level", "parent")
        .prefetch_related("indicators__values")
        .order_by("level__depth", "order", "id")
    )
    _sheet(
        workbook,
        _("Mål"),
        [_("Nyckel"), _("Nivå"), _("Nummer"), _("Rubrik"), _("Mål"), _("Mätbar formulering"), _("Nuläge"),
         _("Överordnat mål")],
        [[g.key, g.level.name, g.number, g.title, g.text.strip(), g.measurable.strip(), g.baseline.strip(),
          g.parent.key if g.parent else ""] for g in goals],
    )  # fmt: skip
    indicators = [(goal, indicator) for goal in goals for indicator in goal.indicators.all()]
    _sheet(
        workbook,
        _("Indikatorer"),
        [_("Mål"), _("Indikator"), _("Källa"), _("Enhet"), _("Målvärde"), _("År"), _("Avser"),
         _("Jämförelse"), _("Värde"), _("Kön")],
        [[goal.key, indicator.name, indicator.source, indicator.unit, indicator.target, value.year,
          value.get_scope_display(), value.label,
          value.missing_reason if value.value is None else value.value, value.get_gender_display()]
         for goal, indicator in indicators for value in indicator.values.all()],
    )  # fmt: skip
    periods = [period for period in plan.periods.all() if period.is_tertial]
    activities = list(
        plan.activities.select_related("goal", "responsible_unit")
        .prefetch_related("collaborators__unit", "collaborators__partner")
        .order_by("order", "id")
    )
    newest: dict[tuple[int, int], ActivityReport] = {}
    for report in ActivityReport.objects.filter(activity__plan=plan).order_by("created_at", "id"):
        newest[(report.activity_id, report.period_id)] = report
    header = [_("Aktivitet"), _("Typ"), _("Mål"), _("Ansvarig"), _("Samverkan med")]
    for period in periods:
        header += [
            _("Status %(period)s") % {"period": period.code},
            _("Kommentar %(period)s") % {"period": period.code},
        ]
    rows = []
    for activity in activities:
        collaborators = ", ".join(str(c) for c in activity.collaborators.all())
        goal = activity.goal.key if activity.goal else _("Särskild satsning")
        row = [activity.title, activity.kind, goal, activity.responsible_unit.name, collaborators]
        for period in periods:
            report = newest.get((activity.pk, period.pk))
            row += [report.get_status_display() if report else "", report.comment if report else ""]
        rows.append(row)
    _sheet(workbook, _("Aktiviteter"), header, rows)
    goal_reports = GoalReport.objects.filter(goal__plan=plan).select_related("goal", "period")
    latest = {}
    for report in goal_reports.order_by("created_at", "id"):
        latest[(report.goal_id, report.period_id)] = report
    _sheet(
        workbook,
        _("Målrapporter"),
        [_("Mål"), _("Period"), _("Bedömning"), _("Kommentar"), _("Åtgärder")],
        [[r.goal.key, r.period.code, r.assessment_text, r.comment, r.actions]
         for r in latest.values()],
    )  # fmt: skip
    check = budget_check(plan=plan)
    _sheet(
        workbook,
        _("Driftbudget"),
        [_("Sektor"), _("Verksamhet"), _("Intäkter"), _("Kostnader"), _("Netto"), _("Netto föregående år")],
        [[sector.sector_budget.sector.name, line.name, line.income, line.cost, line.net, line.net_previous]
         for sector in check.sectors for line in sector.lines],
    )  # fmt: skip
    _sheet(
        workbook,
        _("Ramar"),
        [_("Sektor"), _("År"), _("Slag"), _("Netto (Mnkr)")],
        [[sector.sector_budget.sector.name, frame.year, frame.get_kind_display(), frame.amount]
         for sector in check.sectors for frame in sector.sector_budget.frames.all()],
    )  # fmt: skip
    if check.investments:
        years = check.investments.years
        _sheet(
            workbook,
            _("Investeringar"),
            [_("Projekt"), *[str(year) for year in years]],
            [["  " * row.depth + row.project.name, *[row.amounts[year] for year in years]]
             for row in check.investments.rows],
        )  # fmt: skip
    return workbook


def followup_workbook(*, plan: Plan, period) -> Workbook:
    """The follow-up at ``period`` as a workbook: the counts, and per goal and per activity the
    status, comment and assessment reported at that period, by whom and when. Read in one go
    (a query per sheet, not per row), as the plan's workbook above."""
    from styrkedja.assignments.document import followup_assignment_count_rows, followup_assignment_sheet
    from styrkedja.economy.document import economy_sheets
    from styrkedja.followup.assessment import assessment_scale
    from styrkedja.followup.selectors import activity_reports_current, goal_reports_current, plan_summary
    from styrkedja.followup.texts import summary_sentence
    from styrkedja.goals.selectors import goals_in_tree_order

    workbook = Workbook()
    workbook.remove(workbook.active)
    summary = plan_summary(plan=plan, period=period)
    counts = summary.counts
    assessed = summary.assessments
    _sheet(
        workbook,
        _("Sammanfattning"),
        [_("Uppgift"), _("Värde")],
        [
            [_("Plan"), f"{plan.board} – {plan.title}"],
            [_("Period"), period.name],
            [_("Avser per"), period.ends_on],
            [_("Läge"), period.get_state_display()],
            [_("Aktiviteter"), counts.total],
            [_("Klara"), counts.done],
            [_("Pågår"), counts.ongoing],
            [_("Ej inledda"), counts.not_started],
            [_("Ej rapporterade"), counts.not_reported],
            [_("Andel klara (procent)"), counts.done_percent],
            [_("Mål"), assessed.goals],
            *[[label, count] for _step, label, count in assessed.steps],
            *[[step.label, assessed.not_assessable] for step in assessed.scale if not step.counted],
            [_("Mål ännu inte bedömda"), assessed.unassessed],
            *followup_assignment_count_rows(summary),
            [_("Sammanfattning"), summary_sentence(summary)],
        ],
    )
    goals = goals_in_tree_order(list(plan.goals.select_related("level", "responsible_unit")))
    goal_reports = goal_reports_current(period=period, goals=[goal.pk for goal in goals])
    scale = dict(assessment_scale(municipality_id=plan.municipality_id))  # the municipality's words
    _sheet(
        workbook,
        _("Mål"),
        [_("Nivå"), _("Nummer"), _("Mål"), _("Bedömning"), _("Föreslagen bedömning"),
         _("Skäl till avvikelse"), _("Kommentar"), _("Rapporterad av"), _("Rapporterad")],
        [[goal.level.name, goal.number, goal.title or goal.text,
          *_goal_report_cells(goal_reports.get(goal.pk), scale)]
         for goal in goals],
    )  # fmt: skip
    activities = list(
        plan.activities.select_related("goal__level", "responsible_unit")
        .prefetch_related("collaborators__unit", "collaborators__partner")
        .order_by("order", "id")
    )
    reports = activity_reports_current(period=period, activities=activities)
    _sheet(
        workbook,
        _("Aktiviteter"),
        [_("Mål"), _("Aktivitet"), _("Typ"), _("Ansvarig"), _("Samverkan med"), _("Status"),
         _("Kommentar"), _("Rapporterad av"), _("Rapporterad")],
        [[_goal_name(activity), activity.title, activity.kind, activity.responsible_unit.name,
          ", ".join(str(c) for c in activity.collaborators.all()),
          *_activity_report_cells(reports.get(activity.pk))]
         for activity in activities],
    )  # fmt: skip
    if assignment_sheet := followup_assignment_sheet(plan=plan, period=period):
        _sheet(workbook, *assignment_sheet)
    economy_sheets(workbook, plan=plan, period=period, sheet=_sheet)
    return workbook


def _reported(report) -> list:
    """Who reported, and when (as the municipality's clock showed it; Excel keeps no time zone)."""
    return [report.author_name, timezone.localtime(report.created_at).replace(tzinfo=None)]


def _goal_report_cells(report, scale: dict) -> list:
    if report is None:
        return ["", "", "", "", "", None]
    words = [
        str(scale.get(key, key)) if key else "" for key in (report.assessment, report.proposed_assessment)
    ]
    return [*words, report.reason, report.comment, *_reported(report)]


def _activity_report_cells(report) -> list:
    if report is None:
        return [_("Ej rapporterad"), "", "", None]
    return [report.get_status_display(), report.comment, *_reported(report)]


def _goal_name(activity) -> str:
    if activity.goal is None:
        return _("Särskild satsning")
    return f"{activity.goal.level.name} {activity.goal.number}".strip()
