from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanImportStatus(models.TextChoices):
    REVIEW = "review", _("Granskas")
    ACCEPTED = "accepted", _("Godkänd")
    DISCARDED = "discarded", _("Kasserad")
