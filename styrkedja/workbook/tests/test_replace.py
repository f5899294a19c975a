"""Replacing a plan from a workbook lays the workbook over the plan in place: what it still holds
keeps its id, author and time; a closed period is never touched or reopened; the organisation is
the administratör's."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from styrkedja.activities.models import Activity
from styrkedja.audit.models import AuditEntry
from styrkedja.followup.models import ActivityReport, FollowUpPeriod, GoalReport
from styrkedja.followup.services import activity_report_set, period_close
from styrkedja.plandata.exporter import plan_data
from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.tenancy.models import OrgUnit, Partner
from styrkedja.workbook.choices import ImportMode
from styrkedja.workbook.errors import WorkbookInvalid
from styrkedja.workbook.services import workbook_export, workbook_import

pytestmark = pytest.mark.django_db


def _open(content: bytes):
    return load_workbook(io.BytesIO(content))


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column(worksheet, header: str) -> int:
    return [cell.value for cell in worksheet[1]].index(header) + 1


def _rows(worksheet, **match) -> list[int]:
    return [
        number
        for number in range(2, worksheet.max_row + 1)
        if all(worksheet.cell(row=number, column=_column(worksheet, h)).value == v for h, v in match.items())
    ]


def _replace(plan, content: bytes, user):
    return workbook_import(
        municipality=plan.municipality,
        content=content,
        filename="plan.xlsx",
        mode=ImportMode.REPLACE,
        user=user,
    )


def _reports(plan) -> list[tuple]:
    """Every report row of the plan as it is kept: id, author, time and values."""
    rows = list(
        ActivityReport.objects.filter(activity__plan=plan).values_list(
            "pk", "activity_id", "period_id", "created_by_id", "created_at", "status", "comment"
        )
    )
    rows += list(
        GoalReport.objects.filter(goal__plan=plan).values_list(
            "pk", "goal_id", "period_id", "created_by_id", "created_at", "assessment", "comment"
        )
    )
    return sorted(rows, key=str)


def _periods(plan) -> list[tuple]:
    return list(plan.periods.order_by("code").values_list("pk", "code", "opened_at", "closed_at"))


@pytest.fixture
def plan_2024(members):
    """Mjölby 2024, every period closed, with some reports written by people (as in real use)."""
    plan = plan_get_by_name(name="mjolby/ks/2024")
    ActivityReport.objects.filter(activity__plan=plan).update(created_by=members["mjolby-rapportor"])
    return plan


def test_a_plans_own_workbook_read_back_with_replace_changes_nothing(plan_2024, members, client_as):
    controller = members["mjolby-controller"]
    before_reports, before_periods = _reports(plan_2024), _periods(plan_2024)
    activities = set(plan_2024.activities.values_list("pk", flat=True))
    authored = sum(1 for row in before_reports if row[3] == members["mjolby-rapportor"].pk)
    assert authored == ActivityReport.objects.filter(activity__plan=plan_2024).count() > 0

    result = _replace(plan_2024, workbook_export(plan=plan_2024), controller)

    assert result.plan.pk == plan_2024.pk
    assert _reports(plan_2024) == before_reports  # ids, authors and times all kept
    assert _periods(plan_2024) == before_periods  # no period reopened
    assert set(plan_2024.activities.values_list("pk", flat=True)) == activities
    first = min(activities)
    response = client_as("mjolby-controller").get(f"/aktiviteter/{first}/")
    assert response.status_code == 200


def test_a_change_to_a_closed_periods_report_is_refused_at_its_row(plan_2024, members):
    workbook = _open(workbook_export(plan=plan_2024))
    sheet = workbook["Aktivitetsrapporter"]
    row = _rows(sheet, Period="T3")[0]
    sheet.cell(row=row, column=_column(sheet, "Kommentar"), value="Skrivet om i efterhand.")
    added = sheet.max_row + 1
    sheet.cell(row=added, column=_column(sheet, "Aktivitet"), value=1)
    sheet.cell(row=added, column=_column(sheet, "Period"), value="T2")
    sheet.cell(row=added, column=_column(sheet, "Status"), value="Klart")
    before, data = _reports(plan_2024), plan_data(plan_2024)

    with pytest.raises(WorkbookInvalid) as raised:
        _replace(plan_2024, _save(workbook), members["mjolby-controller"])

    faults = {(e.sheet, e.row): e.message for e in raised.value.errors}
    assert "perioden T3 är stängd" in faults[("Aktivitetsrapporter", row)]
    assert "perioden T2 är stängd" in faults[("Aktivitetsrapporter", added)]
    assert _reports(plan_2024) == before and plan_data(plan_2024) == data


def test_a_workbook_never_reopens_a_closed_period(plan_2024, members):
    workbook = _open(workbook_export(plan=plan_2024))
    sheet = workbook["Perioder"]
    (row,) = _rows(sheet, Kod="T3")
    sheet.cell(row=row, column=_column(sheet, "Stängd"), value="nej")
    before = _periods(plan_2024)

    with pytest.raises(WorkbookInvalid) as raised:
        _replace(plan_2024, _save(workbook), members["mjolby-controller"])

    (error,) = raised.value.errors
    assert (error.sheet, error.row, error.column) == ("Perioder", row, "Stängd")
    assert "perioden T3 är stängd i Styrkedja" in error.message and "periodsidan" in error.message
    assert _periods(plan_2024) == before


def test_an_activity_reported_in_a_closed_period_cannot_be_removed(plan_2024, members):
    workbook = _open(workbook_export(plan=plan_2024))
    activities = workbook["Aktiviteter"]
    title = activities.cell(row=2, column=_column(activities, "Aktivitet")).value
    number = activities.cell(row=2, column=_column(activities, "Nr")).value
    activities.delete_rows(2)
    reports = workbook["Aktivitetsrapporter"]
    for row in reversed(_rows(reports, Aktivitet=number)):
        reports.delete_rows(row)
    samverkan = workbook["Samverkan"]
    for row in reversed(_rows(samverkan, Aktivitet=number)):
        samverkan.delete_rows(row)
    before = plan_data(plan_2024)

    with pytest.raises(WorkbookInvalid) as raised:
        _replace(plan_2024, _save(workbook), members["mjolby-controller"])

    messages = [e for e in raised.value.errors if e.sheet == "Aktiviteter" and e.row is None]
    assert len(messages) == 1 and title[:30] in messages[0].message
    assert "har rapporter i den stängda perioden T3" in messages[0].message
    assert plan_data(plan_2024) == before


def test_a_corrected_title_keeps_the_activity_its_address_and_its_history(members):
    plan = plan_get_by_name(name="mjolby/ks/2025")
    t1 = plan.periods.get(code="T1")
    reporter, controller = members["mjolby-rapportor"], members["mjolby-controller"]
    activity = plan.activities.order_by("order").first()
    written = activity_report_set(
        activity=activity, period=t1, status="ongoing", comment="Börjat.", user=reporter
    )
    workbook = _open(workbook_export(plan=plan))
    sheet = workbook["Aktiviteter"]
    (row,) = _rows(sheet, Aktivitet=activity.title)
    sheet.cell(row=row, column=_column(sheet, "Aktivitet"), value=activity.title + " (rättad)")

    _replace(plan, _save(workbook), controller)

    kept = Activity.objects.get(pk=activity.pk)
    assert kept.title == activity.title + " (rättad)"
    assert list(kept.reports.values_list("pk", "created_by", "comment")) == [
        (written.pk, reporter.pk, "Börjat.")
    ]
    entry = AuditEntry.objects.get(action="activities.activity.changed", object_id=str(activity.pk))
    assert entry.data["title"] == [activity.title, activity.title + " (rättad)"]


def test_replace_from_an_old_workbook_does_not_overwrite_a_newer_report(members):
    plan = plan_get_by_name(name="mjolby/ks/2025")
    t1 = plan.periods.get(code="T1")
    reporter, controller = members["mjolby-rapportor"], members["mjolby-controller"]
    activity = plan.activities.order_by("order").first()
    activity_report_set(activity=activity, period=t1, status="not_started", comment="A", user=reporter)
    workbook = _open(workbook_export(plan=plan))
    workbook.properties.created = workbook.properties.created - datetime.timedelta(hours=1)
    activity_report_set(activity=activity, period=t1, status="ongoing", comment="B", user=reporter)
    sheet = workbook["Aktivitetsrapporter"]
    (row,) = _rows(sheet, Aktivitet=1, Period="T1")
    sheet.cell(row=row, column=_column(sheet, "Kommentar"), value="C")

    with pytest.raises(WorkbookInvalid) as raised:
        _replace(plan, _save(workbook), controller)

    (error,) = raised.value.errors
    assert (error.sheet, error.row) == ("Aktivitetsrapporter", row)
    assert "har ändrats i Styrkedja sedan arbetsboken laddades ner" in error.message
    assert list(activity.reports.values_list("comment", flat=True)) == ["A", "B"]


def test_replace_writes_no_report_into_an_unopened_period_and_no_assessment_without_its_reason(members):
    plan = plan_get_by_name(name="mjolby/ks/2025")
    controller = members["mjolby-controller"]
    workbook = _open(workbook_export(plan=plan))
    workbook["Aktivitetsrapporter"].append([1, "T2", "Pågår", "För tidigt."])
    unopened = workbook["Aktivitetsrapporter"].max_row
    goal = plan.activities.order_by("order").first().goal
    goals = workbook["Målrapporter"]
    headers = [cell.value for cell in goals[1]]
    goals.append([{"Mål": goal.key, "Period": "T1", "Bedömning": "Uppnått"}.get(h) for h in headers])
    departing = goals.max_row
    before = plan_data(plan)

    with pytest.raises(WorkbookInvalid) as raised:
        _replace(plan, _save(workbook), controller)

    faults = {(e.sheet, e.row): e.message for e in raised.value.errors}
    assert "perioden T2 är inte öppnad för rapportering" in faults[("Aktivitetsrapporter", unopened)]
    assert "avviker från förslaget" in faults[("Målrapporter", departing)]
    assert plan_data(plan) == before


def test_in_an_open_period_new_rows_are_added_by_the_importer_and_the_old_ones_kept(members):
    plan = plan_get_by_name(name="mjolby/ks/2025")
    t1 = plan.periods.get(code="T1")
    reporter, controller = members["mjolby-rapportor"], members["mjolby-controller"]
    first, second = plan.activities.order_by("order")[:2]
    written = activity_report_set(
        activity=first, period=t1, status="ongoing", comment="Börjat.", user=reporter
    )
    workbook = _open(workbook_export(plan=plan))
    sheet = workbook["Aktivitetsrapporter"]
    sheet.append([2, "T1", "Klart", "Klart i april."])

    _replace(plan, _save(workbook), controller)

    kept = ActivityReport.objects.get(pk=written.pk)
    assert (kept.created_by, kept.created_at, kept.comment) == (reporter, written.created_at, "Börjat.")
    added = second.reports.get()
    assert (added.status, added.comment, added.created_by) == ("done", "Klart i april.", controller)
    entry = AuditEntry.objects.get(action="followup.activity_report.set", object_id=str(second.pk))
    assert entry.user == controller and entry.data["comment"] == [None, "Klart i april."]

    # Closed, the period refuses the same kind of row; the report written before stays.
    period_close(period=t1, user=controller)
    closed_at = FollowUpPeriod.objects.get(pk=t1.pk).closed_at
    workbook = _open(workbook_export(plan=plan))
    workbook["Aktivitetsrapporter"].append([3, "T1", "Pågår", "Efter stängningen."])
    with pytest.raises(WorkbookInvalid):
        _replace(plan, _save(workbook), controller)
    assert FollowUpPeriod.objects.get(pk=t1.pk).closed_at == closed_at
    assert not plan.activities.order_by("order")[2].reports.exists()


def test_a_controller_cannot_change_the_organisation_through_a_workbook(plan_2024, members):
    workbook = _open(workbook_export(plan=plan_2024))
    units = workbook["Enheter"]
    (moved,) = _rows(units, Namn="HR- och löneavd.")
    units.cell(row=moved, column=_column(units, "Överordnad enhet"), value="Kultur- och fritidsförvaltningen")
    units.append(["Ny enhet", "Kommunstyrelsen", "Avdelning"])
    new_unit_row = units.max_row
    workbook["Externa parter"].append(["Ny part AB"])
    new_partner_row = workbook["Externa parter"].max_row
    before = (OrgUnit.objects.count(), Partner.objects.count(), AuditEntry.objects.count())
    hr = OrgUnit.objects.get(municipality=plan_2024.municipality, name="HR- och löneavd.")

    with pytest.raises(WorkbookInvalid) as raised:
        _replace(plan_2024, _save(workbook), members["mjolby-controller"])

    faults = {(e.sheet, e.row, e.column): e.message for e in raised.value.errors}
    assert set(faults) == {
        ("Enheter", moved, "Överordnad enhet"),
        ("Enheter", new_unit_row, "Namn"),
        ("Externa parter", new_partner_row, "Namn"),
    }
    assert (
        "har överordnad enhet ”Kommunstyrelsens förvaltning” i Styrkedja"
        in faults[("Enheter", moved, "Överordnad enhet")]
    )
    assert all("administratör" in message for message in faults.values())
    assert (OrgUnit.objects.count(), Partner.objects.count(), AuditEntry.objects.count()) == before
    assert OrgUnit.objects.get(pk=hr.pk).parent_id == hr.parent_id

    # The administratör may; each unit and partner made is in the audit log with its author.
    administrator = members["mjolby-administrator"]
    _replace(plan_2024, _save(workbook), administrator)
    unit = OrgUnit.objects.get(municipality=plan_2024.municipality, name="Ny enhet")
    created = AuditEntry.objects.get(action="tenancy.unit.created", object_id=str(unit.pk))
    assert created.user == administrator
    partner = Partner.objects.get(municipality=plan_2024.municipality, name="Ny part AB")
    assert (
        AuditEntry.objects.get(action="tenancy.partner.created", object_id=str(partner.pk)).user
        == administrator
    )
    moved_entry = AuditEntry.objects.get(action="tenancy.unit.changed", object_id=str(hr.pk))
    assert moved_entry.user == administrator
    assert moved_entry.data["parent"] == ["Kommunstyrelsens förvaltning", "Kultur- och fritidsförvaltningen"]


def test_a_workbook_create_records_who_read_it_in(mjolby_plan, members):
    workbook = _open(workbook_export(plan=mjolby_plan))
    workbook["Plan"]["B2"] = 2032
    controller = members["mjolby-controller"]
    result = workbook_import(
        municipality=mjolby_plan.municipality, content=_save(workbook), filename="ny.xlsx", user=controller
    )
    entries = AuditEntry.objects.filter(object_type="plans.plan", object_id=str(result.plan.pk))
    assert {entry.action for entry in entries} == {"plandata.plan.loaded", "workbook.plan.imported"}
    assert {entry.user for entry in entries} == {controller}


def test_a_replaced_activitys_changed_fields_are_in_its_history(members):
    plan = plan_get_by_name(name="mjolby/ks/2025")
    workbook = _open(workbook_export(plan=plan))
    sheet = workbook["Aktiviteter"]
    first = plan.activities.order_by("order").first()
    sheet.cell(row=2, column=_column(sheet, "Anmärkning"), value="Flyttad till hösten.")
    controller = members["mjolby-controller"]
    _replace(plan, _save(workbook), controller)
    assert Activity.objects.get(pk=first.pk).note == "Flyttad till hösten."
    entry = AuditEntry.objects.get(action="activities.activity.changed", object_id=str(first.pk))
    assert entry.user == controller and entry.data["note"] == [first.note, "Flyttad till hösten."]


def test_the_page_says_what_a_replace_removed_and_added(client_as, members):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    plan = plan_get_by_name(name="mjolby/ks/2025")
    workbook = _open(workbook_export(plan=plan))
    activities = workbook["Aktiviteter"]
    number = activities.cell(row=2, column=_column(activities, "Nr")).value
    activities.delete_rows(2)
    for sheet in ("Samverkan", "Aktivitetsrapporter"):
        for row in reversed(_rows(workbook[sheet], Aktivitet=number)):
            workbook[sheet].delete_rows(row)
    upload = SimpleUploadedFile("plan.xlsx", _save(workbook))
    response = client_as("mjolby-controller").post(
        reverse("workbook:import"), {"workbook": upload, "mode": "replace"}, follow=True
    )
    page = response.content.decode()
    assert "är ersatt av arbetsbokens innehåll. Borttaget: 1 aktivitet" in page


def test_a_controllers_new_unit_is_refused_at_its_row_also_where_an_activity_uses_it(plan_2024, members):
    workbook = _open(workbook_export(plan=plan_2024))
    workbook["Enheter"].append(["Ny enhet", "Kommunstyrelsen", "Avdelning"])
    new_unit = workbook["Enheter"].max_row
    activities = workbook["Aktiviteter"]
    activities.cell(row=2, column=_column(activities, "Ansvarig"), value="Ny enhet")

    with pytest.raises(WorkbookInvalid) as raised:
        _replace(plan_2024, _save(workbook), members["mjolby-controller"])

    (error,) = raised.value.errors
    assert (error.sheet, error.row, error.column) == ("Enheter", new_unit, "Namn")
    assert "administratör" in error.message


def test_an_adopted_plan_is_replaced_only_within_a_revision(plan_2024, members):
    from styrkedja.plans.services import plan_adopt, plan_revision_open

    controller = members["mjolby-controller"]
    content = workbook_export(plan=plan_2024)
    plan_adopt(
        plan=plan_2024,
        decided_by="KS",
        decided_on=datetime.date(2023, 12, 12),
        reference="§ 210",
        user=controller,
    )
    with pytest.raises(WorkbookInvalid) as raised:
        _replace(plan_2024, content, controller)
    assert "Påbörja en revision" in str(raised.value.errors)
    plan_revision_open(plan=plan_2024, reason="Nya indikatorer", user=controller)
    assert _replace(plan_2024, content, controller).plan.pk == plan_2024.pk
