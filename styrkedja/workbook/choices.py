from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportMode(models.TextChoices):
    """What reading a workbook in does with the plan it names."""

    CREATE = "create", _("Skapa planen (den finns inte än)")
    UPDATE = "update", _("Uppdatera status, kommentarer och bedömningar i den befintliga planen")
    REPLACE = "replace", _("Ersätt hela den befintliga planen med arbetsbokens innehåll")
