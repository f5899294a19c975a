"""The goal page: texts, indicators, activities per period, comments, history. Edited in planning."""

from __future__ import annotations

from django.shortcuts import render

from styrkedja.audit.history import history_for
from styrkedja.followup.models import ActivityReport, GoalReport
from styrkedja.followup.selectors import period_latest_reported, plan_summary
from styrkedja.goals.services import GOAL_TEXT_FIELDS
from styrkedja.indicators.selectors import indicator_assessments
from styrkedja.tenancy.permissions import can_manage_plans, can_report_goal
from styrkedja.web.access import member_required
from styrkedja.web.lookups import goal_or_404


def _newest(reports, key: str) -> dict:
    """Of report rows, the newest per (object, period)."""
    newest = {}
    for report in reports.order_by("created_at", "id"):
        newest[(getattr(report, key), report.period_id)] = report
    return newest


def _find(summaries, pk: int):
    for summary in summaries:
        if summary.goal.pk == pk:
            return summary
        found = _find(summary.children, pk)
        if found:
            return found
    return None


@member_required
def goal_detail(request, pk: int):
    goal = goal_or_404(request, pk)
    plan = goal.plan
    periods = list(plan.periods.all())
    shown_periods = [period for period in periods if period.is_tertial]
    activities = list(goal.activities.select_related("responsible_unit").order_by("order", "id"))
    activity_reports = _newest(
        ActivityReport.objects.filter(activity__in=activities).select_related("created_by"), "activity_id"
    )
    goal_reports = _newest(GoalReport.objects.filter(goal=goal).select_related("created_by"), "goal_id")
    open_tertials = [period for period in shown_periods if period.is_open]
    period = open_tertials[0] if open_tertials else period_latest_reported(plan=plan)
    summary = _find(plan_summary(plan=plan, period=period).goals, goal.pk)
    may_report = can_report_goal(request.user, goal)
    return render(
        request,
        "goals/goal_detail.html",
        {
            "goal": goal,
            "plan": plan,
            "period": period,
            "summary": summary,
            "texts": [
                (goal._meta.get_field(name).verbose_name, getattr(goal, name))
                for name in GOAL_TEXT_FIELDS[1:]
            ],
            "indicators": [
                (indicator, indicator_assessments(indicator=indicator))
                for indicator in goal.indicators.prefetch_related("values")
            ],
            "children": goal.children.select_related("level").order_by("order"),
            "contributes_to": goal.contributes_to.select_related("level"),
            "sdgs": goal.sdgs.all(),
            "periods": shown_periods,
            "activity_rows": [
                (activity, [activity_reports.get((activity.pk, p.pk)) for p in shown_periods])
                for activity in activities
            ],
            "goal_reports": [
                {
                    "period": p,
                    "report": goal_reports.get((goal.pk, p.pk)),
                    "may_report": may_report and p.is_open,
                }
                for p in periods
                if p.is_tertial or (goal.pk, p.pk) in goal_reports
            ],
            "may_edit": can_manage_plans(request.user, request.municipality),
            "history": history_for(municipality=request.municipality, obj=goal),
        },
    )
