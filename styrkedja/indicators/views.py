"""Fetching a plan's indicator values from Kolada, at a controller's request."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrkedja.indicators.kolada import KoladaError
from styrkedja.indicators.services import KoladaNotConfigured, kolada_sync
from styrkedja.web.access import manager_required
from styrkedja.web.lookups import plan_or_404


@manager_required
@require_POST
def kolada_sync_view(request, board: str, year: int):
    plan = plan_or_404(request, board, year)
    try:
        result = kolada_sync(plan=plan, user=request.user)
    except (KoladaError, KoladaNotConfigured) as error:
        messages.error(request, _("Inget hämtades från Kolada. %(error)s") % {"error": error})
    else:
        if not result.indicators:
            messages.info(request, _("Ingen av planens indikatorer är kopplad till ett nyckeltal i Kolada."))
        else:
            messages.success(
                request,
                _("Kolada: %(added)s nya värden, %(updated)s ändrade, %(unchanged)s oförändrade.")
                % {"added": len(result.added), "updated": len(result.updated), "unchanged": result.unchanged},
            )
    return redirect("plans:detail", plan.board.slug, plan.year)
