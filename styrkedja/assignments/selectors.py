"""The plan's assignments (uppdrag), with the goal each serves and the meetings it is reported at;
their reports at the follow-up periods, and the words the municipality uses for their statuses."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from styrkedja.assignments.choices import AssignmentStatus
from styrkedja.assignments.models import Assignment, AssignmentReport, AssignmentStatusLabel
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.followup.selectors import _newest_before, _reports_current, _role
from styrkedja.meetings.models import MeetingItem
from styrkedja.plans.models import Plan
from styrkedja.tenancy.choices import Role
from styrkedja.tenancy.permissions import MANAGERS, reporting_units


def assignment_list(*, plan: Plan) -> QuerySet[Assignment]:
    """In the plan's order; each with ``reported_at``: its meeting items, by the meeting's date."""
    return (
        plan.assignments.select_related("goal__level", "responsible_unit")
        .prefetch_related(
            Prefetch(
                "meeting_items",
                queryset=MeetingItem.objects.select_related("meeting").order_by(
                    "meeting__date", "order", "id"
                ),
                to_attr="reported_at",
            )
        )
        .order_by("order", "id")
    )


# The municipality's words ------------------------------------------------------------------------


def assignment_status_labels(*, municipality_id: int) -> dict[str, str]:
    """Each of the four statuses (in their order) in the municipality's words, else the choices'."""
    own = dict(
        AssignmentStatusLabel.objects.filter(municipality_id=municipality_id).values_list("key", "label")
    )
    return {key: own.get(key) or str(label) for key, label in AssignmentStatus.choices}


def _labelled(reports, labels: dict[str, str]):
    for report in reports:
        report.status_labels = labels
    return reports


# Reports --------------------------------------------------------------------------------------------


def assignment_report_current(*, assignment: Assignment, period: FollowUpPeriod) -> AssignmentReport | None:
    return assignment.reports.filter(period=period).order_by("-created_at", "-id").first()


def assignment_reports_current(*, period: FollowUpPeriod, assignments=None) -> dict[int, AssignmentReport]:
    """The newest report at ``period`` of each assignment, in one query, with the status words."""
    reports = _reports_current(AssignmentReport, "assignment", period, assignments)
    _labelled(reports.values(), assignment_status_labels(municipality_id=period.plan.municipality_id))
    return reports


def assignment_reports_previous(*, period: FollowUpPeriod, assignments) -> dict[int, AssignmentReport]:
    """Each assignment's newest report in an earlier period of the plan: what a reporter starts from."""
    reports = (
        AssignmentReport.objects.filter(
            assignment__in=list(assignments),
            period__plan_id=period.plan_id,
            period__ends_on__lt=period.ends_on,
        )
        .select_related("period__plan", "created_by")
        .order_by("-period__ends_on", "-created_at", "-id")
    )
    previous = _newest_before(reports, "assignment_id")
    _labelled(previous.values(), assignment_status_labels(municipality_id=period.plan.municipality_id))
    return previous


def assignment_statuses(*, plan: Plan, period: FollowUpPeriod) -> dict[int, str | None]:
    """Each assignment's status at ``period``; None where it has no report there."""
    latest = (
        AssignmentReport.objects.filter(assignment=OuterRef("pk"), period=period)
        .order_by("-created_at", "-id")
        .values("status")[:1]
    )
    return dict(
        plan.assignments.annotate(current_status=Subquery(latest)).values_list("pk", "current_status")
    )


def assignment_histories(*, plan: Plan) -> dict[int, list[AssignmentReport]]:
    """Every report row of the plan's assignments, by assignment, in the periods' order and oldest
    first within a period: the history a reader and an auditor see, read in one query."""
    reports = (
        AssignmentReport.objects.filter(assignment__plan=plan)
        .select_related("period", "created_by")
        .order_by("period__ends_on", "created_at", "id")
    )
    labels = assignment_status_labels(municipality_id=plan.municipality_id)
    found: dict[int, list[AssignmentReport]] = {}
    for report in _labelled(reports, labels):
        found.setdefault(report.assignment_id, []).append(report)
    return found


def reportable_assignments(*, user, plan: Plan) -> QuerySet[Assignment]:
    """The assignments ``user`` may report: all for a manager; for a rapportör, those whose
    responsible unit is one of the rapportör's units or below one."""
    assignments = plan.assignments.select_related("goal__level", "responsible_unit").order_by("order", "id")
    role = _role(user, plan)
    if role in MANAGERS:
        return assignments
    if role == Role.REPORTER:
        return assignments.filter(responsible_unit_id__in=reporting_units(user))
    return assignments.none()


# Counts ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentCounts:
    """How many of a plan's assignments stand at each status at a period ("Av 30 uppdrag nås 27")."""

    total: int = 0
    not_started: int = 0
    ongoing: int = 0
    done: int = 0
    not_done: int = 0
    not_reported: int = 0

    @classmethod
    def of(cls, statuses) -> AssignmentCounts:
        statuses = list(statuses)
        counts = Counter(statuses)
        return cls(
            total=len(statuses),
            not_started=counts[AssignmentStatus.NOT_STARTED],
            ongoing=counts[AssignmentStatus.ONGOING],
            done=counts[AssignmentStatus.DONE],
            not_done=counts[AssignmentStatus.NOT_DONE],
            not_reported=counts[None],
        )

    def by_status(self, labels: dict[str, str]) -> list[tuple[str, str, int]]:
        """(key, the municipality's word, count) of each status, in the statuses' order."""
        return [(key, labels[key], getattr(self, key)) for key in AssignmentStatus.values]

    def as_dict(self) -> dict[str, int]:
        return {
            "total": self.total,
            "not_started": self.not_started,
            "ongoing": self.ongoing,
            "done": self.done,
            "not_done": self.not_done,
            "not_reported": self.not_reported,
        }


def assignment_counts(*, plan: Plan, period: FollowUpPeriod | None) -> AssignmentCounts:
    """The counts at ``period``; without a period every assignment counts as not reported."""
    if period is None:
        return AssignmentCounts.of([None] * plan.assignments.count())
    return AssignmentCounts.of(assignment_statuses(plan=plan, period=period).values())
