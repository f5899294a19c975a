from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    BOARD = "board", _("Nämnd/styrelse")
    ADMINISTRATION = "administration", _("Förvaltning")
    SECTOR = "sector", _("Sektor")
    DEPARTMENT = "department", _("Avdelning")
    OFFICE = "office", _("Kontor")
    UNIT = "unit", _("Enhet")


class Role(models.TextChoices):
    """What a user may do within their municipality."""

    ADMINISTRATOR = "administrator", _("Administratör")
    CONTROLLER = "controller", _("Controller")
    REPORTER = "reporter", _("Rapportör")
    READER = "reader", _("Läsare")
