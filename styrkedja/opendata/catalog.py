"""The municipality's open data as a DCAT-AP-SE catalogue (RDF), for dataportal.se to harvest.

One dataset per public edition (a plan, or a follow-up of it), each with two distributions: its
zip of CSV files and its JSON. A further dataset holds every edition at once (the municipality's
zip). Every resource has an IRI of its own (no blank nodes), so that a harvester can tell them
apart between harvests: all are fragments of the catalogue's address (``#catalog``,
``#publisher``, ``#contact``, ``#dataset-ks-2024-t3``, ``#distribution-ks-2024-t3-zip``); a
dataset's landing page is its place on the datasets' page.

The properties DCAT-AP-SE makes mandatory are all given (see ``MANDATORY``, which the tests
check one by one), and most of those it recommends.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from styrkedja.opendata.choices import LICENSE_IRIS, License
from styrkedja.opendata.models import OpenDataSettings
from styrkedja.opendata.package import data_date
from styrkedja.opendata.selectors import Edition
from styrkedja.tenancy.models import Municipality

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = Namespace(EU + "file-type/")
THEMES = URIRef(EU + "data-theme")
THEME_GOVERNMENT = URIRef(EU + "data-theme/GOVE")  # Government and public sector
LANGUAGE_SWEDISH = URIRef(EU + "language/SWE")
ACCESS_PUBLIC = URIRef(EU + "access-right/PUBLIC")
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
LANG = "sv"

# What DCAT-AP-SE (2.x and 3.x) requires of each class: checked by the tests, one by one.
MANDATORY = {
    DCAT.Catalog: (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCTERMS.license, DCAT.dataset),
    DCAT.Dataset: (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCAT.contactPoint),
    DCAT.Distribution: (DCAT.accessURL,),
    FOAF.Agent: (FOAF.name, DCTERMS.type),
    VCARD.Organization: (VCARD.fn, VCARD.hasEmail),
}


@dataclass(frozen=True)
class Links:
    """The absolute addresses the catalogue names, made by the view from the request."""

    catalog: str  # the catalogue's own address (…/datasets/dcat)
    page: str  # the datasets' page (…/datasets/)
    package: str  # the municipality's zip
    edition_zip: Callable[[Edition], str]
    edition_json: Callable[[Edition], str]


def _time(moment: datetime.datetime) -> Literal:
    return Literal(moment.isoformat(), datatype=XSD.dateTime)


def _text(text: str) -> Literal:
    return Literal(text, lang=LANG)


def catalog_graph(
    *, municipality: Municipality, editions: list[Edition], settings: OpenDataSettings, links: Links
) -> Graph:
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dcterms", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    license = URIRef(LICENSE_IRIS[License(settings.license)])
    newest = data_date(editions)
    first = min((e.publication.published_at for e in editions), default=None)

    catalog = URIRef(links.catalog + "#catalog")
    publisher = URIRef(links.catalog + "#publisher")
    contact = URIRef(links.catalog + "#contact")
    add = graph.add

    add((publisher, RDF.type, FOAF.Agent))
    add((publisher, FOAF.name, _text(municipality.name)))
    add((publisher, DCTERMS.type, LOCAL_AUTHORITY))

    add((contact, RDF.type, VCARD.Organization))
    add((contact, VCARD.fn, _text(municipality.name)))
    if settings.contact_email:
        add((contact, VCARD.hasEmail, URIRef("mailto:" + settings.contact_email)))

    add((catalog, RDF.type, DCAT.Catalog))
    add((catalog, DCTERMS.title, _text(_("Öppna data från %(name)s") % {"name": municipality.name})))
    about = _("%(name)s publicerade planer och uppföljningar: mål, indikatorer, aktiviteter och uppdrag.")
    add((catalog, DCTERMS.description, _text(about % {"name": municipality.name})))
    add((catalog, DCTERMS.publisher, publisher))
    add((catalog, DCTERMS.license, license))
    add((catalog, DCTERMS.language, LANGUAGE_SWEDISH))
    add((catalog, DCAT.themeTaxonomy, THEMES))
    add((catalog, FOAF.homepage, URIRef(links.page)))
    if first is not None:
        add((catalog, DCTERMS.issued, _time(first)))
        add((catalog, DCTERMS.modified, _time(newest)))

    def distribution(iri: str, *, title: str, url: str, kind: str, media: str, issued) -> URIRef:
        node = URIRef(iri)
        add((node, RDF.type, DCAT.Distribution))
        add((node, DCTERMS.title, _text(title)))
        if kind == "ZIP":
            about = _("Zip-fil med en CSV-fil per slag av uppgifter, JSON, README och licens.")
        else:
            about = _("Alla uppgifter i en JSON-fil.")
        add((node, DCTERMS.description, _text(about)))
        add((node, DCAT.accessURL, URIRef(url)))
        add((node, DCAT.downloadURL, URIRef(url)))
        add((node, DCTERMS.format, FILE_TYPE[kind]))
        add((node, DCAT.mediaType, URIRef(MEDIA_TYPE + media)))
        add((node, DCTERMS.license, license))
        add((node, DCTERMS.issued, _time(issued)))
        add((node, DCTERMS.modified, _time(issued)))
        return node

    def dataset(key: str, *, title: str, description: str, issued, distributions: list[URIRef]) -> None:
        node = URIRef(f"{links.catalog}#dataset-{key}")
        add((catalog, DCAT.dataset, node))
        add((node, RDF.type, DCAT.Dataset))
        add((node, DCTERMS.title, _text(title)))
        add((node, DCTERMS.description, _text(description)))
        add((node, DCTERMS.identifier, Literal(str(node))))
        add((node, DCTERMS.publisher, publisher))
        add((node, DCAT.contactPoint, contact))
        add((node, DCAT.theme, THEME_GOVERNMENT))
        add((node, DCTERMS.language, LANGUAGE_SWEDISH))
        add((node, DCTERMS.accessRights, ACCESS_PUBLIC))
        add((node, DCAT.landingPage, URIRef(f"{links.page}#{key}")))
        for word in (_("plan"), _("uppföljning"), _("mål"), _("indikatorer"), _("kommun")):
            add((node, DCAT.keyword, _text(word)))
        add((node, DCTERMS.issued, _time(issued)))
        add((node, DCTERMS.modified, _time(issued)))
        for part in distributions:
            add((node, DCAT.distribution, part))

    for edition in editions:
        published = edition.publication.published_at
        base = f"{links.catalog}#distribution-{edition.key}"
        names = {"title": edition.title, "name": municipality.name}
        parts = [
            distribution(
                f"{base}-zip",
                title=_("%(title)s (CSV i zip)") % names,
                url=links.edition_zip(edition),
                kind="ZIP",
                media="application/zip",
                issued=published,
            ),
            distribution(
                f"{base}-json",
                title=_("%(title)s (JSON)") % names,
                url=links.edition_json(edition),
                kind="JSON",
                media="application/json",
                issued=published,
            ),
        ]
        description = _(
            "%(title)s från %(name)s, som den publicerades: mål, indikatorer med värden, "
            "aktiviteter och uppdrag."
        )
        dataset(
            edition.key,
            title=edition.title,
            description=description % names,
            issued=published,
            distributions=parts,
        )
    if editions:
        names = {"name": municipality.name}
        title = _("Alla planer och uppföljningar från %(name)s") % names
        whole = distribution(
            f"{links.catalog}#distribution-alla-zip",
            title=_("%(title)s (CSV och JSON i zip)") % {"title": title},
            url=links.package,
            kind="ZIP",
            media="application/zip",
            issued=newest,
        )
        description = _("Alla utgåvor som %(name)s har publicerat, i en fil.") % names
        dataset("alla", title=title, description=description, issued=newest, distributions=[whole])
    return graph


def catalog_rdf_xml(**kwargs) -> bytes:
    return catalog_graph(**kwargs).serialize(format="xml", encoding="utf-8")
