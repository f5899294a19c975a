"""API tokens: how the municipality's own systems sign in to the REST API.

A token acts as its user, with the user's role and no more. Its secret is shown once, when it is
made; only a digest of it is stored, so a copy of the database opens nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from styrkedja.api.choices import TokenAccess


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("användare"),
    )
    name = models.CharField(_("namn"), max_length=100, help_text=_("Vad nyckeln används till."))
    # The secret's first characters, to tell tokens apart in lists and in the audit log.
    prefix = models.CharField(_("början av nyckeln"), max_length=12)
    # SHA-256 of the secret, in hex: the secret is high-entropy random, so no slow hash is needed.
    secret_hash = models.CharField(_("kontrollsumma"), max_length=64, unique=True, editable=False)
    access = models.CharField(_("behörighet"), max_length=10, choices=TokenAccess.choices)
    expires_on = models.DateField(_("gäller till och med"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ["user", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_active(self) -> bool:
        return not self.is_expired and not self.is_revoked

    @property
    def can_write(self) -> bool:
        return self.access == TokenAccess.WRITE
