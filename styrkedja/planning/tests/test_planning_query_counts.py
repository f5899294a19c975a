"""The planning pages ask no more of the database when the plan holds more: a list of ten times the
goals, meetings or budgets takes the same queries as a list of one time.

``web/tests/test_query_counts`` asks the planning URLs for goals, as the URL table names them; this
asks each kind's list, and the form of its first object, at both sizes.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrkedja.demo.multiplied import municipality_multiplied
from styrkedja.demo.services import demo_members_ensure
from styrkedja.planning.kinds import KINDS
from styrkedja.tenancy.models import Municipality
from styrkedja.web.tests.test_query_counts import _described, _grown

# Mjölby's 2025 plan has the activities; Valdemarsvik's 2023 plan the rest.
SOURCES = {"mjolby": (2025, "Kommunledningskontoret"), "valdemarsvik": (2023, "Sektor Stöd och omsorg")}


def _queries(slug: str, fold: int) -> dict[str, list[str]]:
    source = Municipality.objects.get(slug=slug)
    year, unit = SOURCES[slug]
    municipality = municipality_multiplied(
        source, fold=fold, slug=f"{slug}-{fold}x", name=f"{source} × {fold}"
    )
    members = demo_members_ensure(municipality=municipality, reporter_unit=unit, password="x")
    client = Client()
    client.force_login(members[f"{municipality.slug}-controller"])
    plan = municipality.plans.get(year=year)
    args = [plan.board.slug, plan.year]
    urls = {"index": reverse("planning:index", args=args)}
    for kind_slug, kind in KINDS.items():
        urls[f"list {kind_slug}"] = reverse("planning:list", args=[*args, kind_slug])
        first = kind.listed(plan).first()
        if first is not None:
            urls[f"edit {kind_slug}"] = reverse("planning:edit", args=[*args, kind_slug, first.pk])
            urls[f"delete {kind_slug}"] = reverse("planning:delete", args=[*args, kind_slug, first.pk])
    counted = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counted[name] = [query["sql"] for query in queries.captured_queries]
    return counted


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(SOURCES))
def test_planning_pages_ask_the_same_at_ten_times_the_data(slug, members):
    small, large = _queries(slug, 1), _queries(slug, 10)
    assert set(small) == set(large)
    faults = [
        f"{name}: {len(small[name])} queries at 1×, {len(large[name])} at 10×:\n" + _described(grown)
        for name in small
        if (grown := _grown(small[name], large[name]))
    ]
    assert not faults, "\n".join(faults)
    assert {"edit mal", "edit indikatorer"} <= set(small)
