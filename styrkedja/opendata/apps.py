from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "styrkedja.opendata"
    verbose_name = _("Öppna data")
