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
from styrkedja.economy.models import (
    BudgetLine,
    InvestmentOutcome,
    InvestmentProject,
    LedgerCode,
    LineOutcome,
    SectorBudget,
    SectorOutcome,
)
from styrkedja.plans.choices import SectionKey
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


def mismatch_mark() -> str:
    """The words that mark a printed figure its lines do not give: text, so that it survives
    every format and is read out, not a colour alone."""
    return _("Stämmer inte")


@dataclass(frozen=True)
class Mismatch:
    """A printed figure and what its lines give instead."""

    printed: Decimal
    computed: Decimal
    basis: str = "lines"  # "lines", "cost_minus_income" (a line's net) or "budget" (a frame)

    @property
    def note(self) -> str:
        """What the lines give, e.g. "raderna ger 97,7"."""
        text = {
            "lines": _("raderna ger %(sum)s"),
            "cost_minus_income": _("kostnader − intäkter ger %(sum)s"),
            "budget": _("budgetens summa netto är %(sum)s"),
        }[self.basis]
        return text % {"sum": fmt(self.computed)}

    @property
    def text(self) -> str:
        """Both figures and the mark, as the documents print them:
        "95,7 — raderna ger 97,7 (Stämmer inte)"."""
        return _("%(printed)s — %(note)s (%(mark)s)") % {
            "printed": fmt(self.printed),
            "note": self.note,
            "mark": mismatch_mark(),
        }


@dataclass
class SectorCheck:
    sector_budget: SectorBudget
    lines: list[BudgetLine]
    sums: dict[str, Decimal]
    printed: dict[str, Decimal | None]
    problems: list[str] = field(default_factory=list)
    sum_mismatches: dict[str, Mismatch] = field(default_factory=dict)  # column → its printed sum
    line_mismatches: dict[int, Mismatch] = field(default_factory=dict)  # line pk → its net
    frame_mismatch: Mismatch | None = None  # the plan year's budget frame against the net sum

    @property
    def mismatch_count(self) -> int:
        return len(self.sum_mismatches) + len(self.line_mismatches) + (self.frame_mismatch is not None)


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
    total_mismatches: dict[int, Mismatch] = field(default_factory=dict)  # year → the printed Summa
    group_mismatches: dict[tuple[int, int], Mismatch] = field(default_factory=dict)  # (group pk, year)

    @property
    def mismatch_count(self) -> int:
        return len(self.total_mismatches) + len(self.group_mismatches)


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

    @property
    def mismatch_count(self) -> int:
        """How many printed figures their lines do not give (one per problem named)."""
        count = sum(sector.mismatch_count for sector in self.sectors)
        return count + (self.investments.mismatch_count if self.investments else 0)


