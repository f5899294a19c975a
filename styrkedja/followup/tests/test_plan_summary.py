from __future__ import annotations

import pytest

from styrkedja.followup.choices import ReportStatus
from styrkedja.followup.models import ActivityReport
from styrkedja.followup.selectors import StatusCounts, period_get, period_latest_reported, plan_summary
from styrkedja.followup.texts import summary_sentence

DONE, ONGOING, NOT_STARTED = ReportStatus.DONE, ReportStatus.ONGOING, ReportStatus.NOT_STARTED


def test_mjolby_t3_counts_match_the_published_report(mjolby_plan):
    summary = plan_summary(plan=mjolby_plan, period=period_get(plan=mjolby_plan, code="T3"))

    assert summary.counts.as_dict() == {
        "total": 38,
        "done": 25,
        "ongoing": 11,
        "not_started": 2,
        "not_reported": 0,
        "done_percent": 66,
    }
    assert summary.special_initiatives == StatusCounts(total=4, done=4)


def test_mjolby_counts_per_goal(mjolby_plan):
    summary = plan_summary(plan=mjolby_plan, period=period_get(plan=mjolby_plan, code="T3"))
    per_goal = {(goal.goal.level.key, goal.goal.number): goal.counts for goal in summary.goals}

    assert per_goal[("kf", "1")] == StatusCounts(total=5, done=4, ongoing=1)
    assert per_goal[("board", "1")] == StatusCounts(total=15, done=7, ongoing=6, not_started=2)
    assert per_goal[("board", "3")] == StatusCounts(total=5, done=2, ongoing=3)
    assert sum(goal.counts.total for goal in summary.goals) == 34


def test_mjolby_summary_sentence_reads_as_the_report(mjolby_plan):
    summary = plan_summary(plan=mjolby_plan, period=period_get(plan=mjolby_plan, code="T3"))

    assert summary_sentence(summary) == (
        "Under 2024 planerades totalt 38 aktiviteter, projekt och förstudier. "
        "Vid slutet av 2024 har 25 av dessa genomförts, motsvarande ca 66 procent. "
        "11 aktiviteter pågår och 2 aktiviteter är ännu ej inledda."
    )


def test_counts_follow_the_newest_report_of_the_period(build_plan):
    b = build_plan()
    goal = b.goal("g1")
    activity = b.activity(goal, T3=ONGOING)
    ActivityReport.objects.create(activity=activity, period=b.periods["T3"], status=DONE)

    summary = plan_summary(plan=b.plan, period=b.periods["T3"])

    assert summary.counts == StatusCounts(total=1, done=1)


def test_a_report_of_another_period_does_not_count(build_plan):
    b = build_plan()
    goal = b.goal("g1")
    b.activity(goal, T1=DONE)
    b.activity(goal, T1=ONGOING, T2=NOT_STARTED)

    at_t2 = plan_summary(plan=b.plan, period=b.periods["T2"])

    assert at_t2.counts == StatusCounts(total=2, not_started=1, not_reported=1)


def test_goal_counts_include_the_goals_below(build_plan):
    b = build_plan()
    parent = b.goal("kf1")
    child = b.goal("n1", parent=parent)
    b.activity(parent, T3=DONE)
    b.activity(child, T3=ONGOING)
    b.activity(None, T3=DONE)

    summary = plan_summary(plan=b.plan, period=b.periods["T3"])

    [top] = summary.goals
    assert top.own == StatusCounts(total=1, done=1)
    assert top.counts == StatusCounts(total=2, done=1, ongoing=1)
    assert top.children[0].counts == StatusCounts(total=1, ongoing=1)
    assert summary.counts == StatusCounts(total=3, done=2, ongoing=1)


def test_period_of_another_plan_is_refused(build_plan, mjolby_plan):
    b = build_plan()
    with pytest.raises(ValueError):
        plan_summary(plan=mjolby_plan, period=b.periods["T3"])


@pytest.mark.parametrize(
    ("done", "total", "percent"), [(25, 38, 66), (1, 8, 13), (1, 3, 33), (2, 3, 67), (0, 0, 0), (4, 4, 100)]
)
def test_done_percent_is_rounded_half_up(done, total, percent):
    assert StatusCounts(total=total, done=done).done_percent == percent


def test_latest_reported_period(build_plan):
    b = build_plan()
    goal = b.goal("g1")
    assert period_latest_reported(plan=b.plan) is None
    b.activity(goal, T1=ONGOING, T2=DONE)
    assert period_latest_reported(plan=b.plan) == b.periods["T2"]
