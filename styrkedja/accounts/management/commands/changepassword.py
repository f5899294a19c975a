"""Django's changepassword, with the change recorded in the audit log.

Like Django's, it asks for the password twice and checks it against the password rules, at
most three times; the accounts app comes before django.contrib.auth in INSTALLED_APPS so that
this command is the one ``manage.py`` runs.
"""

from __future__ import annotations

import getpass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from styrkedja.accounts.prompts import password_typed_twice
from styrkedja.accounts.services import password_set_by_command

TRIES = 3


class Command(BaseCommand):
    help = "Sätter ett nytt lösenord för en användare. Lösenordet måste följa Styrkedjas regler."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="Användarnamnet (annars ditt eget på datorn)")

    def handle(self, *args, username, **options):
        username = username or getpass.getuser()
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Det finns ingen användare ”{username}”.") from None
        self.stdout.write(f"Nytt lösenord för ”{user.username}”.")
        for _try in range(TRIES):
            password = password_typed_twice(user.username, stderr=self.stderr)
            if password is None:
                continue
            try:
                password_set_by_command(user=user, password=password)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            self.stdout.write(self.style.SUCCESS(f"Lösenordet för ”{user.username}” är bytt."))
            return
        raise CommandError(f"Lösenordet ändrades inte efter {TRIES} försök.")
