"""Every text has a limit a document can hold, said in its form and kept by every way in."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from styrkedja import text_limits
from styrkedja.followup.models import ActivityReport
from styrkedja.followup.services import activity_report_set, goal_report_set
from styrkedja.goals.forms import GoalForm
from styrkedja.plandata.exporter import plan_data
from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.workbook.choices import ImportMode
from styrkedja.workbook.errors import WorkbookInvalid
from styrkedja.workbook.services import workbook_export, workbook_import

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def plan_2025(members):
    return plan_get_by_name(name="mjolby/ks/2025")


@pytest.fixture
def own_activity(plan_2025):
    return (
        plan_2025.activities.filter(responsible_unit__name="Kommunledningskontoret").order_by("order").first()
    )


def test_the_message_says_how_long_the_text_is_and_may_be():
    assert text_limits.too_long("x" * 6_000, text_limits.COMMENT) is None
    assert text_limits.too_long("x" * 6_001, text_limits.COMMENT) == (
        "Texten är 6001 tecken lång men får vara högst 6000 tecken."
    )


def test_the_services_refuse_a_text_over_its_limit_and_write_nothing(plan_2025, own_activity):
    t1 = plan_2025.periods.get(code="T1")
    with pytest.raises(ValidationError) as raised:
        activity_report_set(activity=own_activity, period=t1, status="ongoing", comment="x" * 500_000)
    assert "högst 6000 tecken" in raised.value.message_dict["comment"][0]
    goal = own_activity.goal
    with pytest.raises(ValidationError) as raised:
        goal_report_set(goal=goal, period=t1, comment="ok", reason="x" * 2_001)
    assert "reason" in raised.value.message_dict
    form = GoalForm(
        {"level": goal.level_id, "text": goal.text, "motivation": "x" * 10_001}, instance=goal, plan=goal.plan
    )
    assert "motivation" in form.errors
    assert not ActivityReport.objects.filter(activity=own_activity).exists()


def test_the_report_form_states_the_limit_and_refuses_a_longer_comment(client_as, own_activity):
    client = client_as("mjolby-rapportor")
    page = client.get(reverse("followup:report", args=["ks", 2025, "T1"])).content.decode()
    assert "Högst 6000 tecken." in page
    assert 'maxlength="6000"' in page

    url = reverse("followup:activity_report", args=[own_activity.pk, "T1"])
    prefix = f"a{own_activity.pk}"
    data = {f"{prefix}-status": "ongoing", f"{prefix}-comment": "x" * 500_000, f"{prefix}-based_on": ""}
    response = client.post(url, data, **HTMX)

    assert response.status_code == 422
    assert "som mest 6000 tecken (den har 500000)" in response.content.decode()
    assert not own_activity.reports.exists()


def test_the_goal_form_states_the_limit_of_each_text(client_as, own_activity):
    goal = own_activity.goal
    url = reverse("planning:edit", args=[goal.plan.board.slug, goal.plan.year, "mal", goal.pk])
    page = client_as("mjolby-controller").get(url).content
    assert page.decode().count("Högst 10\u00a0000 tecken.") == 6


def test_a_workbook_cell_over_the_limit_is_a_fault_at_the_cell(plan_2025, members):
    workbook = load_workbook(io.BytesIO(workbook_export(plan=plan_2025)))
    workbook["Aktivitetsrapporter"].append([1, "T1", "Pågår", "x" * 6_001])
    row = workbook["Aktivitetsrapporter"].max_row
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = plan_data(plan_2025)
    with pytest.raises(WorkbookInvalid) as raised:
        workbook_import(municipality=plan_2025.municipality, content=buffer.getvalue(), filename="x.xlsx",
                        mode=ImportMode.UPDATE, user=members["mjolby-controller"])  # fmt: skip
    (error,) = raised.value.errors
    assert (error.sheet, error.row, error.column) == ("Aktivitetsrapporter", row, "Kommentar")
    assert "6001 tecken lång men får vara högst 6000" in error.message
    assert plan_data(plan_2025) == before


def test_a_text_is_kept_with_plain_line_ends_and_no_control_characters_so_every_document_can_hold_it(
    plan_2025, own_activity
):
    from styrkedja.documents.services import document_render

    t1 = plan_2025.periods.get(code="T1")
    pasted = "Första raden.\r\nAndra\x0braden från en PDF.\r\n\r\nNytt stycke."
    report = activity_report_set(activity=own_activity, period=t1, status="ongoing", comment=pasted)
    assert report.comment == "Första raden.\nAndraraden från en PDF.\n\nNytt stycke."
    for format in ("docx", "pdf", "xlsx", "html"):
        assert document_render(plan=plan_2025, period=t1, format=format).content
