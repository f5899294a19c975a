from __future__ import annotations

from typing import Any

from django.db import models

from styrkedja.audit.actions import ACTION_LABELS
from styrkedja.audit.models import AuditEntry
from styrkedja.tenancy.models import Municipality


def user_display_name(user) -> str:
    """Who made a change, as entries keep it: "Anna Andersson (anna.andersson)", or the user name alone."""
    full_name = user.get_full_name()
    return f"{full_name} ({user.username})" if full_name else user.username


def audit_log(
    *,
    municipality: Municipality | None,
    action: str,
    obj: models.Model | None = None,
    user=None,
    data: dict[str, Any] | None = None,
    object_type: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """Record one change or security event.

    ``data`` holds what changed, e.g. {"status": ["Pågår", "Klart"]}, never a password or its hash.
    ``municipality`` is None for the host's events (an unknown user name, a superuser without a
    municipality). An event about no stored object (a log-in with an unknown user name) gives
    ``object_type`` and ``object_repr`` instead of ``obj``.
    """
    if action not in ACTION_LABELS:
        # An unknown action would show as a bare code in the history: catch it in tests.
        raise ValueError(f"Unregistered audit action {action!r}")
    author = user if user is not None and user.is_authenticated else None
    return AuditEntry.objects.create(
        municipality=municipality,
        user=author,
        user_name=user_display_name(author) if author is not None else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(str(obj) if obj is not None else object_repr)[:300],
        data=data or {},
    )
