from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from styrkedja.documents.services import FORMATS, document_render
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.plans.cli import plan_from_argument


class Command(BaseCommand):
    help = (
        "Skriver planens dokument (utan --period) eller uppföljningen vid en period som PDF, Word, "
        "webbsida eller Excel. Exempel: render_report mjolby/ks/2024 --period T3 --format pdf -o t3.pdf"
    )

    def add_arguments(self, parser):
        parser.add_argument("plan", help="Planens namn: kommun/nämnd/år, till exempel mjolby/ks/2024")
        parser.add_argument("--period", help="Uppföljningsperioden, till exempel T1, T2 eller T3")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS), help="Filformat")
        parser.add_argument("-o", "--output", required=True, help="Filen som skrivs")

    def handle(self, *args, plan, period, format, output, **options):
        plan = plan_from_argument(plan)
        chosen = None
        if period:
            try:
                chosen = plan.periods.get(code=period.upper())
            except FollowUpPeriod.DoesNotExist:
                known = ", ".join(plan.periods.values_list("code", flat=True)) or "inga"
                raise CommandError(
                    f"Planen {plan.name} har ingen period ”{period}” (perioder: {known})."
                ) from None
        try:
            rendered = document_render(plan=plan, period=chosen, format=format)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        try:
            Path(output).write_bytes(rendered.content)
        except OSError as error:
            raise CommandError(f"Kan inte skriva {output}: {error.strerror}.") from None
        what = f"uppföljningen vid {chosen.name}" if chosen else "planen"
        self.stdout.write(f"Skrev {what} för {plan.name} till {output} ({len(rendered.content)} byte).")
