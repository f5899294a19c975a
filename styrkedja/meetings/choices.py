from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingBody(models.TextChoices):
    KF = "KF", _("Kommunfullmäktige")
    KS = "KS", _("Kommunstyrelsen")
    AU = "AU", _("Arbetsutskottet")
