from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from styrkedja.audit.models import AuditEntry
from styrkedja.audit.selectors import audit_entries_for
from styrkedja.followup.choices import Assessment, ReportStatus
from styrkedja.followup.models import ActivityReport, GoalReport
from styrkedja.followup.selectors import activity_report_current
from styrkedja.followup.services import (
    PeriodClosed,
    PeriodNotOpen,
    ReportConflict,
    activity_report_set,
    goal_report_set,
    period_close,
    period_open,
    period_reopen,
)


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("rapportor", password="x")


def test_a_report_adds_a_row_and_keeps_the_earlier_one(build_plan, user):
    b = build_plan()
    activity = b.activity(b.goal("g1"))
    period = b.periods["T1"]

    activity_report_set(
        activity=activity, period=period, status=ReportStatus.ONGOING, comment="Start", user=user
    )
    activity_report_set(
        activity=activity, period=period, status=ReportStatus.DONE, comment="Klart nu", user=user
    )

    rows = list(activity.reports.filter(period=period).values_list("status", "comment"))
    assert rows == [(ReportStatus.ONGOING, "Start"), (ReportStatus.DONE, "Klart nu")]
    assert activity_report_current(activity=activity, period=period).comment == "Klart nu"


def test_unchanged_report_adds_no_row(build_plan, user):
    b = build_plan()
    activity = b.activity(b.goal("g1"))
    period = b.periods["T1"]
    first = activity_report_set(activity=activity, period=period, status=ReportStatus.ONGOING, comment="A")

    again = activity_report_set(activity=activity, period=period, status=ReportStatus.ONGOING, comment="A")

    assert again == first
    assert activity.reports.count() == 1


def test_every_change_is_in_the_audit_log_with_before_and_after(build_plan, user):
    b = build_plan()
    activity = b.activity(b.goal("g1"))
    period = b.periods["T2"]
    activity_report_set(activity=activity, period=period, status=ReportStatus.ONGOING, comment="A", user=user)
    activity_report_set(activity=activity, period=period, status=ReportStatus.DONE, comment="B", user=user)

    entries = list(audit_entries_for(municipality=b.municipality, obj=activity))

    assert [entry.data["status"] for entry in entries] == [["ongoing", "done"], [None, "ongoing"]]
    assert entries[0].data["comment"] == ["A", "B"]
    assert {entry.user for entry in entries} == {user}


def test_closing_a_period_makes_its_reports_read_only(build_plan, user):
    b = build_plan()
    goal = b.goal("g1")
    activity = b.activity(goal)
    period = b.periods["T1"]
    activity_report_set(activity=activity, period=period, status=ReportStatus.ONGOING, comment="Före")

    period_close(period=period, user=user)

    with pytest.raises(PeriodClosed, match="stängd"):
        activity_report_set(activity=activity, period=period, status=ReportStatus.DONE, comment="Efter")
    with pytest.raises(PeriodClosed):
        goal_report_set(goal=goal, period=period, comment="Efter")
    assert list(ActivityReport.objects.filter(activity=activity).values_list("comment", flat=True)) == [
        "Före"
    ]
    assert not GoalReport.objects.filter(goal=goal).exists()
    # Other periods stay open.
    activity_report_set(activity=activity, period=b.periods["T2"], status=ReportStatus.DONE)


def test_a_closed_period_cannot_be_closed_twice(build_plan):
    b = build_plan()
    period_close(period=b.periods["T1"])
    with pytest.raises(PeriodClosed):
        period_close(period=b.periods["T1"])


def test_reopening_needs_a_reason_and_logs_it(build_plan, user):
    b = build_plan()
    period = period_close(period=b.periods["T1"], user=user)

    with pytest.raises(ValidationError, match="skäl"):
        period_reopen(period=period, reason="  ", user=user)
    period = period_reopen(period=period, reason="Ekonomiavdelningen rapporterade fel status", user=user)

    assert not period.is_closed
    entry = AuditEntry.objects.filter(action="followup.period.reopened").get()
    assert entry.data == {"reason": "Ekonomiavdelningen rapporterade fel status"}
    activity = b.activity(b.goal("g1"))
    activity_report_set(activity=activity, period=period, status=ReportStatus.DONE)


