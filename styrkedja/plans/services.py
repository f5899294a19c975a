"""Writes of plans: carrying a plan over into next year."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from styrkedja.activities.models import Activity, ActivityCollaborator
from styrkedja.audit.services import audit_log
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.followup.selectors import carry_over_candidates
from styrkedja.goals.models import Goal
from styrkedja.indicators.models import Indicator, IndicatorValue
from styrkedja.plans.models import Plan


def _shift_year(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def _copy_goals(plan: Plan, new_plan: Plan) -> dict[int, Goal]:
    """Copy the goal tree with its texts and indicators (with their baselines); return old pk → new goal.

    Written in bulk, a generation of the tree at a time (a parent needs its key before its
    children are written): the number of queries follows the depth of the municipality's levels,
    not the number of goals."""
    goals = list(
        plan.goals.select_related("level")
        .prefetch_related("contributes_to", "sdgs", "indicators__values")
        .order_by("level__depth", "order", "id")
    )
    mapping: dict[int, Goal] = {}
    remaining = goals
    while remaining:
        generation = [goal for goal in remaining if goal.parent_id is None or goal.parent_id in mapping]
        if not generation:  # a parent outside the plan: the rest go in as they are
            generation = remaining
        copies = Goal.objects.bulk_create(_goal_copy(goal, new_plan, mapping) for goal in generation)
        mapping |= {goal.pk: copy for goal, copy in zip(generation, copies, strict=True)}
        done = {goal.pk for goal in generation}
        remaining = [goal for goal in remaining if goal.pk not in done]
    # A goal may contribute to a vision area (no plan) or to a goal of the same plan.
    Goal.contributes_to.through.objects.bulk_create(
        Goal.contributes_to.through(from_goal=mapping[goal.pk], to_goal=mapping.get(target.pk, target))
        for goal in goals
        for target in goal.contributes_to.all()
    )
    Goal.sdgs.through.objects.bulk_create(
        Goal.sdgs.through(goal=mapping[goal.pk], sustainabledevelopmentgoal=sdg)
        for goal in goals
        for sdg in goal.sdgs.all()
    )
    _copy_indicators([indicator for goal in goals for indicator in goal.indicators.all()], mapping)
    return mapping


def _copy_of(obj: models.Model, **changes) -> models.Model:
    """A new, unsaved row with ``obj``'s fields but its key, and ``changes`` (by attribute name:
    ``plan_id``, ``goal``): a field added to the model later is carried over without a change here."""
    fields = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    fields.pop(obj._meta.pk.attname)
    return type(obj)(**(fields | changes))


def _goal_copy(goal: Goal, new_plan: Plan, mapping: dict[int, Goal]) -> Goal:
    parent_id = mapping[goal.parent_id].pk if goal.parent_id in mapping else goal.parent_id
    return _copy_of(goal, plan_id=new_plan.pk, parent_id=parent_id)


def _copy_indicators(indicators: list[Indicator], goals: dict[int, Goal]) -> None:
    copies = Indicator.objects.bulk_create(
        _copy_of(indicator, goal_id=goals[indicator.goal_id].pk) for indicator in indicators
    )
    IndicatorValue.objects.bulk_create(
        _copy_of(value, indicator_id=copy.pk)
        for indicator, copy in zip(indicators, copies, strict=True)
        for value in indicator.values.all()
    )


@transaction.atomic
def plan_carry_over(*, plan: Plan, activities: Iterable[Activity] | None = None, user=None) -> Plan:
    """Create next year's plan of the same board from ``plan``.

    The goal tree, its indicators and the follow-up periods are copied; of the
    activities, the chosen unfinished ones (by default all unfinished) go along,
    each linked to the activity it was carried over from.
    """
    year = plan.year + 1
    if Plan.objects.filter(board=plan.board, year=year).exists():
        raise ValidationError(
            _("Det finns redan en plan för %(board)s år %(year)s.") % {"board": plan.board, "year": year}
        )
    candidates = {activity.pk: activity for activity in carry_over_candidates(plan=plan)}
    if activities is None:
        chosen = list(candidates.values())
    else:
        chosen = list(activities)
        for activity in chosen:
            if activity.pk not in candidates:
                raise ValidationError(
                    _("Aktiviteten ”%(title)s” är klar eller hör inte till planen och kan inte överföras.")
                    % {"title": activity.title[:80]}
                )

    span = plan.budget_period_end - plan.budget_period_start
    new_plan = Plan.objects.create(
        municipality=plan.municipality,
        board=plan.board,
        year=year,
        title=plan.title.replace(str(plan.year), str(year))
        if str(plan.year) in plan.title
        else f"{plan.title} {year}",
        budget_period_start=year,
        budget_period_end=year + span,
        carried_over_from=plan,
    )
    goals = _copy_goals(plan, new_plan)
    FollowUpPeriod.objects.bulk_create(
        FollowUpPeriod(
            plan=new_plan,
            code=period.code,
            name=period.name,
            ends_on=_shift_year(period.ends_on, 1),
            description=period.description,
        )
        for period in plan.periods.all()
    )
    _carry_activities(chosen, new_plan, goals)
    audit_log(
        municipality=plan.municipality,
        action="plans.plan.carried_over",
        obj=new_plan,
        user=user,
        data={"from_plan": plan.pk, "activities": [activity.pk for activity in chosen]},
    )
    return new_plan


def _carry_activities(chosen: list[Activity], new_plan: Plan, goals: dict[int, Goal]) -> None:
    """The chosen activities into the new plan, in bulk, each linked to the one it was carried over from."""
    prefetch_related_objects(chosen, "co_responsible_units", "collaborators")
    copies = Activity.objects.bulk_create(
        _copy_of(
            activity,
            plan_id=new_plan.pk,
            goal_id=goals[activity.goal_id].pk if activity.goal_id in goals else None,
            carried_over_from_id=activity.pk,
            order=order,
        )
        for order, activity in enumerate(chosen, start=1)
    )
    pairs = list(zip(chosen, copies, strict=True))
    Activity.co_responsible_units.through.objects.bulk_create(
        Activity.co_responsible_units.through(activity=copy, orgunit=unit)
        for activity, copy in pairs
        for unit in activity.co_responsible_units.all()
    )
    ActivityCollaborator.objects.bulk_create(
        ActivityCollaborator(
            activity=copy, unit_id=c.unit_id, partner_id=c.partner_id, text=c.text, order=c.order
        )
        for activity, copy in pairs
        for c in activity.collaborators.all()
    )
