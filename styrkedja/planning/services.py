"""Writes of a plan's objects, the same for every kind: made, changed, moved and deleted.

Each write is one transaction; it is refused while the plan may not be changed (adopted, with no
revision open), refused when the object changed since the form was opened (the lost update), and
recorded in the audit log with its values before and after.
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from styrkedja.audit.services import audit_log
from styrkedja.audit.snapshots import changes, created, deleted, deletion_effects, field_values
from styrkedja.planning.kinds import Kind
from styrkedja.plans.models import Plan
from styrkedja.plans.selectors import plan_edit_refusal


class ObjectChanged(ValidationError):
    """Someone changed the object after the form was opened; nothing is saved."""


class PlanLocked(ValidationError):
    """The plan is adopted and no revision is open."""


def _child_text(child: models.Model, parent_field: str) -> str:
    """A row within an object as one line of its history: "2024 · Kommunen · 45"."""
    values = field_values(child)
    shown = [
        str(value)
        for name, value in values.items()
        if name not in (parent_field, "order") and value not in (None, "", [])
    ]
    return " · ".join(shown)


# What a related object's name is made of, beyond itself: a goal is named with its level.
NAMED_WITH = {"goals.goal": ("level",)}


def _named_by(model, parent_fk) -> list[str]:
    """The relations to read along with rows of ``model``, so that naming them asks nothing more."""
    names = []
    for field in model._meta.concrete_fields:
        if field.is_relation and field != parent_fk:
            names.append(field.name)
            names += [
                f"{field.name}__{inner}"
                for inner in NAMED_WITH.get(field.related_model._meta.label_lower, ())
            ]
    return names


def object_values(kind: Kind, obj: models.Model) -> dict:
    """The object's values as the audit log and the fingerprint see them, its rows within included."""
    values = field_values(obj)
    if kind.movable:  # a move is its own entry
        values.pop(kind.order_field, None)
    values.pop("key", None)  # made by Styrkedja from the text, never typed
    for formset in kind.children:
        relation = formset.fk.remote_field.get_accessor_name()
        rows = getattr(obj, relation).select_related(*_named_by(formset.model, formset.fk)) if obj.pk else []
        values[relation] = [_child_text(row, formset.fk.name) for row in rows]
    return values


def fingerprint(kind: Kind, obj: models.Model) -> str:
    """A short digest of the object's values: what an edit form was opened on."""
    text = json.dumps(object_values(kind, obj), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _refuse_if_locked(kind: Kind, plan: Plan) -> None:
    if kind.plan_bound:
        # Locked first, so that a revision cannot be decided while the change is being written.
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        refusal = plan_edit_refusal(plan=plan)
        if refusal:
            raise PlanLocked(refusal)


def _locked(kind: Kind, obj: models.Model, seen: str | None) -> tuple[models.Model, dict]:
    try:
        locked = kind.model.objects.select_for_update().get(pk=obj.pk)
    except kind.model.DoesNotExist:
        raise ValidationError(
            _("%(kind)s togs bort av någon annan medan du skrev. Det du skrev är inte sparat.")
            % {"kind": kind.singular.capitalize()}
        ) from None
    before = object_values(kind, locked)
    if seen is not None and seen != fingerprint(kind, locked):  # None: a new object, nothing seen
        raise ObjectChanged(
            _("%(kind)s ändrades av någon annan medan du skrev. Jämför och spara igen.")
            % {"kind": kind.singular.capitalize()}
        )
    return locked, before


def plan_object_save(*, kind: Kind, plan: Plan, form, formsets=(), seen: str | None, user) -> models.Model:
    """Save a valid form (and its tables of rows) as a new or a changed object of the plan."""
    try:
        return _saved(kind=kind, plan=plan, form=form, formsets=formsets, seen=seen, user=user)
    except IntegrityError:
        # What the forms did not foresee (two saves of the same row at once): refused, nothing written.
        raise ValidationError(
            _("Det gick inte att spara: något likadant sparades samtidigt. Ladda om sidan och försök igen.")
        ) from None


@transaction.atomic
def _saved(*, kind: Kind, plan: Plan, form, formsets, seen: str | None, user) -> models.Model:
    _refuse_if_locked(kind, plan)
    obj = form.instance
    creating = obj.pk is None
    if creating:
        before = {}
        kind.place_new(obj, plan)
    else:
        _locked_obj, before = _locked(kind, obj, seen)
    obj = form.save()
    for formset in formsets:
        formset.instance = obj
        formset.save()
    after = object_values(kind, obj)
    data = created(after) if creating else changes(before, after)
    if creating or data:
        verb = "created" if creating else "changed"
        audit_log(
            municipality=plan.municipality,
            action=f"{kind.action_prefix}.{verb}",
            obj=obj,
            user=user,
            data=data,
        )
    return obj


@transaction.atomic
def plan_object_delete(
    *, kind: Kind, plan: Plan, obj: models.Model, seen: str | None, user
) -> dict[str, int]:
    """Delete the object and what hangs on it; returns what went with it, counted by kind."""
    _refuse_if_locked(kind, plan)
    obj, before = _locked(kind, obj, seen)
    effects = deletion_effects(obj)
    blockers = effects.blockers
    if blockers:
        raise ValidationError(
            _("Det går inte att ta bort så länge detta hör till det: %(what)s.")
            % {"what": "; ".join(blockers)}
        )
    going = effects.deleted
    data = deleted(before)
    if going:
        data["deleted_with"] = going
    audit_log(
        municipality=plan.municipality, action=f"{kind.action_prefix}.deleted", obj=obj, user=user, data=data
    )
    obj.delete()
    return going


@transaction.atomic
def plan_object_move(*, kind: Kind, plan: Plan, obj: models.Model, position: int, user) -> None:
    """Put ``obj`` at ``position`` (0 first) among its siblings, the others closing up around it."""
    if not kind.movable:
        raise ValidationError(
            _("%(kind)s ordnas efter datum eller år och kan inte flyttas.")
            % {"kind": kind.plural.capitalize()}
        )
    _refuse_if_locked(kind, plan)
    siblings = list(kind.siblings_of(obj, plan).select_for_update(of=("self",)))
    current = next(index for index, item in enumerate(siblings) if item.pk == obj.pk)
    position = max(0, min(position, len(siblings) - 1))
    if position == current:
        return
    moving = siblings.pop(current)
    siblings.insert(position, moving)
    field = kind.order_field
    if field == "depth":
        # A level's depth is its place in the hierarchy: goals at it would end up above their parents.
        if any(item.goals.exists() for item in siblings[min(current, position) : max(current, position) + 1]):
            raise ValidationError(
                _("Nivåer som har mål kan inte byta plats: flytta eller ta bort målen först.")
            )
        # Unique within the municipality: out of the way first.
        for offset, item in enumerate(siblings):
            setattr(item, field, 10_000 + offset)
        kind.model.objects.bulk_update(siblings, [field])
    for index, item in enumerate(siblings):
        setattr(item, field, index)
    kind.model.objects.bulk_update(siblings, [field])
    audit_log(
        municipality=plan.municipality,
        action=f"{kind.action_prefix}.moved",
        obj=moving,
        user=user,
        data={"position": [current + 1, position + 1]},
    )