def test_goal_report_keeps_history_and_checks_the_assessment(build_plan):
    b = build_plan()
    goal = b.goal("g1")
    period = b.periods["T1"]
    goal_report_set(goal=goal, period=period, comment="Prognos", assessment=Assessment.LIKELY)
    goal_report_set(goal=goal, period=period, comment="Prognos", assessment=Assessment.UNCERTAIN)

    assert list(goal.reports.values_list("assessment", flat=True)) == ["likely", "uncertain"]
    with pytest.raises(ValidationError, match="bedömning"):
        goal_report_set(goal=goal, period=period, assessment="kanske")


def test_a_report_must_be_for_a_period_of_the_activitys_plan(build_plan, mjolby_plan):
    b = build_plan()
    activity = b.activity(b.goal("g1"))
    other_period = mjolby_plan.periods.get(code="T1")
    with pytest.raises(ValidationError, match="plan"):
        activity_report_set(activity=activity, period=other_period, status=ReportStatus.DONE)


def test_unknown_status_is_refused(build_plan):
    b = build_plan()
    activity = b.activity(b.goal("g1"))
    with pytest.raises(ValidationError, match="status"):
        activity_report_set(activity=activity, period=b.periods["T1"], status="färdig")


def test_a_planned_period_takes_no_reports_until_it_is_opened(build_plan, user):
    b = build_plan()
    activity = b.activity(b.goal("g1"))
    period = b.periods["T2"]
    period.opened_at = None
    period.save()

    with pytest.raises(PeriodNotOpen, match="inte öppnad"):
        activity_report_set(activity=activity, period=period, status=ReportStatus.ONGOING)
    period = period_open(period=period, due_on=datetime.date(2024, 9, 10), user=user)

    assert (period.state, period.due_on) == ("open", datetime.date(2024, 9, 10))
    entry = AuditEntry.objects.get(action="followup.period.opened", municipality=b.municipality)
    assert entry.data == {"due_on": "2024-09-10"}
    activity_report_set(activity=activity, period=period, status=ReportStatus.ONGOING)
    with pytest.raises(ValidationError, match="redan öppnad"):
        period_open(period=period)


def test_a_report_saved_in_between_is_a_conflict_and_nothing_is_overwritten(build_plan, user):
    b = build_plan()
    activity = b.activity(b.goal("g1"))
    period = b.periods["T1"]
    # Both writers open the form while there is no report (based_on=None).
    first = activity_report_set(
        activity=activity, period=period, status=ReportStatus.ONGOING, comment="Förstas text", based_on=None
    )

    with pytest.raises(ReportConflict) as conflict:
        activity_report_set(
            activity=activity, period=period, status=ReportStatus.DONE, comment="Andras text", based_on=None
        )

    assert conflict.value.current == first
    assert list(activity.reports.values_list("comment", flat=True)) == ["Förstas text"]
    # Having seen the first report, the second writer may replace it.
    activity_report_set(
        activity=activity, period=period, status=ReportStatus.DONE, comment="Andras text", based_on=first.pk
    )
    assert activity_report_current(activity=activity, period=period).comment == "Andras text"


def test_a_goal_report_saved_in_between_is_a_conflict(build_plan):
    b = build_plan()
    goal = b.goal("g1")
    period = b.periods["T1"]
    first = goal_report_set(goal=goal, period=period, comment="A", based_on=None)
    second = goal_report_set(goal=goal, period=period, comment="B", based_on=first)

    with pytest.raises(ReportConflict):
        goal_report_set(goal=goal, period=period, comment="C", based_on=first)
    assert list(goal.reports.values_list("comment", flat=True)) == ["A", "B"]
    assert second.comment == "B"
