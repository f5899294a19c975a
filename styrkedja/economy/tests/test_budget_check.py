from __future__ import annotations

from decimal import Decimal

from styrkedja.economy.choices import FrameKind
from styrkedja.economy.models import (
    BudgetFrame,
    BudgetLine,
    InvestmentAmount,
    InvestmentProject,
    InvestmentTotal,
    SectorBudget,
)
from styrkedja.economy.selectors import budget_check
from styrkedja.tenancy.choices import UnitKind
from styrkedja.tenancy.models import OrgUnit

D = Decimal


def sector_budget(b, name="Sektor Test", lines=(), printed=None, frame=None):
    sector = OrgUnit.objects.create(
        municipality=b.municipality, name=name, kind=UnitKind.SECTOR, parent=b.board
    )
    printed = printed or {}
    budget = SectorBudget.objects.create(
        plan=b.plan,
        sector=sector,
        printed_income_total=printed.get("income"),
        printed_cost_total=printed.get("cost"),
        printed_net_total=printed.get("net"),
        printed_net_previous_total=printed.get("net_previous"),
    )
    for order, (line_name, income, cost, net, previous) in enumerate(lines):
        BudgetLine.objects.create(
            sector_budget=budget,
            name=line_name,
            income=D(income),
            cost=D(cost),
            net=D(net),
            net_previous=D(previous),
            order=order,
        )
    if frame is not None:
        BudgetFrame.objects.create(
            sector_budget=budget, year=b.plan.year, kind=FrameKind.BUDGET, amount=D(frame)
        )
    return budget


LINES = [("Skola", "1.0", "10.5", "9.5", "9.0"), ("Bad", "0.5", "2.0", "1.5", "1.4")]


def test_tables_that_add_up_give_no_problem(build_plan):
    b = build_plan()
    sector_budget(
        b, lines=LINES, printed={"income": D("1.5"), "cost": D("12.5"), "net": D("11.0")}, frame="11.0"
    )

    check = budget_check(plan=b.plan)

    assert check.problems == []
    [sector] = check.sectors
    assert sector.sums == {"income": D("1.5"), "cost": D("12.5"), "net": D("11.0"), "net_previous": D("10.4")}


def test_a_printed_sum_that_differs_is_named_with_its_difference(build_plan):
    b = build_plan()
    sector_budget(b, name="Sektor Stöd", lines=LINES, printed={"cost": D("12.6"), "net_previous": D("10.4")})

    problems = budget_check(plan=b.plan).problems

    assert problems == [
        "Sektor Stöd: summa kostnader är tryckt som 12,6, men raderna ger 12,5 (skillnad 0,1)."
    ]


def test_a_line_whose_net_is_not_cost_minus_income_is_named(build_plan):
    b = build_plan()
    sector_budget(b, lines=[("Bibliotek", "0.4", "3.0", "2.5", "2.5")])

    problems = budget_check(plan=b.plan).problems

    assert problems == [
        "Sektor Test, Bibliotek: netto 2,5, men kostnader − intäkter = 2,6 (skillnad −0,1).",
    ]


def test_a_frame_that_differs_from_the_budget_is_named(build_plan):
    b = build_plan()
    sector_budget(b, lines=LINES, frame="11.2")

    assert budget_check(plan=b.plan).problems == [
        "Sektor Test: ramen för 2024 är 11,2, men budgetens summa netto är 11,0."
    ]


def test_investment_groups_and_totals_are_checked(build_plan):
    b = build_plan()
    group = InvestmentProject.objects.create(plan=b.plan, name="Fastighetsprojekt", order=1)
    line = InvestmentProject.objects.create(plan=b.plan, parent=group, name="Skolkök", order=2)
    other = InvestmentProject.objects.create(plan=b.plan, name="IT", order=3)
    InvestmentAmount.objects.create(project=group, year=2024, amount=D("5.0"))
    InvestmentAmount.objects.create(project=line, year=2024, amount=D("4.0"))
    InvestmentAmount.objects.create(project=other, year=2024, amount=D("1.0"))
    InvestmentAmount.objects.create(project=line, year=2025, amount=D("2.0"))
    InvestmentTotal.objects.create(plan=b.plan, year=2024, printed_amount=D("6.0"))
    InvestmentTotal.objects.create(plan=b.plan, year=2025, printed_amount=D("2.5"))

    check = budget_check(plan=b.plan)

    assert check.investments.sums == {2024: D("6.0"), 2025: D("2.0")}
    assert check.problems == [
        "Investeringar, Fastighetsprojekt 2024: gruppen är tryckt som 5,0, men dess rader ger 4,0.",
        "Investeringar 2025: summan är tryckt som 2,5, men projekten ger 2,0 (skillnad 0,5).",
    ]


def test_a_plan_without_economy_has_nothing_to_check(mjolby_plan):
    check = budget_check(plan=mjolby_plan)
    assert (check.sectors, check.investments, check.problems) == ([], None, [])
