"""A plan or follow-up as it is published: plain data, fixed at the moment of publication.

Everything the public sees (the public pages, the open data, the public API) is read from this
snapshot and never from the live plan, so that a draft, a later edit or a withdrawn publication
cannot show by mistake. It holds what the public pages say, worked out once (the assessments in
the municipality's words, the indicators' status and trend, the charts), so that they need no
rules of their own.

The format is described in docs/publishing.md; ``SNAPSHOT_VERSION`` names it, and a change that
readers must know of raises it.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from styrkedja.activities.choices import ActivityKind
from styrkedja.activities.models import Activity, ActivityCollaborator
from styrkedja.assignments.selectors import assignment_reports_current, assignment_status_labels
from styrkedja.charts.indicator import indicator_chart
from styrkedja.followup.assessment import assessment_sentence, assessment_steps
from styrkedja.followup.choices import CommentTopic, ReportStatus
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.followup.selectors import activity_reports_current, goal_reports_current, plan_summary
from styrkedja.followup.texts import summary_sentence
from styrkedja.goals.selectors import goal_tree
from styrkedja.indicators.choices import Gender, TargetStatus, Trend, ValueScope
from styrkedja.indicators.selectors import indicator_target_status, indicator_trend
from styrkedja.plans.models import Plan
from styrkedja.plans.selectors import plan_decision_latest

SNAPSHOT_VERSION = 1
DOCUMENT_FORMATS = ("pdf", "docx")

# A goal's texts as the public page labels them, in the order the plan document prints them.
GOAL_TEXT_FIELDS = ("text", "measurable", "baseline", "motivation", "way_forward", "followup_text")


def _number(value) -> str | None:
    """A decimal as text with a point and no needless zeros ("72.5", "30"), or None."""
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def _choice(choices, key) -> dict | None:
    return None if not key else {"key": str(key), "label": str(choices(key).label)}


def _date(day) -> str | None:
    return day.isoformat() if day else None


def snapshot_build(*, plan: Plan, period: FollowUpPeriod | None) -> dict:
    """The plan (``period`` None) or its follow-up at ``period``, as the public may read it."""
    municipality = plan.municipality
    steps = assessment_steps(municipality_id=municipality.pk)
    decision = plan_decision_latest(plan=plan)
    nodes = [node for root in goal_tree(plan=plan) for node in root.walk()]
    goals = [node.goal for node in nodes]
    prefetch_related_objects(goals, "sdgs", "parent", "responsible_unit")
    year = period.ends_on.year if period else None
    goal_reports = goal_reports_current(period=period, goals=goals) if period else {}
    activities = list(
        plan.activities.select_related("responsible_unit")
        .prefetch_related(
            Prefetch(
                "collaborators",
                queryset=ActivityCollaborator.objects.select_related("unit", "partner").order_by(
                    "order", "pk"
                ),
            )
        )
        .order_by("order", "pk")
    )
    activity_reports = activity_reports_current(period=period, activities=activities) if period else {}
    by_goal: dict[int | None, list[Activity]] = {}
    for activity in activities:
        by_goal.setdefault(activity.goal_id, []).append(activity)
    step_of = {step.key: step for step in steps}
    in_plan = {goal.pk for goal in goals}

    def assessment(key: str) -> dict | None:
        step = step_of.get(key)
        if not key:
            return None
        return {"key": key, "label": step.label if step else key, "symbol": step.symbol if step else ""}

    def goal_data(goal) -> dict:
        report = goal_reports.get(goal.pk)
        labels = {name: str(goal._meta.get_field(name).verbose_name) for name in GOAL_TEXT_FIELDS}
        return {
            "id": goal.pk,
            "key": goal.key,
            "number": goal.number,
            "heading": goal.level.heading_for(goal.number),
            "title": goal.title,
            "level": goal.level.key,
            "depth": goal.level.depth,
            "parent": goal.parent_id if goal.parent_id in in_plan else None,
            "area": str(goal.parent) if goal.parent_id and goal.parent_id not in in_plan else "",
            "texts": [
                {"label": labels[name].capitalize(), "text": getattr(goal, name).strip()}
                for name in GOAL_TEXT_FIELDS
                if getattr(goal, name).strip()
            ],
            "unit": goal.responsible_unit_id,
            "sdgs": [{"number": sdg.number, "name": sdg.name} for sdg in goal.sdgs.all()],
            "assessment": assessment(report.assessment) if report else None,
            "reason": report.reason if report else "",
            "analysis": report.comment if report else "",
            "actions": report.actions if report else "",
            "indicators": [indicator_data(indicator, year) for indicator in goal.indicators.all()],
            "activities": [activity_data(activity) for activity in by_goal.get(goal.pk, [])],
        }

    def indicator_data(indicator, at_year: int | None) -> dict:
        values = list(indicator.values.all())
        totals = [value for value in values if value.gender == Gender.TOTAL and not value.label]
        years = sorted({value.year for value in totals})
        own = {v.year: v for v in totals if v.scope == ValueScope.MUNICIPALITY}
        nation = {v.year: v for v in totals if v.scope == ValueScope.NATION}
        judged = at_year if at_year is not None else (max(own) if own else None)
        status = indicator_target_status(indicator=indicator, year=judged, values=values) if judged else None
        trend = indicator_trend(indicator=indicator, year=judged, values=values) if judged else None
        return {
            "id": indicator.pk,
            "name": indicator.name,
            "unit": indicator.unit,
            "source": indicator.source,
            "target": indicator.target,
            "higher_is_better": indicator.higher_is_better,
            "year": judged,
            "status": _choice(TargetStatus, status),
            "trend": _choice(Trend, trend),
            "values": [
                {
                    "year": y,
                    "value": _number(own[y].value) if y in own else None,
                    "nation": _number(nation[y].value) if y in nation else None,
                    "missing_reason": own[y].missing_reason if y in own else "",
                }
                for y in years
            ],
            "chart_html": _chart_html(indicator, values, municipality.name),
        }

    def activity_data(activity: Activity) -> dict:
        report = activity_reports.get(activity.pk)
        return {
            "id": activity.pk,
            "title": activity.title,
            "kind": activity.kind,
            "kind_label": str(ActivityKind(activity.kind).label),
            "unit": activity.responsible_unit_id,
            "collaborators": ", ".join(str(c) for c in activity.collaborators.all()),
            "special_initiative": activity.is_special_initiative,
            "status": _choice(ReportStatus, report.status) if report else None,
            "comment": report.comment if report else "",
            "planned_start": _date(activity.planned_start),
            "planned_end": _date(activity.planned_end),
        }

    return {
        "version": SNAPSHOT_VERSION,
        "municipality": {"slug": municipality.slug, "name": municipality.name},
        "plan": {
            "board": {"slug": plan.board.slug, "name": plan.board.name},
            "year": plan.year,
            "title": plan.title,
            "budget_period": [plan.budget_period_start, plan.budget_period_end],
            "decision": decision.citation if decision and not decision.is_open else "",
        },
        "period": None
        if period is None
        else {
            "code": period.code,
            "name": period.name,
            "ends_on": _date(period.ends_on),
            "comment": period.comment,
        },
        "levels": [
            {"key": level.key, "name": level.name, "name_plural": level.name_plural, "depth": level.depth}
            for level in municipality.goal_levels.order_by("depth")
        ],
        "scale": [
            {"key": step.key, "label": step.label, "symbol": step.symbol, "counted": step.counted}
            for step in steps
        ],
        "statuses": [{"key": str(status.value), "label": str(status.label)} for status in ReportStatus],
        "summary": _summary(plan, period),
        "sections": [
            {
                "key": section.key,
                "heading": section.heading or section.get_key_display(),
                "body": section.body,
            }
            for section in plan.sections.filter(sector=None).order_by("order", "pk")
            if section.body.strip()
        ],
        "comments": _comments(period),
        "units": [
            {"id": unit.pk, "name": unit.name, "short_name": unit.short_name}
            for unit in municipality.units.order_by("order", "name", "pk")
        ],
        "goals": [goal_data(goal) for goal in goals],
        "special_initiatives": [activity_data(a) for a in by_goal.get(None, [])],
        "assignments": _assignments(plan, period),
        "documents": list(DOCUMENT_FORMATS),
    }


def _chart_html(indicator, values, municipality_name: str) -> str:
    """The indicator's chart as a figure with its description, or "" without values. Without the
    chart's own table: the snapshot's values are the table, with the nation and missing values."""
    chart = indicator_chart(indicator=indicator, values=values, municipality_name=municipality_name)
    if chart is None:
        return ""
    # Safe: every text in the SVG was escaped when it was written (styrkedja.charts.svg).
    return render_to_string(
        "charts/figure.html", {"chart": chart, "svg": mark_safe(chart.svg), "with_table": False}
    )


def _summary(plan: Plan, period: FollowUpPeriod | None) -> dict | None:
    if period is None:
        return None
    summary = plan_summary(plan=plan, period=period)
    counts = summary.counts
    return {
        "sentence": summary_sentence(summary),
        "assessment_sentence": assessment_sentence(summary.assessments),
        "assessments": summary.assessments.as_dict(),
        "activities": counts.as_dict(),
    }


def _comments(period: FollowUpPeriod | None) -> list[dict]:
    """The follow-up's own texts (its summary, special initiatives, user involvement): the newest of
    each topic, in the topics' order."""
    if period is None:
        return []
    newest = {}
    for comment in period.periodcomments.order_by("created_at", "pk"):
        newest[comment.topic] = comment.comment
    return [
        {"topic": str(topic.value), "heading": str(topic.label), "text": newest[topic]}
        for topic in CommentTopic
        if newest.get(topic, "").strip()
    ]


def _assignments(plan: Plan, period: FollowUpPeriod | None) -> list[dict]:
    assignments = list(plan.assignments.order_by("order", "pk"))
    reports = assignment_reports_current(period=period, assignments=assignments) if period else {}
    labels = assignment_status_labels(municipality_id=plan.municipality_id)
    found = []
    for assignment in assignments:
        report = reports.get(assignment.pk)
        found.append(
            {
                "id": assignment.pk,
                "title": assignment.title,
                "description": assignment.description,
                "unit": assignment.responsible_unit_id,
                "status": {"key": report.status, "label": labels.get(report.status, report.status)}
                if report
                else None,
                "comment": report.comment if report else "",
            }
        )
    return found
