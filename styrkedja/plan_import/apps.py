from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanImportConfig(AppConfig):
    name = "styrkedja.plan_import"
    verbose_name = _("Inläsning av plandokument")
