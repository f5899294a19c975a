"""Updating a plan's reports from its workbook: new history rows through the follow-up services,
nothing when unchanged, and refusals for closed periods, unknown activities and reports saved
in Styrkedja after the download."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from styrkedja.audit.models import AuditEntry
from styrkedja.followup.models import ActivityReport, GoalReport
from styrkedja.followup.services import activity_report_set
from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.workbook.choices import ImportMode
from styrkedja.workbook.errors import WorkbookInvalid
from styrkedja.workbook.services import workbook_export, workbook_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_2025(db):
    """Mjölby 2025, made by carry-over: T1 open, nothing reported yet."""
    return plan_get_by_name(name="mjolby/ks/2025")


@pytest.fixture
def controller(db):
    return get_user_model().objects.create_user("controllern")


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _report(workbook, sheet: str, **values) -> int:
    worksheet = workbook[sheet]
    headers = [cell.value for cell in worksheet[1]]
    worksheet.append([values.get(header) for header in headers])
    return worksheet.max_row


def _counts():
    return ActivityReport.objects.count(), GoalReport.objects.count(), AuditEntry.objects.count()


def test_changed_reports_become_new_history_rows_by_the_importer(plan_2025, controller):
    workbook = load_workbook(io.BytesIO(workbook_export(plan=plan_2025)))
    first = plan_2025.activities.order_by("order").first()
    _report(
        workbook, "Aktivitetsrapporter", Aktivitet=1, Period="T1", Status="Pågår", Kommentar="Utkast klart."
    )
    _report(workbook, "Målrapporter", Mål="kf1", Period="T1", Kommentar="Arbetet har börjat.")
    content = _save(workbook)

    result = workbook_import(
        municipality=plan_2025.municipality, content=content, filename="t1.xlsx", mode=ImportMode.UPDATE,
        user=controller,
    )  # fmt: skip

    assert result.plan == plan_2025 and result.mode == ImportMode.UPDATE
    assert (result.updated.activity_reports, result.updated.goal_reports) == (1, 1)
    report = ActivityReport.objects.get(activity=first)
    assert (report.period.code, report.status, report.comment, report.created_by) == (
        "T1", "ongoing", "Utkast klart.", controller,
    )  # fmt: skip
    goal_report = GoalReport.objects.get(goal__plan=plan_2025)
    assert (goal_report.goal.key, goal_report.comment, goal_report.created_by) == (
        "kf1", "Arbetet har börjat.", controller,
    )  # fmt: skip
    actions = list(AuditEntry.objects.filter(user=controller).values_list("action", flat=True))
    assert sorted(actions) == [
        "followup.activity_report.set", "followup.goal_report.set", "workbook.plan.updated",
    ]  # fmt: skip

    # The same workbook again changes nothing.
    before = _counts()
    again = workbook_import(municipality=plan_2025.municipality, content=content, filename="t1.xlsx",
                            mode=ImportMode.UPDATE, user=controller)  # fmt: skip
    assert (again.updated.activity_reports, again.updated.goal_reports) == (0, 0)
    assert _counts()[:2] == before[:2]

    # A new row for the same activity and period is the next report; the history keeps both.
    workbook = load_workbook(io.BytesIO(workbook_export(plan=plan_2025)))
    _report(workbook, "Aktivitetsrapporter", Aktivitet=1, Period="T1", Status="Klart", Kommentar="Antagen.")
    workbook_import(municipality=plan_2025.municipality, content=_save(workbook), filename="t1b.xlsx",
                    mode=ImportMode.UPDATE, user=controller)  # fmt: skip
    assert list(first.reports.order_by("created_at", "id").values_list("status", flat=True)) == [
        "ongoing", "done",
    ]  # fmt: skip


def test_a_report_saved_in_styrkedja_after_the_download_is_not_overwritten(plan_2025, controller):
    workbook = load_workbook(io.BytesIO(workbook_export(plan=plan_2025)))
    # Downloaded an hour ago; Excel keeps the time the file was made when it saves.
    workbook.properties.created = workbook.properties.created - datetime.timedelta(hours=1)
    row = _report(workbook, "Aktivitetsrapporter", Aktivitet=1, Period="T1", Status="Klart")
    first = plan_2025.activities.order_by("order").first()
    activity_report_set(activity=first, period=plan_2025.periods.get(code="T1"), status="ongoing",
                        comment="Skrivet i appen.")  # fmt: skip
    before = _counts()
    with pytest.raises(WorkbookInvalid) as raised:
        workbook_import(municipality=plan_2025.municipality, content=_save(workbook), filename="x.xlsx",
                        mode=ImportMode.UPDATE, user=controller)  # fmt: skip
    (error,) = raised.value.errors
    assert (error.sheet, error.row, error.column) == ("Aktivitetsrapporter", row, "Status")
    assert "har ändrats i Styrkedja sedan arbetsboken laddades ner (nu: Pågår – Skrivet i appen.)" in str(
        error
    )
    assert _counts() == before


def test_every_refused_row_is_listed_and_nothing_is_changed(controller):
    plan = plan_get_by_name(name="mjolby/ks/2024")  # every period closed
    workbook = load_workbook(io.BytesIO(workbook_export(plan=plan)))
    reports = workbook["Aktivitetsrapporter"]
    closed_row = 2
    reports.cell(
        row=closed_row, column=3, value="Ej inledd" if reports["C2"].value != "Ej inledd" else "Pågår"
    )
    workbook["Aktiviteter"]["C3"] = "En aktivitet som inte finns"
    renamed = [r for r in range(2, reports.max_row + 1) if reports.cell(row=r, column=1).value == 2]
    before = _counts()
    with pytest.raises(WorkbookInvalid) as raised:
        workbook_import(municipality=plan.municipality, content=_save(workbook), filename="x.xlsx",
                        mode=ImportMode.UPDATE, user=controller)  # fmt: skip
    found = {(e.sheet, e.row, e.column): e.message for e in raised.value.errors}
    assert "Perioden T3 – Årsredovisning är stängd" in found[("Aktivitetsrapporter", closed_row, "Status")]
    assert "finns inte under målet" in found[("Aktivitetsrapporter", renamed[-1], "Aktivitet")]
    assert _counts() == before


def test_there_is_nothing_to_update_in_a_plan_that_does_not_exist(plan_2025, controller):
    workbook = load_workbook(io.BytesIO(workbook_export(plan=plan_2025)))
    workbook["Plan"]["B2"] = 2040
    with pytest.raises(WorkbookInvalid) as raised:
        workbook_import(municipality=plan_2025.municipality, content=_save(workbook), filename="x.xlsx",
                        mode=ImportMode.UPDATE, user=controller)  # fmt: skip
    (error,) = raised.value.errors
    assert str(error).startswith("Bladet ”Plan”, rad 2, kolumn B ”År”: planen finns inte")


def _rows_of(workbook, sheet: str, **match) -> list[int]:
    worksheet = workbook[sheet]
    headers = [cell.value for cell in worksheet[1]]
    return [
        number
        for number in range(2, worksheet.max_row + 1)
        if all(worksheet.cell(row=number, column=headers.index(h) + 1).value == v for h, v in match.items())
    ]


def _set(workbook, sheet: str, row: int, header: str, value) -> None:
    worksheet = workbook[sheet]
    headers = [cell.value for cell in worksheet[1]]
    worksheet.cell(row=row, column=headers.index(header) + 1, value=value)


@pytest.fixture
def history_of_two(plan_2025, controller):
    """The first activity of Mjölby 2025 reported twice at T1: a history of two rows."""
    activity = plan_2025.activities.order_by("order").first()
    t1 = plan_2025.periods.get(code="T1")
    activity_report_set(
        activity=activity, period=t1, status="not_started", comment="Planeras.", user=controller
    )
    activity_report_set(
        activity=activity, period=t1, status="ongoing", comment="Har börjat.", user=controller
    )
    return activity


def test_an_edit_to_an_older_row_of_the_history_is_named_not_ignored(plan_2025, controller, history_of_two):
    workbook = load_workbook(io.BytesIO(workbook_export(plan=plan_2025)))
    older, _last = _rows_of(workbook, "Aktivitetsrapporter", Aktivitet=1, Period="T1")
    _set(workbook, "Aktivitetsrapporter", older, "Kommentar", "Planeras (rättat).")
    before = _counts()
    with pytest.raises(WorkbookInvalid) as raised:
        workbook_import(municipality=plan_2025.municipality, content=_save(workbook), filename="x.xlsx",
                        mode=ImportMode.UPDATE, user=controller)  # fmt: skip
    (error,) = raised.value.errors
    assert (error.sheet, error.row, error.column) == ("Aktivitetsrapporter", older, "Status")
    assert "ändrar en äldre rapport i historiken" in error.message
    assert _counts() == before


def test_an_edit_to_the_last_row_and_rows_added_below_it_are_each_applied(
    plan_2025, controller, history_of_two
):
    workbook = load_workbook(io.BytesIO(workbook_export(plan=plan_2025)))
    _older, last = _rows_of(workbook, "Aktivitetsrapporter", Aktivitet=1, Period="T1")
    _set(workbook, "Aktivitetsrapporter", last, "Kommentar", "Har börjat, med utredningen.")
    _report(
        workbook, "Aktivitetsrapporter", Aktivitet=1, Period="T1", Status="Klart", Kommentar="Klart i maj."
    )
    result = workbook_import(municipality=plan_2025.municipality, content=_save(workbook), filename="x.xlsx",
                             mode=ImportMode.UPDATE, user=controller)  # fmt: skip
    assert result.updated.activity_reports == 2
    history = list(history_of_two.reports.order_by("created_at", "id").values_list("status", "comment"))
    assert history == [
        ("not_started", "Planeras."),
        ("ongoing", "Har börjat."),
        ("ongoing", "Har börjat, med utredningen."),
        ("done", "Klart i maj."),
    ]


def test_a_workbook_with_older_rows_left_out_changes_only_what_it_adds(plan_2025, controller, history_of_two):
    workbook = load_workbook(io.BytesIO(workbook_export(plan=plan_2025)))
    older, _last = _rows_of(workbook, "Aktivitetsrapporter", Aktivitet=1, Period="T1")
    workbook["Aktivitetsrapporter"].delete_rows(older)
    result = workbook_import(municipality=plan_2025.municipality, content=_save(workbook), filename="x.xlsx",
                             mode=ImportMode.UPDATE, user=controller)  # fmt: skip
    assert result.updated.activity_reports == 0
    assert history_of_two.reports.count() == 2


def test_a_row_that_repeats_the_current_report_is_not_counted_as_a_change(
    plan_2025, controller, history_of_two
):
    workbook = load_workbook(io.BytesIO(workbook_export(plan=plan_2025)))
    _report(
        workbook, "Aktivitetsrapporter", Aktivitet=1, Period="T1", Status="Pågår", Kommentar="Har börjat."
    )
    result = workbook_import(municipality=plan_2025.municipality, content=_save(workbook), filename="x.xlsx",
                             mode=ImportMode.UPDATE, user=controller)  # fmt: skip
    assert result.updated.activity_reports == 0
    assert history_of_two.reports.count() == 2
