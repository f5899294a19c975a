from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ValueScope(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommunen")
    NATION = "nation", _("Riket")
    OTHER = "other", _("Annan jämförelse")
