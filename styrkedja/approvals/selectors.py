"""Reads of the approval of units' reports: who may send and approve, and where each unit stands.

A unit's reports at a period are the current reports of the plan's activities, goals and
assignments whose responsible unit it is. Its head is a rapportör assigned to it; its approver the rapportörer
assigned to the unit above, or, where there is none, the controller. The state is derived:

- no step yet: not sent;
- newest step a send: sent, awaiting the approver;
- newest step a return: returned, with the approver's comment, for the head to fix and send again;
- newest step an approval: approved, and it covers the report rows written before it. A report
  row written after the approval shows the unit as changed since the approval: it is no longer
  final until it is sent and approved again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, OuterRef, Q, Subquery

from styrkedja.approvals.choices import ApprovalAction, ApprovalState
from styrkedja.approvals.models import ApprovalStep
from styrkedja.assignments.models import AssignmentReport
from styrkedja.assignments.selectors import assignment_reports_current
from styrkedja.followup.assessment import assessment_scale
from styrkedja.followup.choices import Assessment
from styrkedja.followup.models import ActivityReport, FollowUpPeriod, GoalReport
from styrkedja.followup.selectors import activity_reports_current, goal_reports_current
from styrkedja.goals.models import Goal
from styrkedja.tenancy.choices import Role
from styrkedja.tenancy.models import Membership, Municipality, OrgUnit
from styrkedja.tenancy.permissions import MANAGERS, membership_of


def approval_needed(municipality: Municipality) -> bool:
    return municipality.reports_need_approval


def _assigned_units(membership: Membership) -> set[int]:
    """The units a rapportör is assigned to (not those below): the units they are head of. Read once
    per membership object, since a page asks it of every unit."""
    cached = getattr(membership, "_assigned_units", None)
    if cached is None:
        cached = set(membership.units.values_list("pk", flat=True))
        membership._assigned_units = cached
    return cached


def _role(user, municipality_id: int) -> tuple[Membership | None, str | None]:
    membership = membership_of(user)
    if membership is None or membership.municipality_id != municipality_id:
        return None, None
    return membership, membership.role


def may_send(user, unit: OrgUnit, municipality: Municipality) -> bool:
    """Send a unit's reports for approval: its rapportörer, or a controller or administratör."""
    if unit.municipality_id != municipality.pk or not approval_needed(municipality):
        return False
    membership, role = _role(user, unit.municipality_id)
    if role in MANAGERS:
        return True
    return role == Role.REPORTER and unit.pk in _assigned_units(membership)


def may_approve(user, unit: OrgUnit, municipality: Municipality) -> bool:
    """Approve or return a unit's reports: the head of the unit above (a rapportör assigned to the
    parent, but not to the unit itself, whose head does not approve their own), or a controller or
    administratör."""
    if unit.municipality_id != municipality.pk or not approval_needed(municipality):
        return False
    membership, role = _role(user, unit.municipality_id)
    if role in MANAGERS:
        return True
    if role != Role.REPORTER or unit.parent_id is None:
        return False
    assigned = _assigned_units(membership)
    return unit.parent_id in assigned and unit.pk not in assigned


@dataclass
class UnitApproval:
    """Where one unit's reports at one period stand, with its steps, oldest first."""

    period: FollowUpPeriod
    unit: OrgUnit
    steps: list[ApprovalStep] = field(default_factory=list)
    changed_at: datetime.datetime | None = None  # the newest report row of the unit at the period
    approvers: list = field(default_factory=list)  # the rapportörer above; none: the controller

    @property
    def last(self) -> ApprovalStep | None:
        return self.steps[-1] if self.steps else None

    @property
    def state(self) -> str:
        last = self.last
        if last is None:
            return ApprovalState.NOT_SENT
        if last.action == ApprovalAction.SENT:
            return ApprovalState.SENT
        if last.action == ApprovalAction.RETURNED:
            return ApprovalState.RETURNED
        if self.changed_at is not None and self.changed_at > last.created_at:
            return ApprovalState.CHANGED
        return ApprovalState.APPROVED

    def get_state_display(self) -> str:
        return str(ApprovalState(self.state).label)

    @property
    def is_final(self) -> bool:
        return self.state == ApprovalState.APPROVED

    @property
    def may_be_sent(self) -> bool:
        """Not waiting for the approver and not approved as it stands."""
        return self.period.is_open and self.state in (
            ApprovalState.NOT_SENT,
            ApprovalState.RETURNED,
            ApprovalState.CHANGED,
        )

    @property
    def changed_since_sent(self) -> bool:
        """Sent, and a report written since: the approver approves the reports as they stand then."""
        last = self.last
        return (
            self.state == ApprovalState.SENT
            and self.changed_at is not None
            and self.changed_at > last.created_at
        )

    @property
    def returned_comment(self) -> str:
        return self.last.comment if self.state == ApprovalState.RETURNED else ""

    @property
    def to_controller(self) -> bool:
        return not self.approvers

    @property
    def approver_names(self) -> str:
        return ", ".join(user.get_full_name() or user.username for user in self.approvers)

    @property
    def history(self) -> list[ApprovalStep]:
        """The steps as a history is read: the newest first."""
        return self.steps[::-1]


