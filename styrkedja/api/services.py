"""Writes of API tokens: made, revoked, used; and the record of a token refused at the door."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrkedja.api.choices import TokenAccess
from styrkedja.api.models import ApiToken
from styrkedja.audit.services import audit_log
from styrkedja.tenancy.permissions import membership_of

MAX_DAYS = 365
PREFIX_LENGTH = 8
# A last use is written at most this often, so that a busy system does not write on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> str:
    # 32 random bytes: guessing is hopeless, so a plain SHA-256 of it is safe to store.
    return secrets.token_urlsafe(32)


@transaction.atomic
def api_token_create(
    *, user, name: str, expires_on: datetime.date, access: str = TokenAccess.READ
) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns it and its secret, which is not kept and never shown again."""
    membership = membership_of(user)
    if membership is None:
        raise ValidationError(_("Ditt konto hör inte till någon kommun och kan inte få någon API-nyckel."))
    name = " ".join((name or "").split())
    errors = {}
    if not name:
        errors["name"] = _("Ge nyckeln ett namn som säger vad den används till.")
    elif len(name) > 100:
        errors["name"] = _("Namnet får vara högst 100 tecken.")
    today = timezone.localdate()
    if expires_on is None:
        errors["expires_on"] = _("Ange till och med vilken dag nyckeln gäller.")
    elif expires_on < today:
        errors["expires_on"] = _("Dagen %(day)s har redan varit. Välj i dag eller en senare dag.") % {
            "day": expires_on.isoformat()
        }
    elif expires_on > today + datetime.timedelta(days=MAX_DAYS):
        errors["expires_on"] = _("En nyckel gäller högst %(days)s dagar, till och med %(last)s.") % {
            "days": MAX_DAYS,
            "last": (today + datetime.timedelta(days=MAX_DAYS)).isoformat(),
        }
    if access not in TokenAccess.values:
        errors["access"] = _("Okänd behörighet ”%(access)s”.") % {"access": access}
    if errors:
        raise ValidationError(errors)
    secret = _new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=secret_digest(secret),
        access=access,
        expires_on=expires_on,
    )
    audit_log(
        municipality=membership.municipality,
        action="api.token.created",
        obj=token,
        user=user,
        data={"name": name, "prefix": token.prefix, "access": access, "expires_on": expires_on.isoformat()},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user) -> ApiToken:
    """Revoke a token of one's own: from now on it is refused. Revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != user.pk:
        raise ValidationError(_("Du kan bara återkalla dina egna nycklar."))
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    membership = membership_of(user)
    audit_log(
        municipality=membership.municipality if membership else None,
        action="api.token.revoked",
        obj=token,
        user=user,
        data={"name": token.name, "prefix": token.prefix},
    )
    return token


def api_token_used(*, token: ApiToken) -> None:
    """Note that the token was just used (to the minute)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def api_token_rejected(*, reason: str, token: ApiToken | None = None, presented: str = "") -> None:
    """A security event: a request came with a token that is unknown, expired or revoked, or whose
    user may no longer sign in. Only the first characters of what was presented are kept."""
    if token is not None:
        membership = membership_of(token.user)
        audit_log(
            municipality=membership.municipality if membership else None,
            action="api.token.rejected",
            obj=token,
            user=token.user,
            data={"reason": reason, "prefix": token.prefix},
        )
    else:
        audit_log(
            municipality=None,
            action="api.token.rejected",
            object_type="api.apitoken",
            object_repr=presented[:PREFIX_LENGTH] + "…",
            data={"reason": reason},
        )
