"""Every URL of the API, asked by each kind of caller: anonymous, another municipality's token, a
read-only token, and the roles' tokens. Like ``web.tests.test_every_url`` for the pages, whose
table (``web.tests.pages``) leaves out the API: its answers are 401 and JSON, not a log-in page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from styrkedja.activities.models import Activity
from styrkedja.assignments.models import Assignment
from styrkedja.audit.models import AuditEntry
from styrkedja.followup.models import ActivityReport, FollowUpPeriod, GoalReport
from styrkedja.goals.models import Goal, GoalLevel
from styrkedja.indicators.models import Indicator, IndicatorValue
from styrkedja.plans.models import Plan
from styrkedja.tenancy.models import OrgUnit

# The token endpoints: each a list and a detail, by the model whose rows they answer.
TOKEN_ENDPOINTS = {
    "unit": OrgUnit,
    "plan": Plan,
    "period": FollowUpPeriod,
    "goal-level": GoalLevel,
    "goal": Goal,
    "indicator": Indicator,
    "indicator-value": IndicatorValue,
    "activity": Activity,
    "assignment": Assignment,
    "activity-report": ActivityReport,
    "goal-report": GoalReport,
}
WRITABLE = {"activity-report", "goal-report"}
# The API's other URLs: answered without a token.
OPEN = {"api:docs", "api:schema", "api:public_publications", "api:public_publication"}
PAGES = {"api:tokens", "api:token_revoke"}  # HTML pages of a signed-in member


def _api_names() -> set[str]:
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name and namespace == "api":
                names.add(f"api:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_the_table_covers_every_api_url():
    token_names = {f"api:{name}-{kind}" for name in TOKEN_ENDPOINTS for kind in ("list", "detail")}
    assert _api_names() == token_names | OPEN | PAGES


def _mjolby_object(model):
    """One row of the model in Mjölby, from the 2024 plan that has reports."""
    paths = {
        OrgUnit: "municipality__slug",
        Plan: "municipality__slug",
        FollowUpPeriod: "plan__municipality__slug",
        GoalLevel: "municipality__slug",
        Goal: "municipality__slug",
        Indicator: "goal__municipality__slug",
        IndicatorValue: "indicator__goal__municipality__slug",
        Activity: "plan__municipality__slug",
        Assignment: "plan__municipality__slug",
        ActivityReport: "activity__plan__municipality__slug",
        GoalReport: "goal__municipality__slug",
    }
    found = model.objects.filter(**{paths[model]: "mjolby"}).order_by("pk").first()
    assert found is not None, model
    return found


def _urls():
    for name, model in TOKEN_ENDPOINTS.items():
        yield name, reverse(f"api:{name}-list"), None
        obj = _mjolby_object(model)
        yield name, reverse(f"api:{name}-detail", args=[obj.pk]), obj


@pytest.fixture
def mjolby_has_every_kind(members):
    # The demo has no uppdrag in Mjölby: one, so that its detail is asked too.
    plan = Plan.objects.get(municipality__slug="mjolby", year=2025)
    Assignment.objects.get_or_create(plan=plan, key="api-test", defaults={"title": "Ett uppdrag"})


def test_anonymous_gets_401_everywhere(mjolby_has_every_kind):
    client = Client()
    for name, url, _obj in _urls():
        assert client.get(url).status_code == 401, url
        if name in WRITABLE and _obj is None:
            assert client.post(url, {}, content_type="application/json").status_code == 401, url


@pytest.mark.parametrize("role", ["administrator", "controller", "rapportor", "lasare"])
def test_another_municipalitys_token_finds_nothing(role, api_as, mjolby_has_every_kind):
    client = api_as(f"valdemarsvik-{role}")
    ids = {}
    for name, url, obj in _urls():
        response = client.get(url)
        if obj is None:
            assert response.status_code == 200, url
            ids[name] = {row["id"] for row in response.json()["results"]}
        else:
            assert response.status_code == 404, url
            assert obj.pk not in ids[name], url
    before = AuditEntry.objects.count(), ActivityReport.objects.count(), GoalReport.objects.count()
    activity = _mjolby_object(Activity)
    goal = _mjolby_object(Goal)
    period = FollowUpPeriod.objects.get(plan__municipality__slug="mjolby", plan__year=2025, code="T1")
    response = client.post(
        reverse("api:activity-report-list"),
        {"activity": activity.pk, "period": period.pk, "status": "done"},
        content_type="application/json",
    )
    assert response.status_code == 404
    response = client.post(
        reverse("api:goal-report-list"),
        {"goal": goal.pk, "period": period.pk, "comment": "Inte min kommun"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert (AuditEntry.objects.count(), ActivityReport.objects.count(), GoalReport.objects.count()) == before


@pytest.mark.parametrize("role", ["administrator", "controller", "rapportor", "lasare"])
def test_every_role_reads_every_endpoint_of_the_own_municipality(role, api_as, mjolby_has_every_kind):
    client = api_as(f"mjolby-{role}", write=False)
    for _name, url, obj in _urls():
        response = client.get(url)
        assert response.status_code == 200, url
        if obj is None:
            assert response.json()["count"] > 0, url
        else:
            assert response.json()["id"] == obj.pk, url


def _writes(client, activity, goal, period):
    return [
        client.post(
            reverse("api:activity-report-list"),
            {"activity": activity.pk, "period": period.pk, "status": "ongoing", "comment": "Via API"},
            content_type="application/json",
        ),
        client.post(
            reverse("api:goal-report-list"),
            {"goal": goal.pk, "period": period.pk, "comment": "Analys via API"},
            content_type="application/json",
        ),
    ]


def _counts():
    return AuditEntry.objects.count(), ActivityReport.objects.count(), GoalReport.objects.count()


def _value_write(client, indicator):
    return client.post(
        reverse("api:indicator-value-list"),
        {"indicator": indicator.pk, "year": 2030, "scope": "municipality", "value": "1"},
        content_type="application/json",
    )


def _indicator_of(period):
    return Indicator.objects.filter(goal__plan=period.plan).order_by("pk").first()


def test_a_read_only_token_writes_nothing(api_as, mjolby_open_period):
    activity, period = mjolby_open_period
    indicator = _indicator_of(period)
    before = _counts(), IndicatorValue.objects.count()
    for username in ("mjolby-administrator", "mjolby-controller", "mjolby-rapportor"):
        client = api_as(username, write=False)
        responses = [*_writes(client, activity, activity.goal, period), _value_write(client, indicator)]
        assert [response.status_code for response in responses] == [403, 403, 403], username
        assert "bara läsa" in responses[2].json()["detail"]
    assert (_counts()[1:], IndicatorValue.objects.count()) == (before[0][1:], before[1])
    # With a token that may write, the administrator's value is written: the refusal was the token's.
    assert _value_write(api_as("mjolby-administrator"), indicator).status_code == 201


def test_another_municipalitys_token_writes_no_indicator_value(api_as, mjolby_open_period):
    _activity, period = mjolby_open_period
    before = IndicatorValue.objects.count()
    assert _value_write(api_as("valdemarsvik-administrator"), _indicator_of(period)).status_code == 404
    assert IndicatorValue.objects.count() == before


def test_a_reader_writes_nothing_even_with_a_writing_token(api_as, mjolby_open_period):
    activity, period = mjolby_open_period
    before = _counts()
    client = api_as("mjolby-lasare")
    responses = [
        *_writes(client, activity, activity.goal, period),
        _value_write(client, _indicator_of(period)),
    ]
    assert [response.status_code for response in responses] == [403, 403, 403]
    assert "Du får inte rapportera" in responses[0].json()["detail"]
    assert _counts()[1:] == before[1:]


def test_a_reporter_writes_only_within_the_own_units(api_as, mjolby_open_period, members):
    activity, period = mjolby_open_period
    client = api_as("mjolby-rapportor")
    plan = activity.plan
    other = plan.activities.exclude(responsible_unit__name="Kommunledningskontoret").order_by("pk").first()
    foreign_goal = (
        plan.goals.exclude(activities__responsible_unit__name="Kommunledningskontoret")
        .exclude(responsible_unit__name="Kommunledningskontoret")
        .order_by("pk")
        .first()
    )
    before = _counts()
    responses = [*_writes(client, other, foreign_goal, period), _value_write(client, _indicator_of(period))]
    assert [response.status_code for response in responses] == [403, 403, 403]
    assert _counts()[1:] == before[1:]
    responses = _writes(client, activity, activity.goal, period)
    assert [response.status_code for response in responses] == [201, 201], [r.json() for r in responses]
    assert ActivityReport.objects.filter(
        activity=activity, period=period, created_by=members["mjolby-rapportor"]
    )
    assert GoalReport.objects.filter(
        goal=activity.goal, period=period, created_by=members["mjolby-rapportor"]
    )


def test_the_open_urls_answer_without_a_token(db):
    client = Client()
    assert client.get(reverse("api:docs")).status_code == 200
    assert client.get(reverse("api:schema")).status_code == 200
    assert client.get(reverse("api:public_publications", args=["mjolby"])).status_code == 200
    assert client.get(reverse("api:public_publications", args=["finns-inte"])).status_code == 404
    assert client.get(reverse("api:public_publication", args=["mjolby", 999999])).status_code == 404


def test_an_id_no_row_can_have_is_not_found(api_as):
    client = api_as("mjolby-lasare", write=False)
    for value in ("abc", "-1", "²", "99999999999999999999", "0"):
        response = client.get(f"/api/v1/goals/{value}/")
        assert response.status_code == 404, value
        assert response.json() == {"detail": response.json()["detail"]}
