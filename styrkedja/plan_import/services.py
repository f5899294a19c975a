"""Reading a plan document into a proposal, the reviewer's corrections, and the plan it becomes.

``plan_document_read`` is the one reading the upload page and the command use. The import's life:
``plan_import_create`` keeps the document and its proposal; ``plan_import_item_update``,
``…_move``, ``…_merge``, ``…_split`` and ``plan_import_unit_match`` / ``…_unit_create`` correct
it, each under a lock and a version check, each audited; ``plan_import_accept`` loads it as a
draft plan in one transaction; ``plan_import_discard`` ends it without a plan.
"""

from __future__ import annotations

import copy
import mimetypes
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from styrkedja.audit.services import audit_log
from styrkedja.plan_import import editing
from styrkedja.plan_import.choices import PlanImportStatus
from styrkedja.plan_import.models import PlanImport, PlanImportStatusChange
from styrkedja.plan_import.proposal import REVIEW_KEY, Proposal, without_review
from styrkedja.plan_import.reading import PlanReadError, document_read
from styrkedja.plan_import.rules import period_of, plan_proposed
from styrkedja.plan_import.vocabulary import Vocabulary
from styrkedja.plandata.exporter import municipality_data
from styrkedja.plandata.loader import load_plan_data
from styrkedja.plandata.reader import DataFileError
from styrkedja.plans.models import Plan
from styrkedja.tenancy.models import OrgUnit
from styrkedja.tenancy.services import unit_create

__all__ = [
    "PlanReadError",
    "plan_document_read",
    "plan_import_accept",
    "plan_import_create",
    "plan_import_discard",
    "plan_import_item_merge",
    "plan_import_item_move",
    "plan_import_item_split",
    "plan_import_item_update",
    "plan_import_unit_create",
    "plan_import_unit_match",
]


def plan_document_read(*, content: bytes, filename: str, municipality, period: str | None = None) -> Proposal:
    """The plan the document holds, as a proposal to review; nothing is written.

    Raises ``PlanReadError`` (a ValidationError with a Swedish message) for a document that is too
    large, encrypted, scanned, broken or of an unknown type.
    """
    document = document_read(content=content, filename=filename)
    plan, unplaced, found_period = plan_proposed(document, Vocabulary.of(municipality), period)
    return Proposal(
        municipality=municipality.slug,
        period=period or found_period,
        filename=filename,
        pages=document.pages,
        plan=plan,
        unplaced=unplaced,
    )


