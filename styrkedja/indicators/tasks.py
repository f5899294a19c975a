"""The indicators' background tasks: fetching a plan's values from Kolada (jobs.services)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from styrkedja.indicators.kolada import KoladaError
from styrkedja.indicators.services import KoladaNotConfigured, kolada_sync
from styrkedja.jobs.choices import OutcomeLevel
from styrkedja.jobs.models import Job
from styrkedja.jobs.services import Outcome, job_run


def kolada_sync_outcome(job: Job) -> Outcome:
    plan = job.plan
    back = {
        "link": reverse("plans:detail", args=[plan.board.slug, plan.year]),
        "link_text": _("Tillbaka till planen"),
    }
    try:
        result = kolada_sync(plan=plan, user=job.started_by)
    except (KoladaError, KoladaNotConfigured) as error:
        message = _("Inget hämtades från Kolada. %(error)s") % {"error": error}
        return Outcome(level=OutcomeLevel.ERROR, message=message, **back)
    if not result.indicators:
        message = _("Ingen av planens indikatorer är kopplad till ett nyckeltal i Kolada.")
        return Outcome(level=OutcomeLevel.INFO, message=message, **back)
    message = _("Kolada: %(added)s nya värden, %(updated)s ändrade, %(unchanged)s oförändrade.") % {
        "added": len(result.added),
        "updated": len(result.updated),
        "unchanged": result.unchanged,
    }
    return Outcome(level=OutcomeLevel.SUCCESS, message=message, **back)


@task()
def kolada_sync_task(job_id: int) -> None:
    """Fetch the job's plan's indicator values from Kolada: over the network, so never in a request."""
    job_run(job_id, kolada_sync_outcome)
