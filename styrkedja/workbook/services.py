"""The plan workbook: export a plan, a template to fill in, and the import that creates a
plan, updates its reports or replaces it (docs/workbook-format.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from styrkedja.audit.services import audit_log
from styrkedja.plandata.exporter import municipality_data, plan_data
from styrkedja.plandata.loader import load_plan_data
from styrkedja.plandata.reader import DataFileError
from styrkedja.plandata.replace import LoadRefused
from styrkedja.plans.models import Plan
from styrkedja.tenancy.models import Municipality
from styrkedja.tenancy.permissions import can_administer
from styrkedja.workbook.assemble import Assembler
from styrkedja.workbook.choices import ImportMode
from styrkedja.workbook.errors import WorkbookError, WorkbookInvalid
from styrkedja.workbook.export import data_rows, workbook_bytes
from styrkedja.workbook.format import SHEETS
from styrkedja.workbook.reader import ReadResult, read_workbook
from styrkedja.workbook.update import ReportsUpdater, UpdateResult

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class ImportResult:
    plan: Plan
    mode: str
    updated: UpdateResult | None = None
    changes: dict[str, int] | None = None  # of a replace: what it created, changed and removed

    @property
    def replaced(self) -> bool:
        return self.mode == ImportMode.REPLACE


def _error_order(error: WorkbookError) -> tuple:
    """In the workbook's order: sheet by sheet, row by row, column by column."""
    sheet = next((index for index, sheet in enumerate(SHEETS) if sheet.name == error.sheet), len(SHEETS))
    return (sheet, error.row or 0, len(error.column_letter), error.column_letter)


def workbook_export(*, plan: Plan) -> bytes:
    return workbook_bytes(data_rows(plan_data(plan)))


def workbook_template(*, municipality: Municipality | None = None) -> bytes:
    """Empty sheets with their headers and instructions; with a municipality, its goal levels,
    units, partners and vision goals are filled in, so only the plan is left to write."""
    if municipality is None:
        return workbook_bytes({})
    return workbook_bytes(data_rows({"municipality": municipality_data(municipality), "plans": []}))


def workbook_import(
    *, municipality: Municipality, content: bytes, filename: str, mode: str = ImportMode.CREATE, user=None
) -> ImportResult:
    """Read the workbook into the municipality: all of it, or, on any fault, nothing.

    Raises WorkbookInvalid with every fault found. CREATE makes a plan that does not exist
    (same board and year); UPDATE sets the reports of one that does, through the follow-up
    services; REPLACE lays the workbook over it in place, keeping the ids, authors and times
    of all it still holds, and what it held in the audit log (see plandata/replace.py).

    Units and partners are the administratör's: an import by anyone else (a controller) that
    would add or change one is refused at the row. ``user`` None is the command line, which
    is the host's and may do everything.
    """
    read = read_workbook(content)
    if not read.readable:
        raise WorkbookInvalid(read.errors)
    assembler = Assembler(read.rows, municipality)
    data = assembler.run()
    errors = read.errors + assembler.errors
    if errors:
        raise WorkbookInvalid(sorted(errors, key=_error_order))
    plan_head = data["plans"][0]
    with transaction.atomic():
        if not municipality.pk:
            municipality.save()
        existing = Plan.objects.filter(
            municipality=municipality, board__slug=plan_head["board"], year=plan_head["year"]
        ).first()
        head = assembler.plan_row
        if mode == ImportMode.UPDATE:
            if existing is None:
                message = "planen finns inte, så det finns inga rapporter att uppdatera. Välj att skapa den."
                raise WorkbookInvalid(
                    [WorkbookError("Plan", head.number, "År", head.letters.get("year", ""), message)]
                )
            return _update(existing, read, filename=filename, user=user)
        if existing and mode != ImportMode.REPLACE:
            message = (
                f"planen {existing.name} finns redan. Välj att ersätta den om arbetsboken ska gälla "
                "i stället; annars ändra nämnd eller år."
            )
            raise WorkbookInvalid(
                [WorkbookError("Plan", head.number, "År", head.letters.get("year", ""), message)]
            )
        previous = json.loads(json.dumps(plan_data(existing), cls=DjangoJSONEncoder)) if existing else None
        try:
            result = load_plan_data(
                data,
                source=filename,
                replace=mode == ImportMode.REPLACE,
                user=user,
                may_change_organisation=user is None or can_administer(user, municipality),
                downloaded_at=read.created,
            )
        except LoadRefused as refused:
            raise WorkbookInvalid(
                sorted((assembler.refusal_error(r) for r in refused.refusals), key=_error_order)
            ) from None
        except DataFileError as error:
            place = f"{error.where}, fältet ”{error.field}”" if error.field else error.where
            raise WorkbookInvalid([WorkbookError("", None, "", "", f"{place}: {error.problem}")]) from None
        plan = (result.created or result.replaced)[0]
        audit_log(
            municipality=municipality,
            action="workbook.plan.imported",
            obj=plan,
            user=user,
            data={"file": filename, "replaced": previous is not None}
            | ({"previous": previous} if previous else {}),
        )
    return ImportResult(
        plan=plan, mode=ImportMode.REPLACE if previous else ImportMode.CREATE, changes=result.changes
    )


def _update(plan: Plan, read: ReadResult, *, filename: str, user) -> ImportResult:
    updater = ReportsUpdater(plan, read.rows, user, downloaded_at=read.created)
    result = updater.run()
    if updater.errors:
        raise WorkbookInvalid(sorted(updater.errors, key=_error_order))  # the transaction is rolled back
    audit_log(
        municipality=plan.municipality,
        action="workbook.plan.updated",
        obj=plan,
        user=user,
        data={
            "file": filename,
            "activity_reports": result.activity_reports,
            "goal_reports": result.goal_reports,
        },
    )
    return ImportResult(plan=plan, mode=ImportMode.UPDATE, updated=result)
