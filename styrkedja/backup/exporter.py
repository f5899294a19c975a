"""Writes one municipality's rows, of every model of ``scope.municipality_models()``, to a file.

The format is described in ``fileformat``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone

from styrkedja.backup.errors import ExportError
from styrkedja.backup.fileformat import FORMAT, FORMAT_VERSION, FileWriter, encode_value
from styrkedja.backup.scope import ModelScope, is_global, municipality_models
from styrkedja.backup.versions import applied_migrations, styrkedja_version
from styrkedja.tenancy.models import Municipality
from styrkedja.tenancy.paths import ACCOUNT_PATH

CHUNK = 2000


@dataclass
class Written:
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


class Exporter:
    def __init__(self, municipality: Municipality):
        self.municipality = municipality
        self.scopes = municipality_models()
        self.account = get_user_model()
        self.ids: dict[type[models.Model], set[int]] = {}
        self.natural_keys: dict[tuple[type[models.Model], Any], Any] = {}
        self.outside_users: Counter[int] = Counter()

    def write(self, stream: BinaryIO) -> Written:
        # Every id of the municipality first, so that a row pointing outside it is caught.
        self.ids = {
            scope.model: set(scope.rows(self.municipality).values_list("pk", flat=True))
            for scope in self.scopes
        }
        counts = {scope.label: len(self.ids[scope.model]) for scope in self.scopes}
        writer = FileWriter(stream)
        writer.header(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "styrkedja_version": styrkedja_version(),
                "municipality": {"slug": self.municipality.slug, "name": self.municipality.name},
                "written_at": timezone.now().isoformat(),
                "migrations": applied_migrations(),
                "rows": counts,
            }
        )
        for scope in self.scopes:
            many = {many_field: self._pairs(scope, many_field) for many_field in scope.many_to_many}
            rows = scope.rows(self.municipality).order_by("pk").iterator(chunk_size=CHUNK)
            for obj in rows:
                writer.row(scope.label, obj.pk, self._fields(scope, obj, many))
        writer.end()
        return Written(counts=counts, warnings=self._warnings())

    def _fields(self, scope: ModelScope, obj: models.Model, many: dict) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for model_field in scope.fields:
            if model_field.is_relation:
                values[model_field.name] = self._reference(scope, obj, model_field)
            else:
                values[model_field.name] = encode_value(model_field, obj)
        for many_field in scope.many_to_many:
            values[many_field.name] = many[many_field].get(obj.pk, [])
        return values

    def _reference(self, scope: ModelScope, obj: models.Model, model_field: models.Field) -> Any:
        value = getattr(obj, model_field.attname)
        target = model_field.related_model
        if value is None:
            return None
        if is_global(target):
            return self._global_key(target, value)
        if value in self.ids[target]:
            return value
        if target is self.account and model_field.null:
            # A host's account without membership (e.g. a superuser in Django's admin) stays behind.
            self.outside_users[value] += 1
            return None
        raise ExportError(
            f"{scope.verbose_name.capitalize()} {obj.pk} ({str(obj)[:80]}) pekar med fältet "
            f"”{model_field.name}” på {target._meta.verbose_name} {value}, som inte hör till "
            f"{self.municipality}. Rätta kopplingen innan kommunen skrivs till fil."
        )

    def _global_key(self, target: type[models.Model], pk: Any) -> Any:
        """A row of the installation, by what names it in every installation: its natural key or its id."""
        if not hasattr(target, "natural_key"):
            return pk
        key = (target, pk)
        if key not in self.natural_keys:
            self.natural_keys[key] = list(target._base_manager.get(pk=pk).natural_key())
        return self.natural_keys[key]

    def _pairs(self, scope: ModelScope, many_field: models.ManyToManyField) -> dict[int, list[Any]]:
        through = many_field.remote_field.through
        source, target = many_field.m2m_field_name(), many_field.m2m_reverse_field_name()
        target_model = many_field.related_model
        rows = (
            through._base_manager.filter(**{f"{source}__in": scope.rows(self.municipality).values("pk")})
            .order_by("pk")
            .values_list(source, target)
        )
        pairs: dict[int, list[Any]] = defaultdict(list)
        for source_pk, target_pk in rows:
            if is_global(target_model):
                pairs[source_pk].append(self._global_key(target_model, target_pk))
            elif target_pk in self.ids[target_model]:
                pairs[source_pk].append(target_pk)
            else:
                raise ExportError(
                    f"{scope.verbose_name.capitalize()} {source_pk} har i fältet ”{many_field.name}” "
                    f"{target_model._meta.verbose_name} {target_pk}, som inte hör till {self.municipality}. "
                    "Rätta kopplingen innan kommunen skrivs till fil."
                )
        return pairs

    def _warnings(self) -> list[str]:
        warnings = []
        if self.outside_users:
            names = self.account._base_manager.filter(pk__in=list(self.outside_users)).values_list(
                self.account.USERNAME_FIELD, flat=True
            )
            warnings.append(
                f"{sum(self.outside_users.values())} hänvisningar till användare utan medlemskap i kommunen "
                f"({', '.join(sorted(names))}) skrevs som tomma: de kontona hör till installationen och "
                "följer inte med."
            )
        # The fields of INSTALLATION_WIDE_USER_FIELDS, which the file leaves out.
        wide = (
            Q(is_staff=True)
            | Q(is_superuser=True)
            | Q(groups__isnull=False)
            | Q(user_permissions__isnull=False)
        )
        members = self.account._base_manager.filter(**{ACCOUNT_PATH: self.municipality})
        privileged = members.filter(wide).values_list(self.account.USERNAME_FIELD, flat=True).distinct()
        if privileged:
            warnings.append(
                "Behörigheter i hela installationen (personal, superanvändare, grupper) följer inte med för "
                f"{', '.join(sorted(privileged))}: de ges av den som driftar den installation som läser in "
                "filen."
            )
        return warnings
