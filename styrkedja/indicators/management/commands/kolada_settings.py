from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from styrkedja.indicators.management.commands._output import validation_text
from styrkedja.indicators.models import KoladaSettings
from styrkedja.indicators.services import kolada_settings_set
from styrkedja.tenancy.models import Municipality


def comparison_item(text: str) -> dict:
    kolada_id, separator, name = text.partition("=")
    if not separator or not kolada_id.strip() or not name.strip():
        raise CommandError(f"”{text}” ska skrivas ID=Namn, till exempel 0580=Linköping.")
    return {"id": kolada_id.strip(), "name": name.strip()}


class Command(BaseCommand):
    help = "Visar eller sätter kommunens kod i Kolada och de kommuner den jämförs med."

    def add_arguments(self, parser):
        parser.add_argument("municipality", help="Kommunens kortnamn, till exempel mjolby")
        parser.add_argument("--code", help="Kommunkoden i Kolada (SCB:s), till exempel 0586")
        parser.add_argument(
            "--compare",
            action="append",
            metavar="ID=NAMN",
            help="En jämförelsekommun, till exempel 0580=Linköping (upprepa för flera; ersätter listan)",
        )
        parser.add_argument("--no-compare", action="store_true", help="Töm listan med jämförelsekommuner")

    def handle(self, *args, municipality, code, compare, no_compare, **options):
        found = Municipality.objects.filter(slug=municipality).first()
        if found is None:
            raise CommandError(f"Det finns ingen kommun med kortnamnet ”{municipality}”.")
        if compare and no_compare:
            raise CommandError("Ange antingen --compare eller --no-compare.")
        comparison = [] if no_compare else ([comparison_item(item) for item in compare] if compare else None)
        if code is not None or comparison is not None:
            try:
                kolada_settings_set(municipality=found, municipality_code=code, comparison=comparison)
            except ValidationError as error:
                raise CommandError(validation_text(error)) from None
        settings = KoladaSettings.objects.filter(municipality=found).first()
        if settings is None:
            self.stdout.write(f"{found} har ingen kommunkod för Kolada. Ange den med --code.")
            return
        self.stdout.write(f"{found}: kommunkod {settings.municipality_code} i Kolada.")
        if settings.comparison:
            self.stdout.write(
                "Jämförs med: " + ", ".join(f"{c['name']} ({c['id']})" for c in settings.comparison)
            )
        else:
            self.stdout.write("Inga jämförelsekommuner.")
