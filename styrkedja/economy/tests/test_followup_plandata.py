"""Outcomes, forecasts and comments in the plan data (YAML) and the plan workbook: written out,
read back the same, and a replace adds a changed row to the history without touching the rest."""

from __future__ import annotations

import copy
from decimal import Decimal

from styrkedja.economy.models import InvestmentOutcome, LedgerCode, LineOutcome, SectorOutcome
from styrkedja.economy.services import ledger_code_set
from styrkedja.plandata.exporter import plan_data
from styrkedja.plandata.loader import load_plan_data
from styrkedja.tenancy.models import Municipality
from styrkedja.workbook.services import workbook_export, workbook_import

D = Decimal


def _lines(data):
    return [line for sector in data["plans"][0]["sectors"] for line in sector["lines"]]


def test_the_demo_outcomes_are_in_the_plan_data(valdemarsvik_plan):
    data = plan_data(valdemarsvik_plan)
    reported = [line for line in _lines(data) if line.get("outcomes")]
    assert (
        len(reported) == LineOutcome.objects.filter(line__sector_budget__plan=valdemarsvik_plan).count() > 20
    )
    grundskola = next(line for line in reported if line["name"] == "Grundskola")
    assert grundskola["outcomes"] == [
        {"period": "T1", "outcome": D("26.4"), "forecast": D("84"),
         "comment": "Demotext: fler elever i behov av särskilt stöd än budgeterat."}
    ]  # fmt: skip
    assert all(
        sector["outcomes"][0]["comment"].startswith("Demotext:") for sector in data["plans"][0]["sectors"]
    )


def test_a_plan_with_outcomes_survives_the_loader_and_the_workbook(valdemarsvik_plan):
    data = plan_data(valdemarsvik_plan)
    target = Municipality.objects.create(slug="kopia", name="Kopia kommun")
    imported = workbook_import(
        municipality=target, content=workbook_export(plan=valdemarsvik_plan), filename="x.xlsx"
    )
    copied = plan_data(imported.plan)
    assert copied["plans"] == data["plans"]
    assert InvestmentOutcome.objects.filter(project__plan=imported.plan).count() == 2
    assert SectorOutcome.objects.filter(sector_budget__plan=imported.plan).count() == 3


def test_a_replace_adds_a_changed_outcome_to_the_history(valdemarsvik_plan):
    plan = valdemarsvik_plan
    data = plan_data(plan)
    rows = LineOutcome.objects.count()
    load_plan_data(copy.deepcopy(data), source="samma.yaml", replace=True)
    assert LineOutcome.objects.count() == rows  # unchanged input adds no row
    changed = copy.deepcopy(data)
    line = next(line for line in _lines(changed) if line["name"] == "Grundskola")
    line["outcomes"].append(
        {"period": "T1", "outcome": D("27"), "forecast": D("85"), "comment": "Ny prognos."}
    )
    load_plan_data(changed, source="andrad.yaml", replace=True)
    history = LineOutcome.objects.filter(line__sector_budget__plan=plan, line__name="Grundskola").order_by(
        "id"
    )
    assert [row.forecast for row in history] == [D("84"), D("85")]
    assert plan_data(plan) == changed


def test_the_ledger_codes_travel_with_the_municipality(valdemarsvik_plan):
    municipality = valdemarsvik_plan.municipality
    sector = valdemarsvik_plan.sector_budgets.order_by("order").first()
    ledger_code_set(municipality=municipality, code="1100", sector=sector.sector, line_name="Grundskola")
    data = plan_data(valdemarsvik_plan)
    assert data["municipality"]["ledger_codes"] == [
        {"code": "1100", "unit": sector.sector.name, "line": "Grundskola"}
    ]
    LedgerCode.objects.all().delete()
    load_plan_data(copy.deepcopy(data), source="samma.yaml", replace=True)
    assert LedgerCode.objects.get(municipality=municipality).line_name == "Grundskola"
