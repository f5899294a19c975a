"""No URL asks more of the database when the plan grows: the same number of queries at ten times the data.

Every URL of the table in ``pages`` (and every document format) is asked by each kind of user of
a municipality that holds the Mjölby plans once, and of one that holds them ten times over
(``demo.multiplied``: ten times the goals, activities, reports, units and partners). A count that
grows means a query per row somewhere, which at a real municipality's size is what makes a page
slow: the failure names the URL and the query that repeats.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrkedja.demo.multiplied import municipality_multiplied
from styrkedja.demo.services import DEMO_ROLES, demo_members_ensure
from styrkedja.documents.services import FORMATS
from styrkedja.tenancy.models import Municipality, Partner
from styrkedja.web.tests.pages import (
    PAGES,
    PUBLIC,
    Objects,
    assignment_for,
    job_for,
    meeting_for,
    plan_import_for,
    proposal_for,
    survey_for,
    valid_post,
)

FOLDS = (1, 10)


@dataclass(frozen=True)
class Asked:
    """A plan and period whose URLs are asked; ``writes``: the POSTs too, or only what is read."""

    year: int
    period: str
    writes: bool = True


# Per demo municipality: the rapportör's unit, and the plans asked. Mjölby's 2025 plan has T1
# open, its 2024 plan a report of every activity and goal at every period; Valdemarsvik's has
# three levels of goals, assignments, meetings and the economy.
SOURCES = {
    "mjolby": ("Kommunledningskontoret", [Asked(2025, "T1"), Asked(2024, "T3", writes=False)]),
    "valdemarsvik": ("Sektor Barn, utbildning, arbetsmarknad och kultur", [Asked(2023, "T1")]),
}
SITE_URLS = ("health", "favicon")  # the site's own, outside the namespaces
# The documents are the slowest to make at ten times the data and read the same for every role.
DOCUMENT_ROLES = ("controller",)


@dataclass(frozen=True)
class Request:
    asked: Asked
    role: str  # a DEMO_ROLES suffix, or "anonymous"
    method: str
    name: str
    query: str = ""  # the query string, for the documents' formats and periods

    def __str__(self) -> str:
        query = f"?{self.query}" if self.query else ""
        return f"{self.method.upper()} {self.name}{query} as {self.role}, plan {self.asked.year}"


def _requests(asked: Asked, objects: Objects) -> list[Request]:
    roles = [*DEMO_ROLES.values(), "anonymous"]
    found = [Request(asked, "anonymous", "get", name) for name in SITE_URLS]
    for name, page in sorted(PAGES.items()):
        if name == "documents:download" or (page.args == "activity" and objects.activity is None):
            continue  # the documents below, per format; a plan without activities has no such URL
        methods = ["get", "post"] if page.method == "both" else [page.method]
        if not asked.writes:
            methods = [method for method in methods if method == "get"]
        for method in methods:
            found += [
                Request(asked, role, method, name) for role in roles if role != "anonymous" or name in PUBLIC
            ]
    for format in FORMATS:
        for query in ("", f"period={asked.period}"):
            found += [
                Request(asked, role, "get", f"documents:download:{format}", query) for role in DOCUMENT_ROLES
            ]
    return found


def _objects(municipality: Municipality, members: dict, asked: Asked, unit_name: str) -> Objects:
    plan = municipality.plans.get(year=asked.year)
    unit = municipality.units.get(name=unit_name)
    activity = plan.activities.filter(responsible_unit=unit).order_by("pk").first()
    objects = Objects(
        plan=plan,
        period=plan.periods.get(code=asked.period),
        activity=activity,
        goal=activity.goal if activity else plan.goals.order_by("level__depth", "order", "pk").first(),
        unit=unit,
        partner=municipality.partners.order_by("pk").first()
        or Partner.objects.create(municipality=municipality, name="Polisen"),
        user_pk=members[f"{municipality.slug}-lasare"].pk,
    )
    objects.proposal = proposal_for(objects)
    objects.meeting = meeting_for(objects)
    objects.assignment = assignment_for(objects)
    objects.survey = survey_for(objects)
    objects.job = job_for(objects)
    objects.plan_import = plan_import_for(objects)
    return objects


def _url(request: Request, objects: Objects) -> str:
    if request.name in SITE_URLS:
        return reverse(request.name)
    if request.name.startswith("documents:download:"):
        format = request.name.rsplit(":", 1)[1]
        url = reverse("documents:download", args=[objects.plan.board.slug, objects.plan.year, format])
        return f"{url}?{request.query}" if request.query else url
    return objects.url(request.name)


@dataclass
class Counted:
    status: int
    sql: list[str]


def _count(request: Request, objects: Objects, members: dict) -> Counted:
    """The queries of one request, in a transaction rolled back after it: each finds the same data.
    A client of its own, logged in before the count, so that a logout or log-in changes no other."""
    client = Client()
    if request.role != "anonymous":
        client.force_login(members[f"{objects.plan.municipality.slug}-{request.role}"])
    data = valid_post(request.name, objects) if request.method == "post" else None
    # The log of queries holds at most 9000; once the data's setup has filled it, a capture would
    # see none (and every count be 0), so it starts empty.
    reset_queries()
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, request.method)(_url(request, objects), data)
        transaction.set_rollback(True)
    assert response.status_code < 500, (str(request), response.status_code)
    return Counted(response.status_code, [query["sql"] for query in queries.captured_queries])


def _shape(statement: str) -> str:
    """A statement with its values, lists of values and savepoint names left out."""
    statement = re.sub(r'"s\d+_x\d+"', "savepoint", statement)
    statement = re.sub(r"'[^']*'|\b\d+\b", "?", statement)
    return re.sub(r"\((?:\?, )*\?\)", "(…)", statement)


def _counted(sql: list[str]) -> list[str]:
    """The statements that count, as shapes.

    A bulk INSERT of many rows at once is left out: it is split into statements of at most so
    many parameters (999 on SQLite), so a write of ten times the rows takes a few more of them.
    That a write is in bulk, not a row at a time, is what is asked; a row at a time is a one-row
    INSERT, and counts."""
    shapes = map(_shape, sql)
    return [shape for shape in shapes if not (shape.startswith("INSERT") and "), (" in shape)]


def _grown(small: list[str], large: list[str]) -> Counter:
    """The statements that ran more often at ten times the data, if there were more in all."""
    if len(_counted(large)) <= len(_counted(small)):
        return Counter()
    more = Counter(_counted(large))
    more.subtract(Counter(_counted(small)))
    return Counter({shape: times for shape, times in more.items() if times > 0})


def _described(grown: Counter, top: int = 4) -> str:
    return "\n".join(f"    {times} × more: {shape[:300]}" for shape, times in grown.most_common(top))


def _counts(slug: str, fold: int) -> dict[Request, Counted]:
    unit_name, plans = SOURCES[slug]
    source = Municipality.objects.get(slug=slug)
    municipality = municipality_multiplied(
        source, fold=fold, slug=f"{slug}-{fold}x", name=f"{source} × {fold}"
    )
    members = demo_members_ensure(municipality=municipality, reporter_unit=unit_name, password="x")
    # The rapportör reports for every copy of the unit, so that what they see grows with the rest.
    reporter = members[f"{municipality.slug}-rapportor"].membership
    reporter.units.add(*municipality.units.filter(name__startswith=unit_name))
    counted = {}
    for asked in plans:
        objects = _objects(municipality, members, asked, unit_name)
        counted |= {request: _count(request, objects, members) for request in _requests(asked, objects)}
    return counted


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(SOURCES))
def test_no_url_asks_more_of_the_database_at_ten_times_the_data(slug, members):
    small, large = (_counts(slug, fold) for fold in FOLDS)
    grown = {request: _grown(small[request].sql, large[request].sql) for request in small}
    faults = [
        f"{request}: {len(small[request].sql)} queries at 1×, {len(large[request].sql)} at 10×:\n"
        + _described(grown[request])
        for request in small
        if grown[request]
    ]
    assert not faults, "\n".join(faults)
    # What was counted is the page itself, the same answer at both sizes, and not a way to log in.
    assert {request: counted.status for request, counted in small.items()} == {
        request: counted.status for request, counted in large.items()
    }
    shown = {request.name for request, counted in small.items() if counted.status == 200}
    assert shown >= {
        "followup:report", "plans:detail", "goals:detail", "tenancy:units", "documents:download:pdf",
        "documents:download:xlsx", "workbook:export", "health",
    }  # fmt: skip
    asked = {":".join(request.name.split(":")[:2]) for request in small}  # a document's format aside
    without_activity = {name for name, page in PAGES.items() if page.args == "activity"}
    assert asked | without_activity >= set(PAGES)
    if slug == "mjolby":
        assert asked >= set(PAGES)  # every URL of the table, at least once