def _units_with_reports(period: FollowUpPeriod):
    """The units responsible for an activity, goal or assignment of the period's plan: those whose
    reports are approved."""
    plan = period.plan
    return OrgUnit.objects.filter(municipality_id=plan.municipality_id).filter(
        Q(pk__in=plan.activities.values("responsible_unit_id"))
        | Q(pk__in=plan.goals.filter(responsible_unit__isnull=False).values("responsible_unit_id"))
        | Q(pk__in=plan.assignments.filter(responsible_unit__isnull=False).values("responsible_unit_id"))
    )


def _reporters_assigned(municipality_id: int) -> dict[int, list]:
    """The active rapportörer assigned to each unit (not through a unit above), in two queries."""
    memberships = (
        Membership.objects.filter(municipality_id=municipality_id, role=Role.REPORTER, user__is_active=True)
        .select_related("user")
        .prefetch_related("units")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    assigned: dict[int, list] = {}
    for membership in memberships:
        for unit in membership.units.all():
            assigned.setdefault(unit.pk, []).append(membership.user)
    return assigned


def _changed_at(period: FollowUpPeriod, unit_ids) -> dict[int, datetime.datetime]:
    """The newest report row of each unit's activities, goals and assignments at the period, in a
    query each."""
    newest: dict[int, datetime.datetime] = {}
    for model, unit_field in (
        (ActivityReport, "activity__responsible_unit_id"),
        (GoalReport, "goal__responsible_unit_id"),
        (AssignmentReport, "assignment__responsible_unit_id"),
    ):
        rows = (
            model.objects.filter(period=period, **{f"{unit_field}__in": unit_ids})
            .values(unit_field)
            .annotate(newest=Max("created_at"))
            .values_list(unit_field, "newest")
        )
        for unit_id, at in rows:
            if unit_id not in newest or at > newest[unit_id]:
                newest[unit_id] = at
    return newest


def unit_approvals(*, period: FollowUpPeriod, units=None) -> list[UnitApproval]:
    """Where each unit's reports at the period stand: of every unit with an activity or goal in the
    plan, or of ``units`` among them; by the units' names. A fixed number of queries."""
    found = _units_with_reports(period).select_related("parent").order_by("name")
    if units is not None:
        found = found.filter(pk__in=[getattr(unit, "pk", unit) for unit in units])
    found = list(found)
    if not found:
        return []
    ids = [unit.pk for unit in found]
    steps: dict[int, list[ApprovalStep]] = {}
    for step in (
        ApprovalStep.objects.filter(period=period, unit_id__in=ids)
        .select_related("created_by")
        .order_by("created_at", "id")
    ):
        steps.setdefault(step.unit_id, []).append(step)
    changed = _changed_at(period, ids)
    assigned = _reporters_assigned(period.plan.municipality_id)
    return [
        UnitApproval(
            period=period,
            unit=unit,
            steps=steps.get(unit.pk, []),
            changed_at=changed.get(unit.pk),
            approvers=assigned.get(unit.parent_id, []) if unit.parent_id else [],
        )
        for unit in found
    ]


def unit_approval(*, period: FollowUpPeriod, unit: OrgUnit) -> UnitApproval | None:
    """Where one unit stands; None when it has nothing to report in the plan."""
    found = unit_approvals(period=period, units=[unit])
    return found[0] if found else None


def own_unit_approvals(*, user, period: FollowUpPeriod) -> list[UnitApproval]:
    """The units at the period whose head ``user`` is (a rapportör assigned to them), as their report
    page shows them; none when the municipality does not need approval."""
    municipality = period.plan.municipality
    membership, role = _role(user, municipality.pk)
    if not approval_needed(municipality) or role != Role.REPORTER:
        return []
    return unit_approvals(period=period, units=_assigned_units(membership))


@dataclass
class PeriodApprovals:
    """The controller's view of a period: every unit's state, and how many are final."""

    units: list[UnitApproval]

    @property
    def approved_count(self) -> int:
        return sum(1 for unit in self.units if unit.is_final)

    @property
    def not_final_count(self) -> int:
        return len(self.units) - self.approved_count


def period_approvals(*, period: FollowUpPeriod) -> PeriodApprovals | None:
    """Every unit's approval at the period; None when the municipality does not need approval."""
    if not approval_needed(period.plan.municipality):
        return None
    return PeriodApprovals(units=unit_approvals(period=period))


# What awaits an approver ---------------------------------------------------------------------------


@dataclass
class GoalItem:
    goal: Goal
    report: GoalReport | None
    scale: dict[str, str]

    @property
    def assessment(self) -> str:
        """The report's assessment in the words of the municipality's scale."""
        key = self.report.assessment if self.report else ""
        return self.scale.get(key, str(Assessment(key).label)) if key else ""


@dataclass
class AwaitingUnit:
    approval: UnitApproval
    activities: list  # (activity, its current report or None)
    goals: list[GoalItem]
    assignments: list  # (assignment, its current report or None)


def _awaiting_sends(*, user, municipality: Municipality) -> dict[int, set[int]]:
    """The units (by period) whose newest step, at an open period, is a send ``user`` may approve."""
    if not approval_needed(municipality):
        return {}
    newest = (
        ApprovalStep.objects.filter(period_id=OuterRef("period_id"), unit_id=OuterRef("unit_id"))
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    sent = ApprovalStep.objects.filter(
        period__plan__municipality=municipality,
        period__opened_at__isnull=False,
        period__closed_at__isnull=True,
        action=ApprovalAction.SENT,
        pk=Subquery(newest),
    ).select_related("unit")
    by_period: dict[int, set[int]] = {}
    for step in sent:
        if may_approve(user, step.unit, municipality):
            by_period.setdefault(step.period_id, set()).add(step.unit_id)
    return by_period


def awaiting_approval_count(*, user, municipality: Municipality) -> int:
    return sum(len(units) for units in _awaiting_sends(user=user, municipality=municipality).values())


def awaiting_approval(*, user, municipality: Municipality) -> list[AwaitingUnit]:
    """The units whose reports, sent at an open period, ``user`` may approve, with the reports' texts.

    A fixed number of queries per open period with something awaiting."""
    by_period = _awaiting_sends(user=user, municipality=municipality)
    if not by_period:
        return []
    periods = (
        FollowUpPeriod.objects.filter(pk__in=by_period)
        .select_related("plan__board", "plan__municipality")
        .order_by("due_on", "ends_on", "plan__year")
    )
    found = []
    for period in periods:
        approvals = unit_approvals(period=period, units=by_period[period.pk])
        found += _with_reports(period, approvals)
    return found


def _with_reports(period: FollowUpPeriod, approvals: list[UnitApproval]) -> list[AwaitingUnit]:
    unit_ids = [approval.unit.pk for approval in approvals]
    activities = list(
        period.plan.activities.filter(responsible_unit_id__in=unit_ids)
        .select_related("goal__level")
        .order_by("goal__level__depth", "goal__order", "order", "id")
    )
    goals = list(
        period.plan.goals.filter(responsible_unit_id__in=unit_ids)
        .select_related("level")
        .order_by("level__depth", "order", "id")
    )
    assignments = list(
        period.plan.assignments.filter(responsible_unit_id__in=unit_ids).order_by("order", "id")
    )
    activity_reports = activity_reports_current(period=period, activities=activities)
    assignment_reports = assignment_reports_current(period=period, assignments=assignments)
    goal_reports = goal_reports_current(period=period, goals=goals)
    # The scale read once: a goal report's own assessment_text would read it per goal.
    scale = dict(assessment_scale(municipality_id=period.plan.municipality_id))
    return [
        AwaitingUnit(
            approval=approval,
            activities=[
                (activity, activity_reports.get(activity.pk))
                for activity in activities
                if activity.responsible_unit_id == approval.unit.pk
            ],
            goals=[
                GoalItem(goal, goal_reports.get(goal.pk), scale)
                for goal in goals
                if goal.responsible_unit_id == approval.unit.pk
            ],
            assignments=[
                (assignment, assignment_reports.get(assignment.pk))
                for assignment in assignments
                if assignment.responsible_unit_id == approval.unit.pk
            ],
        )
        for approval in approvals
    ]
