from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameKind(models.TextChoices):
    BOKSLUT = "bokslut", _("Bokslut")
    BUDGET = "budget", _("Budget")
    EK_PLAN = "ek_plan", _("Ek plan")
