from __future__ import annotations

from django.http import Http404

from styrkedja.jobs.models import Job


def job_get(*, municipality, pk) -> Job:
    """The municipality's job; another municipality's, or none, is 404."""
    job = (
        Job.objects.filter(municipality=municipality, pk=pk)
        .select_related("plan__board", "started_by")
        .defer("payload")
        .first()
    )
    if job is None:
        raise Http404
    return job
