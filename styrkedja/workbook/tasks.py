"""The workbook's background task: reading a filled-in workbook in (jobs.services).

A large workbook takes seconds to read and load (13 s at 73 times Mjölby, docs/benchmarks.md):
the request only keeps the file and queues the work, so no server process waits on it.
"""

from __future__ import annotations

from dataclasses import asdict

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from styrkedja.charts.numbers import swedish_number
from styrkedja.jobs.choices import OutcomeLevel
from styrkedja.jobs.models import Job
from styrkedja.jobs.services import Outcome, job_run
from styrkedja.workbook.choices import ImportMode
from styrkedja.workbook.errors import WorkbookInvalid
from styrkedja.workbook.services import workbook_import
from styrkedja.workbook.texts import replace_changes_text, reports_changed_text


def import_message(result) -> str:
    title = result.plan.title
    if result.mode == ImportMode.UPDATE:
        changed = reports_changed_text(
            activities=result.updated.activity_reports, goals=result.updated.goal_reports
        )
        return _("Rapporterna i %(title)s är uppdaterade: %(changed)s") % {"title": title, "changed": changed}
    if result.mode == ImportMode.REPLACE:
        replaced = _("Planen %(title)s är ersatt av arbetsbokens innehåll.") % {"title": title}
        return f"{replaced} {replace_changes_text(result.changes or {})}".strip()
    return _("Planen %(title)s är inläst.") % {"title": title}


def workbook_import_outcome(job: Job) -> Outcome:
    try:
        result = workbook_import(
            municipality=job.municipality,
            content=bytes(job.payload),
            filename=job.parameters["filename"],
            mode=job.parameters["mode"],
            user=job.started_by,
        )
    except WorkbookInvalid as invalid:
        return Outcome(
            level=OutcomeLevel.ERROR,
            message=_("Arbetsboken lästes inte in: %(total)s fel. Ingenting ändrades.")
            % {"total": swedish_number(invalid.total)},
            link=reverse("workbook:import"),
            link_text=_("Läs in en rättad arbetsbok"),
            details={
                "errors": [asdict(error) for error in invalid.listed],
                "unlisted": swedish_number(invalid.unlisted) if invalid.unlisted else "",
            },
        )
    plan = result.plan
    # The job's plan is the one the workbook made or changed, so that its page leads there.
    Job.objects.filter(pk=job.pk).update(plan=plan)
    return Outcome(
        level=OutcomeLevel.SUCCESS,
        message=import_message(result),
        link=reverse("plans:detail", args=[plan.board.slug, plan.year]),
        link_text=_("Till planen %(title)s") % {"title": plan.title},
    )


@task()
def workbook_import_task(job_id: int) -> None:
    job_run(job_id, workbook_import_outcome)
