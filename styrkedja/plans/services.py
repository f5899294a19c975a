"""Writes of plans: carrying a plan over into next year."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styrkedja.activities.models import Activity, ActivityCollaborator
from styrkedja.audit.services import audit_log
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.followup.selectors import carry_over_candidates
from styrkedja.goals.models import Goal
from styrkedja.indicators.models import IndicatorValue
from styrkedja.plans.models import Plan


def _shift_year(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def _copy_goals(plan: Plan, new_plan: Plan) -> dict[int, Goal]:
    """Copy the goal tree with its texts and indicators (with their baselines); return old pk → new goal."""
    goals = (
        plan.goals.select_related("level")
        .prefetch_related("contributes_to", "sdgs", "indicators__values")
        .order_by("level__depth", "order", "id")
    )
    mapping: dict[int, Goal] = {}
    values: list[IndicatorValue] = []
    for goal in goals:  # higher levels first, so a parent is always copied before its children
        old_pk = goal.pk
        contributes_to, sdgs = list(goal.contributes_to.all()), list(goal.sdgs.all())
        indicators = list(goal.indicators.all())
        goal.pk = goal.id = None
        goal._state.adding = True
        # The prefetched relations describe the original; left in place, .set() below would read
        # them as the copy's current links and write nothing.
        goal._prefetched_objects_cache = {}
        goal.plan = new_plan
        goal.parent = mapping[goal.parent_id] if goal.parent_id else None
        goal.save()
        # A goal may contribute to a vision area (no plan) or to a goal of the same plan.
        goal.contributes_to.set([mapping.get(target.pk, target) for target in contributes_to])
        goal.sdgs.set(sdgs)
        mapping[old_pk] = goal
        for indicator in indicators:
            old_values = list(indicator.values.all())
            indicator.pk = indicator.id = None
            indicator._state.adding = True
            indicator._prefetched_objects_cache = {}
            indicator.goal = goal
            indicator.save()
            values += [
                IndicatorValue(
                    indicator=indicator,
                    year=value.year,
                    scope=value.scope,
                    label=value.label,
                    value=value.value,
                    note=value.note,
                    source=value.source,
                    fetched_at=value.fetched_at,
                    rank=value.rank,
                    rank_of=value.rank_of,
                )
                for value in old_values
            ]
    IndicatorValue.objects.bulk_create(values)
    return mapping


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
    for order, activity in enumerate(chosen, start=1):
        _carry_activity(activity, new_plan, goals, order)
    audit_log(
        municipality=plan.municipality,
        action="plans.plan.carried_over",
        obj=new_plan,
        user=user,
        data={"from_plan": plan.pk, "activities": [activity.pk for activity in chosen]},
    )
    return new_plan


def _carry_activity(activity: Activity, new_plan: Plan, goals: dict[int, Goal], order: int) -> Activity:
    copy = Activity.objects.create(
        plan=new_plan,
        goal=goals.get(activity.goal_id) if activity.goal_id else None,
        title=activity.title,
        kind=activity.kind,
        is_special_initiative=activity.is_special_initiative,
        priority=activity.priority,
        responsible_unit=activity.responsible_unit,
        note=activity.note,
        carried_over_from=activity,
        order=order,
    )
    copy.co_responsible_units.set(activity.co_responsible_units.all())
    ActivityCollaborator.objects.bulk_create(
        ActivityCollaborator(
            activity=copy, unit_id=c.unit_id, partner_id=c.partner_id, text=c.text, order=c.order
        )
        for c in activity.collaborators.all()
    )
    return copy
