"""Reads for the planning pages: a kind's list as rows (what a deletion takes with it is
``audit.snapshots.deletion_effects``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.formats import date_format

from styrkedja.charts.numbers import swedish_number
from styrkedja.planning.kinds import Kind
from styrkedja.plans.models import Plan


def shown(obj: models.Model, name: str) -> str:
    """A field's value as a person reads it: a choice by its label, a date and an amount the Swedish way."""
    field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime.date):
        return date_format(value, "j M Y")
    if isinstance(value, Decimal):
        return swedish_number(value)
    return str(value)


@dataclass
class Row:
    obj: models.Model
    cells: list[str]
    group: str
    position: int  # 0 first, within its group
    last: bool


def kind_rows(*, kind: Kind, plan: Plan) -> list[Row]:
    """The kind's objects of the plan in their order, each with its place within its group."""
    objects = list(kind.listed(plan))
    rows: list[Row] = []
    for obj in objects:
        group = " – ".join(str(value) for name in kind.siblings if (value := getattr(obj, name)) is not None)
        position = rows[-1].position + 1 if rows and rows[-1].group == group else 0
        if rows and rows[-1].group == group:
            rows[-1].last = False
        rows.append(Row(obj, [shown(obj, name) for name in kind.columns], group, position, True))
    return rows


def column_labels(kind: Kind) -> list[str]:
    return [str(kind.model._meta.get_field(name).verbose_name).capitalize() for name in kind.columns]
