"""The reminders sent to rapportörer about what they have left to report at a period.

A row is one e-mail sent, kept as it was: to whom, when, by whom (none for the scheduled command)
and what it listed. Nobody is reminded of the same period twice on one day (``services``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    period = models.ForeignKey(
        "followup.FollowUpPeriod",
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("period"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("rapportör")
    )
    email = models.EmailField(_("e-postadress"))
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skickad av"),
        help_text=_("Tom när påminnelsen skickades av den schemalagda körningen."),
    )
    # {"activities": [...], "goals": [...], "assignments": [...]}: the texts the e-mail listed.
    items = models.JSONField(_("vad som saknades"), default=dict)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["period", "user", "sent_at"], name="reminder_period_user_idx")]

    def __str__(self) -> str:
        return f"{self.period} – {self.user.username} {self.sent_at:%Y-%m-%d %H:%M}"

    @property
    def item_count(self) -> int:
        return sum(len(texts) for texts in self.items.values())
