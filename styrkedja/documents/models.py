"""A municipality's own Word template (its graphic profile), used for the Word documents it makes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WordTemplate(models.Model):
    municipality = models.OneToOneField(
        "tenancy.Municipality",
        on_delete=models.CASCADE,
        related_name="word_template",
        verbose_name=_("kommun"),
    )
    name = models.CharField(_("filnamn"), max_length=200)
    content = models.BinaryField(_("innehåll"))
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uppladdad av"),
    )

    class Meta:
        verbose_name = _("Word-mall")
        verbose_name_plural = _("Word-mallar")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.name}"
