from __future__ import annotations

import json
import textwrap

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from styrkedja.followup.models import FollowUpPeriod
from styrkedja.followup.selectors import (
    GoalSummary,
    StatusCounts,
    period_get,
    period_latest_reported,
    plan_summary,
)
from styrkedja.followup.texts import summary_sentence
from styrkedja.indicators.choices import Gender
from styrkedja.plans.cli import plan_from_argument


def counts_text(counts: StatusCounts) -> str:
    not_started = ngettext("%(n)s ej inledd", "%(n)s ej inledda", counts.not_started) % {
        "n": counts.not_started
    }
    done = ngettext("%(n)s klar", "%(n)s klara", counts.done) % {"n": counts.done}
    text = f"{counts.total} st: {done} ({counts.done_percent} %), {counts.ongoing} pågår, {not_started}"
    return text + (f", {counts.not_reported} utan rapport" if counts.not_reported else "")


class Command(BaseCommand):
    help = "Sammanfattar en plan: målen med indikatorer och aktiviteternas status vid en period."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="Planens namn: kommun/nämnd/år, till exempel mjolby/ks/2024")
        parser.add_argument("--period", help="T1, T2, T3 eller M01–M12 (standard: senast rapporterade)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Skriv ut som JSON")

    def handle(self, *args, plan, period, as_json: bool, **options):
        plan = plan_from_argument(plan)
        if period:
            try:
                chosen = period_get(plan=plan, code=period)
            except FollowUpPeriod.DoesNotExist:
                codes = ", ".join(plan.periods.values_list("code", flat=True)) or "inga"
                raise CommandError(
                    f"Planen {plan.name} har ingen period ”{period}” (perioder: {codes})."
                ) from None
        else:
            chosen = period_latest_reported(plan=plan)
        summary = plan_summary(plan=plan, period=chosen)
        if as_json:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.print_text(summary)

    def print_text(self, summary) -> None:
        plan = summary.plan
        self.stdout.write(f"{plan.municipality} – {plan.board} – {plan.title}")
        self.stdout.write(f"Mål och budget {plan.budget_period_label}")
        period = summary.period
        self.stdout.write(f"Period: {period.name if period else 'ingen rapporterad period'}")
        if summary.counts.total:
            self.stdout.write("")
            self.stdout.write(summary_sentence(summary))
            self.stdout.write(f"Aktiviteter totalt: {counts_text(summary.counts)}")
        for goal in summary.goals:
            self.print_goal(goal, depth=0)
        if summary.special_initiatives.total:
            self.stdout.write("")
            self.stdout.write(f"Särskilda satsningar: {counts_text(summary.special_initiatives)}")
        if summary.assignments.total:
            words = ", ".join(f"{label} {n}" for _key, label, n in summary.assignment_rows)
            missing = summary.assignments.not_reported
            self.stdout.write("")
            self.stdout.write(
                f"Uppdrag: {summary.assignments.total} st: {words}"
                + (f", {missing} utan rapport" if missing else "")
            )

    def print_goal(self, summary: GoalSummary, depth: int) -> None:
        goal = summary.goal
        indent = "  " * depth
        self.stdout.write("")
        heading = f"{goal.level.name} {goal.number}".strip()
        self.stdout.write(f"{indent}{heading}: {goal.title}" if goal.title else f"{indent}{heading}")
        if goal.text:
            for line in textwrap.wrap(" ".join(goal.text.split()), 100):
                self.stdout.write(f"{indent}  {line}")
        indicators = list(goal.indicators.all())
        if indicators:
            self.stdout.write(f"{indent}  Indikatorer och mått:")
            for indicator in indicators:
                unit = f" {indicator.unit}" if indicator.unit else ""
                values = ", ".join(
                    f"{v.year} {v.get_scope_display().lower()} "
                    + (v.missing_reason if v.value is None else f"{v.value.normalize():f}{unit}")
                    for v in indicator.values.all()
                    if v.gender == Gender.TOTAL
                )
                line = " ".join(indicator.name.split())
                self.stdout.write(f"{indent}  – {line}" + (f" [{values}]" if values else ""))
        if summary.counts.total:
            self.stdout.write(f"{indent}  Aktiviteter: {counts_text(summary.counts)}")
        for child in summary.children:
            self.print_goal(child, depth + 1)
