"""A municipality's own sign-in: its identity provider (OpenID Connect) and its rule for passwords."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from styrkedja.tenancy.choices import Role
from styrkedja.tenancy.models import Municipality, OrgUnit


class OidcConfiguration(models.Model):
    """The municipality's identity provider.

    allauth's OpenID Connect provider reads it as a SocialApp built from this row (see
    adapters.MunicipalityOidcAdapter.list_apps), named after the municipality: so a provider signs
    people into its own municipality only, and the row moves with the municipality's data.
    """

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="oidc_configuration", verbose_name=_("kommun")
    )
    issuer = models.URLField(_("utfärdarens adress"), max_length=500)
    client_id = models.CharField(_("klient-id"), max_length=191)
    # Never shown again in full, nor written to the audit log.
    secret = models.CharField(_("klienthemlighet"), max_length=191)
    groups_claim = models.CharField(_("anspråk med grupper"), max_length=100, default="groups")

    class Meta:
        verbose_name = _("kommunens identitetsleverantör")
        verbose_name_plural = _("kommunernas identitetsleverantörer")
        ordering = ["municipality__name", "pk"]

    def __str__(self) -> str:
        return str(self.municipality)


class GroupRole(models.Model):
    """A group of the identity provider, and the role (and a rapportör's units) it gives."""

    configuration = models.ForeignKey(
        OidcConfiguration, on_delete=models.CASCADE, related_name="group_roles", verbose_name=_("leverantör")
    )
    group = models.CharField(_("grupp"), max_length=200)
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    units = models.ManyToManyField(OrgUnit, blank=True, related_name="+", verbose_name=_("enheter"))

    class Meta:
        verbose_name = _("grupp och roll")
        verbose_name_plural = _("grupper och roller")
        ordering = ["configuration", "group", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["configuration", "group"], name="signin_group_role_unique_group")
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()}"


class PasswordPolicy(models.Model):
    """The municipality's rule for its password users: whether a second factor (TOTP) is required."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="password_policy", verbose_name=_("kommun")
    )
    totp_required = models.BooleanField(_("kräv tvåstegsverifiering"), default=False)

    class Meta:
        verbose_name = _("kommunens regel för lösenord")
        verbose_name_plural = _("kommunernas regler för lösenord")
        ordering = ["municipality__name", "pk"]

    def __str__(self) -> str:
        return str(self.municipality)
