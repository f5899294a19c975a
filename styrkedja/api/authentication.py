"""Signing in to the API with ``Authorization: Bearer <secret>``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from styrkedja.api.selectors import api_token_by_digest
from styrkedja.api.services import api_token_rejected, api_token_used, secret_digest
from styrkedja.tenancy.permissions import membership_of

KEYWORD = b"bearer"
# Longer than any secret Styrkedja makes: not worth hashing.
MAX_SECRET_LENGTH = 200


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None  # no token: anonymous, which the token endpoints answer with 401
        if len(parts) != 2:
            raise AuthenticationFailed(
                _("Skriv Authorization: Bearer följt av ett mellanslag och nyckeln, utan andra mellanslag.")
            )
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            secret = ""
        if not secret or len(secret) > MAX_SECRET_LENGTH:
            api_token_rejected(reason="malformed", presented=secret)
            raise AuthenticationFailed(_("Okänd API-nyckel."))
        token = api_token_by_digest(digest=secret_digest(secret))
        if token is None:
            api_token_rejected(reason="unknown", presented=secret)
            raise AuthenticationFailed(_("Okänd API-nyckel."))
        if token.is_revoked:
            api_token_rejected(reason="revoked", token=token)
            raise AuthenticationFailed(_("API-nyckeln är återkallad."))
        if token.is_expired:
            api_token_rejected(reason="expired", token=token)
            raise AuthenticationFailed(
                _("API-nyckeln gällde till och med %(day)s. Skapa en ny.")
                % {"day": token.expires_on.isoformat()}
            )
        user = token.user
        if not user.is_active or membership_of(user) is None:
            api_token_rejected(reason="user_inactive" if not user.is_active else "no_membership", token=token)
            raise AuthenticationFailed(_("Nyckelns användare får inte längre logga in."))
        api_token_used(token=token)
        return user, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer a missing or refused token with 401 rather than 403.
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _(
                "En API-nyckel som du skapar under Konto → API-nycklar. Den ges i huvudet "
                "Authorization: Bearer <nyckel>."
            ),
        }
