"""A plan's content as one JSON value (its snapshot), and the difference between two of them.

A snapshot is kept with every decision on the plan (``PlanDecision.snapshot``): the adoption and
each revision. It holds the plan's content, not its follow-up: the plan's own fields, its text
sections, goals, indicators and their values, activities, assignments, user surveys and their
results, meetings and their items, the budget process, the sectors' budgets and the investment
plan. Each object is kept by its model label and key ("goals.goal:12") with a label a person reads
("Nämndens mål 1.2: …"), its field values as the audit log records them
(``audit.snapshots.field_values``: related objects by their names) and, for the related objects
that are themselves part of the plan, their keys ("refs").

The objects are read one query per kind, whatever the plan's size: the objects they name (units,
goal levels, the plan itself) are taken from what has been read already instead of asked one by
one.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from styrkedja.activities.models import Activity, ActivityCollaborator
from styrkedja.assignments.models import Assignment
from styrkedja.audit.snapshots import field_values
from styrkedja.charts.numbers import swedish_number
from styrkedja.economy.models import (
    BudgetFrame,
    BudgetLine,
    InvestmentAmount,
    InvestmentProject,
    InvestmentSpecItem,
    InvestmentTotal,
    SectorBudget,
)
from styrkedja.goals.models import Goal, GoalLevel
from styrkedja.indicators.models import Indicator, IndicatorValue
from styrkedja.meetings.models import BudgetMilestone, Meeting, MeetingItem
from styrkedja.plans.models import Plan, PlanSection
from styrkedja.surveys.models import SurveyResult, UserSurvey
from styrkedja.tenancy.models import Municipality, OrgUnit

SNAPSHOT_FORMAT = 1


@dataclass(frozen=True)
class Kind:
    """One kind of object of a plan's content: how to read them, and what a person calls each."""

    model: type[models.Model]
    read: Callable[[Plan], models.QuerySet]
    # The object the label names before the object itself ("Sektor X 2023" for a budget line).
    context: str = ""


def _goals(plan: Plan) -> models.QuerySet:
    return (
        Goal.objects.filter(plan=plan)
        .prefetch_related(
            Prefetch("contributes_to", queryset=Goal.objects.select_related("level").order_by("pk")), "sdgs"
        )
        .order_by("level__depth", "order", "pk")
    )


def _activities(plan: Plan) -> models.QuerySet:
    return (
        Activity.objects.filter(plan=plan)
        .prefetch_related(
            "co_responsible_units",
            Prefetch(
                "collaborators",
                queryset=ActivityCollaborator.objects.select_related("unit", "partner").order_by(
                    "order", "pk"
                ),
            ),
        )
        .order_by("order", "pk")
    )


KINDS: list[Kind] = [
    Kind(Plan, lambda plan: Plan.objects.filter(pk=plan.pk)),
    Kind(PlanSection, lambda plan: PlanSection.objects.filter(plan=plan).order_by("order", "pk")),
    Kind(Goal, _goals),
    Kind(
        Indicator,
        lambda plan: Indicator.objects.filter(goal__plan=plan).order_by(
            "goal__level__depth", "goal__order", "goal_id", "order", "pk"
        ),
    ),
    Kind(
        IndicatorValue,
        # The values typed into the plan; those Kolada gives are measurements that come in all year.
        lambda plan: IndicatorValue.objects.filter(indicator__goal__plan=plan, fetched_at=None).order_by(
            "indicator__goal__order", "indicator__goal_id", "indicator__order", "indicator_id", "year", "pk"
        ),
    ),
    Kind(Activity, _activities),
    Kind(Assignment, lambda plan: Assignment.objects.filter(plan=plan).order_by("order", "pk")),
    Kind(UserSurvey, lambda plan: UserSurvey.objects.filter(plan=plan).order_by("order", "pk")),
    Kind(
        SurveyResult,
        lambda plan: SurveyResult.objects.filter(survey__plan=plan).order_by(
            "survey__order", "survey_id", "measure", "year", "pk"
        ),
        context="survey",
    ),
    Kind(Meeting, lambda plan: Meeting.objects.filter(plan=plan).order_by("date", "body", "pk")),
    Kind(
        MeetingItem,
        lambda plan: MeetingItem.objects.filter(meeting__plan=plan).order_by(
            "meeting__date", "meeting_id", "order", "pk"
        ),
        context="meeting",
    ),
    Kind(BudgetMilestone, lambda plan: BudgetMilestone.objects.filter(plan=plan).order_by("order", "pk")),
    Kind(SectorBudget, lambda plan: SectorBudget.objects.filter(plan=plan).order_by("order", "pk")),
    Kind(
        BudgetFrame,
        lambda plan: BudgetFrame.objects.filter(sector_budget__plan=plan).order_by(
            "sector_budget__order", "sector_budget_id", "year", "kind", "pk"
        ),
        context="sector_budget",
    ),
    Kind(
        BudgetLine,
        lambda plan: BudgetLine.objects.filter(sector_budget__plan=plan).order_by(
            "sector_budget__order", "sector_budget_id", "order", "pk"
        ),
        context="sector_budget",
    ),
    Kind(InvestmentProject, lambda plan: InvestmentProject.objects.filter(plan=plan).order_by("order", "pk")),
    Kind(
        InvestmentAmount,
        lambda plan: InvestmentAmount.objects.filter(project__plan=plan).order_by(
            "project__order", "project_id", "year", "pk"
        ),
    ),
    Kind(
        InvestmentSpecItem,
        lambda plan: InvestmentSpecItem.objects.filter(project__plan=plan).order_by(
            "project__order", "project_id", "order", "pk"
        ),
        context="project",
    ),
    Kind(InvestmentTotal, lambda plan: InvestmentTotal.objects.filter(plan=plan).order_by("year", "pk")),
]
KIND_ORDER = {kind.model._meta.label_lower: number for number, kind in enumerate(KINDS)}

