from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    ACTIVITY = "A", _("Aktivitet")
    PROJECT = "P", _("Projekt")
    PRESTUDY = "F", _("Förstudie")
    PRESTUDY_PROJECT = "FP", _("Förstudie/projekt")
    UNSTATED = "", _("Ej angiven")


class Priority(models.TextChoices):
    NORMAL = "", _("Normal")
    URGENT = "angelaget", _("Angeläget")


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("Föreslagen")
    ACCEPTED = "accepted", _("Godkänd")
    DECLINED = "declined", _("Avslagen")
