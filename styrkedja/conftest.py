"""Fixtures shared by all apps' tests.

The demo data (both source documents) is loaded once into the test database; each test runs
in a transaction that is rolled back, so tests may change it freely.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from styrkedja.activities.models import Activity
from styrkedja.followup.models import ActivityReport, FollowUpPeriod
from styrkedja.goals.models import Goal, GoalLevel
from styrkedja.plans.models import Plan
from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.tenancy.choices import UnitKind
from styrkedja.tenancy.models import Municipality, OrgUnit
from styrkedja.web.tests.served import demo_databases, production_server  # noqa: F401 (fixtures)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", "--no-users", stdout=io.StringIO())


@pytest.fixture
def mjolby(db) -> Municipality:
    return Municipality.objects.get(slug="mjolby")


@pytest.fixture
def valdemarsvik(db) -> Municipality:
    return Municipality.objects.get(slug="valdemarsvik")


@pytest.fixture
def mjolby_plan(db) -> Plan:
    return plan_get_by_name(name="mjolby/ks/2024")


@pytest.fixture
def valdemarsvik_plan(db) -> Plan:
    return plan_get_by_name(name="valdemarsvik/ks/2023")


class PlanBuilder:
    """Builds a small plan of a new municipality for tests that need exact control."""

    def __init__(self, slug: str = "testkommun", year: int = 2024):
        self.municipality = Municipality.objects.create(slug=slug, name=f"{slug.capitalize()} kommun")
        self.board = OrgUnit.objects.create(
            municipality=self.municipality, name="Kommunstyrelsen", slug="ks", kind=UnitKind.BOARD
        )
        self.unit = OrgUnit.objects.create(
            municipality=self.municipality,
            name="Ekonomiavdelningen",
            kind=UnitKind.DEPARTMENT,
            parent=self.board,
        )
        self.top_level = GoalLevel.objects.create(
            municipality=self.municipality,
            key="kf",
            name="Kommunfullmäktiges mål",
            name_plural="KF-mål",
            depth=0,
        )
        self.sub_level = GoalLevel.objects.create(
            municipality=self.municipality,
            key="board",
            name="Nämndens mål",
            name_plural="Nämndens mål",
            depth=1,
        )
        self.plan = Plan.objects.create(
            municipality=self.municipality,
            board=self.board,
            year=year,
            title=f"Verksamhetsplan {year}",
            budget_period_start=year,
            budget_period_end=year + 2,
        )
        # The periods are open for reporting, as in a plan being followed up.
        self.periods = {
            code: FollowUpPeriod.objects.create(
                plan=self.plan, code=code, name=code, ends_on=ends_on, opened_at=timezone.now()
            )
            for code, ends_on in (
                ("T1", datetime.date(year, 4, 30)),
                ("T2", datetime.date(year, 8, 31)),
                ("T3", datetime.date(year, 12, 31)),
            )
        }

    def goal(self, key: str, parent: Goal | None = None) -> Goal:
        return Goal.objects.create(
            municipality=self.municipality,
            plan=self.plan,
            level=self.sub_level if parent else self.top_level,
            parent=parent,
            key=key,
            text=f"Mål {key}",
        )

    def activity(self, goal: Goal | None, title: str = "Aktivitet", **reports: str) -> Activity:
        """``reports`` maps period code to status, e.g. T1="ongoing", T3="done"."""
        activity = Activity.objects.create(
            plan=self.plan,
            goal=goal,
            is_special_initiative=goal is None,
            title=title,
            kind="A",
            responsible_unit=self.unit,
        )
        for code, status in reports.items():
            ActivityReport.objects.create(activity=activity, period=self.periods[code], status=status)
        return activity


@pytest.fixture
def build_plan(db):
    return PlanBuilder


@pytest.fixture
def members(db) -> dict:
    """The demo users of every role in both municipalities, by user name (mjolby-controller, …)."""
    call_command("load_demo", stdout=io.StringIO())
    User = get_user_model()
    return {user.username: user for user in User.objects.filter(membership__isnull=False)}


@pytest.fixture
def client_as(members):
    """A logged-in test client for a demo user: ``client_as("mjolby-rapportor")``."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(members[username])
        return client

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # argon2 is deliberately slow; the tests check who may do what, not the hash's cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
