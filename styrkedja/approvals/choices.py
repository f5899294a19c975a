from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApprovalAction(models.TextChoices):
    """What one step of a unit's approval at a period did: a row each, never changed."""

    SENT = "sent", _("Skickades för godkännande")
    APPROVED = "approved", _("Godkändes")
    RETURNED = "returned", _("Returnerades för ändring")


class ApprovalState(models.TextChoices):
    """Where a unit's reports at a period stand, derived from its steps and its report rows."""

    NOT_SENT = "not_sent", _("Ej skickad")
    SENT = "sent", _("Skickad för godkännande")
    RETURNED = "returned", _("Returnerad")
    APPROVED = "approved", _("Godkänd")
    CHANGED = "changed", _("Ändrad efter godkännandet")
