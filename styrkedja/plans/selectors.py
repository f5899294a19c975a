"""Reads of plans, always through the tenant except for the command line's plan names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from styrkedja.plans.models import Plan, PlanDecision
from styrkedja.plans.versions import plan_snapshot
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
    return plan.decisions.defer("snapshot").order_by("-number").first()


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


def plan_decisions(*, plan: Plan) -> list[PlanDecision]:
    """The plan's adoption and revisions in order, without their snapshots (which may be large).

    A decision that ``is_open`` is the open revision: its snapshot is kept when it is closed.
    """
    return list(plan.decisions.defer("snapshot").select_related("opened_by", "closed_by").order_by("number"))


NOW = "nu"


@dataclass(frozen=True)
class Version:
    """A version of the plan that the changes page can compare: a decision's, or the plan now."""

    code: str  # the decision's number, or NOW
    label: str


def plan_versions(*, plan: Plan, decisions: list[PlanDecision] | None = None) -> list[Version]:
    decisions = plan_decisions(plan=plan) if decisions is None else decisions
    versions = [
        Version(str(decision.number), decision_label(decision))
        for decision in decisions
        if decision.closed_at is not None
    ]
    return [*versions, Version(NOW, _("Nu"))]


def decision_label(decision: PlanDecision) -> str:
    """ "Beslut KS 2023-12-12 § 210", "Revision 1 KS 2024-05-14 § 88", "Revision 2 (påbörjad)"."""
    name = _("Beslut") if decision.number == 0 else _("Revision %(n)s") % {"n": decision.number}
    if decision.closed_at is None:
        return _("%(name)s (påbörjad)") % {"name": name}
    return f"{name} {decision.citation}".strip()


def plan_version_snapshot(*, plan: Plan, code: str) -> dict | None:
    """The snapshot of a version (NOW: the plan's content now); None for an unknown code."""
    if code == NOW:
        return plan_snapshot(plan)
    if not code.isdigit():
        return None
    decision = plan.decisions.filter(number=int(code), snapshot__isnull=False).only("snapshot").first()
    return decision.snapshot if decision else None
