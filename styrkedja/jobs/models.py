"""A piece of work someone started that runs in the background (django.tasks), and how it went.

The task queue's own rows (django_tasks_database) belong to the installation and know nothing of
municipalities; a Job is the municipality's record of the work, which its pages and their access
checks read: who asked, for which plan, what it was given, and the outcome in words.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja.jobs.choices import JobKind, JobState


class Job(models.Model):
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.CASCADE, related_name="jobs", verbose_name=_("kommun")
    )
    kind = models.CharField(_("slag"), max_length=30, choices=JobKind.choices)
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("plan"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("startad av"),
    )
    state = models.CharField(_("läge"), max_length=10, choices=JobState.choices, default=JobState.PENDING)
    # What the work is given: its settings, and a file (an uploaded workbook) until it has run.
    parameters = models.JSONField(_("inställningar"), default=dict, blank=True)
    payload = models.BinaryField(_("fil"), blank=True, default=b"")
    # How it went, for the one who asked (see services.Outcome).
    outcome = models.JSONField(_("utfall"), default=dict, blank=True)
    task_id = models.CharField(_("uppgift"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("startad"), auto_now_add=True)
    started_at = models.DateTimeField(_("påbörjad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)

    class Meta:
        verbose_name = _("körning i bakgrunden")
        verbose_name_plural = _("körningar i bakgrunden")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()})"

    @property
    def under_way(self) -> bool:
        return self.state in (JobState.PENDING, JobState.RUNNING)
