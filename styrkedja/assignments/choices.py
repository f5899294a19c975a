from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssignmentStatus(models.TextChoices):
    """Where an uppdrag stands; a municipality may call the four steps by words of its own."""

    NOT_STARTED = "not_started", _("Ej påbörjat")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Genomfört")
    NOT_DONE = "not_done", _("Ej genomfört")
