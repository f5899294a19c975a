"""Shared pieces of the management commands that take a plan name."""

from __future__ import annotations

from django.core.management.base import CommandError

from styrkedja.plans.models import Plan
from styrkedja.plans.selectors import PlanNotFound, plan_get_by_name


def plan_from_argument(name: str) -> Plan:
    try:
        return plan_get_by_name(name=name)
    except PlanNotFound as error:
        raise CommandError(str(error)) from None