def _status_changed(plan_import: PlanImport, user) -> None:
    PlanImportStatusChange.objects.create(
        plan_import=plan_import,
        status=plan_import.status,
        changed_by=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def plan_import_create(
    *, municipality, user, content: bytes, filename: str, period: str | None = None
) -> PlanImport:
    """Read the document and keep it with the proposal, for review; no plan is made yet."""
    proposal = plan_document_read(
        content=content, filename=filename, municipality=municipality, period=period
    )
    editing.numbered(proposal.plan)
    plan_import = PlanImport.objects.create(
        municipality=municipality,
        filename=filename[:255],
        content_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
        content=content,
        proposal=proposal.to_dict(),
        created_by=user,
    )
    _status_changed(plan_import, user)
    audit_log(
        municipality=municipality,
        action="plan_import.document.read",
        obj=plan_import,
        user=user,
        data={"filename": [None, filename], "pages": [None, proposal.pages], **_counts(proposal.plan)},
    )
    return plan_import


def _counts(plan: dict) -> dict[str, list]:
    return {f"{kind}s": [None, count] for kind, count in editing.counts(plan).items()}


CHANGED_MEANWHILE = _lazy(
    "Förslaget har ändrats av någon annan sedan du öppnade sidan. Dina ändringar sparades inte: öppna "
    "sidan igen och gör dem på nytt."
)


def _locked(plan_import: PlanImport, version: int | None) -> PlanImport:
    """The import, locked for a change: still under review, and as the reviewer last saw it."""
    locked = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
    if locked.status != PlanImportStatus.REVIEW:
        raise ValidationError(
            _("Inläsningen är redan %(status)s.") % {"status": locked.get_status_display().lower()}
        )
    if version is not None and version != locked.version:
        raise ValidationError(CHANGED_MEANWHILE)
    return locked


def _saved(locked: PlanImport, user, action: str, data: dict[str, Any]) -> PlanImport:
    # Written only over the version it was read at: the lock makes that so already, this keeps it
    # so should the lock ever be weaker (SQLite without its immediate transactions).
    written = PlanImport.objects.filter(pk=locked.pk, version=locked.version).update(
        proposal=locked.proposal, version=locked.version + 1
    )
    if not written:
        raise ValidationError(CHANGED_MEANWHILE)
    locked.version += 1
    audit_log(municipality=locked.municipality, action=action, obj=locked, user=user, data=data)
    return locked


def _plan(locked: PlanImport) -> dict[str, Any]:
    return locked.proposal["plan"]


@transaction.atomic
def plan_import_item_update(
    *, plan_import: PlanImport, user, item: str, version: int, fields: dict[str, Any]
) -> PlanImport:
    """Correct an item's fields. ``fields`` are the item's own keys in the data format;
    ``status`` (an activity's status at the import's period) and ``goal`` (move) are taken apart."""
    locked = _locked(plan_import, version)
    plan = _plan(locked)
    found = editing.item_find(plan, item)
    before, goal_before = copy.deepcopy(found.item), editing.item_id(found.goal or {})
    fields = dict(fields)
    goal = fields.pop("goal", None)
    if "status" in fields:
        status, period = fields.pop("status"), locked.proposal.get("period")
        reports = [report for report in found.item.get("reports", []) if report.get("period") != period]
        if status and period:
            reports.insert(0, {"period": period, "status": status})
        found.item["reports"] = reports
    for key, value in fields.items():
        if value in ("", [], None):
            found.item.pop(key, None)
        else:
            found.item[key] = value
    editing.checked(found.item)
    if goal is not None and goal != goal_before:
        editing.item_move(plan, item, goal)
    changes = {
        key: [before.get(key), found.item.get(key)]
        for key in sorted(set(before) | set(found.item))
        if key != REVIEW_KEY and before.get(key) != found.item.get(key)
    }
    if goal is not None and goal != goal_before:
        changes["goal"] = [goal_before, goal]
    return _saved(locked, user, "plan_import.item.changed", {"item": [None, item], **changes})


@transaction.atomic
def plan_import_item_move(*, plan_import: PlanImport, user, item: str, goal: str, version: int) -> PlanImport:
    locked = _locked(plan_import, version)
    found = editing.item_find(_plan(locked), item)
    before = editing.item_id(found.goal or {})
    editing.item_move(_plan(locked), item, goal)
    return _saved(locked, user, "plan_import.item.moved", {"item": [None, item], "goal": [before, goal]})


@transaction.atomic
def plan_import_item_merge(*, plan_import: PlanImport, user, item: str, version: int) -> PlanImport:
    locked = _locked(plan_import, version)
    merged = editing.item_merge(_plan(locked), item)
    return _saved(
        locked,
        user,
        "plan_import.item.merged",
        {"item": [item, None], "into": [None, editing.item_id(merged)]},
    )


@transaction.atomic
def plan_import_item_split(*, plan_import: PlanImport, user, item: str, at: str, version: int) -> PlanImport:
    locked = _locked(plan_import, version)
    second = editing.item_split(_plan(locked), item, at)
    return _saved(
        locked,
        user,
        "plan_import.item.split",
        {"item": [None, item], "new": [None, editing.item_id(second)], "at": [None, at]},
    )


def unknown_units(plan_import: PlanImport) -> list[str]:
    """The units the proposal names that the municipality does not have, in alphabetical order."""
    known = set(OrgUnit.objects.filter(municipality=plan_import.municipality).values_list("name", flat=True))
    return sorted(editing.unit_names(plan_import.proposal["plan"]) - known)


@transaction.atomic
def plan_import_unit_match(
    *, plan_import: PlanImport, user, name: str, unit: OrgUnit, version: int
) -> PlanImport:
    """Read ``name`` in the proposal as the municipality's ``unit`` wherever it stands."""
    if unit.municipality_id != plan_import.municipality_id:
        raise ValidationError(_("Enheten hör inte till kommunen."))
    locked = _locked(plan_import, version)
    changed = editing.unit_renamed(_plan(locked), name, unit.name)
    if not changed:
        raise ValidationError(_("Förslaget nämner ingen enhet ”%(name)s”.") % {"name": name})
    return _saved(
        locked, user, "plan_import.unit.matched", {"unit": [name, unit.name], "items": [None, changed]}
    )


@transaction.atomic
def plan_import_unit_create(
    *,
    plan_import: PlanImport,
    user,
    name: str,
    new_name: str,
    kind: str,
    parent: OrgUnit | None,
    version: int,
) -> PlanImport:
    """Create the unit the document names (the administratör's right), and read ``name`` as it."""
    locked = _locked(plan_import, version)
    if name not in editing.unit_names(_plan(locked)):
        raise ValidationError(_("Förslaget nämner ingen enhet ”%(name)s”.") % {"name": name})
    unit = unit_create(municipality=locked.municipality, user=user, name=new_name, kind=kind, parent=parent)
    changed = editing.unit_renamed(_plan(locked), name, unit.name)
    return _saved(
        locked, user, "plan_import.unit.matched", {"unit": [name, unit.name], "items": [None, changed]}
    )


def _plan_for_loading(proposal: dict, *, board: OrgUnit, year: int, title: str) -> dict[str, Any]:
    """The proposal's plan as the loader takes it, for the board and year the reviewer chose."""
    plan = without_review(proposal["plan"])
    plan.update(board=board.slug, year=year, title=title)
    start, end = (plan.get("budget_period") or [year, year + 2])[:2]
    plan["budget_period"] = [start, end] if start <= year <= end else [year, year + 2]
    # The periods end in the chosen year, as the document's did in its own.
    plan["periods"] = [
        {**period, "ends_on": period_of(period["code"], year)["ends_on"]}
        for period in plan.get("periods", [])
    ]
    return plan


@transaction.atomic
def plan_import_accept(
    *, plan_import: PlanImport, user, board: OrgUnit, year: int, title: str, version: int
) -> Plan:
    """The proposal as a draft plan of ``board`` for ``year``, in one transaction: all of it or
    nothing. The import keeps the document and points to the plan."""
    locked = _locked(plan_import, version)
    municipality = locked.municipality
    missing = unknown_units(locked)
    if missing:
        raise ValidationError(
            _(
                "Enheterna finns inte i kommunen: %(names)s. Välj en av kommunens enheter för var och "
                "en, eller skapa den."
            )
            % {"names": ", ".join(f"”{name}”" for name in missing)}
        )
    if Plan.objects.filter(municipality=municipality, board=board, year=year).exists():
        raise ValidationError(
            _("%(board)s har redan en plan för %(year)d. Välj ett annat år eller en annan nämnd.")
            % {"board": board.name, "year": year}
        )
    data = {
        # The municipality with its goal levels only: the loader reads its units and partners from
        # the database (a unit at a time when they are listed), and the proposal may change none.
        "municipality": {
            key: value
            for key, value in municipality_data(municipality).items()
            if key in ("slug", "name", "goal_levels")
        },
        "plans": [_plan_for_loading(locked.proposal, board=board, year=year, title=title)],
    }
    try:
        load_plan_data(data, source=locked.filename, user=user, may_change_organisation=False)
    except DataFileError as error:
        raise ValidationError(
            _("Förslaget kunde inte bli en plan: %(problem)s") % {"problem": str(error).split(": ", 1)[-1]}
        ) from error
    plan = Plan.objects.get(municipality=municipality, board=board, year=year)
    locked.plan, locked.status = plan, PlanImportStatus.ACCEPTED
    locked.save(update_fields=["plan", "status"])
    _status_changed(locked, user)
    audit_log(
        municipality=municipality,
        action="plan_import.accepted",
        obj=locked,
        user=user,
        data={"plan": [None, str(plan)], "status": [PlanImportStatus.REVIEW, PlanImportStatus.ACCEPTED]},
    )
    return plan


@transaction.atomic
def plan_import_discard(*, plan_import: PlanImport, user) -> PlanImport:
    """End the review without a plan. The document and proposal are removed; the row and its
    history stay, so the audit log can still name what was read."""
    locked = _locked(plan_import, None)
    locked.status, locked.content = PlanImportStatus.DISCARDED, b""
    locked.proposal = {**locked.proposal, "plan": {}, "unplaced": []}
    locked.save(update_fields=["status", "content", "proposal"])
    _status_changed(locked, user)
    audit_log(
        municipality=locked.municipality,
        action="plan_import.discarded",
        obj=locked,
        user=user,
        data={"status": [PlanImportStatus.REVIEW, PlanImportStatus.DISCARDED]},
    )
    return locked
