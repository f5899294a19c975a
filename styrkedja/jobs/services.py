"""Starting work in the background and recording how it went (the jobs' own rules).

A domain app's ``tasks.py`` defines a task that takes a job's id and calls ``job_run`` with the
function that does the work through the app's services; the page that started it sends the user
to the job's page (``jobs:detail``), which shows its progress and then its outcome.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrkedja.audit.services import audit_log
from styrkedja.jobs.choices import JobState, OutcomeLevel
from styrkedja.jobs.models import Job

logger = logging.getLogger(__name__)

STARTED_ACTION = "jobs.job.started"


@dataclass
class Outcome:
    """How the work ended, in words for the one who asked, and where to go on."""

    level: str  # OutcomeLevel
    message: str
    link: str = ""
    link_text: str = ""
    details: dict[str, Any] = field(default_factory=dict)  # the kind's own, for its template


def job_start(
    *,
    municipality,
    kind: str,
    task,
    user=None,
    plan=None,
    parameters: dict[str, Any] | None = None,
    payload: bytes = b"",
) -> Job:
    """Record the job and queue ``task`` (a django.tasks task taking the job's id).

    The task is queued after the row is committed: the immediate backend (the tests) runs it at
    once, and a worker must find the row it is given.
    """
    with transaction.atomic():
        job = Job.objects.create(
            municipality=municipality,
            kind=kind,
            plan=plan,
            started_by=user if user is not None and user.is_authenticated else None,
            parameters=parameters or {},
            payload=payload,
        )
        audit_log(
            municipality=municipality,
            action=STARTED_ACTION,
            obj=job,
            user=user,
            data={"kind": kind, "plan": plan.name if plan is not None else None, **(parameters or {})},
        )
    result = task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def job_run(job_id: int, work: Callable[[Job], Outcome]) -> None:
    """Run ``work`` for the job and keep its outcome. A job already run (a task given twice) is
    left as it is; an unforeseen error is logged and told in general words, never as a trace."""
    claimed = Job.objects.filter(pk=job_id, state=JobState.PENDING).update(
        state=JobState.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = Job.objects.select_related("municipality", "plan__board", "plan__municipality", "started_by").get(
        pk=job_id
    )
    try:
        outcome = work(job)
        state = JobState.DONE
    except Exception:
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        outcome = Outcome(
            level=OutcomeLevel.ERROR,
            message=_(
                "Körningen avbröts på grund av ett fel i Styrkedja. Ingenting ändrades. Försök igen om "
                "en stund; kvarstår felet, kontakta den som sköter Styrkedja."
            ),
        )
        state = JobState.FAILED
    # The file was only the work's input: it is not kept once the work is done.
    Job.objects.filter(pk=job_id).update(
        state=state, outcome=asdict(outcome), payload=b"", finished_at=timezone.now()
    )
