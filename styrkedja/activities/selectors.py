from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from styrkedja.activities.choices import ProposalState
from styrkedja.activities.models import Activity, ActivityProposal
from styrkedja.plans.models import Plan
from styrkedja.tenancy.models import Municipality, OrgUnit
from styrkedja.tenancy.permissions import can_manage_plans, can_propose_activity, reporting_units


def activity_list(
    *, municipality: Municipality, plan: Plan | None = None, unit: OrgUnit | None = None
) -> QuerySet[Activity]:
    """Activities of one municipality; a plan or unit of another municipality gives nothing."""
    activities = (
        Activity.objects.filter(plan__municipality=municipality)
        .select_related("plan", "goal", "responsible_unit")
        .order_by("plan", "order", "id")
    )
    if plan is not None:
        activities = activities.filter(plan=plan)
    if unit is not None:
        activities = activities.filter(responsible_unit=unit)
    return activities


def proposals_visible(*, plan: Plan, user) -> QuerySet[ActivityProposal]:
    """The plan's activity proposals that ``user`` sees: a controller or administratör every one, a
    rapportör those of the own units (and the units below them) and their own; anyone else none."""
    proposals = ActivityProposal.objects.filter(plan=plan)
    if not can_manage_plans(user, plan.municipality):
        if not can_propose_activity(user, plan.municipality):
            return proposals.none()
        proposals = proposals.filter(Q(responsible_unit_id__in=reporting_units(user)) | Q(proposed_by=user))
    return proposals


def proposal_rows(*, plan: Plan, user) -> list[ActivityProposal]:
    """The proposals ``user`` sees, with what the list shows of them: those awaiting a decision
    first, then the decided ones, newest first."""
    proposals = (
        proposals_visible(plan=plan, user=user)
        .select_related("goal__level", "responsible_unit", "proposed_by", "decided_by", "activity")
        .prefetch_related(
            Prefetch("co_responsible_units", queryset=OrgUnit.objects.order_by("order", "name"))
        )
        .order_by("-proposed_at", "-id")
    )
    rows = list(proposals)
    return [row for row in rows if row.state == ProposalState.PROPOSED] + [
        row for row in rows if row.state != ProposalState.PROPOSED
    ]


def proposals_awaiting_count(*, plan: Plan, user) -> int:
    """How many of the proposals ``user`` sees await a decision."""
    return proposals_visible(plan=plan, user=user).filter(state=ProposalState.PROPOSED).count()
