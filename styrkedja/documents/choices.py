from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RenderFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word"
    HTML = "html", _("Webbsida")
    XLSX = "xlsx", "Excel"


class RenderState(models.TextChoices):
    PENDING = "pending", _("Väntar")
    RUNNING = "running", _("Skapas")
    DONE = "done", _("Klart")
    FAILED = "failed", _("Misslyckades")
