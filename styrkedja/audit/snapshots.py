"""Any model instance's field values as the audit log records them (the municipality it belongs to
is ``tenancy.paths.municipality_of``).

Used for the changes made in Django's admin, where any registered model can be added, changed or
deleted: an entry holds each field's value before and after, related objects by their names.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

# Never in the log: a password's hash, and django-axes' copies of the log-in form and session.
SECRET_FIELDS = {"password", "get_data", "post_data", "session_hash"}


def _json_safe(value: Any) -> Any:
    """Dates as ISO text, decimals and UUIDs as text, files by their names: what a JSONField stores.

    Times are in UTC to the second, so that the same moment read from the database and from a form
    (which drops the microseconds) is one value.
    """
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.replace(microsecond=0).isoformat()
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def field_values(obj: models.Model) -> dict[str, Any]:
    """Each field's value of ``obj`` as saved: a related object by its name, many-to-many as sorted names."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in SECRET_FIELDS:
            continue
        if field.is_relation:
            related = getattr(obj, field.name) if getattr(obj, field.attname) is not None else None
            values[field.name] = str(related) if related is not None else None
        else:
            values[field.name] = _json_safe(field.value_from_object(obj))
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            if field.name not in SECRET_FIELDS:
                values[field.name] = sorted(str(related) for related in getattr(obj, field.name).all())
    return values


def saved_values(obj: models.Model) -> dict[str, Any]:
    """The values of ``obj`` as the database holds them now, whatever the instance has been given since."""
    return field_values(type(obj)._default_manager.get(pk=obj.pk))


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def created(after: dict[str, Any]) -> dict[str, list]:
    return {name: [None, value] for name, value in after.items() if value not in (None, "", [])}


def deleted(before: dict[str, Any]) -> dict[str, list]:
    return {name: [value, None] for name, value in before.items() if value not in (None, "", [])}


@dataclass
class DeletionEffects:
    """What deleting an object does beyond itself, counted by kind (``verbose_name_plural``)."""

    deleted: dict[str, int]  # what goes with it: {"aktivitetsrapporter": 12}
    unlinked: dict[str, int]  # what stays but loses its link to it: {"uppdrag": 2}
    blockers: list[str]  # what keeps it from being deleted at all (a PROTECT), in words


def deletion_effects(obj: models.Model) -> DeletionEffects:
    """Django's own collection of a deletion, done once, without deleting anything."""
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError) as error:
        blocking = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        return DeletionEffects(
            {}, {}, sorted({f"{item._meta.verbose_name}: {item}" for item in blocking})[:20]
        )
    deleted: Counter[str] = Counter()
    for model, instances in collector.data.items():
        if model._meta.auto_created:  # a many-to-many table's rows: the values above name them
            continue
        deleted[str(model._meta.verbose_name_plural)] += len([item for item in instances if item != obj])
    for queryset in collector.fast_deletes:
        if not queryset.model._meta.auto_created:
            deleted[str(queryset.model._meta.verbose_name_plural)] += queryset.count()
    unlinked: Counter[str] = Counter()
    for (field, _value), groups in collector.field_updates.items():
        for group in groups:
            unlinked[str(field.model._meta.verbose_name_plural)] += (
                len(group) if isinstance(group, list | set | tuple) else group.count()
            )
    return DeletionEffects(
        {name: count for name, count in sorted(deleted.items()) if count},
        {name: count for name, count in sorted(unlinked.items()) if count},
        [],
    )


def deleted_with(obj: models.Model) -> dict[str, int]:
    """What deleting ``obj`` deletes with it, counted by kind ("aktiviteter": 12), ``obj`` not counted."""
    return deletion_effects(obj).deleted
