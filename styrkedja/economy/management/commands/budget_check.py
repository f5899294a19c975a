from __future__ import annotations

from django.core.management.base import BaseCommand

from styrkedja.economy.choices import FrameKind
from styrkedja.economy.selectors import COLUMNS, budget_check, column_label, fmt
from styrkedja.plans.cli import plan_from_argument

NAME_WIDTH = 44
COLUMN_WIDTH = 22  # wide enough for "Netto föregående år"


class Command(BaseCommand):
    help = "Visar sektorernas budgetrader och summor och pekar ut tryckta summor som inte stämmer."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="Planens namn: kommun/nämnd/år, till exempel valdemarsvik/ks/2023")
        parser.add_argument(
            "--strict", action="store_true", help="Avsluta med felkod 1 om någon summa inte stämmer"
        )

    def handle(self, *args, plan, strict, **options):
        plan = plan_from_argument(plan)
        check = budget_check(plan=plan)
        out = self.stdout.write
        out(f"{plan.municipality} – {plan.board} – {plan.title}: budgetkontroll (Mnkr)")
        if not check.sectors and not check.investments:
            out("Planen har inga budgettabeller.")
        for sector in check.sectors:
            budget = sector.sector_budget
            out("")
            out(budget.sector.name)
            frames = sorted(budget.frames.all(), key=lambda frame: frame.year)
            if frames:
                out(
                    "  Ekonomisk ram: "
                    + ", ".join(f"{FrameKind(f.kind).label} {f.year} {fmt(f.amount)}" for f in frames)
                )
            header = "".join(f"{column_label(column):>{COLUMN_WIDTH}}" for column, _ in COLUMNS)
            out(f"  {'':<{NAME_WIDTH}}{header}")
            for line in sector.lines:
                cells = "".join(f"{fmt(getattr(line, column)):>{COLUMN_WIDTH}}" for column, _ in COLUMNS)
                out(f"  {line.name[:NAME_WIDTH]:<{NAME_WIDTH}}{cells}")
            out(
                f"  {'Summa av raderna':<{NAME_WIDTH}}"
                + "".join(f"{fmt(sector.sums[c]):>{COLUMN_WIDTH}}" for c, _ in COLUMNS)
            )
            out(
                f"  {'Summa enligt dokumentet':<{NAME_WIDTH}}"
                + "".join(f"{fmt(sector.printed[c]):>{COLUMN_WIDTH}}" for c, _ in COLUMNS)
            )
            self.print_problems(sector.problems)
        investments = check.investments
        if investments:
            out("")
            out("Investeringsplan")
            out(f"  {'':<{NAME_WIDTH}}" + "".join(f"{year:>10}" for year in investments.years))
            for row in investments.rows:
                name = ("  " * row.depth + row.project.name)[:NAME_WIDTH]
                cells = "".join(f"{fmt(row.amounts[year]):>10}" for year in investments.years)
                out(f"  {name:<{NAME_WIDTH}}{cells}")
            out(
                f"  {'Summa av projekten':<{NAME_WIDTH}}"
                + "".join(f"{fmt(investments.sums[y]):>10}" for y in investments.years)
            )
            out(
                f"  {'Summa enligt dokumentet':<{NAME_WIDTH}}"
                + "".join(f"{fmt(investments.printed.get(y)):>10}" for y in investments.years)
            )
            self.print_problems(investments.problems)
        out("")
        problems = check.problems
        if problems:
            out(self.style.WARNING(f"{len(problems)} summor stämmer inte med sina rader (se ovan)."))
        else:
            out(self.style.SUCCESS("Alla summor stämmer med sina rader."))
        if strict and problems:
            raise SystemExit(1)

    def print_problems(self, problems: list[str]) -> None:
        for problem in problems:
            self.stdout.write(self.style.WARNING(f"  ! {problem}"))
