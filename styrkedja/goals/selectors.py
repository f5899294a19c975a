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


def goals_in_tree_order(goals: list[Goal]) -> list[Goal]:
    """Goals as the plan's tree reads them: each under its parent (1, 1.1, 1.2, 2, 2.1), not level by
    level (1.1, 2.1, 1.2)."""
    if not goals:
        return []
    rows = Goal.objects.filter(plan_id__in={goal.plan_id for goal in goals}).values_list(
        "pk", "parent_id", "order"
    )
    places = {pk: parent for pk, parent, _order in rows}
    orders = {pk: order for pk, _parent, order in rows}

    def path(pk: int) -> tuple:
        steps, seen = [], set()
        while pk is not None and pk not in seen:
            seen.add(pk)
            steps.append((orders.get(pk, 0), pk))
            pk = places.get(pk)
        return tuple(reversed(steps))

    return sorted(goals, key=lambda goal: path(goal.pk))
