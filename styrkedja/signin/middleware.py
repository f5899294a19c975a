"""A password user of a municipality that requires TOTP sets it up before anything else."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

from styrkedja.signin.choices import METHOD_OIDC, SESSION_METHOD
from styrkedja.signin.selectors import totp_of, totp_required


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            return redirect("signin:totp")
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        user = request.user
        if not user.is_authenticated or request.session.get(SESSION_METHOD) == METHOD_OIDC:
            return False
        allowed = (reverse("signin:totp"), reverse("accounts:logout"))
        if request.path in allowed or request.path.startswith("/static/"):
            return False
        municipality = getattr(request, "municipality", None)
        return totp_required(municipality=municipality) and totp_of(user) is None
