"""Reads of plans, always through the tenant except for the command line's plan names."""

from __future__ import annotations

import re

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from styrkedja.plans.models import Plan, PlanDecision
from styrkedja.tenancy.models import Municipality

PLAN_NAME = re.compile(r"^(?P<municipality>[\w-]+)/(?P<board>[\w-]+)/(?P<year>\d{4})$")


class PlanNotFound(ObjectDoesNotExist):
    pass


def plan_list(*, municipality: Municipality) -> QuerySet[Plan]:
    return municipality.plans.select_related("board").order_by("board__name", "-year")


def plan_get(*, municipality: Municipality, board_slug: str, year: int) -> Plan:
    try:
        return municipality.plans.select_related("board", "municipality").get(
            board__slug=board_slug, year=year
        )
    except Plan.DoesNotExist:
        raise PlanNotFound(
            _("Det finns ingen plan för nämnden ”%(board)s” år %(year)s i %(municipality)s.")
            % {"board": board_slug, "year": year, "municipality": municipality.name}
        ) from None


def plan_get_by_name(*, name: str) -> Plan:
    """Resolve "municipality/board/year" (e.g. mjolby/ks/2024), as used on the command line."""
    match = PLAN_NAME.match(name.strip())
    if not match:
        raise PlanNotFound(
            _("”%(name)s” är inget plannamn. Skriv kommun/nämnd/år, till exempel mjolby/ks/2024.")
            % {"name": name}
        )
    try:
        municipality = Municipality.objects.get(slug=match["municipality"])
    except Municipality.DoesNotExist:
        raise PlanNotFound(
            _("Det finns ingen kommun ”%(slug)s”.") % {"slug": match["municipality"]}
        ) from None
    return plan_get(municipality=municipality, board_slug=match["board"], year=int(match["year"]))


def plan_decision_latest(*, plan: Plan) -> PlanDecision | None:
    """The plan's adoption or newest revision; None while the plan is a draft (utkast)."""
    return plan.decisions.order_by("-number").first()


def plan_edit_refusal(*, plan: Plan) -> str | None:
    """Why the plan's content may not be changed now, in Swedish; None when it may.

    A draft may be changed, and an adopted plan while a revision of it is open: a change of an
    adopted plan is always part of a revision, with its reason and its decision.
    """
    latest = plan_decision_latest(plan=plan)
    if latest is None or latest.is_open:
        return None
    return _(
        "Planen är beslutad (%(decision)s) och ändras inte i efterhand. Påbörja en revision med skäl "
        "och datum, så kan planen ändras."
    ) % {"decision": latest.citation or latest.closed_at.date().isoformat()}
