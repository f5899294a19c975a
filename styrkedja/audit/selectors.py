from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from styrkedja.audit.models import AuditEntry
from styrkedja.tenancy.models import Municipality


def audit_entries_for(*, municipality: Municipality, obj: models.Model) -> QuerySet[AuditEntry]:
    return municipality.audit_entries.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
