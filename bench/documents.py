"""Benchmark: how long each document format takes for the Mjölby T3 report and a ten-fold one.

Not a test. Run from the project's root:  .venv/bin/python bench/documents.py [--repeat 3]
It migrates a temporary SQLite database, loads the demo, builds a synthetic municipality whose
plan is the Mjölby plan ten times over (goals, indicators, activities, collaborators and every
report), and times each format for both. The results go into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FOLD = 10


def setup_django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--no-users", verbosity=0)


def build_tenfold():
    """A municipality whose 2024 plan holds the Mjölby plan's goals and activities ten times."""
    from django.db import transaction

    from styrkedja.followup.models import FollowUpPeriod, GoalReport, PeriodComment
    from styrkedja.goals.models import Goal, GoalLevel
    from styrkedja.indicators.models import Indicator, IndicatorValue
    from styrkedja.plans.models import Plan, PlanSection
    from styrkedja.plans.selectors import plan_get_by_name
    from styrkedja.tenancy.models import Municipality, OrgUnit, Partner

    source = plan_get_by_name(name="mjolby/ks/2024")
    with transaction.atomic():
        town = Municipality.objects.create(slug="tiofaldig", name="Tiofaldiga kommunen")
        units = {}
        for unit in source.municipality.units.order_by("pk"):
            units[unit.pk] = OrgUnit.objects.create(
                municipality=town, name=unit.name, short_name=unit.short_name, slug=unit.slug, kind=unit.kind,
                parent=units.get(unit.parent_id), order=unit.order,
            )  # fmt: skip
        partners = {
            p.pk: Partner.objects.create(municipality=town, name=p.name)
            for p in source.municipality.partners.all()
        }
        levels = {
            level.pk: GoalLevel.objects.create(
                municipality=town, key=level.key, name=level.name, name_plural=level.name_plural,
                numbered_name=level.numbered_name, depth=level.depth,
            )
            for level in source.municipality.goal_levels.all()
        }  # fmt: skip
        plan = Plan.objects.create(
            municipality=town, board=units[source.board_id], year=source.year, title=source.title,
            budget_period_start=source.budget_period_start, budget_period_end=source.budget_period_end,
        )  # fmt: skip
        for section in source.sections.all():
            PlanSection.objects.create(
                plan=plan, key=section.key, heading=section.heading, body=section.body, order=section.order
            )
        periods = {
            p.pk: FollowUpPeriod.objects.create(
                plan=plan, code=p.code, name=p.name, ends_on=p.ends_on, opened_at=p.opened_at,
                closed_at=p.closed_at, comment=p.comment,
            )
            for p in source.periods.all()
        }  # fmt: skip
        for comment in PeriodComment.objects.filter(period__plan=source):
            PeriodComment.objects.create(
                period=periods[comment.period_id], topic=comment.topic, comment=comment.comment
            )
        order = 0
        for copy in range(FOLD):
            for goal in source.goals.order_by("level__depth", "order"):
                new_goal = Goal.objects.create(
                    municipality=town, plan=plan, level=levels[goal.level_id], key=f"{goal.key}-{copy}",
                    number=f"{goal.number}.{copy + 1}", text=goal.text, measurable=goal.measurable,
                    baseline=goal.baseline, motivation=goal.motivation, order=copy * 100 + goal.order,
                )  # fmt: skip
                for indicator in goal.indicators.all():
                    new_indicator = Indicator.objects.create(
                        goal=new_goal, name=indicator.name, source=indicator.source, unit=indicator.unit,
                        target=indicator.target, order=indicator.order,
                    )  # fmt: skip
                    IndicatorValue.objects.bulk_create(
                        IndicatorValue(indicator=new_indicator, year=v.year, scope=v.scope, value=v.value)
                        for v in indicator.values.all()
                    )
                GoalReport.objects.bulk_create(
                    GoalReport(
                        goal=new_goal, period=periods[r.period_id], comment=r.comment, assessment=r.assessment
                    )
                    for r in goal.reports.all()
                )
                for activity in goal.activities.order_by("order"):
                    order += 1
                    _copy_activity(activity, plan, new_goal, units, partners, periods, order)
            for activity in source.activities.filter(goal__isnull=True).order_by("order"):
                order += 1
                _copy_activity(activity, plan, None, units, partners, periods, order)
    return plan


def _copy_activity(activity, plan, goal, units, partners, periods, order):
    from styrkedja.activities.models import Activity, ActivityCollaborator
    from styrkedja.followup.models import ActivityReport

    new = Activity.objects.create(
        plan=plan, goal=goal, title=activity.title, kind=activity.kind,
        is_special_initiative=activity.is_special_initiative, priority=activity.priority,
        responsible_unit=units[activity.responsible_unit_id], note=activity.note, order=order,
    )  # fmt: skip
    ActivityCollaborator.objects.bulk_create(
        ActivityCollaborator(
            activity=new,
            unit=units.get(c.unit_id),
            partner=partners.get(c.partner_id),
            text=c.text,
            order=c.order,
        )
        for c in activity.collaborators.all()
    )
    ActivityReport.objects.bulk_create(
        ActivityReport(activity=new, period=periods[r.period_id], status=r.status, comment=r.comment)
        for r in activity.reports.all()
    )


def time_formats(plan, repeat: int) -> dict[str, float]:
    from styrkedja.documents.services import FORMATS, document_render

    period = plan.periods.get(code="T3")
    results = {}
    for format in FORMATS:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            document_render(plan=plan, period=None if format == "xlsx" else period, format=format)
            times.append(time.perf_counter() - start)
        results[format] = statistics.median(times)
    return results


def time_workbook(plan, repeat: int) -> dict[str, float]:
    """The plan workbook written, and read into an empty municipality (rolled back after each run)."""
    from django.db import transaction

    from styrkedja.tenancy.models import Municipality
    from styrkedja.workbook.services import workbook_export, workbook_import

    out, into = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        content = workbook_export(plan=plan)
        out.append(time.perf_counter() - start)
        with transaction.atomic():
            target = Municipality.objects.create(slug="benchmark", name="Benchmark")
            start = time.perf_counter()
            workbook_import(municipality=target, content=content, filename="bench.xlsx")
            into.append(time.perf_counter() - start)
            transaction.set_rollback(True)
    return {"workbook out": statistics.median(out), "workbook in": statistics.median(into)}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per format; the median is shown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from styrkedja.plans.selectors import plan_get_by_name

        mjolby = plan_get_by_name(name="mjolby/ks/2024")
        tenfold = build_tenfold()
        sizes = {
            "Mjölby T3": mjolby,
            "tio gånger Mjölby": tenfold,
        }
        columns = ["html", "pdf", "docx", "xlsx", "workbook out", "workbook in"]
        print(f"| plan | activities | goals | {' | '.join(columns)} |")
        print("| --- | ---: | ---: |" + " ---: |" * len(columns))
        for name, plan in sizes.items():
            results = time_formats(plan, args.repeat) | time_workbook(plan, args.repeat)
            cells = " | ".join(f"{results[f]:.2f} s" for f in columns)
            print(f"| {name} | {plan.activities.count()} | {plan.goals.count()} | {cells} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
