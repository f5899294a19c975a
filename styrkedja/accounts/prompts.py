"""A new password typed at the terminal, for the commands that set one (createsuperuser,
changepassword, create_municipality): asked twice, so that a slip of the finger is not kept."""

from __future__ import annotations

import getpass


def password_typed_twice(username: str, *, stderr) -> str | None:
    """The password, or None (and why, on ``stderr``) when the two did not agree."""
    password = getpass.getpass(f"Lösenord för {username}: ")
    if password != getpass.getpass("Samma lösenord igen: "):
        stderr.write("Lösenorden var inte lika. Försök igen.")
        return None
    return password
