"""The log-in (password, then the code if the user has TOTP), the municipality's provider, and the
administratör's settings."""

from __future__ import annotations

import time

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, validate_totp_code
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from styrkedja.accounts.lockout import client_ip
from styrkedja.signin import services
from styrkedja.signin.forms import CodeForm, SignInSettingsForm, mapping_text
from styrkedja.signin.selectors import (
    oidc_configuration_get,
    oidc_configurations_for_log_in,
    provider_id_of,
    totp_of,
    totp_required,
)
from styrkedja.signin.services import _secret_hint
from styrkedja.tenancy.models import Municipality
from styrkedja.web.access import administrator_required
from styrkedja.web.forms import posted

# A password accepted, the code still to come: who, with which backend, and since when.
PENDING = "signin.pending"
PENDING_SECONDS = 300
PENDING_TRIES = 5
# The secret being set up, until the user's first code proves the app has it.
SETUP_SECRET = "signin.totp_secret"


def _provider_links(configurations) -> list[dict]:
    return [
        {
            "name": configuration.municipality.name,
            "url": reverse(
                "openid_connect_login", kwargs={"provider_id": provider_id_of(configuration.municipality)}
            ),
        }
        for configuration in configurations
    ]


class PasswordLoginView(auth_views.LoginView):
    """Django's log-in (with django-axes), which stops before the session for a user with TOTP."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["providers"] = _provider_links(oidc_configurations_for_log_in())
        return context

    def form_valid(self, form):
        user = form.get_user()
        if totp_of(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "since": time.time(),
            "tries": 0,
        }
        return redirect("signin:code")


def code(request):
    """The second step of a password log-in: the code from the user's app."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        if pending:
            messages.error(request, _("Tiden för att ange engångskoden gick ut. Logga in igen."))
        return redirect("accounts:login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    authenticator = totp_of(user) if user else None
    if authenticator is None:
        request.session.pop(PENDING, None)
        return redirect("accounts:login")
    form = CodeForm(posted(request))
    if form.is_valid():
        valid = TOTP(authenticator).validate_code(form.cleaned_data["code"])
        services.totp_code_recorded(user=user, valid=valid, ip_address=client_ip(request))
        if valid:
            request.session.pop(PENDING, None)
            login(request, user, backend=pending["backend"])
            next_url = pending["next"]
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                next_url = reverse("followup:start")
            return HttpResponseRedirect(next_url)
        pending["tries"] += 1
        if pending["tries"] >= PENDING_TRIES:
            request.session.pop(PENDING, None)
            messages.error(request, _("För många felaktiga engångskoder. Logga in igen."))
            return redirect("accounts:login")
        request.session[PENDING] = pending
        form.add_error(
            "code", _("Engångskoden stämmer inte. Kontrollera klockan i telefonen och försök igen.")
        )
    return render(request, "signin/code.html", {"form": form})


def municipality_login(request, kommun: str):
    """The log-in page of one municipality: its provider's button (and the password form's link)."""
    municipality = Municipality.objects.filter(slug=kommun).first()
    if municipality is None:
        raise Http404(_("Det finns ingen kommun med den adressen."))
    configuration = oidc_configuration_get(municipality=municipality)
    providers = _provider_links([configuration]) if configuration else []
    return render(
        request, "signin/municipality_login.html", {"municipality": municipality, "providers": providers}
    )


def totp_setup(request):
    """The user's own second factor: set up with a QR code (or the secret as text), or turned off."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    authenticator = totp_of(request.user)
    required = totp_required(municipality=request.municipality)
    if authenticator is not None:
        if request.method == "POST" and request.POST.get("action") == "deactivate":
            if required:
                messages.error(request, _("Kommunen kräver tvåstegsverifiering: den kan inte stängas av."))
            else:
                services.totp_deactivate(user=request.user)
                messages.success(request, _("Tvåstegsverifieringen är avstängd."))
            return redirect("signin:totp")
        return render(request, "signin/totp.html", {"authenticator": authenticator, "required": required})
    secret = request.session.get(SETUP_SECRET) or generate_totp_secret()
    request.session[SETUP_SECRET] = secret
    form = CodeForm(posted(request))
    if form.is_valid():
        if validate_totp_code(secret, form.cleaned_data["code"]):
            services.totp_activate(user=request.user, secret=secret)
            request.session.pop(SETUP_SECRET, None)
            messages.success(
                request,
                _("Tvåstegsverifieringen är påslagen. Nästa gång du loggar in frågar vi efter koden."),
            )
            return redirect("signin:totp")
        form.add_error(
            "code", _("Engångskoden stämmer inte. Kontrollera klockan i telefonen och försök igen.")
        )
    adapter = get_mfa_adapter()
    url = adapter.build_totp_url(request.user, secret)
    context = {
        "form": form,
        "secret": secret,
        # qrcode's SVG: paths only, no script or style, so it is safe inline.
        "qr_svg": mark_safe(adapter.build_totp_svg(url)),
        "required": required,
    }
    return render(request, "signin/totp.html", context)


@administrator_required
def settings_view(request):
    municipality = request.municipality
    configuration = oidc_configuration_get(municipality=municipality)
    initial = {
        "issuer": configuration.issuer if configuration else "",
        "client_id": configuration.client_id if configuration else "",
        "groups_claim": configuration.groups_claim if configuration else "groups",
        "groups": mapping_text(configuration),
        "totp_required": totp_required(municipality=municipality),
    }
    form = SignInSettingsForm(
        posted(request),
        initial=initial,
        municipality=municipality,
        secret_hint=_secret_hint(configuration.secret) if configuration else "",
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["issuer"]:
            services.oidc_configuration_set(
                municipality=municipality,
                user=request.user,
                issuer=data["issuer"],
                client_id=data["client_id"],
                secret=data["secret"],
                groups_claim=data["groups_claim"],
                mappings=data["groups"],
            )
        services.password_policy_set(
            municipality=municipality, user=request.user, totp_required=data["totp_required"]
        )
        messages.success(request, _("Inloggningens inställningar är sparade."))
        return redirect("signin:settings")
    login_url = request.build_absolute_uri(reverse("signin:municipality_login", args=[municipality.slug]))
    callback = (
        request.build_absolute_uri(
            reverse("openid_connect_callback", kwargs={"provider_id": provider_id_of(municipality)})
        )
        if configuration
        else ""
    )
    return render(
        request,
        "signin/settings.html",
        {
            "form": form,
            "configuration": configuration,
            "login_url": login_url,
            "callback": callback,
            "municipality": municipality,
            "section": "signin",
        },
    )
