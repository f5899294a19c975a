from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from styrkedja.followup.choices import ReportStatus
from styrkedja.followup.selectors import activity_statuses, carry_over_candidates
from styrkedja.plans.services import plan_carry_over

DONE, ONGOING, NOT_STARTED = ReportStatus.DONE, ReportStatus.ONGOING, ReportStatus.NOT_STARTED


@pytest.fixture
def mjolby_2024(mjolby_plan):
    """Mjölby's 2024 plan before the demo's carry-over into 2025, so that it can be made again."""
    mjolby_plan.successors.all().delete()
    return mjolby_plan


def test_the_demo_carries_mjolby_over_into_2025_with_t1_open(mjolby_plan):
    new_plan = mjolby_plan.successors.get()

    assert new_plan.name == "mjolby/ks/2025"
    assert new_plan.activities.count() == 13
    assert [(p.code, p.state) for p in new_plan.periods.all()] == [
        ("T1", "open"),
        ("T2", "planned"),
        ("T3", "planned"),
    ]
    assert new_plan.periods.get(code="T1").due_on == datetime.date(2025, 5, 12)

    with pytest.raises(ValidationError, match="redan en plan"):
        plan_carry_over(plan=mjolby_plan)


def test_unfinished_mjolby_activities_go_into_2025_linked_to_their_origin(mjolby_2024):
    mjolby_plan = mjolby_2024
    statuses = activity_statuses(plan=mjolby_plan)
    unfinished = {pk for pk, status in statuses.items() if status != DONE}
    assert len(unfinished) == 13  # 11 ongoing and 2 not started at T3

    new_plan = plan_carry_over(plan=mjolby_plan)

    assert (new_plan.year, new_plan.title, new_plan.carried_over_from) == (
        2025,
        "Verksamhetsplan 2025",
        mjolby_plan,
    )
    assert (new_plan.budget_period_start, new_plan.budget_period_end) == (2025, 2027)
    carried = list(new_plan.activities.select_related("carried_over_from", "goal"))
    assert {activity.carried_over_from_id for activity in carried} == unfinished
    for activity in carried:
        origin = activity.carried_over_from
        assert activity.title == origin.title
        assert activity.responsible_unit_id == origin.responsible_unit_id
        assert activity.goal.key == origin.goal.key
        assert activity.goal.plan == new_plan
        assert list(activity.collaborators.values_list("unit", "partner", "text")) == list(
            origin.collaborators.values_list("unit", "partner", "text")
        )
        assert not activity.reports.exists()


def test_the_goal_tree_and_periods_come_along(mjolby_2024):
    mjolby_plan = mjolby_2024
    new_plan = plan_carry_over(plan=mjolby_plan)

    old_goals = list(mjolby_plan.goals.values_list("key", "text", "motivation"))
    assert list(new_plan.goals.values_list("key", "text", "motivation")) == old_goals
    kf1 = new_plan.goals.get(key=mjolby_plan.goals.order_by("order").first().key)
    assert kf1.contributes_to.filter(plan=None).exists()  # still linked to the vision areas
    # The new year's periods are planned: a controller opens each when it is time to report.
    assert list(new_plan.periods.values_list("code", "ends_on", "opened_at", "closed_at")) == [
        ("T1", datetime.date(2025, 4, 30), None, None),
        ("T2", datetime.date(2025, 8, 31), None, None),
        ("T3", datetime.date(2025, 12, 31), None, None),
    ]
    old_indicator = mjolby_plan.goals.get(key=kf1.key).indicators.get()
    new_indicator = kf1.indicators.get()
    assert new_indicator.name == old_indicator.name
    assert list(new_indicator.values.values_list("year", "scope", "value")) == list(
        old_indicator.values.values_list("year", "scope", "value")
    )


def test_only_the_chosen_activities_go_along(build_plan):
    b = build_plan()
    goal = b.goal("g1")
    keep = b.activity(goal, "Fortsätter", T3=ONGOING)
    b.activity(goal, "Väntar", T3=NOT_STARTED)
    b.activity(goal, "Klar", T3=DONE)

    new_plan = plan_carry_over(plan=b.plan, activities=[keep])

    assert list(new_plan.activities.values_list("title", "carried_over_from")) == [("Fortsätter", keep.pk)]


def test_a_finished_activity_cannot_be_carried_over(build_plan):
    b = build_plan()
    done = b.activity(b.goal("g1"), "Klar", T2=DONE)

    with pytest.raises(ValidationError, match="klar"):
        plan_carry_over(plan=b.plan, activities=[done])
    assert b.plan.successors.count() == 0


def test_status_is_the_last_reported_one(build_plan):
    b = build_plan()
    goal = b.goal("g1")
    finished_at_t2 = b.activity(goal, "Klar vid T2", T1=ONGOING, T2=DONE)
    never_reported = b.activity(goal, "Aldrig rapporterad")

    candidates = set(carry_over_candidates(plan=b.plan))

    assert finished_at_t2 not in candidates
    assert never_reported in candidates


def test_next_years_plan_is_not_made_twice(build_plan):
    b = build_plan()
    plan_carry_over(plan=b.plan)
    with pytest.raises(ValidationError, match="finns redan"):
        plan_carry_over(plan=b.plan)
