from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from styrkedja.backup.errors import BackupFileError
from styrkedja.backup.fileformat import DEFAULT_MAX_FILE_BYTES
from styrkedja.backup.services import municipality_import


class Command(BaseCommand):
    help = (
        "Läser in en kommun från en fil som export_municipality skrev. Raderna får nya id, så installationen "
        "kan ha andra kommuner; kommunens kortnamn och användarnamnen får inte redan finnas. Allt eller "
        "inget: vid fel ändras ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Filen, till exempel mjolby.jsonl eller mjolby.jsonl.gz")
        parser.add_argument(
            "--max-size",
            type=int,
            default=DEFAULT_MAX_FILE_BYTES // (1024 * 1024),
            metavar="MB",
            help="Största fil (uppackad) som läses, i MB (standard: %(default)s)",
        )

    def handle(self, *args, file, max_size, **options):
        if max_size <= 0:
            raise CommandError("--max-size ska vara ett positivt antal MB.")
        try:
            imported = municipality_import(path=Path(file), max_bytes=max_size * 1024 * 1024)
        except BackupFileError as error:
            raise CommandError(f"Ingenting lästes in från {file}. {error}") from None
        users = imported.counts.get(get_user_model()._meta.label_lower, 0)
        plans = imported.counts.get("plans.plan", 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Läste in {imported.municipality} ({imported.municipality.slug}): {imported.rows} rader, "
                f"{users} användare och {plans} planer."
            )
        )
