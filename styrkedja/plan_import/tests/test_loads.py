"""A proposal, once board and year are set, is a plan the data loader takes as it is."""

from __future__ import annotations

import pytest

from styrkedja.plan_import.proposal import without_review
from styrkedja.plan_import.services import plan_document_read
from styrkedja.plan_import.tests.expected import seed
from styrkedja.plandata.exporter import municipality_data
from styrkedja.plandata.loader import load_plan_data
from styrkedja.plans.selectors import plan_get_by_name

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("slug", "name"),
    [("mjolby", "mjolby-ks-2024-t3.txt"), ("valdemarsvik", "valdemarsvik-ks-verksamhetsplan-2023.txt")],
)
def test_the_proposal_loads_as_a_new_plan(slug, name, request):
    municipality = request.getfixturevalue(slug)
    proposal = plan_document_read(content=seed(name), filename=name, municipality=municipality)
    plan = without_review(proposal.plan)
    assert plan["budget_period"] == ([2024, 2026] if slug == "mjolby" else [2023, 2025])
    plan.update(board="ks", year=2031, title="Verksamhetsplan 2031")
    for period in plan.get("periods", []):
        period["ends_on"] = period["ends_on"].replace(str(proposal.plan["year"]), "2031")
    load_plan_data({"municipality": municipality_data(municipality), "plans": [plan]}, source=name)
    loaded = plan_get_by_name(name=f"{slug}/ks/2031")
    activities = loaded.activities.count()
    assert activities == (38 if slug == "mjolby" else 0)
    assert loaded.goals.count() == (7 if slug == "mjolby" else 6 + 21)
