from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "styrkedja.accounts"
    verbose_name = _("Inloggning")

    def ready(self):
        from styrkedja.accounts import signals  # noqa: F401  (connects the receivers)
