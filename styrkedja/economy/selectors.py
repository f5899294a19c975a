"""Checks that the economy tables of a plan add up.

Printed sums are compared exactly with the sums of their lines: the documents round
each line to 0,1 Mnkr, so a difference may be rounding, but deciding that is the
reader's call. Every difference is named with its size; nothing is corrected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from styrkedja.economy.choices import FrameKind
from styrkedja.economy.models import BudgetLine, InvestmentProject, SectorBudget
from styrkedja.plans.models import Plan

ZERO = Decimal("0")
COLUMNS = (
    ("income", "printed_income_total"),
    ("cost", "printed_cost_total"),
    ("net", "printed_net_total"),
    ("net_previous", "printed_net_previous_total"),
)


def fmt(amount: Decimal | None) -> str:
    """Swedish number format with one decimal, as the documents print Mnkr."""
    if amount is None:
        return "–"
    return f"{amount:.1f}".replace(".", ",").replace("-", "−")


def column_label(column: str) -> str:
    return {
        "income": _("Intäkter"),
        "cost": _("Kostnader"),
        "net": _("Netto"),
        "net_previous": _("Netto föregående år"),
    }[column]


@dataclass
class SectorCheck:
    sector_budget: SectorBudget
    lines: list[BudgetLine]
    sums: dict[str, Decimal]
    printed: dict[str, Decimal | None]
    problems: list[str] = field(default_factory=list)


@dataclass
class InvestmentRow:
    project: InvestmentProject
    depth: int  # 0 for a top-level line or group, 1 for a line in a group, …
    amounts: dict[int, Decimal | None]  # year → amount; None where the document prints nothing


@dataclass
class InvestmentCheck:
    years: list[int]
    rows: list[InvestmentRow]  # in document order
    sums: dict[int, Decimal]
    printed: dict[int, Decimal]
    problems: list[str] = field(default_factory=list)


@dataclass
class BudgetCheck:
    sectors: list[SectorCheck]
    investments: InvestmentCheck | None

    @property
    def problems(self) -> list[str]:
        found = [problem for sector in self.sectors for problem in sector.problems]
        if self.investments:
            found += self.investments.problems
        return found


def _check_sector(plan: Plan, sector_budget: SectorBudget) -> SectorCheck:
    lines = list(sector_budget.lines.all())
    sector = sector_budget.sector.name
    problems = []
    for line in lines:
        if None in (line.income, line.cost, line.net):
            continue
        expected = line.cost - line.income
        if line.net != expected:
            problems.append(
                _(
                    "%(sector)s, %(line)s: netto %(net)s, men kostnader − intäkter = %(expected)s "
                    "(skillnad %(diff)s)."
                )
                % {
                    "sector": sector,
                    "line": line.name,
                    "net": fmt(line.net),
                    "expected": fmt(expected),
                    "diff": fmt(line.net - expected),
                }
            )
    sums = {column: sum((getattr(line, column) or ZERO for line in lines), ZERO) for column, _p in COLUMNS}
    printed = {column: getattr(sector_budget, attr) for column, attr in COLUMNS}
    for column, _p in COLUMNS:
        if printed[column] is not None and printed[column] != sums[column]:
            problems.append(
                _(
                    "%(sector)s: summa %(column)s är tryckt som %(printed)s, "
                    "men raderna ger %(sum)s (skillnad %(diff)s)."
                )
                % {
                    "sector": sector,
                    "column": column_label(column).lower(),
                    "printed": fmt(printed[column]),
                    "sum": fmt(sums[column]),
                    "diff": fmt(printed[column] - sums[column]),
                }
            )
    frame = next(
        (f for f in sector_budget.frames.all() if f.year == plan.year and f.kind == FrameKind.BUDGET), None
    )
    net_total = printed["net"] if printed["net"] is not None else sums["net"]
    if frame is not None and lines and frame.amount != net_total:
        problems.append(
            _("%(sector)s: ramen för %(year)s är %(frame)s, men budgetens summa netto är %(net)s.")
            % {"sector": sector, "year": plan.year, "frame": fmt(frame.amount), "net": fmt(net_total)}
        )
    return SectorCheck(
        sector_budget=sector_budget, lines=lines, sums=sums, printed=printed, problems=problems
    )


def _check_investments(plan: Plan) -> InvestmentCheck | None:
    projects = list(
        plan.investment_projects.prefetch_related("amounts", "specification").order_by("order", "id")
    )
    totals = {total.year: total.printed_amount for total in plan.investment_totals.all()}
    if not projects and not totals:
        return None
    amounts = {p.pk: {a.year: a.amount for a in p.amounts.all()} for p in projects}
    children: dict[int | None, list[InvestmentProject]] = {}
    for project in projects:
        children.setdefault(project.parent_id, []).append(project)
    years = sorted({year for per_year in amounts.values() for year in per_year} | set(totals))
    problems = []

    def amount_of(project: InvestmentProject, year: int) -> Decimal | None:
        """A group without an amount of its own counts as the sum of its lines; a blank stays None."""
        if year in amounts[project.pk]:
            return amounts[project.pk][year]
        parts = [amount_of(child, year) for child in children.get(project.pk, [])]
        parts = [part for part in parts if part is not None]
        return sum(parts, ZERO) if parts else None

    for project in projects:
        kids = children.get(project.pk, [])
        for year in years:
            if kids and year in amounts[project.pk]:
                lines_sum = sum((amount_of(child, year) or ZERO for child in kids), ZERO)
                if lines_sum != amounts[project.pk][year]:
                    problems.append(
                        _(
                            "Investeringar, %(project)s %(year)s: gruppen är tryckt som %(printed)s, "
                            "men dess rader ger %(sum)s."
                        )
                        % {
                            "project": project.name,
                            "year": year,
                            "printed": fmt(amounts[project.pk][year]),
                            "sum": fmt(lines_sum),
                        }
                    )
    roots = children.get(None, [])
    sums = {year: sum((amount_of(project, year) or ZERO for project in roots), ZERO) for year in years}
    for year in years:
        if year in totals and totals[year] != sums[year]:
            problems.append(
                _(
                    "Investeringar %(year)s: summan är tryckt som %(printed)s, "
                    "men projekten ger %(sum)s (skillnad %(diff)s)."
                )
                % {
                    "year": year,
                    "printed": fmt(totals[year]),
                    "sum": fmt(sums[year]),
                    "diff": fmt(totals[year] - sums[year]),
                }
            )
    depth: dict[int, int] = {}
    rows = []
    for project in projects:  # parents come before their lines in document order
        depth[project.pk] = depth[project.parent_id] + 1 if project.parent_id else 0
        amounts_by_year = {year: amount_of(project, year) for year in years}
        rows.append(InvestmentRow(project=project, depth=depth[project.pk], amounts=amounts_by_year))
    return InvestmentCheck(years=years, rows=rows, sums=sums, printed=totals, problems=problems)


def budget_check(*, plan: Plan) -> BudgetCheck:
    sector_budgets = plan.sector_budgets.select_related("sector").prefetch_related(
        Prefetch("lines", queryset=BudgetLine.objects.order_by("order", "id")), "frames"
    )
    return BudgetCheck(
        sectors=[_check_sector(plan, sector_budget) for sector_budget in sector_budgets],
        investments=_check_investments(plan),
    )
