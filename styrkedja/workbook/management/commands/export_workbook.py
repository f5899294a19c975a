from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from styrkedja.plans.cli import plan_from_argument
from styrkedja.tenancy.models import Municipality
from styrkedja.workbook.services import workbook_export, workbook_template


class Command(BaseCommand):
    help = (
        "Skriver planens arbetsbok (Excel) i Styrkedjas format, eller med --template en tom mall. "
        "Exempel: export_workbook mjolby/ks/2024 -o plan.xlsx; export_workbook --template --municipality "
        "mjolby -o mall.xlsx"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "plan", nargs="?", help="Planens namn: kommun/nämnd/år, till exempel mjolby/ks/2024"
        )
        parser.add_argument("--template", action="store_true", help="En tom mall i stället för en plan")
        parser.add_argument(
            "--municipality", help="Med --template: kommunen vars målnivåer och enheter fylls i"
        )
        parser.add_argument("-o", "--output", required=True, help="Filen som skrivs")

    def handle(self, *args, plan, template, municipality, output, **options):
        if template == bool(plan):
            raise CommandError("Ange antingen en plan eller --template.")
        if template:
            chosen = None
            if municipality:
                chosen = Municipality.objects.filter(slug=municipality).first()
                if chosen is None:
                    raise CommandError(f"Det finns ingen kommun med kortnamnet ”{municipality}”.")
            content, what = workbook_template(municipality=chosen), "en tom mall"
        else:
            chosen_plan = plan_from_argument(plan)
            content, what = workbook_export(plan=chosen_plan), f"arbetsboken för {chosen_plan.name}"
        try:
            Path(output).write_bytes(content)
        except OSError as error:
            raise CommandError(f"Kan inte skriva {output}: {error.strerror}.") from None
        self.stdout.write(f"Skrev {what} till {output} ({len(content)} byte).")
