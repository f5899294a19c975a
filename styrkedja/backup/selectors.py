from __future__ import annotations

from styrkedja.backup.scope import municipality_models
from styrkedja.tenancy.models import Municipality


def municipality_row_counts(*, municipality: Municipality) -> dict[str, int]:
    """How many rows of each model belong to the municipality, by model label, as a file holds them."""
    return {scope.label: scope.rows(municipality).count() for scope in municipality_models()}
