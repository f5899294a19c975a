"""The first municipality of a new installation, without the demo: the municipality, its board
and its first administratör, who then adds units, partners and users in the application."""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from styrkedja.accounts.prompts import password_typed_twice
from styrkedja.tenancy.services import municipality_create

# The faults of the service, by field, as the command's options name them.
FIELD_NAMES = {
    "slug": "kortnamn",
    "name": "namn",
    "board_name": "--board",
    "board_slug": "--board-slug",
    "board_kind": "--board",
    "administrator_username": "--administrator",
    "administrator_password": "lösenord",
}
TRIES = 3


class Command(BaseCommand):
    help = (
        "Skapar en kommun med dess nämnd och första administratör. Lösenordet frågas efter "
        "(två gånger) eller läses från standard in när den inte är en terminal."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Kommunens kortnamn i adresser och plannamn, t.ex. linkoping")
        parser.add_argument("name", help="Kommunens namn, t.ex. ”Linköpings kommun”")
        parser.add_argument("--board", default="Kommunstyrelsen", help="Nämndens namn (Kommunstyrelsen)")
        parser.add_argument("--board-slug", default="ks", help="Nämndens kortnamn i plannamnet (ks)")
        parser.add_argument("--administrator", required=True, help="Administratörens användarnamn")

    def handle(self, *args, slug, name, board, board_slug, administrator, **options):
        interactive = sys.stdin.isatty()
        for attempt in range(1, TRIES + 1):
            password = self.ask_password(administrator) if interactive else sys.stdin.readline().rstrip("\n")
            try:
                membership = municipality_create(
                    slug=slug,
                    name=name,
                    board_name=board,
                    board_slug=board_slug,
                    administrator_username=administrator,
                    administrator_password=password,
                )
            except ValidationError as error:
                faults = error.message_dict
                only_password = set(faults) == {"administrator_password"}
                if interactive and only_password and attempt < TRIES:
                    for message in faults["administrator_password"]:
                        self.stderr.write(f"Lösenordet: {message}")
                    continue
                raise CommandError("Inget skapades. " + describe(faults)) from None
            break
        municipality = membership.municipality
        self.stdout.write(
            self.style.SUCCESS(
                f"Skapade {municipality.name} ({municipality.slug}) med nämnden {board} ({board_slug}) "
                f"och administratören {membership.user.username}."
            )
        )

    def ask_password(self, username: str) -> str:
        while (password := password_typed_twice(username, stderr=self.stderr)) is None:
            pass
        return password


def describe(faults: dict[str, list[str]]) -> str:
    return " ".join(
        f"{FIELD_NAMES.get(field, field)}: {message}"
        for field, messages in faults.items()
        for message in messages
    )
