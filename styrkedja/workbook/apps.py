from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbookConfig(AppConfig):
    name = "styrkedja.workbook"
    verbose_name = _("Arbetsbok i Excel")
