"""Fetching a plan's indicator values from Kolada, at a controller's request, and searching Kolada's
key figures (KPIs) by words for an indicator's ``kolada_kpi``."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from styrkedja.indicators import kolada
from styrkedja.indicators.forms import KoladaSettingsForm
from styrkedja.indicators.kolada import KoladaError
from styrkedja.indicators.models import KoladaSettings
from styrkedja.indicators.services import kolada_settings_set
from styrkedja.indicators.tasks import kolada_sync_task
from styrkedja.jobs.choices import JobKind
from styrkedja.jobs.services import job_start
from styrkedja.web.access import administrator_required, manager_required
from styrkedja.web.lookups import plan_or_404


@manager_required
@require_POST
def kolada_sync_view(request, board: str, year: int):
    """Start the fetch in the background (Kolada may take a minute) and show its progress."""
    plan = plan_or_404(request, board, year)
    job = job_start(
        municipality=plan.municipality,
        kind=JobKind.KOLADA_SYNC,
        task=kolada_sync_task,
        user=request.user,
        plan=plan,
    )
    return redirect("jobs:detail", job.pk)


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


SEARCH_MIN_LENGTH = 2
SEARCH_MAX_LENGTH = 100
SEARCH_SHOWN = 20
# Someone waits for the answer: a shorter wait, and fewer attempts, than a sync's.
SEARCH_TIMEOUT = 8.0
SEARCH_ATTEMPTS = 2
FIELD_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,80}$")


@manager_required
def kolada_search_view(request):
    """An HTML fragment for htmx: Kolada's KPIs whose title holds the words ``q``, each with a button
    that puts its id in the input ``field`` (``indicators/_kolada_search.html``)."""
    query = " ".join(request.GET.get("q", "").split())
    field_id = request.GET.get("field", "")
    context = {"query": query, "field_id": field_id if FIELD_ID.match(field_id) else "id_kolada_kpi"}
    if len(query) < SEARCH_MIN_LENGTH:
        context["message"] = _(
            "Skriv ett eller flera ord ur nyckeltalets namn, minst två tecken, och sök igen."
        )
    elif len(query) > SEARCH_MAX_LENGTH:
        context["message"] = _("Sökningen får vara högst %(n)s tecken. Skriv färre ord.") % {
            "n": SEARCH_MAX_LENGTH
        }
    else:
        try:
            with kolada.KoladaClient(timeout=SEARCH_TIMEOUT, attempts=SEARCH_ATTEMPTS) as client:
                kpis = kolada.kpi_search(title=query, client=client)
        except KoladaError as error:
            context["message"] = _("Det gick inte att söka i Kolada. %(error)s") % {"error": error}
            context["failed"] = True
        else:
            context |= {"kpis": kpis[:SEARCH_SHOWN], "found": len(kpis)}
            if not kpis:
                context["message"] = _(
                    "Kolada har inget nyckeltal vars namn innehåller ”%(query)s”. "
                    "Pröva färre eller andra ord."
                ) % {"query": query}
    return render(request, "indicators/_kolada_results.html", context)
