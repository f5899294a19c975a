"""Reads of follow-up state. Counts are always computed from the report rows, never stored."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import OuterRef, Q, QuerySet, Subquery

from styrkedja.activities.models import Activity
from styrkedja.followup.choices import ReportStatus
from styrkedja.followup.models import ActivityReport, FollowUpPeriod, GoalReport
from styrkedja.goals.models import Goal
from styrkedja.goals.selectors import GoalNode, goal_tree, goals_in_tree_order
from styrkedja.plans.models import Plan
from styrkedja.tenancy.choices import Role
from styrkedja.tenancy.models import Membership, OrgUnit
from styrkedja.tenancy.permissions import MANAGERS, membership_of, reporting_units


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


def report_histories(reports: QuerySet, *, owner: str) -> dict[tuple[int, int], list]:
    """Report rows of one kind, oldest first, by (owner's id, period's id), read in one query: the
    history of every report of a plan at once (``owner``: "activity_id", "goal_id", …)."""
    found: dict[tuple[int, int], list] = {}
    for report in reports.order_by("created_at", "id"):
        found.setdefault((getattr(report, owner), report.period_id), []).append(report)
    return found


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
    # The uppdrag at the period (assignments.selectors.AssignmentCounts), and the municipality's
    # words for their statuses.
    assignments: object = None
    assignment_labels: dict = field(default_factory=dict)

    @property
    def assignment_rows(self) -> list[tuple[str, str, int]]:
        """(status, the municipality's word, count) of the assignments, in the statuses' order."""
        return self.assignments.by_status(self.assignment_labels) if self.assignments else []

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
            "assignments": {
                **self.assignments.as_dict(),
                "labels": self.assignment_labels,
            },
            "goals": [goal_dict(goal) for goal in self.goals],
            "assessments": self.assessments.as_dict() if self.assessments else None,
            "economy": self.economy,
        }

    @cached_property
    def rules(self):
        """What the plan's summary counts and says (followup.assessment.Rules)."""
        from styrkedja.followup.assessment import assessment_rules

        return assessment_rules(plan=self.plan)

    @cached_property
    def assessments(self):
        """The goals' assessments at the period, in total over the counted levels and per level
        (followup.assessment.AssessmentCounts); None without a period."""
        from styrkedja.followup.assessment import goal_assessment_counts

        if self.period is None:
            return None
        return goal_assessment_counts(plan=self.plan, period=self.period, rules=self.rules)

    @cached_property
    def economy(self) -> dict | None:
        """The economy's totals per sector at the period, read only when asked for (the pages that
        show the counts do not); None without a period or a budget."""
        from styrkedja.economy.selectors import economy_totals

        return economy_totals(plan=self.plan, period=self.period) if self.period else None


def plan_summary(
    *, plan: Plan, period: FollowUpPeriod | None = None, activity_ids: set[int] | None = None
) -> PlanSummary:
    """Counts per status of the plan's activities at ``period``, per goal (rolled up) and in total,
    and of its assignments at ``period``.

    ``activity_ids`` limits the counts to those activities (the plan page's filters).
    """
    from styrkedja.assignments.selectors import assignment_counts, assignment_status_labels

    if period is not None and period.plan_id != plan.pk:
        raise ValueError("The period belongs to another plan")
    statuses = activity_statuses(plan=plan, period=period) if period else {}
    by_goal: dict[int | None, list[str | None]] = {}
    special: list[str | None] = []
    for activity_id, goal_id, is_special in plan.activities.values_list(
        "pk", "goal_id", "is_special_initiative"
    ):
        if activity_ids is not None and activity_id not in activity_ids:
            continue
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
        plan=plan,
        period=period,
        counts=total,
        goals=goals,
        special_initiatives=special_counts,
        assignments=assignment_counts(plan=plan, period=period),
        assignment_labels=assignment_status_labels(municipality_id=plan.municipality_id),
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


# The reporting workflow ------------------------------------------------------------------------


def _reports_current(model, field: str, period: FollowUpPeriod, objects) -> dict:
    """The newest report at ``period`` of each object (``field``: activity or goal), in one query."""
    newest = (
        model.objects.filter(**{field: OuterRef(field)}, period=period)
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    reports = model.objects.filter(period=period, pk=Subquery(newest)).select_related("created_by")
    if objects is not None:
        reports = reports.filter(**{f"{field}__in": objects})
    return {getattr(report, f"{field}_id"): report for report in reports}


def activity_reports_current(*, period: FollowUpPeriod, activities=None) -> dict[int, ActivityReport]:
    return _reports_current(ActivityReport, "activity", period, activities)


def goal_reports_current(*, period: FollowUpPeriod, goals=None) -> dict[int, GoalReport]:
    return _reports_current(GoalReport, "goal", period, goals)


def _newest_before(reports, key: str) -> dict:
    """Of report rows ordered newest first, the first per object."""
    found = {}
    for report in reports:
        found.setdefault(getattr(report, key), report)
    return found


def activity_reports_previous(*, period: FollowUpPeriod, activities) -> dict[int, ActivityReport]:
    """Each activity's newest report in an earlier period: the text a reporter starts from.

    An activity carried over from last year's plan, not yet reported in this one, starts from
    its origin's last report.
    """
    activities = list(activities)
    reports = (
        ActivityReport.objects.filter(
            activity__in=activities, period__plan_id=period.plan_id, period__ends_on__lt=period.ends_on
        )
        .select_related("period__plan")
        .order_by("-period__ends_on", "-created_at", "-id")
    )
    previous = _newest_before(reports, "activity_id")
    origins = {
        a.carried_over_from_id: a.pk for a in activities if a.pk not in previous and a.carried_over_from_id
    }
    if origins:
        origin_reports = (
            ActivityReport.objects.filter(activity__in=origins)
            .select_related("period__plan")
            .order_by("-period__ends_on", "-created_at", "-id")
        )
        for origin_id, report in _newest_before(origin_reports, "activity_id").items():
            previous[origins[origin_id]] = report
    return previous


def goal_reports_previous(*, period: FollowUpPeriod, goals) -> dict[int, GoalReport]:
    reports = (
        GoalReport.objects.filter(
            goal__in=goals, period__plan_id=period.plan_id, period__ends_on__lt=period.ends_on
        )
        .select_related("period")
        .order_by("-period__ends_on", "-created_at", "-id")
    )
    return _newest_before(reports, "goal_id")


def reportable_activities(*, user, plan: Plan) -> QuerySet[Activity]:
    """The plan's activities ``user`` may report: all for a manager, the own units' for a rapportör."""
    activities = plan.activities.select_related("goal__level", "responsible_unit").order_by(
        "goal__level__depth", "goal__order", "order", "id"
    )
    role = _role(user, plan)
    if role in MANAGERS:
        return activities
    if role == Role.REPORTER:
        return activities.filter(responsible_unit_id__in=reporting_units(user))
    return activities.none()


def reportable_goals(*, user, plan: Plan) -> QuerySet[Goal]:
    goals = plan.goals.select_related("level").order_by("level__depth", "order", "id")
    role = _role(user, plan)
    if role in MANAGERS:
        return goals
    if role == Role.REPORTER:
        units = reporting_units(user)
        return goals.filter(
            Q(responsible_unit_id__in=units) | Q(activities__responsible_unit_id__in=units)
        ).distinct()
    return goals.none()


def may_report_in(*, user, plan: Plan) -> bool:
    """Has ``user`` anything to report in the plan: a reading member has not, and is not offered to."""
    from styrkedja.assignments.selectors import reportable_assignments
    from styrkedja.surveys.selectors import reportable_surveys

    return (
        reportable_activities(user=user, plan=plan).exists()
        or reportable_goals(user=user, plan=plan).exists()
        or reportable_assignments(user=user, plan=plan).exists()
        or reportable_surveys(user=user, plan=plan).exists()
    )


def _role(user, plan: Plan) -> str | None:
    membership = membership_of(user)
    if membership is None or membership.municipality_id != plan.municipality_id:
        return None
    return membership.role


@dataclass
class TodoPeriod:
    """What one user still has to report at one open period."""

    period: FollowUpPeriod
    activities: list[Activity]
    goals: list[Goal]
    assignments: list = field(default_factory=list)  # of assignments.Assignment

    @property
    def plan(self) -> Plan:
        return self.period.plan

    @property
    def count(self) -> int:
        return len(self.activities) + len(self.goals) + len(self.assignments)


def reporting_todo(*, user, municipality) -> list[TodoPeriod]:
    """Per open T1–T3 period of the municipality: the activities, goals and assignments ``user`` has
    yet to report."""
    from styrkedja.assignments.selectors import reportable_assignments

    periods = (
        FollowUpPeriod.objects.filter(
            plan__municipality=municipality, opened_at__isnull=False, closed_at__isnull=True
        )
        .select_related("plan__board", "plan__municipality")
        .order_by("due_on", "ends_on", "plan__year")
    )
    todo = []
    for period in periods:
        if not period.is_tertial:
            continue
        activities = reportable_activities(user=user, plan=period.plan).exclude(reports__period=period)
        goals = reportable_goals(user=user, plan=period.plan).exclude(reports__period=period)
        assignments = reportable_assignments(user=user, plan=period.plan).exclude(reports__period=period)
        item = TodoPeriod(
            period=period,
            activities=list(activities),
            goals=goals_in_tree_order(list(goals)),
            assignments=list(assignments),
        )
        if item.count:
            todo.append(item)
    return todo


@dataclass
class PeriodProgress:
    period: FollowUpPeriod
    activities_total: int
    activities_reported: int
    goals_total: int
    goals_reported: int
    assignments_total: int = 0
    assignments_reported: int = 0

    @property
    def missing(self) -> int:
        return (
            self.activities_total
            - self.activities_reported
            + self.goals_total
            - self.goals_reported
            + self.assignments_total
            - self.assignments_reported
        )


def period_progress(*, plan: Plan) -> list[PeriodProgress]:
    """How far the reporting has come at each period of the plan."""
    from styrkedja.assignments.models import AssignmentReport

    activities_total = plan.activities.count()
    goals_total = plan.goals.count()
    reported_activities = Counter(
        period_id
        for period_id, _activity in ActivityReport.objects.filter(period__plan=plan)
        .values_list("period_id", "activity_id")
        .distinct()
    )
    reported_goals = Counter(
        period_id
        for period_id, _goal in GoalReport.objects.filter(period__plan=plan)
        .values_list("period_id", "goal_id")
        .distinct()
    )
    assignments_total = plan.assignments.count()
    reported_assignments = Counter(
        period_id
        for period_id, _assignment in AssignmentReport.objects.filter(period__plan=plan)
        .values_list("period_id", "assignment_id")
        .distinct()
    )
    return [
        PeriodProgress(
            period=period,
            activities_total=activities_total,
            activities_reported=reported_activities[period.pk],
            goals_total=goals_total,
            goals_reported=reported_goals[period.pk],
            assignments_total=assignments_total,
            assignments_reported=reported_assignments[period.pk],
        )
        for period in plan.periods.all()
    ]


@dataclass
class UnitMissing:
    unit: OrgUnit
    activities: list[Activity]
    reporters: list
    assignments: list = field(default_factory=list)  # of assignments.Assignment


@dataclass
class MissingReports:
    """Who has not reported yet at a period: the controller's list to chase."""

    period: FollowUpPeriod
    by_unit: list[UnitMissing]
    goals: list[Goal]
    assignments_without_unit: list = field(default_factory=list)  # of assignments.Assignment

    @property
    def activity_count(self) -> int:
        return sum(len(unit.activities) for unit in self.by_unit)

    @property
    def assignment_count(self) -> int:
        return sum(len(unit.assignments) for unit in self.by_unit) + len(self.assignments_without_unit)

    @property
    def count(self) -> int:
        return self.activity_count + len(self.goals) + self.assignment_count


def period_missing_reports(*, period: FollowUpPeriod) -> MissingReports:
    plan = period.plan
    activities = (
        plan.activities.exclude(reports__period=period)
        .select_related("responsible_unit", "goal__level")
        .order_by("responsible_unit__name", "order", "id")
    )
    by_unit: dict[int, UnitMissing] = {}
    reporters = _reporters_by_unit(plan.municipality_id)
    for activity in activities:
        unit = activity.responsible_unit
        entry = by_unit.setdefault(
            unit.pk, UnitMissing(unit=unit, activities=[], reporters=reporters.get(unit.pk, []))
        )
        entry.activities.append(activity)
    assignments = (
        plan.assignments.exclude(reports__period=period)
        .select_related("responsible_unit")
        .order_by("responsible_unit__name", "order", "id")
    )
    unassigned = []  # no unit to chase: the controller reports them
    for assignment in assignments:
        unit = assignment.responsible_unit
        if unit is None:
            unassigned.append(assignment)
            continue
        entry = by_unit.setdefault(
            unit.pk, UnitMissing(unit=unit, activities=[], reporters=reporters.get(unit.pk, []))
        )
        entry.assignments.append(assignment)
    goals = goals_in_tree_order(list(plan.goals.exclude(reports__period=period).select_related("level")))
    return MissingReports(
        period=period, by_unit=list(by_unit.values()), goals=goals, assignments_without_unit=unassigned
    )


def _reporters_by_unit(municipality_id: int) -> dict[int, list]:
    """The rapportörer who report for each unit, through their assigned units and the units above."""
    parents = dict(OrgUnit.objects.filter(municipality_id=municipality_id).values_list("pk", "parent_id"))
    assigned: dict[int, list] = {}
    memberships = (
        Membership.objects.filter(municipality_id=municipality_id, role=Role.REPORTER, user__is_active=True)
        .prefetch_related("units")
        .select_related("user")
    )
    for membership in memberships:
        for unit in membership.units.all():
            assigned.setdefault(unit.pk, []).append(membership.user)
    result: dict[int, list] = {}
    for pk in parents:
        users, node = [], pk
        while node is not None:
            users += [user for user in assigned.get(node, []) if user not in users]
            node = parents.get(node)
        result[pk] = users
    return result
