from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "styrkedja.approvals"
    verbose_name = _("Godkännande av rapporter")
