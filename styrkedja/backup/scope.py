"""Which models, and which of their rows, belong to a municipality: worked out from the models' ``_meta``.

A row belongs to the municipality that its chain of foreign keys leads to: a goal directly, a
report through its activity and plan, a user account through its membership. Where there are
several chains, the one that is never empty and then the shortest is used. A model added
later is found the same way and its new fields follow without a change here. A model with
no such chain must be named in ``NOT_MUNICIPALITY_MODELS``: until it is, the export refuses to
run and ``tests/test_scope.py`` fails, so that nothing is silently left behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.fields import AutoFieldMixin

from styrkedja.tenancy.models import Municipality
from styrkedja.tenancy.paths import municipality_paths

# Models whose rows are the installation's, not a municipality's, and why.
NOT_MUNICIPALITY_MODELS: dict[str, str] = {
    "admin.logentry": "Django admin's log of what staff accounts changed; staff belong to the host",
    "auth.group": "groups of permissions, which hold for the whole installation",
    "auth.permission": "Django's permissions, made by migrate in every installation",
    "contenttypes.contenttype": "Django's list of models, made by migrate in every installation",
    "sessions.session": "log-ins in progress; users log in again after a move",
    "axes.accessattempt": "django-axes' failed log-ins per user name and address, for the lock-out",
    "axes.accessattemptexpiration": "when django-axes' lock-outs end",
    "axes.accessfailurelog": "django-axes' log of failed log-ins",
    "axes.accesslog": "django-axes' log of log-ins per address",
    "django_tasks_database.dbtaskresult": (
        "the background tasks' queue and results: work in progress of this installation's workers"
    ),
    "socialaccount.socialapp": (
        "unused: allauth's apps are built from each municipality's signin.oidcconfiguration, exported"
    ),
    "goals.sustainabledevelopmentgoal": (
        "the UN's 17 goals, loaded by a migration in every installation; goals name them by number"
    ),
}

# Rights over the whole installation (Django's admin) are the host's to give: they are not
# written, and a file that holds them is refused.
INSTALLATION_WIDE_USER_FIELDS = frozenset({"is_staff", "is_superuser", "groups", "user_permissions"})

# Rows that name another row by its type and id in text fields rather than by a foreign key:
# the audit log. They come last in the file, so that every id they name is known when they are read.
GENERIC_REFERENCES: dict[str, tuple[str, str]] = {"audit.auditentry": ("object_type", "object_id")}

# Audit entries whose ``data`` names rows by id: per action, the key and the model of the ids.
AUDIT_DATA_REFERENCES: dict[str, dict[str, str]] = {
    "plans.plan.carried_over": {"from_plan": "plans.plan", "activities": "activities.activity"},
}


@dataclass(frozen=True)
class ModelScope:
    model: type[models.Model]
    path: str  # the lookup from a row to its municipality; "" for the municipality itself
    fields: tuple[models.Field, ...]  # the concrete fields that are written, the primary key aside
    many_to_many: tuple[models.ManyToManyField, ...]  # those with Django's own through table

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    def rows(self, municipality: Municipality) -> models.QuerySet:
        lookup = {self.path: municipality} if self.path else {"pk": municipality.pk}
        return self.model._base_manager.filter(**lookup)


def is_global(model: type[models.Model]) -> bool:
    return model._meta.label_lower in NOT_MUNICIPALITY_MODELS


def _relations(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if field.is_relation]


def _paths() -> dict[type[models.Model], tuple[str, bool, int]]:
    """Per model the best chain to the municipality (``tenancy.paths``), the installation's own aside."""
    return municipality_paths(frozenset(NOT_MUNICIPALITY_MODELS))


def _checked(model: type[models.Model], exported: set[type[models.Model]]) -> None:
    opts = model._meta
    if not isinstance(opts.pk, AutoFieldMixin) or opts.parents:
        raise ImproperlyConfigured(
            f"{opts.label}: the municipality file handles models with an automatic id and no "
            "multi-table inheritance; extend styrkedja/backup for this one."
        )
    for field in _relations(model):
        if field.related_model in exported and field.target_field is not field.related_model._meta.pk:
            raise ImproperlyConfigured(
                f"{opts.label}.{field.name}: a foreign key to a field other than the id."
            )


def _scope(model: type[models.Model], path: str) -> ModelScope:
    opts = model._meta
    skip = INSTALLATION_WIDE_USER_FIELDS if model is get_user_model() else frozenset()
    fields = tuple(
        field
        for field in opts.concrete_fields
        if field is not opts.pk and not field.generated and field.name not in skip
    )
    many = tuple(
        field
        for field in opts.many_to_many
        if field.remote_field.through._meta.auto_created and field.name not in skip
    )
    return ModelScope(model=model, path=path, fields=fields, many_to_many=many)


def _ordered(models_: list[type[models.Model]]) -> list[type[models.Model]]:
    """Every model after those it points at: the municipality first, the audit log last.

    Where nullable foreign keys make a cycle, one of them is read after the rows it points at
    (the importer fills it in at the end); a cycle of required keys cannot be written.
    """
    generic = [model for model in models_ if model._meta.label_lower in GENERIC_REFERENCES]
    others = set(models_) - set(generic)
    needs, needs_hard = {}, {}
    for model in models_:
        targets = [
            field
            for field in _relations(model)
            if field.related_model in others and field.related_model is not model
        ]
        needs[model] = {field.related_model for field in targets}
        needs_hard[model] = {field.related_model for field in targets if not field.null}
        if model in generic:
            needs[model] |= others
            needs_hard[model] |= others
    priority = sorted(models_, key=lambda model: (model is not Municipality, models_.index(model)))
    done: list[type[models.Model]] = []
    while len(done) < len(models_):
        waiting = [model for model in priority if model not in done]
        ready = next((model for model in waiting if needs[model] <= set(done)), None)
        ready = ready or next((model for model in waiting if needs_hard[model] <= set(done)), None)
        if ready is None:
            names = ", ".join(model._meta.label for model in waiting)
            raise ImproperlyConfigured(f"Required foreign keys form a cycle among {names}.")
        done.append(ready)
    return done


@cache
def municipality_models() -> tuple[ModelScope, ...]:
    """The models of a municipality's data, each after the models it points at."""
    unclaimed = unclaimed_models()
    if unclaimed:
        names = ", ".join(model._meta.label_lower for model in unclaimed)
        raise ImproperlyConfigured(
            f"No chain of foreign keys leads from {names} to a municipality: export it or name it in "
            "styrkedja.backup.scope.NOT_MUNICIPALITY_MODELS."
        )
    paths = _paths()
    exported = [model for model in apps.get_models() if model in paths]
    for model in exported:
        _checked(model, set(exported))
    return tuple(_scope(model, paths[model][0]) for model in _ordered(exported))


def unclaimed_models() -> list[type[models.Model]]:
    """Models that are neither a municipality's nor named as the installation's."""
    paths = _paths()
    return [model for model in apps.get_models() if model not in paths and not is_global(model)]


def scope_by_label() -> dict[str, ModelScope]:
    return {scope.label: scope for scope in municipality_models()}
