from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlandataConfig(AppConfig):
    name = "styrkedja.plandata"
    verbose_name = _("Datafiler")
