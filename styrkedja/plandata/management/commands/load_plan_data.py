from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from styrkedja.plandata.loader import load_plan_file
from styrkedja.plandata.reader import DataFileError


class Command(BaseCommand):
    help = "Läser in en kommun och dess planer från YAML-filer (se docs/data-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="YAML-filer att läsa in")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Ersätt planer som redan finns i stället för att hoppa över dem",
        )

    def handle(self, *args, files, replace, **options):
        for file in files:
            try:
                result = load_plan_file(file, replace=replace)
            except DataFileError as error:
                raise CommandError(f"Inget lästes in. {error}") from None
            report_result(self.stdout, self.style, result)


def report_result(stdout, style, result) -> None:
    for plan in result.created:
        stdout.write(style.SUCCESS(f"Inläst: {plan.name} ({plan.municipality}, {plan.title})"))
    for plan in result.replaced:
        stdout.write(style.SUCCESS(f"Ersatt: {plan.name} ({plan.municipality}, {plan.title})"))
    for plan in result.skipped:
        stdout.write(f"Fanns redan, oförändrad: {plan.name} ({plan.municipality}, {plan.title})")
