from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenAccess(models.TextChoices):
    """What a token may do, within what its user's role allows."""

    READ = "read", _("Bara läsa")
    WRITE = "write", _("Läsa och skriva")
