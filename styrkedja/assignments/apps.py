from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "styrkedja.assignments"
    verbose_name = _("Uppdrag")
