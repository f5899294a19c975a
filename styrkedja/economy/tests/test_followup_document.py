"""The economy in the follow-up documents and its charts: a table per sector with the deviation,
the sector's comment, the charts with their words, the investments' outcome; and the workbook."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from styrkedja.documents.services import document_render
from styrkedja.documents.tests.coverage import docx_text
from styrkedja.economy.charts import month_chart, sector_chart
from styrkedja.economy.selectors import economy_by_month, economy_followup
from styrkedja.economy.services import (
    LineInput,
    investment_outcome_set,
    sector_followup_save,
)

D = Decimal


def _open(period):
    period.opened_at, period.closed_at = timezone.now(), None
    period.save()
    return period


@pytest.fixture
def reported(valdemarsvik_plan):
    """Every line of every sector at M03 and T1: outcome a third (a quarter) of the budget, forecast
    the budget plus one; one investment project."""
    plan = valdemarsvik_plan
    for code, share in (("M03", D("0.25")), ("T1", D("0.33"))):
        period = _open(plan.periods.get(code=code))
        for sector in plan.sector_budgets.all():
            given = [
                LineInput(line, ((line.net or D(0)) * share).quantize(D("0.1")), (line.net or D(0)) + 1)
                for line in sector.lines.all()
            ]
            sector_followup_save(
                sector_budget=sector,
                period=period,
                lines=given,
                comment=f"Demotext: {sector.sector.name} {code}.",
            )
    t1 = plan.periods.get(code="T1")
    project = plan.investment_projects.get(name="Ringården")
    investment_outcome_set(
        project=project, period=t1, outcome=D("20.5"), forecast=D("58"), comment="Demotext: i tid."
    )
    return t1


def test_the_follow_up_document_has_an_economy_section(reported):
    plan = reported.plan
    followup = economy_followup(plan=plan, period=reported)
    sector = followup.sectors[0]
    html = document_render(plan=plan, period=reported, format="html").content.decode()
    assert "Ekonomi</h" in html or ">Ekonomi<" in html
    assert f"Demotext: {sector.sector.name} T1." in html
    assert "Avvikelse (Mnkr)" in html and "Avvikelse (%)" in html
    # Every line one less than budget: the sector's deviation is minus its count of lines.
    assert sector.deviation == -len(sector.lines)
    assert html.count('<figure class="chart">') >= 2
    assert "Ringården" in html and "Demotext: i tid." in html
    word = docx_text(document_render(plan=plan, period=reported, format="docx").content)
    assert f"Demotext: {sector.sector.name} T1." in word and "Avvikelse (Mnkr)" in word


def test_the_follow_up_workbook_has_an_economy_sheet(reported):
    plan = reported.plan
    workbook = load_workbook(io.BytesIO(document_render(plan=plan, period=reported, format="xlsx").content))
    rows = list(workbook["Ekonomi"].values)
    header = rows[0]
    line = plan.sector_budgets.order_by("order", "id").first().lines.order_by("order", "id").first()
    found = next(row for row in rows[1:] if row[1] == line.name)
    assert found[header.index("Helårsprognos (Mnkr)")] == float(line.net + 1)
    assert found[header.index("Avvikelse (Mnkr)")] == -1


def test_a_period_without_economy_leaves_the_document_as_it_was(mjolby_plan):
    html = document_render(plan=mjolby_plan, period=mjolby_plan.periods.get(code="T3"), format="html")
    assert "Avvikelse (Mnkr)" not in html.content.decode()


def test_the_charts_say_every_value_in_words(reported):
    plan = reported.plan
    followup = economy_followup(plan=plan, period=reported)
    chart = sector_chart(followup=followup)
    assert 'role="img"' in chart.svg and "<title" in chart.svg and "<desc" in chart.svg
    first = followup.sectors[0]
    assert first.sector.name in chart.description
    assert len(chart.rows) == len(followup.sectors)
    months = economy_by_month(plan=plan)
    assert [point.period.code for point in months] == ["M03", "T1"]
    curve = month_chart(months=months)
    assert "M03" in curve.svg and "polyline" in curve.svg
    assert "Apriluppföljning (T1): utfall" in curve.description


def test_plan_summary_json_carries_the_economy_totals_per_sector(reported):
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("plan_summary", "valdemarsvik/ks/2023", "--period", "T1", "--json", stdout=out)
    economy = json.loads(out.getvalue())["economy"]
    followup = economy_followup(plan=reported.plan, period=reported)
    assert [row["sector"] for row in economy["sectors"]] == [s.sector.name for s in followup.sectors]
    first, sector = economy["sectors"][0], followup.sectors[0]
    assert first["budget"] == float(sector.budget) and first["forecast"] == float(sector.forecast)
    assert first["deviation"] == -len(sector.lines)
    assert first["deviation_percent"] == float(sector.totals.deviation_percent)
    assert economy["total"]["deviation"] == sum(row["deviation"] for row in economy["sectors"])


def test_plan_summary_json_without_a_budget_says_none(db):
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("plan_summary", "mjolby/ks/2024", "--period", "T3", "--json", stdout=out)
    assert json.loads(out.getvalue())["economy"] is None
