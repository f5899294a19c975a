"""The plan's assignments (uppdrag), with the goal each serves and the meetings it is reported at."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from styrkedja.assignments.models import Assignment
from styrkedja.meetings.models import MeetingItem
from styrkedja.plans.models import Plan


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
