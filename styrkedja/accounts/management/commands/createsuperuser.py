"""Django's createsuperuser, with Styrkedja's password rules and no way around them.

Django's own command lets the password rules be bypassed when asked, and does not check
DJANGO_SUPERUSER_PASSWORD at all with --noinput. This one checks every password, and records
the new superuser in the audit log. The accounts app comes before django.contrib.auth in
INSTALLED_APPS so that this command is the one ``manage.py`` runs.
"""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from styrkedja.accounts.prompts import password_typed_twice
from styrkedja.accounts.services import superuser_create

TRIES = 3


class Command(BaseCommand):
    help = (
        "Skapar en superanvändare för Djangos admin. Lösenordet måste följa Styrkedjas regler. "
        "Med --noinput läses lösenordet från DJANGO_SUPERUSER_PASSWORD (utan det kan användaren "
        "inte logga in förrän ett lösenord satts)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", help="Användarnamnet (annars DJANGO_SUPERUSER_USERNAME)")
        parser.add_argument("--email", default=None, help="E-postadress (annars DJANGO_SUPERUSER_EMAIL)")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Fråga ingenting: användarnamn och lösenord från flaggor och miljövariabler",
        )

    def handle(self, *args, username, email, interactive, **options):
        username = username or os.environ.get("DJANGO_SUPERUSER_USERNAME", "")
        email = email if email is not None else os.environ.get("DJANGO_SUPERUSER_EMAIL", "")
        if interactive:
            username = username or input("Användarnamn: ")
            for _try in range(TRIES):
                password = password_typed_twice(username, stderr=self.stderr)
                if password is None:
                    continue
                try:
                    user = superuser_create(username=username, email=email, password=password)
                except ValidationError as error:
                    self.stderr.write(_messages(error))
                    if "password" not in error.message_dict:
                        raise CommandError("Ingen superanvändare skapades.") from None
                    continue
                break
            else:
                raise CommandError(f"Ingen superanvändare skapades efter {TRIES} försök.")
        else:
            if not username:
                raise CommandError("Ange --username eller DJANGO_SUPERUSER_USERNAME med --noinput.")
            try:
                user = superuser_create(
                    username=username, email=email, password=os.environ.get("DJANGO_SUPERUSER_PASSWORD")
                )
            except ValidationError as error:
                raise CommandError(f"Ingen superanvändare skapades. {_messages(error)}") from None
        self.stdout.write(self.style.SUCCESS(f"Superanvändaren ”{user.username}” är skapad."))


def _messages(error: ValidationError) -> str:
    return " ".join(message for messages in error.message_dict.values() for message in messages)
