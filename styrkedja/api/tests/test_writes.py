"""Writes through the API: the pages' own services, rules and audit log; the services' refusals as
400 and 409 with their Swedish words, never a 500."""

from __future__ import annotations

import datetime

from django.urls import reverse

from styrkedja.audit.models import AuditEntry
from styrkedja.followup.models import ActivityReport, GoalReport
from styrkedja.indicators.models import IndicatorValue
from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.plans.services import plan_adopt

ACTIVITY_REPORTS = "/api/v1/activity-reports/"
GOAL_REPORTS = "/api/v1/goal-reports/"
VALUES = "/api/v1/indicator-values/"


def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_an_activity_report_is_the_row_the_page_writes_and_is_audited(
    api_as, client_as, members, mjolby_open_period
):
    activity, period = mjolby_open_period
    api = api_as("mjolby-rapportor")
    response = _post(
        api,
        ACTIVITY_REPORTS,
        {"activity": activity.pk, "period": period.pk, "status": "ongoing", "comment": "Pågår enligt plan "},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    report = ActivityReport.objects.get(pk=body["id"])
    assert (report.activity, report.period, report.status, report.comment) == (
        activity,
        period,
        "ongoing",
        "Pågår enligt plan",
    )
    assert report.created_by == members["mjolby-rapportor"]
    assert body["created_by"] == report.author_name
    entry = AuditEntry.objects.filter(
        action="followup.activity_report.set", object_id=str(activity.pk)
    ).latest("pk")
    assert entry.user == members["mjolby-rapportor"] and entry.data["status"] == [None, "ongoing"]
    # The page, given the same, sees nothing new: the same service, the same row.
    page = client_as("mjolby-rapportor").post(
        reverse("followup:activity_report", args=[activity.pk, period.code]),
        {
            f"a{activity.pk}-status": "ongoing",
            f"a{activity.pk}-comment": "Pågår enligt plan",
            f"a{activity.pk}-based_on": report.pk,
        },
    )
    assert page.status_code == 302
    assert ActivityReport.objects.filter(activity=activity, period=period).count() == 1
    # Sending the same again adds no row either, and says so with 200.
    again = _post(
        api,
        ACTIVITY_REPORTS,
        {
            "activity": activity.pk,
            "period": period.pk,
            "status": "ongoing",
            "comment": "Pågår enligt plan",
            "based_on": report.pk,
        },
    )
    assert again.status_code == 200 and again.json()["id"] == report.pk


def test_a_stale_based_on_gives_409_with_the_current_report_and_saves_nothing(api_as, mjolby_open_period):
    activity, period = mjolby_open_period
    api = api_as("mjolby-controller")
    first = _post(
        api,
        ACTIVITY_REPORTS,
        {"activity": activity.pk, "period": period.pk, "status": "ongoing", "based_on": None},
    )
    assert first.status_code == 201
    second = _post(
        api,
        ACTIVITY_REPORTS,
        {"activity": activity.pk, "period": period.pk, "status": "done", "based_on": first.json()["id"]},
    )
    assert second.status_code == 201
    stale = _post(
        api,
        ACTIVITY_REPORTS,
        {
            "activity": activity.pk,
            "period": period.pk,
            "status": "not_started",
            "comment": "Gammal",
            "based_on": first.json()["id"],
        },
    )
    assert stale.status_code == 409
    assert "ändrades" in stale.json()["detail"]
    assert stale.json()["current"]["id"] == second.json()["id"]
    assert ActivityReport.objects.filter(activity=activity, period=period).count() == 2
    # None says "there was no report": also stale now.
    assert (
        _post(
            api,
            ACTIVITY_REPORTS,
            {"activity": activity.pk, "period": period.pk, "status": "not_started", "based_on": None},
        ).status_code
        == 409
    )


def test_a_closed_or_unopened_period_is_refused_with_409(api_as, mjolby_plan):
    api = api_as("mjolby-administrator")
    activity = mjolby_plan.activities.order_by("pk").first()
    closed = mjolby_plan.periods.get(code="T3")
    before = ActivityReport.objects.count(), AuditEntry.objects.filter(action__startswith="followup.").count()
    response = _post(api, ACTIVITY_REPORTS, {"activity": activity.pk, "period": closed.pk, "status": "done"})
    assert response.status_code == 409
    assert "är stängd" in response.json()["detail"]
    goal = mjolby_plan.goals.order_by("pk").first()
    response = _post(api, GOAL_REPORTS, {"goal": goal.pk, "period": closed.pk, "comment": "För sent"})
    assert response.status_code == 409 and "är stängd" in response.json()["detail"]
    planned = plan_get_by_name(name="mjolby/ks/2025").periods.get(code="T2")
    activity_2025 = planned.plan.activities.order_by("pk").first()
    response = _post(
        api, ACTIVITY_REPORTS, {"activity": activity_2025.pk, "period": planned.pk, "status": "done"}
    )
    assert response.status_code == 409 and "inte öppnad" in response.json()["detail"]
    assert (
        ActivityReport.objects.count(),
        AuditEntry.objects.filter(action__startswith="followup.").count(),
    ) == before


def test_bad_input_gets_400_in_swedish(api_as, mjolby_open_period, mjolby_plan):
    activity, period = mjolby_open_period
    api = api_as("mjolby-controller")
    response = _post(api, ACTIVITY_REPORTS, {"activity": activity.pk, "period": period.pk, "status": "klar"})
    assert response.status_code == 400 and "status" in response.json()["errors"]
    response = _post(api, ACTIVITY_REPORTS, {"period": period.pk, "status": "done"})
    assert response.status_code == 400 and "obligatoriskt" in response.json()["errors"]["activity"][0]
    # A period of another plan: the service's own words.
    other_period = mjolby_plan.periods.get(code="T1")
    response = _post(
        api, ACTIVITY_REPORTS, {"activity": activity.pk, "period": other_period.pk, "status": "done"}
    )
    assert (
        response.status_code == 400
        and response.json()["detail"] == "Perioden hör inte till aktivitetens plan."
    )
    response = api.post(ACTIVITY_REPORTS, "inte json", content_type="application/json")
    assert response.status_code == 400
    response = _post(
        api,
        ACTIVITY_REPORTS,
        {"activity": activity.pk, "period": period.pk, "status": "done", "comment": "x" * 100_000},
    )
    assert response.status_code == 400 and "comment" in response.json()["errors"]


def test_a_goal_report_departing_from_the_proposal_needs_a_reason(api_as, mjolby_open_period, members):
    from styrkedja.followup.assessment import goal_assessment_proposal

    activity, period = mjolby_open_period
    goal = activity.goal
    proposal = goal_assessment_proposal(goal=goal, period=period)
    api = api_as("mjolby-controller")
    other = next(key for key in ("achieved", "not_achieved") if key != proposal.assessment)
    response = _post(
        api, GOAL_REPORTS, {"goal": goal.pk, "period": period.pk, "assessment": other, "comment": "Analys"}
    )
    if proposal.assessment:
        assert response.status_code == 400 and "reason" in response.json()["errors"]
        response = _post(
            api,
            GOAL_REPORTS,
            {
                "goal": goal.pk,
                "period": period.pk,
                "assessment": other,
                "comment": "Analys",
                "reason": "Därför",
            },
        )
    assert response.status_code == 201, response.json()
    report = GoalReport.objects.get(pk=response.json()["id"])
    assert (report.assessment, report.comment, report.created_by) == (
        other,
        "Analys",
        members["mjolby-controller"],
    )
    assert AuditEntry.objects.filter(action="followup.goal_report.set", object_id=str(goal.pk)).exists()
    response = _post(api, GOAL_REPORTS, {"goal": goal.pk, "period": period.pk, "assessment": "bra"})
    assert response.status_code == 400 and "bedömningsskala" in response.json()["detail"]


def test_the_report_lists_hold_only_the_current_report_and_filter(api_as, mjolby_open_period):
    activity, period = mjolby_open_period
    api = api_as("mjolby-controller")
    for status in ("not_started", "ongoing", "done"):
        assert (
            _post(
                api, ACTIVITY_REPORTS, {"activity": activity.pk, "period": period.pk, "status": status}
            ).status_code
            == 201
        )
    rows = api.get(ACTIVITY_REPORTS, {"activity": activity.pk, "period": period.pk}).json()["results"]
    assert [row["status"] for row in rows] == ["done"]
    rows = api.get(ACTIVITY_REPORTS, {"unit": activity.responsible_unit_id, "plan": period.plan_id}).json()[
        "results"
    ]
    assert rows and all(
        ActivityReport.objects.get(pk=row["id"]).activity.responsible_unit_id == activity.responsible_unit_id
        for row in rows
    )


def test_the_lists_filter_by_plan_year_unit_and_goal(api_as, mjolby_open_period):
    activity, period = mjolby_open_period
    api = api_as("mjolby-lasare", write=False)
    plans = api.get("/api/v1/plans/", {"year": 2025}).json()["results"]
    assert [plan["name"] for plan in plans] == ["mjolby/ks/2025"]
    rows = api.get("/api/v1/activities/", {"unit": activity.responsible_unit_id, "year": 2025}).json()[
        "results"
    ]
    assert activity.pk in [row["id"] for row in rows]
    assert {row["responsible_unit"] for row in rows} == {activity.responsible_unit_id}
    assert {row["plan"] for row in rows} == {activity.plan_id}
    rows = api.get("/api/v1/activities/", {"goal": activity.goal_id}).json()["results"]
    assert {row["goal"] for row in rows} == {activity.goal_id}
    periods = api.get("/api/v1/periods/", {"plan": period.plan_id, "state": "open"}).json()["results"]
    assert [row["code"] for row in periods] == ["T1"]
    assert api.get("/api/v1/periods/", {"state": "nonsense"}).status_code == 400
    paged = api.get("/api/v1/activities/", {"page_size": 2}).json()
    assert len(paged["results"]) == 2 and paged["next"] and paged["count"] > 2
    assert api.get("/api/v1/activities/", {"page": 9999}).status_code == 404


def _indicator_2025():
    plan = plan_get_by_name(name="mjolby/ks/2025")
    return IndicatorValue.objects.filter(indicator__goal__plan=plan).order_by("pk").first().indicator


def test_a_manager_writes_an_indicator_value_through_the_planning_service(api_as, members):
    indicator = _indicator_2025()
    api = api_as("mjolby-controller")
    before = indicator.values.count()
    response = _post(
        api, VALUES, {"indicator": indicator.pk, "year": 2031, "scope": "municipality", "value": "72.5"}
    )
    assert response.status_code == 201, response.json()
    value = IndicatorValue.objects.get(pk=response.json()["id"])
    assert (value.indicator, value.year, value.value, value.gender) == (indicator, 2031, value.value, "T")
    assert str(value.value) == "72.500" and response.json()["value"] == "72.500"
    assert indicator.values.count() == before + 1
    entry = AuditEntry.objects.filter(
        action="indicators.indicator.changed", object_id=str(indicator.pk)
    ).latest("pk")
    assert entry.user == members["mjolby-controller"]
    # The same year and comparison again: that row changes, no new one.
    response = _post(
        api,
        VALUES,
        {
            "indicator": indicator.pk,
            "year": 2031,
            "scope": "municipality",
            "missing_reason": "Statistik saknas",
        },
    )
    assert response.status_code == 200 and response.json()["id"] == value.pk
    value.refresh_from_db()
    assert value.value is None and value.missing_reason == "Statistik saknas"
    assert indicator.values.count() == before + 1


def test_an_indicator_value_is_refused_by_the_pages_rules(api_as):
    indicator = _indicator_2025()
    api = api_as("mjolby-controller")
    before = IndicatorValue.objects.count()
    response = _post(api, VALUES, {"indicator": indicator.pk, "year": 2031, "scope": "municipality"})
    assert response.status_code == 400 and "skälet" in response.json()["detail"]
    response = _post(api, VALUES, {"indicator": indicator.pk, "year": 2031, "scope": "other", "value": "1"})
    assert response.status_code == 400 and "label" in response.json()["errors"]
    # A reporter or a reader may not, whatever the token.
    for username in ("mjolby-rapportor", "mjolby-lasare"):
        response = _post(
            api_as(username),
            VALUES,
            {"indicator": indicator.pk, "year": 2031, "scope": "municipality", "value": "1"},
        )
        assert response.status_code == 403, username
    # An adopted plan is not changed.
    plan_adopt(plan=indicator.goal.plan, decided_by="KS", decided_on=datetime.date(2025, 1, 15))
    response = _post(
        api, VALUES, {"indicator": indicator.pk, "year": 2031, "scope": "municipality", "value": "1"}
    )
    assert response.status_code == 409, response.json()
    assert "beslutad" in response.json()["detail"]
    assert IndicatorValue.objects.count() == before
