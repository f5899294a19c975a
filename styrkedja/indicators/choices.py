from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ValueScope(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommunen")
    NATION = "nation", _("Riket")
    OTHER = "other", _("Annan jämförelse")


class TargetKind(models.TextChoices):
    """How an indicator's target is judged, as the plans word their targets."""

    AT_LEAST = "at_least", _("Minst ett värde")  # "minst 50%"
    AT_MOST = "at_most", _("Högst ett värde")
    GREATER_THAN = "greater_than", _("Mer än ett värde")  # "mer än 40", "över 40", "> 40"
    LESS_THAN = "less_than", _("Mindre än ett värde")  # "under 5", "mindre än 5", "< 5"
    BETTER_THAN_NATION = "better_than_nation", _("Bättre än riket")  # "högre än riksgenomsnittet"
    TOP_PERCENT = "top_percent", _("Bland de bästa procenten i en rankning")  # "bland de 25 % bästa"
    BETTER_THAN_LAST_YEAR = "better_than_last_year", _("Bättre än föregående år")  # "ska öka"


class Gender(models.TextChoices):
    """Whom a value counts, as Kolada divides its values: everyone, women or men."""

    TOTAL = "T", _("Totalt")
    WOMEN = "K", _("Kvinnor")
    MEN = "M", _("Män")


class TargetStatus(models.TextChoices):
    MET = "met", _("Uppnått")
    NOT_MET = "not_met", _("Ej uppnått")
    NO_DATA = "no_data", _("Värde saknas")


class Trend(models.TextChoices):
    BETTER = "better", _("Bättre")
    UNCHANGED = "unchanged", _("Oförändrat")
    WORSE = "worse", _("Sämre")
    NO_DATA = "no_data", _("Inget att jämföra med")
