from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

from styrkedja.activities.models import Activity
from styrkedja.tenancy.choices import Role
from styrkedja.tenancy.models import Membership
from styrkedja.tenancy.permissions import (
    can_administer,
    can_manage_plans,
    can_read,
    can_report_activity,
    can_report_goal,
    reporting_units,
)


def test_demo_has_a_user_of_each_role_in_each_municipality(members):
    roles = {(m.municipality.slug, m.role) for m in Membership.objects.select_related("municipality")}
    assert roles == {(slug, role) for slug in ("mjolby", "valdemarsvik") for role in Role.values}
    assert members["mjolby-rapportor"].check_password("styrkedja-demo")


def test_nobody_reads_another_municipality(members, mjolby, valdemarsvik):
    for username, user in members.items():
        own = user.membership.municipality
        other = valdemarsvik if own == mjolby else mjolby
        assert can_read(user, own), username
        assert not can_read(user, other), username
        assert not can_manage_plans(user, other), username
        assert not can_administer(user, other), username


def test_anonymous_and_users_without_membership_can_do_nothing(db, mjolby, mjolby_plan):
    from django.contrib.auth.models import AnonymousUser

    loner = get_user_model().objects.create_user("utan-kommun")
    activity = mjolby_plan.activities.first()
    for user in (AnonymousUser(), loner, None):
        assert not can_read(user, mjolby)
        assert not can_report_activity(user, activity)


def test_managers_and_administrators(members, mjolby):
    assert can_manage_plans(members["mjolby-controller"], mjolby)
    assert can_manage_plans(members["mjolby-administrator"], mjolby)
    assert not can_administer(members["mjolby-controller"], mjolby)
    assert can_administer(members["mjolby-administrator"], mjolby)
    assert not can_manage_plans(members["mjolby-rapportor"], mjolby)
    assert not can_manage_plans(members["mjolby-lasare"], mjolby)


def test_a_reporter_reports_only_for_the_assigned_units(members, mjolby_plan):
    reporter = members["mjolby-rapportor"]
    own = Activity.objects.filter(plan=mjolby_plan, responsible_unit__name="Kommunledningskontoret")
    others = Activity.objects.filter(plan=mjolby_plan).exclude(
        responsible_unit__name="Kommunledningskontoret"
    )
    assert own.exists() and others.exists()

    assert all(can_report_activity(reporter, activity) for activity in own)
    assert not any(can_report_activity(reporter, activity) for activity in others)
    assert not any(can_report_activity(members["mjolby-lasare"], activity) for activity in own)
    assert all(can_report_activity(members["mjolby-controller"], activity) for activity in others)


def test_a_reporter_comments_only_goals_with_their_units_activities(members, mjolby_plan):
    reporter = members["mjolby-rapportor"]
    with_own = mjolby_plan.goals.filter(
        activities__responsible_unit__name="Kommunledningskontoret"
    ).distinct()
    without = mjolby_plan.goals.exclude(activities__responsible_unit__name="Kommunledningskontoret")

    assert with_own.exists() and without.exists()
    assert all(can_report_goal(reporter, goal) for goal in with_own)
    assert not any(can_report_goal(reporter, goal) for goal in without)


def test_reporting_units_include_the_units_below(members, mjolby):
    reporter = members["mjolby-rapportor"]
    administration = mjolby.units.get(name="Kommunledningskontoret").parent
    reporter.membership.units.set([administration])

    units = reporting_units(reporter)

    assert administration.pk in units
    assert mjolby.units.get(name="Kommunledningskontoret").pk in units
    assert mjolby.units.get(name="Kultur- och fritidsförvaltningen").pk not in units


def test_load_demo_gives_an_existing_demo_user_its_missing_membership(db):
    user = get_user_model().objects.create_user("mjolby-controller", password="eget-lösenord")

    call_command("load_demo", stdout=io.StringIO())

    user.refresh_from_db()
    assert user.membership.role == Role.CONTROLLER
    assert user.check_password("eget-lösenord")  # an existing password is never reset


def test_reporting_units_are_worked_out_once_per_user(members, mjolby_plan, django_assert_max_num_queries):
    reporter = get_user_model().objects.select_related("membership").get(username="mjolby-rapportor")
    activities = list(Activity.objects.filter(plan=mjolby_plan).select_related("plan"))

    with django_assert_max_num_queries(2):
        allowed = [can_report_activity(reporter, activity) for activity in activities]

    assert allowed.count(True) == 17  # Kommunledningskontoret is responsible for 17 of the 38
