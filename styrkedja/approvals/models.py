"""The approval of a unit's reports at a period, before the controller takes them as final.

Each send, approval and return is a row of its own, never changed: a unit's state at a period is
its newest row, read together with its report rows (a report written after the approval means
the unit has changed since). Nothing that can be derived is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja import text_limits
from styrkedja.approvals.choices import ApprovalAction


class ApprovalStep(models.Model):
    period = models.ForeignKey(
        "followup.FollowUpPeriod",
        on_delete=models.CASCADE,
        related_name="approval_steps",
        verbose_name=_("period"),
    )
    unit = models.ForeignKey(
        "tenancy.OrgUnit", on_delete=models.CASCADE, related_name="approval_steps", verbose_name=_("enhet")
    )
    action = models.CharField(_("händelse"), max_length=20, choices=ApprovalAction.choices)
    comment = models.TextField(_("kommentar"), blank=True, max_length=text_limits.COMMENT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("av"),
    )
    created_at = models.DateTimeField(_("när"), auto_now_add=True)

    class Meta:
        verbose_name = _("steg i godkännandet")
        verbose_name_plural = _("steg i godkännandet")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["period", "unit", "created_at"], name="approvalstep_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period.code}: {self.get_action_display()}"

    @property
    def author_name(self) -> str:
        user = self.created_by
        return (user.get_full_name() or user.username) if user else ""
