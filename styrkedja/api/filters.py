"""The query parameters of the list endpoints. Ids are plain numbers, not choices: a list is already
limited to the token's municipality, so an id of another's simply matches nothing."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _

from styrkedja.activities.models import Activity
from styrkedja.assignments.models import Assignment
from styrkedja.followup.choices import PeriodState
from styrkedja.followup.models import ActivityReport, FollowUpPeriod, GoalReport
from styrkedja.goals.models import Goal
from styrkedja.indicators.choices import ValueScope
from styrkedja.indicators.models import Indicator, IndicatorValue
from styrkedja.plans.models import Plan

# The largest id or year a query may name: PostgreSQL's integer. A larger number would make the
# database refuse the query (a server error) where it should simply match nothing.
MAX_NUMBER = 2**31 - 1


class WholeNumberFilter(filters.NumberFilter):
    field_class = forms.IntegerField


def _number(field: str, help_text):
    return WholeNumberFilter(field_name=field, help_text=help_text, min_value=0, max_value=MAX_NUMBER)


PLAN = _("Planens id.")
YEAR = _("Planens år, t.ex. 2025.")
BOARD = _("Nämndens kortnamn, t.ex. ks.")
GOAL = _("Målets id.")
UNIT = _("Den ansvariga enhetens id.")
PERIOD = _("Periodens id.")


class PlanFilter(filters.FilterSet):
    year = _number("year", YEAR)
    board = filters.CharFilter(field_name="board__slug", help_text=BOARD)

    class Meta:
        model = Plan
        fields = []


class PeriodFilter(filters.FilterSet):
    plan = _number("plan_id", PLAN)
    year = _number("plan__year", YEAR)
    code = filters.CharFilter(
        field_name="code", lookup_expr="iexact", help_text=_("Periodens kod: T1, T2, T3, M01 …")
    )
    state = filters.ChoiceFilter(
        choices=PeriodState.choices, method="filter_state", help_text=_("Periodens läge.")
    )

    class Meta:
        model = FollowUpPeriod
        fields = []

    def filter_state(self, queryset, name, value):
        if value == PeriodState.CLOSED:
            return queryset.filter(closed_at__isnull=False)
        if value == PeriodState.OPEN:
            return queryset.filter(opened_at__isnull=False, closed_at__isnull=True)
        return queryset.filter(opened_at__isnull=True, closed_at__isnull=True)


class GoalFilter(filters.FilterSet):
    plan = _number("plan_id", PLAN)
    year = _number("plan__year", YEAR)
    level = filters.CharFilter(field_name="level__key", help_text=_("Målnivåns nyckel, t.ex. kf."))
    parent = _number("parent_id", _("Det överordnade målets id."))
    unit = _number("responsible_unit_id", UNIT)

    class Meta:
        model = Goal
        fields = []


class IndicatorFilter(filters.FilterSet):
    plan = _number("goal__plan_id", PLAN)
    year = _number("goal__plan__year", YEAR)
    goal = _number("goal_id", GOAL)

    class Meta:
        model = Indicator
        fields = []


class IndicatorValueFilter(filters.FilterSet):
    plan = _number("indicator__goal__plan_id", PLAN)
    goal = _number("indicator__goal_id", GOAL)
    indicator = _number("indicator_id", _("Indikatorns id."))
    year = _number("year", _("Värdets år."))
    scope = filters.ChoiceFilter(choices=ValueScope.choices, help_text=_("Vad värdet avser."))

    class Meta:
        model = IndicatorValue
        fields = []


class ActivityFilter(filters.FilterSet):
    plan = _number("plan_id", PLAN)
    year = _number("plan__year", YEAR)
    goal = _number("goal_id", GOAL)
    unit = _number("responsible_unit_id", UNIT)

    class Meta:
        model = Activity
        fields = []


class AssignmentFilter(filters.FilterSet):
    plan = _number("plan_id", PLAN)
    year = _number("plan__year", YEAR)
    goal = _number("goal_id", GOAL)
    unit = _number("responsible_unit_id", UNIT)

    class Meta:
        model = Assignment
        fields = []


class ActivityReportFilter(filters.FilterSet):
    plan = _number("period__plan_id", PLAN)
    year = _number("period__plan__year", YEAR)
    period = _number("period_id", PERIOD)
    activity = _number("activity_id", _("Aktivitetens id."))
    goal = _number("activity__goal_id", GOAL)
    unit = _number("activity__responsible_unit_id", UNIT)

    class Meta:
        model = ActivityReport
        fields = []


class GoalReportFilter(filters.FilterSet):
    plan = _number("period__plan_id", PLAN)
    year = _number("period__plan__year", YEAR)
    period = _number("period_id", PERIOD)
    goal = _number("goal_id", GOAL)
    unit = _number("goal__responsible_unit_id", UNIT)

    class Meta:
        model = GoalReport
        fields = []
