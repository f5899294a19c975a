"""django-allauth's hooks: who a municipality's provider may sign in, and as what."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.contrib import messages
from django.contrib.auth import login as django_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from styrkedja.signin import services
from styrkedja.signin.choices import METHOD_OIDC, SESSION_METHOD
from styrkedja.signin.selectors import (
    oidc_configuration_of_provider,
    oidc_configurations_for_log_in,
    provider_id_of,
)
from styrkedja.tenancy.models import Membership

# The model backend keeps the session's user; axes' backend only guards the password log-in.
SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _refuse(request, message: str):
    messages.error(request, message)
    raise ImmediateHttpResponse(redirect("accounts:login"))


def _claims(sociallogin) -> dict:
    data = sociallogin.account.extra_data or {}
    # The ID token and the userinfo answer, merged: providers put groups in either.
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


class AccountAdapter(DefaultAccountAdapter):
    """allauth's own sign-up and password pages are not offered: accounts come from the administratör
    (password) or from the municipality's provider."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def login(self, request, user) -> None:
        user.backend = SESSION_BACKEND
        django_login(request, user)
        if getattr(request, "styrkedja_oidc", False):
            request.session[SESSION_METHOD] = METHOD_OIDC


class MunicipalityOidcAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        return True

    def list_apps(self, request, provider=None, client_id=None):
        """The municipalities' providers, as allauth's (unsaved) SocialApps: one per municipality."""
        apps = []
        for configuration in oidc_configurations_for_log_in():
            provider_id = provider_id_of(configuration.municipality)
            if provider not in (None, "openid_connect", provider_id):
                continue
            if client_id is not None and client_id != configuration.client_id:
                continue
            apps.append(
                SocialApp(
                    provider="openid_connect",
                    provider_id=provider_id,
                    name=configuration.municipality.name,
                    client_id=configuration.client_id,
                    secret=configuration.secret,
                    settings={"server_url": configuration.issuer},
                )
            )
        return apps

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        app = getattr(provider, "app", None)
        configuration = oidc_configuration_of_provider(provider_id=app.provider_id) if app else None
        services.oidc_refusal_recorded(
            municipality=configuration.municipality if configuration else None,
            reason="provider_error",
            detail=f"{error}: {exception}" if exception else str(error),
        )
        _refuse(request, _("Inloggningen via kommunens identitetsleverantör misslyckades. Försök igen."))

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        # The user name is the provider's subject, the one identifier that never changes.
        user.username = sociallogin.account.uid[:150]
        return user

    def pre_social_login(self, request, sociallogin) -> None:
        """Every sign-in: refuse another municipality's users, and set the role from the groups."""
        configuration = oidc_configuration_of_provider(provider_id=sociallogin.account.provider)
        subject = sociallogin.account.uid
        if configuration is None:
            services.oidc_refusal_recorded(municipality=None, reason="unknown_provider", subject=subject)
            _refuse(request, _("Kommunens inloggning är inte längre inställd. Kontakta din administratör."))
        municipality = configuration.municipality
        groups = services.groups_in(_claims(sociallogin), configuration.groups_claim)
        grant = services.grant_of(configuration, groups)
        if sociallogin.is_existing:
            user = sociallogin.user
            if not user.is_active:
                services.oidc_refusal_recorded(
                    municipality=municipality, reason="inactive", subject=subject, user=user
                )
                _refuse(request, _("Ditt konto är avstängt. Kontakta din administratör."))
            membership = Membership.objects.filter(user=user).first()
            if membership is not None and membership.municipality_id != municipality.pk:
                services.oidc_refusal_recorded(
                    municipality=municipality, reason="other_municipality", subject=subject, user=user
                )
                _refuse(request, _("Ditt konto hör till en annan kommun och kan inte loggas in här."))
        else:
            if services.username_taken(subject[:150]):
                services.oidc_refusal_recorded(
                    municipality=municipality, reason="username_taken", subject=subject
                )
                _refuse(
                    request,
                    _(
                        "Det finns redan ett konto med användarnamnet %(name)s som inte hör till "
                        "%(municipality)s inloggning. Kontakta din administratör."
                    )
                    % {"name": subject[:150], "municipality": municipality.name},
                )
            user = None
        if grant.role is None:
            if user is not None:
                services.membership_apply(
                    configuration=configuration, user=user, grant=grant, subject=subject
                )
            services.oidc_refusal_recorded(
                municipality=municipality, reason="no_mapped_group", subject=subject, user=user
            )
            _refuse(
                request,
                _(
                    "Du är inte med i någon av de grupper som ger behörighet till Styrkedja i "
                    "%(municipality)s. Kontakta din administratör."
                )
                % {"municipality": municipality.name},
            )
        if user is not None:
            services.membership_apply(configuration=configuration, user=user, grant=grant, subject=subject)
            services.oidc_sign_in_recorded(
                configuration=configuration, user=user, subject=subject, groups=groups
            )
        else:
            # A new user: the membership follows once allauth has saved the user (save_user).
            request.styrkedja_grant = (configuration, grant, groups)
        request.styrkedja_oidc = True

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        configuration, grant, groups = request.styrkedja_grant
        services.membership_apply(
            configuration=configuration, user=user, grant=grant, subject=sociallogin.account.uid
        )
        services.oidc_sign_in_recorded(
            configuration=configuration, user=user, subject=sociallogin.account.uid, groups=groups
        )
        return user
