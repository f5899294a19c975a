"""Log-in is Django's own; this module holds what Styrkedja adds to it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render

from styrkedja.accounts.lockout import failures
from styrkedja.accounts.services import password_change


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this when a user name, or the whole address, is locked after failed log-ins."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    context = {"cooloff_minutes": minutes, "address_locked": failures(request, credentials).address_locked}
    return render(request, "accounts/locked_out.html", context, status=429)


class PasswordChangeView(auth_views.PasswordChangeView):
    """A user changes their own password: through the service, so that the audit log records it."""

    def form_valid(self, form):
        password_change(user=form.user, password=form.cleaned_data["new_password1"])
        # The other sessions of the user end; this one goes on.
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())
