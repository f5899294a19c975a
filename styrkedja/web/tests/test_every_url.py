"""Every URL of the application (the table in ``pages``), asked by each kind of user."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from styrkedja.activities.models import Activity, ActivityProposal
from styrkedja.approvals.models import ApprovalStep
from styrkedja.assignments.models import Assignment, AssignmentReport, AssignmentStatusLabel
from styrkedja.audit.models import AuditEntry
from styrkedja.documents.models import WordTemplate
from styrkedja.followup.models import ActivityReport, FollowUpPeriod, GoalReport
from styrkedja.goals.models import Goal
from styrkedja.opendata.models import OpenDataSettings
from styrkedja.plan_import.models import PlanImport
from styrkedja.plans.models import Plan, PlanDecision
from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.publishing.models import Publication
from styrkedja.reminders.models import Reminder
from styrkedja.surveys.models import SurveyReport, SurveyResult, UserSurvey
from styrkedja.tenancy.models import Membership, Municipality, OrgUnit, Partner
from styrkedja.web.tests.pages import (
    OPEN_DATA,
    PAGES,
    PUBLIC,
    Objects,
    assignment_for,
    job_for,
    meeting_for,
    named_patterns,
    plan_import_for,
    proposal_for,
    survey_for,
    valid_post,
)


def test_the_table_covers_every_url():
    assert named_patterns() == set(PAGES)


@pytest.fixture
def mjolby_objects(members) -> Objects:
    plan = plan_get_by_name(name="mjolby/ks/2025")  # the demo's plan with T1 open
    activity = plan.activities.filter(responsible_unit__name="Kommunledningskontoret").first()
    objects = Objects(
        plan=plan,
        period=plan.periods.get(code="T1"),
        activity=activity,
        goal=activity.goal,
        unit=activity.responsible_unit,
        partner=plan.municipality.partners.first(),
        user_pk=members["mjolby-lasare"].pk,
    )
    objects.proposal = proposal_for(objects)
    objects.meeting = meeting_for(objects)
    objects.assignment = assignment_for(objects)
    objects.survey = survey_for(objects)
    objects.job = job_for(objects)
    objects.plan_import = plan_import_for(objects)
    return objects


@pytest.fixture
def valdemarsvik_objects(members) -> Objects:
    plan = plan_get_by_name(name="valdemarsvik/ks/2023")
    return Objects(
        plan=plan,
        period=plan.periods.get(code="T1"),
        activity=None,
        goal=plan.goals.first(),
        unit=plan.municipality.units.get(name="Sektor Barn, utbildning, arbetsmarknad och kultur"),
        partner=plan.municipality.partners.first(),
        user_pk=members["valdemarsvik-lasare"].pk,
    )


def _writes_count() -> tuple:
    """A fingerprint of everything a page could write."""
    User = get_user_model()
    return (
        AuditEntry.objects.count(),
        ActivityReport.objects.count(),
        GoalReport.objects.count(),
        AssignmentReport.objects.count(),
        AssignmentStatusLabel.objects.count(),
        SurveyReport.objects.count(),
        SurveyResult.objects.count(),
        Plan.objects.count(),
        PlanDecision.objects.count(),
        OrgUnit.objects.count(),
        Partner.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        WordTemplate.objects.count(),
        Reminder.objects.count(),
        Activity.objects.count(),
        ApprovalStep.objects.count(),
        list(OpenDataSettings.objects.order_by("pk").values_list("license", "contact_email")),
        Publication.objects.count(),
        list(Publication.objects.order_by("pk").values_list("withdrawn_at", flat=True)),
        list(Municipality.objects.order_by("pk").values_list("reports_need_approval", flat=True)),
        list(ActivityProposal.objects.order_by("pk").values_list("state", flat=True)),
        list(FollowUpPeriod.objects.order_by("pk").values_list("opened_at", "closed_at")),
        list(Goal.objects.order_by("pk").values_list("text", flat=True)),
        list(User.objects.order_by("pk").values_list("password", "is_active")),
        list(PlanImport.objects.order_by("pk").values_list("version", "status")),
    )


def _requests(name: str):
    method = PAGES[name].method
    return ["get", "post"] if method == "both" else [method]


@pytest.mark.parametrize("name", sorted(set(PAGES) - PUBLIC))
def test_anonymous_is_sent_to_log_in(name, mjolby_objects):
    client = Client()
    url = mjolby_objects.url(name)
    before = _writes_count()
    for method in _requests(name):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith(reverse("accounts:login") + "?next="), (method, url)
    assert _writes_count() == before


OBJECT_PAGES = sorted(name for name, page in PAGES.items() if page.args and name not in PUBLIC)


@pytest.mark.parametrize("role", ["administrator", "controller", "rapportor", "lasare"])
def test_another_municipalitys_objects_are_refused_and_not_shown(role, client_as, mjolby_objects):
    client = client_as(f"valdemarsvik-{role}")
    secret = mjolby_objects.activity.title[:40]
    before = _writes_count()
    for name in OBJECT_PAGES:
        url = mjolby_objects.url(name)
        for method in _requests(name):
            response = getattr(client, method)(url, {})
            assert response.status_code in (403, 404), (role, method, url, response.status_code)
            assert secret not in response.content.decode(), (role, method, url)
    assert _writes_count() == before


@pytest.mark.parametrize("role", ["administrator", "controller", "rapportor", "lasare"])
def test_lists_show_nothing_of_another_municipality(role, client_as, valdemarsvik_objects):
    client = client_as(f"mjolby-{role}")
    for name in ("followup:start", "plans:list", "tenancy:units", "tenancy:partners", "tenancy:users"):
        response = client.get(reverse(name))
        body = response.content.decode()
        for secret in ("Valdemarsvik", "Den resurseffektiva kommunen", valdemarsvik_objects.unit.name):
            assert secret not in body, (role, name, secret)


READ_PAGES = sorted(
    name for name, page in PAGES.items() if page.method in ("get", "both") and name not in PUBLIC
)


@pytest.mark.parametrize("name", READ_PAGES)
def test_a_reader_reads_every_page_of_the_own_municipality(name, client_as, mjolby_objects):
    response = client_as("mjolby-lasare").get(mjolby_objects.url(name))
    administration = (
        "indicators:kolada_settings", "approvals:setting", "assignments:status_labels",
        "followup:assessment_scale", "followup:assessment_rules", "followup:plan_assessment_rules",
        "opendata:settings", "signin:settings",
    )  # fmt: skip
    if name.startswith(("tenancy:", "planning:")) or name in administration:
        assert response.status_code == 403  # administration is the administratör's alone
    elif name in (
        "plans:carry_over", "documents:word_template", "workbook:template", "workbook:import",
        "activities:propose", "activities:proposals", "indicators:kolada_search",
        "plans:create", "plans:adopt", "plans:revision_open", "plans:revision_close",
        "publishing:list", "jobs:detail", "jobs:status", "plan_import:index", "plan_import:review",
        "plan_import:item", "plan_import:document",
    ):  # fmt: skip
        assert response.status_code == 403
    else:
        assert response.status_code == 200, response.content.decode()[:500]


WRITE_PAGES = sorted(
    name for name, page in PAGES.items() if page.writes and name != "accounts:password_change"
)


def test_a_reader_writes_nothing(client_as, mjolby_objects):
    client = client_as("mjolby-lasare")
    before = _writes_count()
    for name in WRITE_PAGES:
        response = client.post(mjolby_objects.url(name), valid_post(name, mjolby_objects))
        assert response.status_code == 403, (name, response.status_code)
    assert _writes_count() == before


def test_a_reporter_writes_only_within_the_assigned_units(client_as, mjolby_objects, members):
    client = client_as("mjolby-rapportor")
    before = _writes_count()
    # Managers' and administrators' writes are refused.
    own_unit_pages = (
        "followup:activity_report",
        "followup:goal_report",
        "followup:assignment_report",
        "followup:survey_report",
        "activities:propose",
    )
    for name in WRITE_PAGES:
        if name in own_unit_pages:
            continue
        response = client.post(mjolby_objects.url(name), valid_post(name, mjolby_objects))
        assert response.status_code == 403, (name, response.status_code)
    # Another unit's activity, and a goal with none of the own units' activities, are refused.
    plan = mjolby_objects.plan
    other = plan.activities.exclude(responsible_unit__name="Kommunledningskontoret").first()
    foreign_goal = plan.goals.exclude(activities__responsible_unit__name="Kommunledningskontoret").first()
    foreign_assignment = Assignment.objects.create(
        plan=plan, key="annan-enhet", title="Annan enhets uppdrag", responsible_unit=other.responsible_unit
    )
    foreign_survey = UserSurvey.objects.create(
        plan=plan, unit=other.responsible_unit, kind="Annan enhets enkät"
    )
    refused = Objects(
        **{
            **mjolby_objects.__dict__,
            "activity": other,
            "goal": foreign_goal,
            "assignment": foreign_assignment,
            "survey": foreign_survey,
        }
    )
    refused_pages = (
        "followup:activity_report",
        "followup:goal_report",
        "followup:assignment_report",
        "followup:survey_report",
    )
    for name in refused_pages:
        response = client.post(refused.url(name), valid_post(name, refused))
        assert response.status_code == 403, name
    # A proposal for another unit is refused at the field.
    foreign = Objects(**{**mjolby_objects.__dict__, "unit": other.responsible_unit})
    response = client.post(foreign.url("activities:propose"), valid_post("activities:propose", foreign))
    assert response.status_code == 200 and response.context["form"].errors["responsible_unit"]
    assert _writes_count() == before

    # The own unit's activity and its goal are accepted, and a proposal for the own unit.
    for name in own_unit_pages:
        response = client.post(mjolby_objects.url(name), valid_post(name, mjolby_objects))
        assert response.status_code == 302, (name, response.content.decode()[:300])
    assert ActivityReport.objects.filter(
        activity=mjolby_objects.activity, created_by=members["mjolby-rapportor"]
    ).exists()
    assert GoalReport.objects.filter(
        goal=mjolby_objects.goal, created_by=members["mjolby-rapportor"]
    ).exists()
    assert ActivityProposal.objects.filter(
        responsible_unit=mjolby_objects.unit, proposed_by=members["mjolby-rapportor"]
    ).exists()
    assert AssignmentReport.objects.filter(
        assignment=mjolby_objects.assignment, created_by=members["mjolby-rapportor"], status="ongoing"
    ).exists()
    assert SurveyResult.objects.filter(
        survey=mjolby_objects.survey, period=mjolby_objects.period, measure="Nöjdhet", value="76.9"
    ).exists()


def test_pages_of_a_closed_year_with_reports_from_the_data_file(client_as, mjolby_plan):
    """Mjölby 2024: every period closed, the reports loaded from the document (no author)."""
    client = client_as("mjolby-lasare")
    activity = mjolby_plan.activities.filter(reports__isnull=False).first()
    goal = mjolby_plan.goals.filter(reports__isnull=False).first()
    for url in (
        reverse("plans:detail", args=["ks", 2024]),
        reverse("followup:report", args=["ks", 2024, "T3"]),
        reverse("followup:periods", args=["ks", 2024]),
        reverse("followup:period_detail", args=["ks", 2024, "T3"]),
        reverse("followup:activity_report", args=[activity.pk, "T3"]),
        reverse("followup:goal_report", args=[goal.pk, "T3"]),
        reverse("activities:detail", args=[activity.pk]),
        reverse("goals:detail", args=[goal.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    report = client.get(reverse("followup:activity_report", args=[activity.pk, "T3"])).content.decode()
    assert "Senast ändrad av datafilen" in report
    assert "Perioden är stängd: rapporten kan inte ändras." in report


@pytest.mark.parametrize("name", sorted(OPEN_DATA))
def test_the_open_data_answers_everyone_alike(name, client_as, mjolby_plan):
    """Mjölby's published T3 report: the same files to anyone, logged in or not, of any municipality."""
    objects = Objects(
        plan=mjolby_plan,
        period=mjolby_plan.periods.get(code="T3"),
        activity=None,
        goal=mjolby_plan.goals.first(),
        unit=mjolby_plan.board,
        partner=mjolby_plan.municipality.partners.first(),
        user_pk=0,
    )
    url = objects.url(name)
    clients = (Client(), client_as("mjolby-lasare"), client_as("valdemarsvik-administrator"))
    before = _writes_count()  # after logging in, which the audit log records
    answers = []
    for client in clients:
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        answers.append(response["Content-Type"])
        assert client.post(url).status_code == 405, (name, url)
    assert len(set(answers)) == 1
    assert _writes_count() == before


SITE_URLS = {"health": 200, "favicon": 301}  # the site's own, outside the namespaces: public


@pytest.mark.parametrize("name", sorted(SITE_URLS))
def test_the_sites_own_urls_answer_everyone_alike_and_show_no_municipality(name, client_as):
    answers = []
    for client in (Client(), client_as("mjolby-lasare"), client_as("valdemarsvik-rapportor")):
        response = client.get(reverse(name))
        assert response.status_code == SITE_URLS[name]
        answers.append((response.status_code, response.content, response.get("Location")))
        assert b"Mj\xc3\xb6lby" not in response.content and b"Valdemarsvik" not in response.content
    assert answers[0] == answers[1] == answers[2]
