"""The open data: the package's files read back to the plan's counts, the DCAT-AP-SE catalogue, the
licence the administratör chose, and nothing that is not public."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as ns  # as a module: pytest warns on looking into its namespaces

from styrkedja.audit.models import AuditEntry
from styrkedja.indicators.choices import Gender, ValueScope
from styrkedja.indicators.models import Indicator, IndicatorValue
from styrkedja.opendata import catalog as dcat
from styrkedja.opendata.package import table_csv
from styrkedja.opendata.tables import TABLE
from styrkedja.plans.selectors import plan_get_by_name
from styrkedja.plans.services import plan_adopt
from styrkedja.publishing.models import Publication
from styrkedja.publishing.services import publication_publish, publication_withdraw

CC_BY = "http://creativecommons.org/licenses/by/4.0/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
T3 = "ks-2024-t3"


@pytest.fixture
def plan_2024(db):
    return plan_get_by_name(name="mjolby/ks/2024")


@pytest.fixture
def t3(plan_2024) -> Publication:
    """The demo's publication of Mjölby's T3 report."""
    return Publication.objects.get(plan=plan_2024, period__code="T3", withdrawn_at=None)


def _choose_license(client_as, license: str = "cc-by-4.0", email: str = "data@mjolby.se"):
    response = client_as("mjolby-administrator").post(
        reverse("opendata:settings"), {"license": license, "contact_email": email}
    )
    assert response.status_code == 302, response.content.decode()[:500]


def _package(slug: str = "mjolby") -> zipfile.ZipFile:
    response = Client().get(reverse("opendata:package", args=[slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def _rows(archive: zipfile.ZipFile, name: str) -> list[dict]:
    text = archive.read(name).decode("utf-8")
    assert text.startswith("\ufeff"), f"{name} begins with a byte order mark, for Excel"
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))


def _catalog(slug: str = "mjolby") -> Graph:
    response = Client().get(reverse("opendata:catalog", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rdf+xml")
    return Graph().parse(data=response.content, format="xml")


def _plan_counts(plan) -> dict[str, int]:
    indicators = Indicator.objects.filter(goal__plan=plan)
    values = (
        IndicatorValue.objects.filter(
            indicator__in=indicators,
            gender=Gender.TOTAL,
            label="",
            scope__in=[ValueScope.MUNICIPALITY, ValueScope.NATION],
        )
        .values("indicator", "year")
        .distinct()
    )
    return {
        "goals": plan.goals.count(),
        "indicators": indicators.count(),
        "indicator_values": values.count(),
        "activities": plan.activities.count(),
        "assignments": plan.assignments.count(),
    }


def test_the_csv_files_and_the_json_read_back_to_the_plans_counts(client_as, plan_2024, t3):
    _choose_license(client_as)
    archive = _package()
    counts = _plan_counts(plan_2024)
    assert counts["goals"] > 5 and counts["indicators"] > 5 and counts["activities"] == 38
    assert counts["indicator_values"] > 0
    for table, expected in counts.items():
        rows = _rows(archive, f"{T3}/{table}.csv")
        assert len(rows) == expected, table
        assert {row["edition"] for row in rows} <= {T3}
    (edition,) = _rows(archive, f"{T3}/editions.csv")
    assert edition["period_code"] == "T3" and edition["title"] == "Verksamhetsplan 2024"

    document = json.loads(archive.read("oppna-data.json"))
    (published,) = document["editions"]
    assert published["key"] == T3 and published["period_code"] == "T3"
    for table, expected in counts.items():
        assert len(published[table]) == expected, table
    assert document["license"]["iri"] == CC_BY

    # The edition's own zip and JSON hold the same.
    args = ["mjolby", "ks", 2024, "t3"]
    own = zipfile.ZipFile(io.BytesIO(Client().get(reverse("opendata:edition_zip", args=args)).content))
    for table, expected in counts.items():
        assert len(_rows(own, f"{table}.csv")) == expected, table
    assert {"README.md", "LICENSE.txt", f"{T3}.json"} <= set(own.namelist())
    response = Client().get(reverse("opendata:edition_json", args=args))
    assert response["Content-Type"].startswith("application/json")
    assert len(json.loads(response.content)["editions"][0]["activities"]) == 38


def test_a_decimal_is_written_with_a_comma_and_the_json_keeps_the_point(client_as, t3):
    archive = _package()
    values = [row["value"] for row in _rows(archive, f"{T3}/indicator_values.csv") if row["value"]]
    document = json.loads(archive.read("oppna-data.json"))
    raw = [row["value"] for row in document["editions"][0]["indicator_values"] if row["value"]]
    assert values and all("." not in value for value in values)
    assert [value.replace(",", ".") for value in values] == raw


def test_readme_license_and_catalogue_name_the_licence_the_administrator_chose(client_as, t3, mjolby):
    archive = _package()
    assert "CC0 1.0" in archive.read("LICENSE.txt").decode() and CC0 in archive.read("README.md").decode()
    assert (None, ns.DCTERMS.license, URIRef(CC0)) in _catalog()

    _choose_license(client_as, "cc-by-4.0")
    archive = _package()
    license = archive.read("LICENSE.txt").decode()
    readme = archive.read("README.md").decode()
    assert "CC BY 4.0" in license and CC_BY in license and "Mjölby kommun" in license
    assert CC_BY in readme and CC0 not in readme
    for table in TABLE.values():
        assert f"## {table.filename}" in readme
        for column in table.columns:
            assert f"- `{column.key}`:" in readme, (table.key, column.key)
    catalog = _catalog()
    licenses = set(catalog.objects(None, ns.DCTERMS.license))
    assert licenses == {URIRef(CC_BY)}

    entry = AuditEntry.objects.filter(action="opendata.settings.set").latest("pk")
    assert entry.municipality == mjolby and entry.user.username == "mjolby-administrator"
    # The demo set the address of Mjölby's report.
    assert entry.data == {
        "license": ["cc0-1.0", "cc-by-4.0"],
        "contact_email": ["mjolbykommun@mjolby.se", "data@mjolby.se"],
    }


def _absolute(term) -> bool:
    parts = urlsplit(str(term))
    if parts.scheme == "mailto":
        return "@" in parts.path
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def test_the_catalogue_is_dcat_ap_se_with_every_mandatory_property(client_as, t3):
    _choose_license(client_as)
    graph = _catalog()
    assert len(graph) > 50
    for triple in graph:
        assert not any(isinstance(term, BNode) for term in triple), f"a blank node in {triple}"
    for subject, _predicate, obj in graph:
        assert _absolute(subject), subject
        if isinstance(obj, URIRef):
            assert _absolute(obj), obj

    # The table of what DCAT-AP-SE requires, per class, holds for every resource of the class.
    for kind, properties in dcat.MANDATORY.items():
        resources = set(graph.subjects(ns.RDF.type, kind))
        assert resources, kind
        for resource in resources:
            for predicate in properties:
                assert graph.value(resource, predicate) is not None, (resource, predicate)

    (catalog,) = graph.subjects(ns.RDF.type, ns.DCAT.Catalog)
    datasets = set(graph.subjects(ns.RDF.type, ns.DCAT.Dataset))
    distributions = set(graph.subjects(ns.RDF.type, ns.DCAT.Distribution))
    assert len(datasets) == 2  # the T3 report, and every edition at once
    assert len(distributions) == 3
    assert set(graph.objects(catalog, ns.DCAT.dataset)) == datasets

    def swedish(subject, predicate):
        values = list(graph.objects(subject, predicate))
        assert values, (subject, predicate)
        assert all(isinstance(v, Literal) and v.language == "sv" and str(v) for v in values), (
            subject,
            predicate,
        )

    def one_iri(subject, predicate) -> URIRef:
        values = list(graph.objects(subject, predicate))
        assert len(values) >= 1 and all(isinstance(v, URIRef) for v in values), (subject, predicate)
        return values[0]

    def date_time(subject, predicate):
        (value,) = graph.objects(subject, predicate)
        assert value.datatype == ns.XSD.dateTime, (subject, predicate)

    # Catalog: title, description, publisher, licence, dataset (mandatory); issued, modified, language.
    swedish(catalog, ns.DCTERMS.title)
    swedish(catalog, ns.DCTERMS.description)
    publisher = one_iri(catalog, ns.DCTERMS.publisher)
    assert one_iri(catalog, ns.DCTERMS.license) == URIRef(CC_BY)
    one_iri(catalog, ns.DCAT.dataset)
    one_iri(catalog, ns.FOAF.homepage)
    date_time(catalog, ns.DCTERMS.issued)
    date_time(catalog, ns.DCTERMS.modified)

    # Publisher: an agent with a name and a type from the EU's vocabulary.
    assert str(publisher).endswith("/mjolby/datasets/dcat#publisher")
    assert (publisher, ns.RDF.type, ns.FOAF.Agent) in graph
    assert str(graph.value(publisher, ns.FOAF.name)) == "Mjölby kommun"
    assert graph.value(publisher, ns.DCTERMS.type) == URIRef(
        "http://purl.org/adms/publishertype/LocalAuthority"
    )

    for dataset in datasets:
        # Dataset: title, description, publisher, contact point (mandatory); theme, distribution …
        swedish(dataset, ns.DCTERMS.title)
        swedish(dataset, ns.DCTERMS.description)
        assert one_iri(dataset, ns.DCTERMS.publisher) == publisher
        contact = one_iri(dataset, ns.DCAT.contactPoint)
        assert (contact, ns.RDF.type, dcat.VCARD.Organization) in graph
        swedish(contact, dcat.VCARD.fn)
        assert one_iri(contact, dcat.VCARD.hasEmail) == URIRef("mailto:data@mjolby.se")
        assert one_iri(dataset, ns.DCAT.theme) == URIRef(
            "http://publications.europa.eu/resource/authority/data-theme/GOVE"
        )
        swedish(dataset, ns.DCAT.keyword)
        one_iri(dataset, ns.DCAT.distribution)
        one_iri(dataset, ns.DCAT.landingPage)
        date_time(dataset, ns.DCTERMS.issued)
        date_time(dataset, ns.DCTERMS.modified)
        assert set(graph.objects(dataset, ns.DCAT.distribution)) <= distributions

    client = Client()
    page = client.get(reverse("opendata:index", args=["mjolby"])).content.decode()
    for dataset in datasets:
        landing = urlsplit(str(graph.value(dataset, ns.DCAT.landingPage)))
        assert (
            landing.path == reverse("opendata:index", args=["mjolby"]) and f'id="{landing.fragment}"' in page
        )
    for distribution in distributions:
        # Distribution: access URL (mandatory); download URL, format, media type, licence.
        access = one_iri(distribution, ns.DCAT.accessURL)
        download = one_iri(distribution, ns.DCAT.downloadURL)
        file_type = one_iri(distribution, ns.DCTERMS.format)
        assert str(file_type).startswith("http://publications.europa.eu/resource/authority/file-type/")
        media = one_iri(distribution, ns.DCAT.mediaType)
        assert str(media).startswith("https://www.iana.org/assignments/media-types/")
        assert one_iri(distribution, ns.DCTERMS.license) == URIRef(CC_BY)
        swedish(distribution, ns.DCTERMS.title)
        date_time(distribution, ns.DCTERMS.issued)
        # The addresses answer, with the file the catalogue says.
        response = client.get(urlsplit(str(download)).path)
        assert access == download and response.status_code == 200, download
        assert response["Content-Type"].split(";")[0] == str(media).removeprefix(
            "https://www.iana.org/assignments/media-types/"
        )


def test_a_withdrawn_edition_leaves_the_package_and_the_catalogue(client_as, members, t3):
    assert f"{T3}/goals.csv" in _package().namelist()
    publication_withdraw(publication=t3, reason="Fel i tabellen.", user=members["mjolby-controller"])

    archive = _package()
    assert not [name for name in archive.namelist() if name.startswith(f"{T3}/")]
    assert json.loads(archive.read("oppna-data.json"))["editions"] == []
    assert "Verksamhetsplan 2024" not in archive.read("README.md").decode()
    graph = _catalog()
    assert list(graph.subjects(ns.RDF.type, ns.DCAT.Dataset)) == []
    assert list(graph.subjects(ns.RDF.type, ns.DCAT.Distribution)) == []
    client = Client()
    for name in ("opendata:edition_zip", "opendata:edition_json"):
        assert client.get(reverse(name, args=["mjolby", "ks", 2024, "t3"])).status_code == 404
    assert T3 not in client.get(reverse("opendata:index", args=["mjolby"])).content.decode()


def test_an_unpublished_plan_is_never_there_and_a_newly_published_one_is(client_as, members, plan_2024, t3):
    draft = plan_get_by_name(name="mjolby/ks/2025")
    secret = "Utkast som ingen har publicerat"
    draft.title = secret
    draft.save(update_fields=["title"])
    client = Client()

    def everything() -> str:
        archive = _package()
        files = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
        catalog = client.get(reverse("opendata:catalog", args=["mjolby"])).content.decode()
        page = client.get(reverse("opendata:index", args=["mjolby"])).content.decode()
        return files + catalog + page

    assert "ks-2025" not in everything() and secret not in everything()
    for name in ("opendata:edition_zip", "opendata:edition_json"):
        for edition in ("plan", "t1"):
            assert client.get(reverse(name, args=["mjolby", "ks", 2025, edition])).status_code == 404

    # Publishing the adopted 2024 plan adds its edition, before the T3 report.
    plan_adopt(plan=plan_2024, decided_by="KS", decided_on=datetime.date(2023, 12, 12), reference="§ 210")
    publication_publish(plan=plan_2024, user=members["mjolby-controller"])
    archive = _package()
    editions = json.loads(archive.read("oppna-data.json"))["editions"]
    assert [edition["key"] for edition in editions] == ["ks-2024-plan", T3]
    assert len(_rows(archive, "ks-2024-plan/goals.csv")) == plan_2024.goals.count()
    assert "ks-2025" not in everything() and secret not in everything()


def test_another_municipality_shows_none_of_mjolbys_data(t3):
    archive = _package("valdemarsvik")
    assert json.loads(archive.read("oppna-data.json"))["editions"] == []
    assert "Mjölby" not in "".join(archive.read(name).decode() for name in archive.namelist())
    assert list(_catalog("valdemarsvik").subjects(ns.RDF.type, ns.DCAT.Dataset)) == []
    client = Client()
    assert (
        client.get(reverse("opendata:edition_zip", args=["valdemarsvik", "ks", 2024, "t3"])).status_code
        == 404
    )
    assert client.get("/ingen-sadan-kommun/datasets/").status_code == 404


def test_a_text_that_looks_like_a_formula_stays_text_in_the_csv():
    rows = [
        {"edition": "x", "assignment_id": 1, "title": '=HYPERLINK("http://x","y")', "comment": "-3 dagar"},
        {"edition": "x", "assignment_id": 2, "title": "@SUM(A1)", "comment": "+46 13"},
    ]
    text = table_csv("assignments", rows).decode("utf-8")[1:]
    read = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert [row["title"] for row in read] == ['\'=HYPERLINK("http://x","y")', "'@SUM(A1)"]
    assert [row["comment"] for row in read] == ["'-3 dagar", "'+46 13"]
    values = table_csv(
        "indicator_values", [{"edition": "x", "indicator_id": 1, "year": 2024, "value": "-3.5"}]
    )
    assert "-3,5" in values.decode()  # a number is no formula: no apostrophe


def test_the_datasets_page_lists_the_editions_licence_and_links(client_as, t3):
    _choose_license(client_as)
    body = Client().get(reverse("opendata:index", args=["mjolby"])).content.decode()
    assert f'id="{T3}"' in body and 'id="alla"' in body  # the datasets' landing pages
    for name, args in (
        ("opendata:package", ["mjolby"]),
        ("opendata:catalog", ["mjolby"]),
        ("opendata:edition_zip", ["mjolby", "ks", 2024, "t3"]),
        ("opendata:edition_json", ["mjolby", "ks", 2024, "t3"]),
    ):
        assert f'href="{reverse(name, args=args)}"' in body, name
    assert CC_BY in body and "data@mjolby.se" in body


def test_only_the_administrator_sets_the_licence_and_a_bad_address_is_explained(client_as, mjolby):
    url = reverse("opendata:settings")
    before = mjolby.opendata_settings.license, mjolby.opendata_settings.contact_email
    entries = AuditEntry.objects.filter(action="opendata.settings.set").count()
    for role in ("controller", "rapportor", "lasare"):
        client = client_as(f"mjolby-{role}")
        assert client.get(url).status_code == 403
        assert client.post(url, {"license": "cc-by-4.0", "contact_email": "a@b.se"}).status_code == 403
    assert Client().get(url).status_code == 302
    admin = client_as("mjolby-administrator")
    assert admin.get(url).status_code == 200
    response = admin.post(url, {"license": "cc-by-4.0", "contact_email": "inte en adress"})
    assert response.status_code == 200
    assert "E-postadressen är inte giltig" in response.content.decode()
    response = admin.post(url, {"license": "mit", "contact_email": "data@mjolby.se"})
    assert response.status_code == 200 and response.context["form"].errors["license"]
    assert AuditEntry.objects.filter(action="opendata.settings.set").count() == entries
    mjolby.opendata_settings.refresh_from_db()
    assert (mjolby.opendata_settings.license, mjolby.opendata_settings.contact_email) == before


def test_the_files_ask_the_database_the_same_for_one_edition_as_for_two(plan_2024, members, t3):
    """Every edition's snapshot is read in one query: more editions, no more queries."""
    urls = [
        reverse(name, args=["mjolby"]) for name in ("opendata:index", "opendata:catalog", "opendata:package")
    ]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert Client().get(url).status_code == 200
            found.append(len(queries))
        return found

    one = counts()
    plan_adopt(plan=plan_2024, decided_by="KS", decided_on=datetime.date(2023, 12, 12), reference="§ 210")
    publication_publish(plan=plan_2024, user=members["mjolby-controller"])
    assert "ks-2024-plan" in Client().get(urls[0]).content.decode()
    assert counts() == one


def test_a_harvester_may_ask_for_the_headers_alone(t3):
    assert Client().head(reverse("opendata:catalog", args=["mjolby"])).status_code == 200
