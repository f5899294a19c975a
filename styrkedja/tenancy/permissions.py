"""Who may do what: the one place views, the API and commands ask.

A user belongs to one municipality (``Membership``) and sees nothing of another's.
Within it, an administratör may do everything, a controller runs plans, periods and
reports of the whole municipality, a rapportör writes reports for the activities and
goals of the units assigned to them (and the units below those), a läsare reads.
"""

from __future__ import annotations

from styrkedja.activities.models import Activity
from styrkedja.goals.models import Goal
from styrkedja.tenancy.choices import Role
from styrkedja.tenancy.models import Membership, Municipality, OrgUnit
from styrkedja.tenancy.selectors import units_below

MANAGERS = {Role.ADMINISTRATOR, Role.CONTROLLER}


def membership_of(user) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def can_read(user, municipality: Municipality) -> bool:
    return _role_in(user, municipality.pk) is not None


def _role_in(user, municipality_id: int) -> str | None:
    membership = membership_of(user)
    if membership is None or membership.municipality_id != municipality_id:
        return None
    return membership.role


def can_manage_plans(user, municipality: Municipality) -> bool:
    """Set up plans, open and close periods, carry plans over."""
    return _role_in(user, municipality.pk) in MANAGERS


def can_administer(user, municipality: Municipality) -> bool:
    """Units, partners and users of the municipality."""
    return _role_in(user, municipality.pk) == Role.ADMINISTRATOR


def reporting_units(user) -> set[int]:
    """Primary keys of the units a rapportör reports for, the units below them included."""
    membership = membership_of(user)
    if membership is None:
        return set()
    # A page checks many activities for one user: walk the unit tree once per membership object.
    cached = getattr(membership, "_reporting_units", None)
    if cached is not None:
        return cached
    assigned = membership.units.values_list("pk", flat=True)
    parents = dict(
        OrgUnit.objects.filter(municipality_id=membership.municipality_id).values_list("pk", "parent_id")
    )
    found = units_below(parents, assigned)
    membership._reporting_units = found
    return found


def can_report_activity(user, activity: Activity) -> bool:
    role = _role_in(user, activity.plan.municipality_id)
    if role in MANAGERS:
        return True
    return role == Role.REPORTER and activity.responsible_unit_id in reporting_units(user)


def can_report_assignment(user, assignment) -> bool:
    """An uppdrag is reported by a manager, or by a rapportör of its responsible unit or a unit above."""
    role = _role_in(user, assignment.plan.municipality_id)
    if role in MANAGERS:
        return True
    return role == Role.REPORTER and assignment.responsible_unit_id in reporting_units(user)


def can_report_survey(user, survey) -> bool:
    """A survey is reported by a manager, or by a rapportör of its unit or a unit above."""
    role = _role_in(user, survey.plan.municipality_id)
    if role in MANAGERS:
        return True
    return role == Role.REPORTER and survey.unit_id in reporting_units(user)


def can_propose_activity(user, municipality: Municipality) -> bool:
    """Propose a new activity: a rapportör for the own units (``reporting_units``), a controller or
    administratör for any. A proposal becomes part of the plan only when a controller accepts it."""
    return _role_in(user, municipality.pk) in {*MANAGERS, Role.REPORTER}


def can_report_goal(user, goal: Goal) -> bool:
    """A rapportör may comment a goal their unit is responsible for, or one of whose activities is
    their unit's."""
    role = _role_in(user, goal.municipality_id)
    if role in MANAGERS:
        return True
    if role != Role.REPORTER:
        return False
    own = reporting_units(user)
    return goal.responsible_unit_id in own or goal.pk in _goals_of_own_activities(user, goal)


def _goals_of_own_activities(user, goal: Goal) -> set[int]:
    """The goals of ``goal``'s plan that hold an activity of the rapportör's units: read once per
    plan and membership, since a page asks it of every goal."""
    membership = membership_of(user)
    cache = membership.__dict__.setdefault("_goals_of_own_activities", {})
    if goal.plan_id not in cache:
        cache[goal.plan_id] = set(
            Activity.objects.filter(
                plan_id=goal.plan_id, goal__isnull=False, responsible_unit_id__in=reporting_units(user)
            ).values_list("goal_id", flat=True)
        )
    return cache[goal.plan_id]


def can_report_economy(user, sector_budget) -> bool:
    """Outcome, forecast and comment of a sector's budget: a controller or administratör for every
    sector, a rapportör for the sectors among their units (the unit the budget is the sector's)."""
    role = _role_in(user, sector_budget.plan.municipality_id)
    if role in MANAGERS:
        return True
    return role == Role.REPORTER and sector_budget.sector_id in reporting_units(user)
