"""The scheduled reminders: every open period of every municipality whose last day is near or past."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from styrkedja.followup.models import FollowUpPeriod
from styrkedja.reminders.selectors import todo_by_period
from styrkedja.reminders.services import reminders_send
from styrkedja.reminders.texts import outcome_sentences
from styrkedja.tenancy.models import Municipality

DAYS_BEFORE = 7


def periods_due(*, municipality: Municipality, today: datetime.date, days_before: int):
    """The municipality's open T1–T3 periods whose last day to report is at most ``days_before`` days
    away, or has passed. A period without a last day has no deadline to remind of: its controller
    sends from the period's page if need be. In a month's follow-up nothing is reported that a
    reminder could list."""
    return (
        FollowUpPeriod.objects.filter(
            plan__municipality=municipality,
            code__startswith="T",
            opened_at__isnull=False,
            closed_at__isnull=True,
            due_on__isnull=False,
            due_on__lte=today + datetime.timedelta(days=days_before),
        )
        .select_related("plan__board", "plan__municipality")
        .order_by("due_on", "plan__year", "ends_on")
    )


class Command(BaseCommand):
    help = (
        "Påminner rapportörerna om det de har kvar att rapportera, med e-post, i varje öppen period vars "
        "sista rapporteringsdag är högst --days dagar bort eller har passerats. Ingen påminns om samma "
        "period två gånger samma dag."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="Bara den här kommunen (dess kortnamn, t.ex. mjolby)")
        parser.add_argument(
            "--days",
            type=int,
            default=DAYS_BEFORE,
            help=f"Påminn när sista dagen är högst så många dagar bort (standard: {DAYS_BEFORE})",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Skriv vad som skulle skickas, skicka inget"
        )

    def handle(self, *args, municipality: str | None, days: int, dry_run: bool, **options):
        if days < 0:
            raise CommandError("--days kan inte vara negativt.")
        municipalities = Municipality.objects.order_by("slug")
        if municipality:
            municipalities = municipalities.filter(slug=municipality)
            if not municipalities:
                raise CommandError(f"Det finns ingen kommun ”{municipality}”.")
        now = timezone.now()
        today = timezone.localdate(now)
        reminded = 0
        for place in municipalities:
            periods = list(periods_due(municipality=place, today=today, days_before=days))
            if not periods:
                continue
            todo = todo_by_period(municipality=place)
            for period in periods:
                outcome = reminders_send(
                    period=period,
                    base_url=settings.STYRKEDJA_BASE_URL,
                    now=now,
                    recipients=todo.get(period.pk, []),
                    dry_run=dry_run,
                )
                reminded += len(outcome.sent)
                due = period.due_on.isoformat()
                heading = f"{place} – {period.plan.board} {period.plan.year} {period.name} (senast {due})"
                self.stdout.write(f"{heading}: " + " ".join(outcome_sentences(outcome)))
        verb = "skulle få" if dry_run else "fick"
        self.stdout.write(f"Sammanlagt {verb} {reminded} rapportörer en påminnelse.")
