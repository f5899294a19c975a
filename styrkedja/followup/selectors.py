"""Reads of follow-up state. Counts are always computed from the report rows, never stored."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, QuerySet, Subquery

from styrkedja.activities.models import Activity
from styrkedja.followup.choices import ReportStatus
from styrkedja.followup.models import ActivityReport, FollowUpPeriod, GoalReport
from styrkedja.goals.models import Goal
from styrkedja.goals.selectors import GoalNode, goal_tree
from styrkedja.plans.models import Plan


def period_get(*, plan: Plan, code: str) -> FollowUpPeriod:
    return plan.periods.get(code=code.upper())


def period_latest_reported(*, plan: Plan) -> FollowUpPeriod | None:
    """The latest period of the plan at which any activity has been reported."""
    return (
        plan.periods.filter(activityreports__activity__plan=plan)
        .order_by("-ends_on", "-code")
        .distinct()
        .first()
    )


def activity_report_current(*, activity: Activity, period: FollowUpPeriod) -> ActivityReport | None:
    return activity.reports.filter(period=period).order_by("-created_at", "-id").first()


def goal_report_current(*, goal: Goal, period: FollowUpPeriod) -> GoalReport | None:
    return goal.reports.filter(period=period).order_by("-created_at", "-id").first()


def activity_statuses(*, plan: Plan, period: FollowUpPeriod | None = None) -> dict[int, str | None]:
    """Each activity's status: at ``period``, or else as last reported in any period.

    An activity without a report maps to None ("not reported").
    """
    reports = ActivityReport.objects.filter(activity=OuterRef("pk"))
    if period is not None:
        reports = reports.filter(period=period)
    latest = reports.order_by("-period__ends_on", "-created_at", "-id").values("status")[:1]
    rows = plan.activities.annotate(current_status=Subquery(latest)).values_list("pk", "current_status")
    return dict(rows)


@dataclass(frozen=True)
class StatusCounts:
    total: int = 0
    done: int = 0
    ongoing: int = 0
    not_started: int = 0
    not_reported: int = 0

    @classmethod
    def of(cls, statuses: list[str | None]) -> StatusCounts:
        counts = Counter(statuses)
        return cls(
            total=len(statuses),
            done=counts[ReportStatus.DONE],
            ongoing=counts[ReportStatus.ONGOING],
            not_started=counts[ReportStatus.NOT_STARTED],
            not_reported=counts[None],
        )

    def __add__(self, other: StatusCounts) -> StatusCounts:
        return StatusCounts(
            self.total + other.total,
            self.done + other.done,
            self.ongoing + other.ongoing,
            self.not_started + other.not_started,
            self.not_reported + other.not_reported,
        )

    @property
    def done_percent(self) -> int:
        """Share done in whole per cent, rounded half up as a report would state it ("ca 66 procent")."""
        if not self.total:
            return 0
        share = Decimal(self.done * 100) / Decimal(self.total)
        return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def as_dict(self) -> dict[str, int]:
        return {
            "total": self.total,
            "done": self.done,
            "ongoing": self.ongoing,
            "not_started": self.not_started,
            "not_reported": self.not_reported,
            "done_percent": self.done_percent,
        }


@dataclass
class GoalSummary:
    node: GoalNode
    own: StatusCounts
    counts: StatusCounts  # own activities and those of all goals below
    children: list[GoalSummary] = field(default_factory=list)

    @property
    def goal(self) -> Goal:
        return self.node.goal


@dataclass
class PlanSummary:
    plan: Plan
    period: FollowUpPeriod | None
    counts: StatusCounts
    goals: list[GoalSummary]
    special_initiatives: StatusCounts

    def as_dict(self) -> dict:
        def goal_dict(summary: GoalSummary) -> dict:
            goal = summary.goal
            return {
                "key": goal.key,
                "level": goal.level.name,
                "number": goal.number,
                "title": goal.title,
                "text": goal.text,
                "indicators": [indicator.name for indicator in goal.indicators.all()],
                **summary.counts.as_dict(),
                "children": [goal_dict(child) for child in summary.children],
            }

        return {
            "plan": self.plan.name,
            "period": self.period.code if self.period else None,
            **self.counts.as_dict(),
            "special_initiatives": self.special_initiatives.as_dict(),
            "goals": [goal_dict(goal) for goal in self.goals],
        }


def plan_summary(*, plan: Plan, period: FollowUpPeriod | None = None) -> PlanSummary:
    """Counts per status of the plan's activities at ``period``, per goal (rolled up) and in total."""
    if period is not None and period.plan_id != plan.pk:
        raise ValueError("The period belongs to another plan")
    statuses = activity_statuses(plan=plan, period=period) if period else {}
    by_goal: dict[int | None, list[str | None]] = {}
    special: list[str | None] = []
    for activity_id, goal_id, is_special in plan.activities.values_list(
        "pk", "goal_id", "is_special_initiative"
    ):
        status = statuses.get(activity_id)
        if goal_id is None and is_special:
            special.append(status)
        else:
            by_goal.setdefault(goal_id, []).append(status)

    def summarise(node: GoalNode) -> GoalSummary:
        children = [summarise(child) for child in node.children]
        own = StatusCounts.of(by_goal.get(node.goal.pk, []))
        total = sum((child.counts for child in children), own)
        return GoalSummary(node=node, own=own, counts=total, children=children)

    goals = [summarise(root) for root in goal_tree(plan=plan)]
    special_counts = StatusCounts.of(special)
    total = sum((goal.counts for goal in goals), special_counts)
    return PlanSummary(
        plan=plan, period=period, counts=total, goals=goals, special_initiatives=special_counts
    )


def carry_over_candidates(*, plan: Plan) -> QuerySet[Activity]:
    """Activities not finished as last reported: the ones proposed for next year's plan."""
    statuses = activity_statuses(plan=plan)
    unfinished = [pk for pk, status in statuses.items() if status != ReportStatus.DONE]
    return (
        plan.activities.filter(pk__in=unfinished)
        .select_related("goal", "responsible_unit")
        .order_by("order", "id")
    )