# Values kept besides the model's fields: an activity's collaborators are part of the activity.
EXTRA_FIELDS = {"activities.activity": {"collaborators": ActivityCollaborator}}


def object_key(obj: models.Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def _label(kind: Kind, obj: models.Model) -> str:
    if isinstance(obj, Goal):
        return str(obj)  # the level's name and the number: "Nämndens mål 1.2: …"
    if isinstance(obj, Plan):
        return _("Planen: %(title)s") % {"title": obj.title}
    text = str(obj)
    if kind.context:
        text = f"{getattr(obj, kind.context)} – {text}"
    return f"{capfirst(obj._meta.verbose_name)}: {text}"


def _foreign_keys(model: type[models.Model]) -> list[models.ForeignKey]:
    return [f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)]


def _link(objects: list[models.Model], known: dict[tuple, models.Model]) -> dict[type, set]:
    """Give each object the related objects already read; return those not read, by model."""
    missing: dict[type, set] = defaultdict(set)
    for obj in objects:
        for fk in _foreign_keys(type(obj)):
            value = getattr(obj, fk.attname)
            if value is None or fk.is_cached(obj):
                continue
            target = fk.remote_field.model
            if (target, value) in known:
                fk.set_cached_value(obj, known[(target, value)])
            else:
                missing[target].add(value)
    return missing


def _kept(obj: models.Model, plan: Plan, name: str) -> bool:
    """Whether a field is part of the content: not the plan every object belongs to, nor the
    municipality, nor what the application sets itself (times of creation and of Kolada's syncs)."""
    field = obj._meta.get_field(name)
    if not field.editable or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return False
    if field.is_relation and field.many_to_one:
        if field.remote_field.model is Municipality:
            return False
        if field.remote_field.model is Plan and not isinstance(obj, Plan):
            return False
    return True


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    """The plan's content now, JSON-safe:
    ``{"format": 1, "objects": [{"key", "label", "values", "refs"}, …]}`` in the plan's order."""
    read = [(kind, list(kind.read(plan))) for kind in KINDS]
    known: dict[tuple, models.Model] = {(Municipality, plan.municipality_id): plan.municipality}
    known |= {
        (OrgUnit, unit.pk): unit for unit in OrgUnit.objects.filter(municipality_id=plan.municipality_id)
    }
    known |= {
        (GoalLevel, level.pk): level
        for level in GoalLevel.objects.filter(municipality_id=plan.municipality_id)
    }
    for kind, objects in read:
        known |= {(kind.model, obj.pk): obj for obj in objects}
    everything = [obj for _kind, objects in read for obj in objects]
    # Objects outside the plan that its objects name: vision areas, the plan and activities
    # carried over from. Read once per model; what they name in turn is taken from what is known.
    missing = _link(everything, known)
    for model, keys in missing.items():
        found = list(model._default_manager.filter(pk__in=keys))
        known |= {(model, obj.pk): obj for obj in found}
        _link(found, known)
    _link(everything, known)

    objects = []
    for kind, rows in read:
        for obj in rows:
            values = {name: value for name, value in field_values(obj).items() if _kept(obj, plan, name)}
            if isinstance(obj, Activity):
                values["collaborators"] = [str(item) for item in obj.collaborators.all()]
            objects.append(
                {
                    "key": object_key(obj),
                    "label": _label(kind, obj),
                    "values": values,
                    "refs": _refs(obj, values),
                }
            )
    return {"format": SNAPSHOT_FORMAT, "objects": objects}


# The municipality's objects that a plan's objects name: a unit or a goal level renamed is a change
# of the organisation, not of the plan, so a goal at a renamed level is not changed by it.
NAMED_FROM_OUTSIDE = {
    "goals.goallevel",
    "tenancy.orgunit",
    "tenancy.partner",
    "goals.sustainabledevelopmentgoal",
}


