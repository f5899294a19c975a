from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from styrkedja.goals.models import Goal
from styrkedja.indicators.models import Indicator
from styrkedja.plans.models import Plan
from styrkedja.tenancy.models import Municipality


def goal_list(*, municipality: Municipality, plan: Plan | None = None) -> QuerySet[Goal]:
    goals = municipality.goals.select_related("level", "plan")
    if plan is not None:
        goals = goals.filter(plan=plan)
    return goals


@dataclass
class GoalNode:
    goal: Goal
    children: list[GoalNode] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def goal_tree(*, plan: Plan) -> list[GoalNode]:
    """The plan's goals as a tree, in document order, with indicators and values prefetched."""
    goals = list(
        plan.goals.select_related("level")
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values")),
            "contributes_to",
        )
        .order_by("level__depth", "order", "id")
    )
    nodes = {goal.pk: GoalNode(goal) for goal in goals}
    roots: list[GoalNode] = []
    for goal in goals:
        parent = nodes.get(goal.parent_id)
        (parent.children if parent else roots).append(nodes[goal.pk])
    return roots
