"""Who may use the token endpoints: a token's user within the own municipality; writes also need a
token that may write. What a role may write is asked of ``tenancy.permissions`` in each view."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from styrkedja.api.models import ApiToken
from styrkedja.tenancy.permissions import membership_of


class TokenMember(BasePermission):
    message = _("Ange en giltig API-nyckel i huvudet Authorization: Bearer <nyckel>.")

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiToken) and membership_of(request.user) is not None


class TokenMayWrite(BasePermission):
    message = _("API-nyckeln får bara läsa. Skapa en nyckel som får läsa och skriva.")

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return isinstance(request.auth, ApiToken) and request.auth.can_write
