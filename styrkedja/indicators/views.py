"""Fetching a plan's indicator values from Kolada, at a controller's request."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrkedja.indicators.forms import KoladaSettingsForm
from styrkedja.indicators.kolada import KoladaError
from styrkedja.indicators.models import KoladaSettings
from styrkedja.indicators.services import KoladaNotConfigured, kolada_settings_set, kolada_sync
from styrkedja.web.access import administrator_required, manager_required
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


@administrator_required
def kolada_settings_view(request):
    """The municipality's code in Kolada and the municipalities its indicators are compared with."""
    settings = KoladaSettings.objects.filter(municipality=request.municipality).first()
    if request.method == "POST":
        form = KoladaSettingsForm(request.POST)
        if form.is_valid():
            try:
                kolada_settings_set(
                    municipality=request.municipality,
                    municipality_code=form.cleaned_data["municipality_code"],
                    comparison=form.cleaned_data["comparison"],
                    user=request.user,
                )
            except ValidationError as error:
                for field, texts in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, texts)
            else:
                messages.success(request, _("Kommunens inställningar för Kolada är sparade."))
                return redirect("indicators:kolada_settings")
    else:
        form = KoladaSettingsForm(initial=KoladaSettingsForm.initial_for(settings))
    return render(request, "indicators/kolada_settings.html", {"form": form, "section": "kolada"})
