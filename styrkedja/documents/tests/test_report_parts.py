"""A controller chooses on the documents page which parts the plan's follow-up reports show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from styrkedja.audit.models import AuditEntry
from styrkedja.plans.services import plan_report_parts_set

pytestmark = pytest.mark.django_db


def test_a_controller_turns_on_the_measure_tables_and_the_change_is_audited(client_as, mjolby_plan):
    controller = client_as("mjolby-controller")
    page = controller.get(reverse("documents:list", args=["ks", 2024])).content.decode()
    assert "Uppföljningsrapporternas delar" in page
    assert 'name="report_show_measure_tables"' in page

    response = controller.post(
        reverse("documents:report_parts", args=["ks", 2024]),
        {"report_show_activity_tables": "on", "report_show_measure_tables": "on", "report_show_charts": "on"},
    )

    assert response.status_code == 302
    mjolby_plan.refresh_from_db()
    assert mjolby_plan.report_show_measure_tables
    assert mjolby_plan.report_show_activity_tables and mjolby_plan.report_show_charts
    entry = AuditEntry.objects.filter(action="plans.plan.report_parts_set").get()
    assert entry.data == {"report_show_measure_tables": [False, True]}
    html = controller.get(reverse("documents:download", args=["ks", 2024, "html"]) + "?period=T3")
    assert '<th scope="col">Målvärde</th>' in html.content.decode()


def test_a_reader_sees_no_choice_and_may_not_post_one(client_as, mjolby_plan):
    reader = client_as("mjolby-lasare")
    page = reader.get(reverse("documents:list", args=["ks", 2024])).content.decode()
    assert "Uppföljningsrapporternas delar" not in page
    response = reader.post(reverse("documents:report_parts", args=["ks", 2024]), {"report_show_charts": "on"})
    assert response.status_code == 403
    mjolby_plan.refresh_from_db()
    assert mjolby_plan.report_show_activity_tables


def test_unchanged_choices_write_nothing(mjolby_plan):
    plan_report_parts_set(plan=mjolby_plan, report_show_charts=True, report_show_measure_tables=False)
    assert not AuditEntry.objects.filter(action="plans.plan.report_parts_set").exists()
