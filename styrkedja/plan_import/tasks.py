"""The plan import's background task: reading an uploaded document into a proposal (jobs.services).

A long PDF takes long to read (about 4 s for Mjölby's 21 pages, 30 s for 172 pages, up to the
180 seconds the reading allows): the request only keeps the file and queues the work, so no
server process waits on it. The proposal is then reviewed on its own page.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from styrkedja.charts.numbers import swedish_number
from styrkedja.jobs.choices import OutcomeLevel
from styrkedja.jobs.models import Job
from styrkedja.jobs.services import Outcome, job_run
from styrkedja.plan_import import editing
from styrkedja.plan_import.reading import PlanReadError
from styrkedja.plan_import.services import plan_import_create


def plan_document_read_outcome(job: Job) -> Outcome:
    try:
        plan_import = plan_import_create(
            municipality=job.municipality,
            user=job.started_by,
            content=bytes(job.payload),
            filename=job.parameters["filename"],
            period=job.parameters.get("period") or None,
        )
    except PlanReadError as error:
        return Outcome(
            level=OutcomeLevel.ERROR,
            message=" ".join(error.messages),
            link=reverse("plan_import:index"),
            link_text=_("Läs in ett annat dokument"),
        )
    counts = {
        kind: swedish_number(count) for kind, count in editing.counts(plan_import.proposal["plan"]).items()
    }
    return Outcome(
        level=OutcomeLevel.SUCCESS,
        message=_(
            "Dokumentet är läst: %(goals)s mål, %(activities)s aktiviteter, %(indicators)s indikatorer och "
            "%(assignments)s uppdrag föreslås. Ingenting är skapat ännu: granska förslaget och godkänn det."
        )
        % {
            "goals": counts[editing.GOAL],
            "activities": counts[editing.ACTIVITY],
            "indicators": counts[editing.INDICATOR],
            "assignments": counts[editing.ASSIGNMENT],
        },
        link=reverse("plan_import:review", args=[plan_import.pk]),
        link_text=_("Granska förslaget"),
    )


@task()
def plan_document_read_task(job_id: int) -> None:
    job_run(job_id, plan_document_read_outcome)
