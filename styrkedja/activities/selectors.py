from __future__ import annotations

from django.db.models import QuerySet

from styrkedja.activities.models import Activity
from styrkedja.plans.models import Plan
from styrkedja.tenancy.models import Municipality, OrgUnit


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
