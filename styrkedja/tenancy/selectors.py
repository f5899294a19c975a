"""Reads of a municipality's organisation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from styrkedja.tenancy.choices import Role
from styrkedja.tenancy.models import Membership, Municipality, OrgUnit, Partner


def _in_tree_order(units: Iterable[OrgUnit]) -> list[tuple[OrgUnit, int]]:
    """``units`` (already sorted among siblings) in tree order, each with its depth."""
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[OrgUnit, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in children.get(parent_id, []):
            ordered.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


def unit_tree(*, municipality: Municipality) -> list[tuple[OrgUnit, int]]:
    """The municipality's units in tree order, each with its depth (0 for a top unit)."""
    return _in_tree_order(municipality.units.select_related("parent").order_by("order", "name"))


def units_below(parents: dict[int, int | None], roots: Iterable[int]) -> set[int]:
    """``roots`` and every unit below them, from a map of unit → parent (one query's worth)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in parents.items():
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), list(roots)
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def unit_with_descendants(*, municipality: Municipality, unit_id: int) -> set[int]:
    """``unit_id`` and every unit below it; empty when the unit is not the municipality's."""
    parents = dict(municipality.units.values_list("pk", "parent_id"))
    return units_below(parents, [unit_id]) if unit_id in parents else set()


@dataclass
class UnitRow:
    """One line of the administration's unit list."""

    unit: OrgUnit
    depth: int
    activity_count: int
    reporters: list[Membership]


def unit_admin_rows(*, municipality: Municipality) -> list[UnitRow]:
    """The units in tree order with the number of activities each is responsible for and its rapportörer."""
    reporters = (
        Membership.objects.filter(role=Role.REPORTER).select_related("user").order_by("user__username")
    )
    units = (
        municipality.units.select_related("parent")
        .annotate(activity_count=Count("activities", distinct=True))
        .prefetch_related(Prefetch("reporters", queryset=reporters, to_attr="reporter_memberships"))
        .order_by("order", "name")
    )
    return [
        UnitRow(
            unit=unit, depth=depth, activity_count=unit.activity_count, reporters=unit.reporter_memberships
        )
        for unit, depth in _in_tree_order(units)
    ]


def partner_list(*, municipality: Municipality) -> QuerySet[Partner]:
    return municipality.partners.order_by("name")


def member_list(*, municipality: Municipality) -> QuerySet[Membership]:
    """The municipality's members with their users and units, by user name."""
    return (
        municipality.memberships.select_related("user")
        .prefetch_related(Prefetch("units", queryset=OrgUnit.objects.order_by("order", "name")))
        .order_by("user__username")
    )