def _check_sector(plan: Plan, sector_budget: SectorBudget) -> SectorCheck:
    lines = list(sector_budget.lines.all())
    sector = sector_budget.sector.name
    problems = []
    line_mismatches = {}
    for line in lines:
        if None in (line.income, line.cost, line.net):
            continue
        expected = line.cost - line.income
        if line.net != expected:
            line_mismatches[line.pk] = Mismatch(line.net, expected, "cost_minus_income")
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
    sum_mismatches = {}
    for column, _p in COLUMNS:
        if printed[column] is not None and printed[column] != sums[column]:
            sum_mismatches[column] = Mismatch(printed[column], sums[column])
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
    frame_mismatch = None
    if frame is not None and lines and frame.amount != net_total:
        frame_mismatch = Mismatch(frame.amount, net_total, "budget")
        problems.append(
            _("%(sector)s: ramen för %(year)s är %(frame)s, men budgetens summa netto är %(net)s.")
            % {"sector": sector, "year": plan.year, "frame": fmt(frame.amount), "net": fmt(net_total)}
        )
    return SectorCheck(
        sector_budget=sector_budget,
        lines=lines,
        sums=sums,
        printed=printed,
        problems=problems,
        sum_mismatches=sum_mismatches,
        line_mismatches=line_mismatches,
        frame_mismatch=frame_mismatch,
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
    group_mismatches = {}
    total_mismatches = {}

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
                    group_mismatches[(project.pk, year)] = Mismatch(amounts[project.pk][year], lines_sum)
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
            total_mismatches[year] = Mismatch(totals[year], sums[year])
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
    return InvestmentCheck(
        years=years,
        rows=rows,
        sums=sums,
        printed=totals,
        problems=problems,
        total_mismatches=total_mismatches,
        group_mismatches=group_mismatches,
    )


def budget_check(*, plan: Plan) -> BudgetCheck:
    sector_budgets = plan.sector_budgets.select_related("sector").prefetch_related(
        Prefetch("lines", queryset=BudgetLine.objects.order_by("order", "id")), "frames"
    )
    return BudgetCheck(
        sectors=[_check_sector(plan, sector_budget) for sector_budget in sector_budgets],
        investments=_check_investments(plan),
    )


def fmt_tkr(amount: Decimal) -> str:
    """Whole tkr with a (non-breaking) space between thousands, as the documents print them: 1 750."""
    return f"{amount:,.0f}".replace(",", "\u00a0").replace("-", "−")


# The economy page ---------------------------------------------------------------------------------


@dataclass
class Cell:
    """An amount as shown, and the mismatch of a printed figure its lines do not give."""

    text: str
    mismatch: Mismatch | None = None


def _cell(value: Decimal | None, mismatch: Mismatch | None = None) -> Cell:
    return Cell("" if value is None else fmt(value), mismatch)


@dataclass
class SectorView:
    check: SectorCheck
    sections: list  # the sector's texts (PlanSection), in order
    frames: list  # BudgetFrame, by year
    frame_cells: list[Cell]
    line_rows: list[tuple[str, list[Cell]]]
    sum_cells: list[Cell]

    @property
    def sector(self):
        return self.check.sector_budget.sector


@dataclass
class InvestmentView:
    check: InvestmentCheck
    rows: list[tuple[InvestmentRow, list[Cell]]]
    sum_cells: list[Cell]
    specification: list[tuple[str, str, str]]  # (project, item, amount in tkr)


@dataclass
class EconomyOverview:
    check: BudgetCheck
    sectors: list[SectorView]
    investments: InvestmentView | None
    economy_notes: list
    investment_notes: list

    @property
    def is_empty(self) -> bool:
        return not self.sectors and self.investments is None


def _sector_view(plan: Plan, check: SectorCheck, sections: list) -> SectorView:
    frames = sorted(check.sector_budget.frames.all(), key=lambda frame: (frame.year, frame.kind))
    frame_cells = [
        _cell(
            frame.amount,
            check.frame_mismatch if frame.year == plan.year and frame.kind == FrameKind.BUDGET else None,
        )
        for frame in frames
    ]
    line_rows = [
        (
            line.name,
            [
                _cell(getattr(line, column), check.line_mismatches.get(line.pk) if column == "net" else None)
                for column, _p in COLUMNS
            ],
        )
        for line in check.lines
    ]
    sum_cells = [
        _cell(
            check.sums[column] if check.printed[column] is None else check.printed[column],
            check.sum_mismatches.get(column),
        )
        for column, _p in COLUMNS
    ]
    return SectorView(
        check=check,
        sections=sections,
        frames=frames,
        frame_cells=frame_cells,
        line_rows=line_rows,
        sum_cells=sum_cells,
    )


def _investment_view(check: InvestmentCheck) -> InvestmentView:
    rows = [
        (
            row,
            [
                _cell(row.amounts[year], check.group_mismatches.get((row.project.pk, year)))
                for year in check.years
            ],
        )
        for row in check.rows
    ]
    sum_cells = [
        _cell(check.printed.get(year, check.sums[year]), check.total_mismatches.get(year))
        for year in check.years
    ]
    names = {row.project.pk: row.project.name for row in check.rows}
    specification = []
    for row in check.rows:
        group = names.get(row.project.parent_id)
        title = f"{group}: {row.project.name}" if group else row.project.name
        specification += [
            (title, " ".join(item.name.split()), fmt_tkr(item.amount_tkr))
            for item in row.project.specification.all()
        ]
    return InvestmentView(check=check, rows=rows, sum_cells=sum_cells, specification=specification)


def economy_overview(*, plan: Plan) -> EconomyOverview:
    """The plan's economy as its page shows it: per sector its texts, frames and line budget, then the
    investment plan and its specification, every printed figure its lines do not give marked."""
    check = budget_check(plan=plan)
    sections = list(plan.sections.order_by("order", "id"))
    by_sector: dict[int, list] = {}
    for section in sections:
        if section.sector_id:
            by_sector.setdefault(section.sector_id, []).append(section)
    unplaced = [section for section in sections if section.sector_id is None]
    return EconomyOverview(
        check=check,
        sectors=[
            _sector_view(plan, sector, by_sector.get(sector.sector_budget.sector_id, []))
            for sector in check.sectors
        ],
        investments=_investment_view(check.investments) if check.investments else None,
        economy_notes=[section for section in unplaced if section.key == SectionKey.ECONOMY_NOTE],
        investment_notes=[section for section in unplaced if section.key == SectionKey.INVESTMENTS_NOTE],
    )


# The economy followed up --------------------------------------------------------------------------
# The deviation from budget is budget − forecast for the year, net Mnkr: positive is a surplus
# (the sector spends less than its budget), negative a deficit. It is derived here, never stored.


def deviation_of(budget: Decimal | None, forecast: Decimal | None) -> Decimal | None:
    if budget is None or forecast is None:
        return None
    return budget - forecast


def deviation_percent(deviation: Decimal | None, budget: Decimal | None) -> Decimal | None:
    """The deviation as per cent of the budget, one decimal; none for a budget of nothing."""
    if deviation is None or not budget:
        return None
    return (deviation * 100 / budget).quantize(Decimal("0.1"))


def _sum(values) -> Decimal | None:
    """The sum of the amounts given; None when none is (a blank is not a zero)."""
    given = [value for value in values if value is not None]
    return sum(given, ZERO) if given else None


@dataclass
class LineFollowUp:
    line: BudgetLine
    current: object | None  # the LineOutcome, or None before the line is reported

    @property
    def budget(self) -> Decimal | None:
        return self.line.net

    @property
    def outcome(self) -> Decimal | None:
        return self.current.outcome if self.current else None

    @property
    def forecast(self) -> Decimal | None:
        return self.current.forecast if self.current else None

    @property
    def comment(self) -> str:
        return self.current.comment if self.current else ""

    @property
    def deviation(self) -> Decimal | None:
        return deviation_of(self.budget, self.forecast)

    @property
    def deviation_percent(self) -> Decimal | None:
        return deviation_percent(self.deviation, self.budget)


@dataclass
class Totals:
    budget: Decimal | None
    outcome: Decimal | None
    forecast: Decimal | None
    deviation: Decimal | None

    @property
    def deviation_percent(self) -> Decimal | None:
        return deviation_percent(self.deviation, self.budget)

    def as_dict(self) -> dict:
        def text(value):
            return None if value is None else float(value)

        return {
            "budget": text(self.budget),
            "outcome": text(self.outcome),
            "forecast": text(self.forecast),
            "deviation": text(self.deviation),
            "deviation_percent": text(self.deviation_percent),
        }


def _totals(rows) -> Totals:
    """The sums of lines (or sectors): the deviation is the sum of theirs, so that a sector's
    deviation is always the sum of its lines' as printed."""
    rows = list(rows)
    return Totals(
        budget=_sum(row.budget for row in rows),
        outcome=_sum(row.outcome for row in rows),
        forecast=_sum(row.forecast for row in rows),
        deviation=_sum(row.deviation for row in rows),
    )


@dataclass
class SectorFollowUp:
    sector_budget: SectorBudget
    lines: list[LineFollowUp]
    current: object | None  # the SectorOutcome with the sector's comment

    @property
    def sector(self):
        return self.sector_budget.sector

    @property
    def comment(self) -> str:
        return self.current.comment if self.current else ""

    @property
    def totals(self) -> Totals:
        return _totals(self.lines)

    # The sector as a row of the plan's table
    budget = property(lambda self: self.totals.budget)
    outcome = property(lambda self: self.totals.outcome)
    forecast = property(lambda self: self.totals.forecast)
    deviation = property(lambda self: self.totals.deviation)
    deviation_percent = property(lambda self: self.totals.deviation_percent)

    @property
    def reported(self) -> bool:
        return self.current is not None or any(line.current for line in self.lines)


@dataclass
class InvestmentFollowUp:
    project: InvestmentProject
    depth: int
    budget: Decimal | None  # the plan year's amount
    current: object | None  # the InvestmentOutcome

    outcome = property(lambda self: self.current.outcome if self.current else None)
    forecast = property(lambda self: self.current.forecast if self.current else None)
    comment = property(lambda self: self.current.comment if self.current else "")
    deviation = property(lambda self: deviation_of(self.budget, self.forecast))
    deviation_percent = property(lambda self: deviation_percent(self.deviation, self.budget))


@dataclass
class EconomyFollowUp:
    plan: Plan
    period: object
    sectors: list[SectorFollowUp]
    investments: list[InvestmentFollowUp]

    @property
    def totals(self) -> Totals:
        return _totals(self.sectors)

    @property
    def investment_totals(self) -> Totals:
        return _totals(row for row in self.investments if row.depth == 0)

    @property
    def reported(self) -> bool:
        return any(sector.reported for sector in self.sectors) or any(row.current for row in self.investments)

    @property
    def is_empty(self) -> bool:
        return not self.sectors and not self.investments


def _current_by(reports, key: str) -> dict:
    """The newest report per ``key`` (a field's id), read in one query."""
    found = {}
    for report in reports.order_by("created_at", "id"):
        found[getattr(report, key)] = report
    return found


def line_outcomes_current(*, period, lines) -> dict:
    """The current report of each of ``lines`` (ids) at ``period``, by the line's id, in one query."""
    return _current_by(LineOutcome.objects.filter(period=period, line_id__in=lines), "line_id")


def economy_followup(*, plan: Plan, period) -> EconomyFollowUp:
    """Per sector its lines' budget, outcome, forecast and deviation at ``period``, with the sector's
    comment; and the investment plan's outcome per project."""
    sector_budgets = list(
        plan.sector_budgets.select_related("sector").prefetch_related(
            Prefetch("lines", queryset=BudgetLine.objects.order_by("order", "id"))
        )
    )
    line_reports = _current_by(
        LineOutcome.objects.filter(period=period, line__sector_budget__plan=plan),
        "line_id",
    )
    sector_reports = _current_by(
        SectorOutcome.objects.filter(period=period, sector_budget__plan=plan),
        "sector_budget_id",
    )
    sectors = [
        SectorFollowUp(
            sector_budget=sector_budget,
            lines=[LineFollowUp(line, line_reports.get(line.pk)) for line in sector_budget.lines.all()],
            current=sector_reports.get(sector_budget.pk),
        )
        for sector_budget in sector_budgets
    ]
    investments = []
    check = _check_investments(plan)
    if check is not None:
        project_reports = _current_by(
            InvestmentOutcome.objects.filter(period=period, project__plan=plan), "project_id"
        )
        investments = [
            InvestmentFollowUp(
                project=row.project,
                depth=row.depth,
                budget=row.amounts.get(plan.year),
                current=project_reports.get(row.project.pk),
            )
            for row in check.rows
        ]
    return EconomyFollowUp(plan=plan, period=period, sectors=sectors, investments=investments)


@dataclass
class MonthPoint:
    period: object
    outcome: Decimal | None
    forecast: Decimal | None


def economy_by_month(*, plan: Plan) -> list[MonthPoint]:
    """The plan's outcome and forecast summed over its lines at each period, in date order: the
    curve of the year. Periods without a report are left out."""
    periods = list(plan.periods.order_by("ends_on", "code"))
    current = {}
    for report in LineOutcome.objects.filter(period__plan=plan).order_by("created_at", "id"):
        current[(report.period_id, report.line_id)] = report
    points = []
    for period in periods:
        reports = [report for (period_id, _l), report in current.items() if period_id == period.pk]
        if reports:
            points.append(
                MonthPoint(
                    period,
                    _sum(report.outcome for report in reports),
                    _sum(report.forecast for report in reports),
                )
            )
    return points


@dataclass
class LedgerCodeRow:
    code: object  # LedgerCode
    line: BudgetLine | None  # the plan's line it maps to, or None when the plan has none by that name


def ledger_codes(*, municipality, plan: Plan) -> list[LedgerCodeRow]:
    """The municipality's ledger codes, each with the line of ``plan`` it is booked on."""
    lines = {
        (line.sector_budget.sector_id, line.name.casefold()): line
        for line in BudgetLine.objects.filter(sector_budget__plan=plan).select_related("sector_budget")
    }
    codes = LedgerCode.objects.filter(municipality=municipality).select_related("sector").order_by("code")
    return [LedgerCodeRow(code, lines.get((code.sector_id, code.line_name.casefold()))) for code in codes]


def economy_totals(*, plan: Plan, period) -> dict | None:
    """Budget, outcome, forecast and deviation (Mnkr and per cent) per sector and in total at
    ``period``, as plain data (``plan_summary --json``); None for a plan without a budget."""
    followup = economy_followup(plan=plan, period=period)
    if not followup.sectors:
        return None
    return {
        "sectors": [{"sector": sector.sector.name, **sector.totals.as_dict()} for sector in followup.sectors],
        "total": followup.totals.as_dict(),
    }
