"""A municipality's choices for its open data: the licence and the datasets' contact address."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja.opendata.choices import License


class OpenDataSettings(models.Model):
    """One per municipality, made the first time the administratör saves; until then the open data
    is published under CC0 1.0 without a contact address of its own."""

    municipality = models.OneToOneField(
        "tenancy.Municipality",
        on_delete=models.CASCADE,
        related_name="opendata_settings",
        verbose_name=_("kommun"),
    )
    license = models.CharField(_("licens"), max_length=20, choices=License.choices, default=License.CC0)
    contact_email = models.EmailField(
        _("e-post för frågor om datamängderna"),
        blank=True,
        help_text=_("Visas i datakatalogen som kontaktpunkt, till exempel kommun@mjolby.se."),
    )

    class Meta:
        verbose_name = _("inställningar för öppna data")
        verbose_name_plural = _("inställningar för öppna data")

    def __str__(self) -> str:
        return f"{self.municipality} {self.license}"
