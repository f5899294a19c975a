from __future__ import annotations

from typing import Any

from django.db import models

from styrkedja.audit.actions import ACTION_LABELS
from styrkedja.audit.models import AuditEntry
from styrkedja.tenancy.models import Municipality


def audit_log(
    *,
    municipality: Municipality,
    action: str,
    obj: models.Model,
    user=None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record one change. ``data`` holds what changed, e.g. {"status": ["Pågår", "Klart"]}."""
    if action not in ACTION_LABELS:
        # An unknown action would show as a bare code in the history: catch it in tests.
        raise ValueError(f"Unregistered audit action {action!r}")
    return AuditEntry.objects.create(
        municipality=municipality,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        data=data or {},
    )
