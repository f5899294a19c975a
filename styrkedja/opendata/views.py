"""The open data: the datasets' page, the DCAT catalogue and the files (public, no log-in), and the
administratör's settings."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from styrkedja.opendata.catalog import Links, catalog_rdf_xml
from styrkedja.opendata.choices import LICENSE_IRIS, License
from styrkedja.opendata.forms import OpenDataSettingsForm
from styrkedja.opendata.package import PACKAGE_NAME, edition_zip, municipality_zip, package_json
from styrkedja.opendata.selectors import Edition, edition_public_get, editions_public, opendata_settings_get
from styrkedja.opendata.services import opendata_settings_set
from styrkedja.opendata.tables import TABLES
from styrkedja.publishing.selectors import municipality_public_get
from styrkedja.web.access import administrator_required
from styrkedja.web.forms import posted

# The public pages' layout once it is there; until then the site's own.
BASES = ["public/base.html", "web/base.html"]


def _municipality_or_404(slug: str):
    municipality = municipality_public_get(slug=slug)
    if municipality is None:
        raise Http404(_("Det finns ingen kommun med den adressen."))
    return municipality


def _edition_or_404(municipality, board: str, year: int, edition: str) -> Edition:
    found = edition_public_get(municipality=municipality, board=board, year=year, edition=edition)
    if found is None:
        raise Http404(_("Utgåvan finns inte eller är inte publicerad."))
    return found


def _source(request, municipality) -> str:
    return request.build_absolute_uri(reverse("opendata:index", args=[municipality.slug]))


def _file(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _edition_links(slug: str, edition: Edition) -> dict:
    args = [slug, edition.board, edition.year, edition.edition]
    return {
        "zip": reverse("opendata:edition_zip", args=args),
        "json": reverse("opendata:edition_json", args=args),
    }


@require_safe
def index(request, kommun: str):
    municipality = _municipality_or_404(kommun)
    settings = opendata_settings_get(municipality=municipality)
    editions = editions_public(municipality=municipality)
    choice = License(settings.license)
    context = {
        "base_template": select_template(BASES),
        "municipality": municipality,
        "editions": [(edition, _edition_links(kommun, edition)) for edition in editions],
        "license_name": choice.label,
        "license_iri": LICENSE_IRIS[choice],
        "settings": settings,
        "tables": TABLES,
    }
    return render(request, "opendata/index.html", context)


@require_safe
def catalog(request, kommun: str):
    municipality = _municipality_or_404(kommun)
    editions = editions_public(municipality=municipality)

    def absolute(name: str, edition: Edition | None = None) -> str:
        args = [kommun] if edition is None else [kommun, edition.board, edition.year, edition.edition]
        return request.build_absolute_uri(reverse(name, args=args))

    links = Links(
        catalog=absolute("opendata:catalog"),
        page=absolute("opendata:index"),
        package=absolute("opendata:package"),
        edition_zip=lambda edition: absolute("opendata:edition_zip", edition),
        edition_json=lambda edition: absolute("opendata:edition_json", edition),
    )
    content = catalog_rdf_xml(
        municipality=municipality,
        editions=editions,
        settings=opendata_settings_get(municipality=municipality),
        links=links,
    )
    return HttpResponse(content, content_type="application/rdf+xml; charset=utf-8")


@require_safe
def package(request, kommun: str):
    municipality = _municipality_or_404(kommun)
    content = municipality_zip(
        municipality=municipality,
        editions=editions_public(municipality=municipality),
        license=opendata_settings_get(municipality=municipality).license,
        source=_source(request, municipality),
    )
    return _file(content, content_type="application/zip", filename=f"{kommun}-{PACKAGE_NAME}.zip")


@require_safe
def edition_zip_view(request, kommun: str, board: str, year: int, edition: str):
    municipality = _municipality_or_404(kommun)
    found = _edition_or_404(municipality, board, year, edition)
    content = edition_zip(
        municipality=municipality,
        edition=found,
        license=opendata_settings_get(municipality=municipality).license,
        source=_source(request, municipality),
    )
    return _file(content, content_type="application/zip", filename=f"{kommun}-{found.key}.zip")


@require_safe
def edition_json_view(request, kommun: str, board: str, year: int, edition: str):
    municipality = _municipality_or_404(kommun)
    found = _edition_or_404(municipality, board, year, edition)
    content = package_json(
        municipality=municipality,
        editions=[found],
        license=opendata_settings_get(municipality=municipality).license,
        source=_source(request, municipality),
    )
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{kommun}-{found.key}.json"'
    return response


@administrator_required
def settings_edit(request):
    municipality = request.municipality
    current = opendata_settings_get(municipality=municipality)
    form = OpenDataSettingsForm(
        posted(request), initial={"license": current.license, "contact_email": current.contact_email}
    )
    if form.is_valid():
        opendata_settings_set(
            municipality=municipality,
            license=form.cleaned_data["license"],
            contact_email=form.cleaned_data["contact_email"],
            user=request.user,
        )
        messages.success(request, _("Inställningarna för öppna data är sparade."))
        return redirect("opendata:settings")
    context = {"form": form, "section": "opendata", "settings": current}
    return render(request, "opendata/settings.html", context)
