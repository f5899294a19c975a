"""A background job's page: its progress while it runs, then its outcome."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from styrkedja.jobs.selectors import job_get
from styrkedja.web.access import manager_required

# Each kind's outcome may have details of its own (a workbook's faults): its template shows them.
OUTCOME_TEMPLATES = {
    "workbook_import": "workbook/_import_outcome.html",
}


def _context(request, pk) -> dict:
    job = job_get(municipality=request.municipality, pk=pk)
    return {
        "job": job,
        "outcome": job.outcome,
        "details_template": OUTCOME_TEMPLATES.get(job.kind, ""),
        "status_url": reverse("jobs:status", args=[job.pk]),
    }


@require_GET
@manager_required
def job_detail(request, pk):
    return render(request, "jobs/job_detail.html", _context(request, pk))


@require_GET
@manager_required
def job_status(request, pk):
    """The job's status alone, for htmx to swap in every other second while it runs."""
    return render(request, "jobs/_job_status.html", _context(request, pk))
