"""A document read in, and the plan proposed from it, while the controller reviews it.

Nothing of the plan exists until the proposal is accepted: the proposal is JSON in the plan data
format (see ``proposal.py``), edited in place, and accepting it loads it as a draft plan. The
source document stays here, beside the plan made from it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja.plan_import.choices import PlanImportStatus


class PlanImport(models.Model):
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.CASCADE,
        related_name="plan_imports",
        verbose_name=_("kommun"),
    )
    filename = models.CharField(_("filnamn"), max_length=255)
    content_type = models.CharField(_("filtyp"), max_length=100)
    # The document itself, in the database: written in the same transaction as the proposal, and
    # in every backup with the plan it became.
    content = models.BinaryField(_("dokument"))
    proposal = models.JSONField(_("förslag"))
    # Raised by every change of the proposal: a form made from an older version is refused, so
    # that two reviewers do not overwrite each other's corrections.
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("läge"), max_length=10, choices=PlanImportStatus.choices, default=PlanImportStatus.REVIEW
    )
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
        verbose_name=_("plan"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inläst av"),
    )
    created_at = models.DateTimeField(_("inläst"), auto_now_add=True)

    class Meta:
        verbose_name = _("inläst plandokument")
        verbose_name_plural = _("inlästa plandokument")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return self.filename


class PlanImportStatusChange(models.Model):
    """The import's status over time, a row per change: read in, accepted or discarded."""

    plan_import = models.ForeignKey(
        PlanImport, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("inläsning")
    )
    status = models.CharField(_("läge"), max_length=10, choices=PlanImportStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ändrad av"),
    )
    changed_at = models.DateTimeField(_("ändrad"), auto_now_add=True)

    class Meta:
        verbose_name = _("ändring av inläsningens läge")
        verbose_name_plural = _("ändringar av inläsningens läge")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.plan_import}: {self.get_status_display()}"
