from __future__ import annotations

from django.http import Http404

from styrkedja.plan_import.choices import PlanImportStatus
from styrkedja.plan_import.models import PlanImport


def plan_import_get(*, municipality, pk, with_document: bool = False) -> PlanImport:
    """The municipality's import; another municipality's, or none, is 404. The document itself
    is read only where it is served."""
    imports = PlanImport.objects.filter(municipality=municipality, pk=pk).select_related(
        "plan__board", "created_by"
    )
    if not with_document:
        imports = imports.defer("content")
    found = imports.first()
    if found is None:
        raise Http404
    return found


def plan_imports_under_review(*, municipality) -> list[PlanImport]:
    return list(
        PlanImport.objects.filter(municipality=municipality, status=PlanImportStatus.REVIEW)
        .select_related("created_by")
        .defer("content", "proposal")
    )


def plan_import_of_plan(*, plan) -> PlanImport | None:
    """The accepted import the plan was made from, if it was."""
    return (
        PlanImport.objects.filter(plan=plan, status=PlanImportStatus.ACCEPTED)
        .defer("content", "proposal")
        .first()
    )
