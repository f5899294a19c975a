"""Which municipality a model's rows belong to: the chain of foreign keys that leads there.

Worked out from the models' ``_meta``, so that a model added later is found without a change
here: a goal leads there directly, a report through its activity and plan, a user account through
its membership. Of several chains the one that is never empty is taken, and then the shortest.
The audit log asks it of an object changed in Django's admin; the municipality's data file asks
it of every model.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from styrkedja.tenancy.models import Municipality

# A user account belongs to the municipality it is a member of (Membership.user is one-to-one).
ACCOUNT_PATH = "membership__municipality"


@cache
def municipality_paths(
    excluded: frozenset[str] = frozenset(),
) -> dict[type[models.Model], tuple[str, bool, int]]:
    """Per model the best chain to the municipality: (lookup, may be empty, length). ``excluded``:
    labels of models that belong to no municipality, whatever their keys say."""
    account = get_user_model()
    best = {Municipality: ("", False, 0), account: (ACCOUNT_PATH, True, 2)}
    candidates = [
        model for model in apps.get_models() if model not in best and model._meta.label_lower not in excluded
    ]
    changed = True
    while changed:
        changed = False
        for model in candidates:
            for field in model._meta.concrete_fields:
                target = field.related_model if field.is_relation else None
                if target is None or target is model or target not in best:
                    continue
                path, nullable, length = best[target]
                option = (f"{field.name}__{path}" if path else field.name, field.null or nullable, length + 1)
                if model not in best or option[1:] < best[model][1:]:
                    best[model] = option
                    changed = True
    return best


def municipality_of(obj: models.Model) -> Municipality | None:
    """The municipality ``obj`` belongs to, or None for the host's objects (a superuser, a group)."""
    if isinstance(obj, Municipality):
        return obj
    found = municipality_paths().get(type(obj))
    if found is None:
        return None
    current = obj
    for name in found[0].split("__"):
        current = getattr(current, name, None)  # an account without a membership has none
        if current is None:
            return None
    return current
