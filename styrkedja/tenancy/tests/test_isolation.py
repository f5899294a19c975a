"""One municipality's selectors never return another municipality's rows."""

from __future__ import annotations

import pytest

from styrkedja.activities.selectors import activity_list
from styrkedja.audit.selectors import audit_entries_for
from styrkedja.goals.selectors import goal_list
from styrkedja.plans.selectors import PlanNotFound, plan_get, plan_list


def test_plans_are_listed_per_municipality(mjolby, valdemarsvik):
    assert {plan.name for plan in plan_list(municipality=mjolby)} == {"mjolby/ks/2024", "mjolby/ks/2025"}
    assert {plan.name for plan in plan_list(municipality=valdemarsvik)} == {"valdemarsvik/ks/2023"}


def test_another_municipalitys_plan_is_not_found(mjolby):
    # Both municipalities have a board with slug "ks"; Mjölby has no plan for 2023.
    with pytest.raises(PlanNotFound):
        plan_get(municipality=mjolby, board_slug="ks", year=2023)


def test_activities_and_goals_stay_within_the_municipality(mjolby, valdemarsvik, mjolby_plan):
    assert activity_list(municipality=mjolby, plan=mjolby_plan).count() == 38
    assert activity_list(municipality=mjolby).count() == 38 + 13  # and the 2025 plan's carried over
    assert not activity_list(municipality=valdemarsvik).filter(plan__municipality=mjolby).exists()
    # Asking for another municipality's plan or unit through one's own tenant gives nothing.
    assert activity_list(municipality=valdemarsvik, plan=mjolby_plan).count() == 0
    unit = mjolby.units.get(name="Kommunledningskontoret")
    assert activity_list(municipality=valdemarsvik, unit=unit).count() == 0
    assert goal_list(municipality=valdemarsvik, plan=mjolby_plan).count() == 0
    assert {goal.municipality for goal in goal_list(municipality=mjolby)} == {mjolby}


def test_audit_history_stays_within_the_municipality(mjolby, valdemarsvik, mjolby_plan):
    assert audit_entries_for(municipality=mjolby, obj=mjolby_plan).count() == 1
    assert audit_entries_for(municipality=valdemarsvik, obj=mjolby_plan).count() == 0
