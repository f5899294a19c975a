from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from styrkedja.economy.selectors import budget_check


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("budget_check", *args, stdout=out)
    return out.getvalue()


def test_valdemarsvik_shows_every_sector_with_lines_and_sums(valdemarsvik_plan):
    text = run("valdemarsvik/ks/2023")

    for sector in valdemarsvik_plan.sector_budgets.select_related("sector"):
        assert sector.sector.name in text
        for line in sector.lines.all():
            assert line.name[:44] in text
    assert text.count("Summa enligt dokumentet") == valdemarsvik_plan.sector_budgets.count() + 1
    assert "Investeringsplan" in text
    assert "189,8" in text  # UBAK's budget 2023


def test_valdemarsvik_names_every_sum_that_does_not_match(valdemarsvik_plan):
    text = run("valdemarsvik/ks/2023")

    problems = budget_check(plan=valdemarsvik_plan).problems
    for problem in problems:
        assert problem in text
    if problems:
        assert f"{len(problems)} summor stämmer inte" in text
    else:
        assert "Alla summor stämmer" in text


def test_strict_fails_when_a_sum_does_not_match(valdemarsvik_plan):
    if not budget_check(plan=valdemarsvik_plan).problems:
        sector = valdemarsvik_plan.sector_budgets.first()
        sector.printed_cost_total += 1
        sector.save()
    with pytest.raises(SystemExit):
        run("valdemarsvik/ks/2023", "--strict")
