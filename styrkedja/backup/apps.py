from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    name = "styrkedja.backup"
    verbose_name = _("Säkerhetskopiering och flytt av en kommun")
