from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from styrkedja.indicators.kolada import KoladaError, kpi_search


class Command(BaseCommand):
    help = "Söker nyckeltal i Kolada på namn, för att koppla en indikator till rätt nyckeltal."

    def add_arguments(self, parser):
        parser.add_argument("title", help="Ord i nyckeltalets namn, till exempel ”trygg”")

    def handle(self, *args, title, **options):
        try:
            kpis = kpi_search(title=title)
        except KoladaError as error:
            raise CommandError(str(error)) from None
        if not kpis:
            self.stdout.write(f"Inget nyckeltal i Kolada har ”{title}” i namnet.")
            return
        for kpi in kpis:
            self.stdout.write(f"{kpi.id}  {kpi.title}")
        self.stdout.write(
            f"{len(kpis)} nyckeltal. Koppla med ./manage.py kolada_link PLAN --indicator NR --kpi ID."
        )