def _refs(obj: models.Model, values: dict[str, Any]) -> dict[str, Any]:
    """The keys of the plan's objects that ``obj`` names, by field: a goal whose text changes changes
    its name, but its activities still belong to it, and are not changed by that."""
    refs: dict[str, Any] = {}
    for name in values:
        field = obj._meta.get_field(name) if name not in EXTRA_FIELDS.get(obj._meta.label_lower, {}) else None
        if field is None or not field.is_relation:
            continue
        target = field.remote_field.model
        if target._meta.label_lower not in KIND_ORDER and target._meta.label_lower not in NAMED_FROM_OUTSIDE:
            continue
        if field.many_to_many:
            refs[name] = sorted(f"{target._meta.label_lower}:{item.pk}" for item in getattr(obj, name).all())
        elif (value := getattr(obj, field.attname)) is not None:
            refs[name] = f"{target._meta.label_lower}:{value}"
    return refs


# The difference between two snapshots


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class ObjectChange:
    key: str
    label: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class KindChanges:
    """The added, removed and changed objects of one kind ("Aktiviteter")."""

    name: str
    added: list[ObjectChange] = field(default_factory=list)
    removed: list[ObjectChange] = field(default_factory=list)
    changed: list[ObjectChange] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)


def _model_of(key: str) -> type[models.Model] | None:
    try:
        return apps.get_model(key.split(":", 1)[0])
    except (LookupError, ValueError):
        return None


def _field_of(model: type[models.Model] | None, name: str):
    if model is None:
        return None
    extra = EXTRA_FIELDS.get(model._meta.label_lower, {})
    if name in extra:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:  # a field the model no longer has: its name stands
        return None


def _field_label(model: type[models.Model] | None, name: str) -> str:
    extra = EXTRA_FIELDS.get(model._meta.label_lower, {}) if model else {}
    if name in extra:
        return capfirst(str(extra[name]._meta.verbose_name_plural))
    found = _field_of(model, name)
    verbose_name = getattr(found, "verbose_name", None)
    return capfirst(str(verbose_name)) if verbose_name else name


def _number(value: str) -> str:
    """A kept decimal ("95.70") as Swedish text ("95,7")."""
    try:
        return swedish_number(Decimal(value))
    except (InvalidOperation, TypeError, ValueError):
        return str(value)


def shown_value(model: type[models.Model] | None, name: str, value: Any) -> str:
    """A kept value as a person reads it: a choice by its label, a number with a decimal comma."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    found = _field_of(model, name)
    if found is not None and getattr(found, "choices", None):
        return str(dict(found.flatchoices).get(value, value))
    if isinstance(found, models.BooleanField) or isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(found, models.DecimalField):
        return _number(value)
    if isinstance(found, models.DateTimeField) and isinstance(value, str):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(moment) else value
    return str(value)


def _field_order(model: type[models.Model] | None, names: set[str]) -> list[str]:
    order = [f.name for f in model._meta.get_fields()] if model else []
    order += list(EXTRA_FIELDS.get(model._meta.label_lower, {})) if model else []
    position = {name: number for number, name in enumerate(order)}
    return sorted(names, key=lambda name: (position.get(name, len(order)), name))


def _objects(snapshot: dict | None) -> dict[str, dict]:
    return {item["key"]: item for item in (snapshot or {}).get("objects", [])}


def plan_diff(before: dict | None, after: dict | None) -> list[KindChanges]:
    """What changed from one snapshot to the other, per kind of object in the plan's order; only
    the kinds with a change. A changed object lists each changed field with its before and after."""
    old, new = _objects(before), _objects(after)
    kinds: dict[str, KindChanges] = {}

    def changes_of(key: str) -> KindChanges:
        label = key.split(":", 1)[0]
        if label not in kinds:
            model = _model_of(key)
            if model is Plan:
                name = _("Planen")
            else:
                name = capfirst(str(model._meta.verbose_name_plural)) if model else label
            kinds[label] = KindChanges(name=name)
        return kinds[label]

    for key, item in new.items():
        if key not in old:
            changes_of(key).added.append(ObjectChange(key, item["label"]))
            continue
        model = _model_of(key)
        before_values, after_values = old[key]["values"], item["values"]
        before_refs, after_refs = old[key].get("refs", {}), item.get("refs", {})
        # A named object of the plan that is the same object is no change, whatever its name now.
        same = {
            name for name in before_refs.keys() & after_refs.keys() if before_refs[name] == after_refs[name]
        }
        names = before_values.keys() | after_values.keys()
        changed = [
            FieldChange(
                _field_label(model, name),
                shown_value(model, name, before_values.get(name)),
                shown_value(model, name, after_values.get(name)),
            )
            for name in _field_order(model, names - same)
            if before_values.get(name) != after_values.get(name)
        ]
        changed = [change for change in changed if change.before != change.after]
        if changed:
            changes_of(key).changed.append(ObjectChange(key, item["label"], changed))
    for key, item in old.items():
        if key not in new:
            changes_of(key).removed.append(ObjectChange(key, item["label"]))
    return [kinds[label] for label in sorted(kinds, key=lambda label: KIND_ORDER.get(label, len(KINDS)))]
