from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from styrkedja.backup.errors import ExportError
from styrkedja.backup.services import municipality_export
from styrkedja.tenancy.models import Municipality


class Command(BaseCommand):
    help = (
        "Skriver en kommuns alla data till en fil: organisation, användare med lösenordshashar, planer med "
        "rapporthistorik och ändringsloggen. Filen läses in med import_municipality. Förvara den lika "
        "säkert som databasen."
    )

    def add_arguments(self, parser):
        parser.add_argument("municipality", help="Kommunens kortnamn, till exempel mjolby")
        parser.add_argument(
            "-o", "--output", required=True, help="Filen att skriva, till exempel mjolby.jsonl (.gz packas)"
        )

    def handle(self, *args, municipality, output, **options):
        found = Municipality.objects.filter(slug=municipality).first()
        if found is None:
            slugs = ", ".join(Municipality.objects.order_by("slug").values_list("slug", flat=True)) or "inga"
            raise CommandError(f"Kommunen ”{municipality}” finns inte (kommuner: {slugs}).")
        try:
            result = municipality_export(municipality=found, path=Path(output))
        except ExportError as error:
            raise CommandError(f"Ingen fil skrevs. {error}") from None
        except OSError as error:
            raise CommandError(f"Kan inte skriva {output}: {error.strerror}.") from None
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        users = result.counts.get(get_user_model()._meta.label_lower, 0)
        plans = result.counts.get("plans.plan", 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Skrev {found} till {output}: {result.rows} rader, {users} användare och {plans} planer."
            )
        )
