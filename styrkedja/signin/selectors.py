"""Reads of the sign-in configuration."""

from __future__ import annotations

from allauth.mfa.models import Authenticator

from styrkedja.signin.models import OidcConfiguration, PasswordPolicy
from styrkedja.tenancy.models import Municipality


def provider_id_of(municipality: Municipality) -> str:
    """allauth's name of the municipality's provider: in its addresses and on each linked account."""
    return f"{PROVIDER_PREFIX}{municipality.slug}"


PROVIDER_PREFIX = "kommun-"


def oidc_configuration_get(*, municipality: Municipality) -> OidcConfiguration | None:
    return (
        OidcConfiguration.objects.select_related("municipality")
        .prefetch_related("group_roles__units")
        .filter(municipality=municipality)
        .first()
    )


def oidc_configuration_of_provider(*, provider_id: str) -> OidcConfiguration | None:
    if not provider_id or not provider_id.startswith(PROVIDER_PREFIX):
        return None
    return (
        OidcConfiguration.objects.select_related("municipality")
        .prefetch_related("group_roles__units")
        .filter(municipality__slug=provider_id.removeprefix(PROVIDER_PREFIX))
        .first()
    )


def oidc_configurations_for_log_in() -> list[OidcConfiguration]:
    """The municipalities whose provider the log-in page offers."""
    return list(OidcConfiguration.objects.select_related("municipality").order_by("municipality__name", "pk"))


def totp_required(*, municipality: Municipality | None) -> bool:
    if municipality is None:
        return False
    return PasswordPolicy.objects.filter(municipality=municipality, totp_required=True).exists()


def totp_of(user) -> Authenticator | None:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).order_by("pk").first()
