"""Objects named in a URL, always looked up through the asking user's municipality.

An object of another municipality is simply not found (404): nothing of it is shown.
"""

from __future__ import annotations

from django.http import Http404

from styrkedja.activities.models import Activity
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.goals.models import Goal
from styrkedja.plans.models import Plan
from styrkedja.plans.selectors import PlanNotFound, plan_get


def plan_or_404(request, board: str, year: int) -> Plan:
    try:
        return plan_get(municipality=request.municipality, board_slug=board, year=year)
    except PlanNotFound as error:
        raise Http404(str(error)) from None


def period_or_404(plan: Plan, code: str) -> FollowUpPeriod:
    try:
        return plan.periods.get(code=code.upper())
    except FollowUpPeriod.DoesNotExist:
        raise Http404(f"Perioden {code} finns inte i planen.") from None


def goal_or_404(request, pk: int) -> Goal:
    try:
        return request.municipality.goals.select_related(
            "level", "plan__board", "parent__level", "responsible_unit"
        ).get(pk=pk, plan__isnull=False)
    except Goal.DoesNotExist:
        raise Http404("Målet finns inte.") from None


def assignment_or_404(request, pk: int):
    from styrkedja.assignments.models import Assignment

    try:
        return Assignment.objects.select_related("plan__board", "plan__municipality", "responsible_unit").get(
            pk=pk, plan__municipality=request.municipality
        )
    except Assignment.DoesNotExist:
        raise Http404("Uppdraget finns inte.") from None


def survey_or_404(request, pk: int):
    from styrkedja.surveys.models import UserSurvey

    try:
        return UserSurvey.objects.select_related("plan__board", "plan__municipality", "unit").get(
            pk=pk, plan__municipality=request.municipality
        )
    except UserSurvey.DoesNotExist:
        raise Http404("Undersökningen finns inte.") from None


def activity_or_404(request, pk: int) -> Activity:
    try:
        return Activity.objects.select_related("plan__board", "plan__municipality", "goal__level").get(
            pk=pk, plan__municipality=request.municipality
        )
    except Activity.DoesNotExist:
        raise Http404("Aktiviteten finns inte.") from None
