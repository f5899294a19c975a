"""Writes of the accounts app: passwords set outside the administration pages, and security events.

Each function writes its entry in the audit log. A security event belongs to the user's
municipality, or to the host (no municipality) for an unknown user name or a user without one.
Nothing here ever records a password or its hash.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styrkedja.accounts.lockout import ADDRESS
from styrkedja.audit.services import audit_log
from styrkedja.tenancy.permissions import membership_of

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from styrkedja.tenancy.models import Municipality

# The longest user name an entry records of a failed log-in: what was typed may be anything.
TYPED_USERNAME_LENGTH = 150


def _municipality_of(user) -> Municipality | None:
    membership = membership_of(user)
    return membership.municipality if membership else None


# Passwords


@transaction.atomic
def password_change(*, user: User, password: str) -> User:
    """A user changes their own password (the form has checked the old one and the rules)."""
    validate_password(password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_log(municipality=_municipality_of(user), action="accounts.password.changed", obj=user, user=user)
    return user


@transaction.atomic
def password_set_by_command(*, user: User, password: str) -> User:
    """The host sets a user's password from the command line (``changepassword``)."""
    validate_password(password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_log(municipality=_municipality_of(user), action="accounts.password.set_by_command", obj=user)
    return user


@transaction.atomic
def superuser_create(*, username: str, email: str = "", password: str | None) -> User:
    """A superuser for Django's admin, from the command line; without a password, one that cannot log in."""
    User = get_user_model()
    username, email = username.strip(), email.strip()
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = [_("Ange ett användarnamn.")]
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors["username"] = [
                _(
                    "Användarnamnet får bara innehålla bokstäver, siffror och tecknen @ . + - _ "
                    "(inga mellanslag)."
                )
            ]
        else:
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = [
                    _("Användarnamnet ”%(username)s” är upptaget. Välj ett annat.") % {"username": username}
                ]
    if password is not None:
        try:
            validate_password(password, user=User(username=username, email=email))
        except ValidationError as error:
            errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    user = User.objects.create_superuser(username=username, email=email, password=password)
    data = {"username": [None, username], "is_staff": [None, True], "is_superuser": [None, True]}
    if email:
        data["email"] = [None, email]
    audit_log(municipality=None, action="accounts.superuser.created", obj=user, data=data)
    return user


# Security events


def _user_named(username: str) -> User | None:
    return (
        get_user_model().objects.filter(username=username).select_related("membership__municipality").first()
    )


def login_succeeded(*, user: User, ip_address: str | None) -> None:
    audit_log(
        municipality=_municipality_of(user),
        action="accounts.login.succeeded",
        obj=user,
        user=user,
        data={"ip_address": ip_address},
    )


def login_failed(*, username: str, ip_address: str | None) -> None:
    """A failed log-in: a wrong password, an unknown user name, or an attempt while locked out."""
    typed = (username or "")[:TYPED_USERNAME_LENGTH]
    user = _user_named(typed) if typed else None
    audit_log(
        municipality=_municipality_of(user),
        action="accounts.login.failed",
        obj=user,
        object_type="auth.user",
        object_repr=typed,
        data={"username": typed, "ip_address": ip_address},
    )


def login_locked_out(*, username: str, ip_address: str | None, scope: str, failures: int) -> None:
    """A lock-out begins: of the user name at the address, or of the whole address (the host's event)."""
    typed = (username or "")[:TYPED_USERNAME_LENGTH]
    user = _user_named(typed) if typed and scope != ADDRESS else None
    audit_log(
        municipality=_municipality_of(user),
        action="accounts.login.locked_out",
        obj=user,
        object_type="auth.user" if scope != ADDRESS else "",
        object_repr=typed if scope != ADDRESS else (ip_address or ""),
        data={"scope": scope, "username": typed, "ip_address": ip_address, "failures": failures},
    )


def logout_recorded(*, user: User | None, ip_address: str | None, reason: str | None = None) -> None:
    """A session ends: the user logged out, or (``reason`` "idle" or "absolute") a time limit passed."""
    if user is None or not user.is_authenticated:
        return
    data: dict = {"ip_address": ip_address}
    if reason:
        data["reason"] = reason
    audit_log(
        municipality=_municipality_of(user),
        action="accounts.session.expired" if reason else "accounts.logout",
        obj=user,
        user=user,
        data=data,
    )
