"""An explicit log of who changed what, when, from what to what.

Services write an entry for each change they make (see ``audit.services.audit_log``), and the
accounts app one for each security event (log-ins, log-outs, lock-outs, sessions ending); the
entries are never updated or deleted by the application.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    # Empty for the host's events: a log-in with an unknown user name, a superuser without a municipality.
    # A deleted municipality's entries stay, as the host's: the log outlives what it describes.
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("kommun"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("användare"),
    )
    # Written when the entry is: a deleted user's entries still say who made them.
    user_name = models.CharField(_("användarens namn"), max_length=300, blank=True)
    action = models.CharField(_("händelse"), max_length=100, db_index=True)
    object_type = models.CharField(_("objekttyp"), max_length=100)
    object_id = models.CharField(_("objekt-id"), max_length=64)
    object_repr = models.CharField(_("objekt"), max_length=300)
    data = models.JSONField(_("ändring"), default=dict, blank=True)
    created_at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("logghändelse")
        verbose_name_plural = _("ändringslogg")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
