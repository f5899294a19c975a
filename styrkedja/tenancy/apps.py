from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "styrkedja.tenancy"
    verbose_name = _("Kommuner och organisation")
