from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "styrkedja.audit"
    verbose_name = _("Ändringslogg")
