from __future__ import annotations

from django.apps import AppConfig


class SigninConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "styrkedja.signin"
    verbose_name = "Inloggning"
