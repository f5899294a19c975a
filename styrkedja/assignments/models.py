from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.assignments.choices import AssignmentStatus
from styrkedja.followup.models import StatusReportBase


class Assignment(models.Model):
    """An uppdrag from the council to the board."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="assignments", verbose_name=_("plan")
    )
    key = models.SlugField(_("nyckel"), max_length=80)
    title = models.TextField(_("uppdrag"), max_length=text_limits.TITLE)
    description = models.TextField(_("beskrivning"), blank=True, max_length=text_limits.COMMENT)
    goal = models.ForeignKey(
        "goals.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("mål som uppdraget tjänar"),
    )
    responsible_unit = models.ForeignKey(
        "tenancy.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("ansvarig"),
        help_text=_("Enheten som genomför uppdraget och redovisar det."),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="assignment_unique_key")]

    def __str__(self) -> str:
        return self.title[:120]


class AssignmentReport(StatusReportBase):
    """Where an assignment stands at a period; rows are history, never overwritten.

    As an AU meeting hears it: the status (nuläge), the work done (the comment), the prognosis
    and the corrective actions.
    """

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("uppdrag")
    )
    status = models.CharField(_("nuläge"), max_length=20, choices=AssignmentStatus.choices)
    prognosis = models.TextField(_("prognos"), blank=True, max_length=text_limits.COMMENT)
    corrective_actions = models.TextField(
        _("korrigerande åtgärder"), blank=True, max_length=text_limits.COMMENT
    )

    class Meta(StatusReportBase.Meta):
        verbose_name = _("uppdragsrapport")
        verbose_name_plural = _("uppdragsrapporter")

    def __str__(self) -> str:
        return f"{self.assignment} – {self.period.code}"

    @property
    def status_text(self) -> str:
        """The status in the municipality's words; the selectors that read many reports set
        ``status_labels`` once for all of them."""
        labels = getattr(self, "status_labels", None)
        if labels is None:
            from styrkedja.assignments.selectors import assignment_status_labels

            labels = assignment_status_labels(municipality_id=self.assignment.plan.municipality_id)
        return labels.get(self.status, self.status)


class AssignmentStatusLabel(models.Model):
    """A municipality's own word for one of the four statuses of an uppdrag ("Klart" for "Genomfört").

    Only the statuses a municipality renames have a row; the others keep the choices' words.
    """

    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.CASCADE,
        related_name="assignment_status_labels",
        verbose_name=_("kommun"),
    )
    key = models.CharField(_("betyder"), max_length=20, choices=AssignmentStatus.choices)
    label = models.CharField(_("benämning"), max_length=60)

    class Meta:
        verbose_name = _("benämning av uppdragsstatus")
        verbose_name_plural = _("benämningar av uppdragsstatus")
        ordering = ["municipality", "key"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="assignmentstatuslabel_unique_key")
        ]

    def __str__(self) -> str:
        return self.label
