"""Log-in is Django's own; this module holds what Styrkedja adds to it."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this when a user name is locked after too many failed log-ins."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
