from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    KOLADA_SYNC = "kolada_sync", _("Hämtning från Kolada")
    WORKBOOK_IMPORT = "workbook_import", _("Inläsning av arbetsbok")
    PLAN_DOCUMENT_READ = "plan_document_read", _("Läsning av plandokument")


class JobState(models.TextChoices):
    PENDING = "pending", _("Väntar")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckades")


class OutcomeLevel(models.TextChoices):
    """How the work ended for the one who asked: as Django's message levels name it."""

    SUCCESS = "success", _("Klart")
    INFO = "info", _("Klart")
    ERROR = "error", _("Inte genomfört")
