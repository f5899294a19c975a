"""View decorators: who may open a page. The rules themselves live in tenancy.permissions."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from styrkedja.tenancy.permissions import can_administer, can_manage_plans


def member_required(view):
    """Logged in and a member of a municipality; anonymous users are sent to the log-in page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.membership is None:
            raise PermissionDenied(_("Ditt konto hör inte till någon kommun. Kontakta din administratör."))
        return view(request, *args, **kwargs)

    return wrapper


def manager_required(view):
    """Administratör or controller of the municipality: plans, periods, carry-over."""

    @member_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_manage_plans(request.user, request.municipality):
            raise PermissionDenied(_("Bara kommunens controller och administratör får göra detta."))
        return view(request, *args, **kwargs)

    return wrapper


def administrator_required(view):
    """Administratör of the municipality: units, partners and users."""

    @member_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_administer(request.user, request.municipality):
            raise PermissionDenied(_("Bara kommunens administratör får göra detta."))
        return view(request, *args, **kwargs)

    return wrapper
