"""The jobs' own rules: a job runs once, its input is not kept, and an unforeseen error is told in
general words."""

from __future__ import annotations

import pytest

from styrkedja.jobs.choices import JobState, OutcomeLevel
from styrkedja.jobs.models import Job
from styrkedja.jobs.services import Outcome, job_run
from styrkedja.tenancy.models import Municipality

pytestmark = pytest.mark.django_db


def _job(**fields) -> Job:
    return Job.objects.create(
        municipality=Municipality.objects.get(slug="mjolby"), kind="workbook_import", payload=b"PK", **fields
    )


def test_a_job_runs_once_and_its_file_is_not_kept():
    job, runs = _job(), []

    def work(job):
        runs.append(job.pk)
        return Outcome(level=OutcomeLevel.SUCCESS, message="Klart.")

    job_run(job.pk, work)
    job_run(job.pk, work)  # the same task given twice
    job.refresh_from_db()
    assert runs == [job.pk]
    assert (job.state, job.outcome["message"], bytes(job.payload)) == (JobState.DONE, "Klart.", b"")


def test_an_unforeseen_error_fails_the_job_in_general_words(caplog):
    job = _job()

    def work(job):
        raise RuntimeError("secret detail of the trace")

    job_run(job.pk, work)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.outcome["level"] == "error"
    assert "fel i Styrkedja" in job.outcome["message"] and "secret" not in job.outcome["message"]
    assert "secret detail" in caplog.text  # logged for the host
