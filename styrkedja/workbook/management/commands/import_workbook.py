from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from styrkedja.charts.numbers import swedish_number
from styrkedja.tenancy.models import Municipality
from styrkedja.workbook.choices import ImportMode
from styrkedja.workbook.errors import WorkbookInvalid
from styrkedja.workbook.services import workbook_import
from styrkedja.workbook.texts import reports_changed_text


def reports_changed(changed) -> str:
    return reports_changed_text(activities=changed.activity_reports, goals=changed.goal_reports)


class Command(BaseCommand):
    help = (
        "Läser in en plan från en arbetsbok (Excel) i Styrkedjas format, se docs/workbook-format.md. "
        "Allt eller inget: vid fel listas varje felaktig rad och kolumn och ingenting ändras."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Arbetsboken (.xlsx)")
        parser.add_argument(
            "--municipality",
            required=True,
            help="Kommunens kortnamn; finns den inte skapas den med namnet på bladet Kommun",
        )
        how = parser.add_mutually_exclusive_group()
        how.add_argument(
            "--update",
            action="store_true",
            help="Uppdatera rapporterna (bladen Aktivitetsrapporter och Målrapporter) i planen som finns",
        )
        how.add_argument("--replace", action="store_true", help="Ersätt hela planen om den redan finns")

    def handle(self, *args, file, municipality, update, replace, **options):
        mode = ImportMode.UPDATE if update else ImportMode.REPLACE if replace else ImportMode.CREATE
        try:
            content = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Kan inte läsa {file}: {error.strerror}.") from None
        target = Municipality.objects.filter(slug=municipality).first() or Municipality(slug=municipality)
        try:
            result = workbook_import(
                municipality=target, content=content, filename=Path(file).name, mode=mode
            )
        except WorkbookInvalid as invalid:
            lines = "\n".join(f"  {error}" for error in invalid.listed)
            if invalid.unlisted:
                lines += f"\n  … och {swedish_number(invalid.unlisted)} fel till."
            raise CommandError(f"Inget lästes in. {swedish_number(invalid.total)} fel:\n{lines}") from None
        plan = result.plan
        if result.updated:
            changed = result.updated
            self.stdout.write(self.style.SUCCESS(f"Uppdaterade {plan.name}: {reports_changed(changed)}"))
        else:
            verb = "Ersatte" if result.replaced else "Läste in"
            self.stdout.write(self.style.SUCCESS(f"{verb} {plan.name} ({plan.title})."))
