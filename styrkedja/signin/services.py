"""Writes of the sign-in: the administratör's configuration, and each sign-in's membership. Audited."""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.db import transaction

from styrkedja.audit.services import audit_log
from styrkedja.signin.choices import ROLE_RANK
from styrkedja.signin.models import GroupRole, OidcConfiguration, PasswordPolicy
from styrkedja.tenancy.choices import Role
from styrkedja.tenancy.models import Membership, Municipality, OrgUnit


@dataclass(frozen=True)
class Mapping:
    group: str
    role: str
    units: tuple[OrgUnit, ...] = ()


@dataclass
class Grant:
    """What a user's groups give: a role (None: no mapped group) and a rapportör's units."""

    role: str | None
    units: list[OrgUnit] = field(default_factory=list)


def _secret_hint(secret: str) -> str:
    return f"…{secret[-4:]}" if len(secret) > 8 else "…"


@transaction.atomic
def oidc_configuration_set(
    *,
    municipality: Municipality,
    user,
    issuer: str,
    client_id: str,
    secret: str,
    groups_claim: str,
    mappings: list[Mapping],
) -> OidcConfiguration:
    """Create or change the municipality's provider. An empty ``secret`` keeps the stored one."""
    configuration = OidcConfiguration.objects.filter(municipality=municipality).first()
    changes: dict = {}
    if configuration is None:
        configuration = OidcConfiguration.objects.create(
            municipality=municipality,
            issuer=issuer,
            client_id=client_id,
            secret=secret,
            groups_claim=groups_claim,
        )
        changes = {
            "issuer": [None, issuer],
            "client_id": [None, client_id],
            "groups_claim": [None, groups_claim],
        }
        changes["secret"] = "satt"
    else:
        for name, value in (("issuer", issuer), ("client_id", client_id), ("groups_claim", groups_claim)):
            if getattr(configuration, name) != value:
                changes[name] = [getattr(configuration, name), value]
                setattr(configuration, name, value)
        if secret and secret != configuration.secret:
            # The log says that the secret changed, never what it is.
            changes["secret"] = "ändrad"
            configuration.secret = secret
        configuration.save()
    old_table = mapping_table_of(configuration)
    configuration.group_roles.all().delete()
    for mapping in mappings:
        row = GroupRole.objects.create(configuration=configuration, group=mapping.group, role=mapping.role)
        row.units.set(mapping.units)
    new_table = mapping_table_of(configuration)
    if old_table != new_table:
        changes["groups"] = [old_table, new_table]
    if changes:
        audit_log(
            municipality=municipality,
            action="signin.oidc.configured",
            obj=configuration,
            user=user,
            data=changes,
        )
    return configuration


def mapping_table_of(configuration: OidcConfiguration) -> dict[str, list]:
    return {
        row.group: [row.role, sorted(unit.name for unit in row.units.all())]
        for row in configuration.group_roles.prefetch_related("units").order_by("group", "pk")
    }


@transaction.atomic
def password_policy_set(*, municipality: Municipality, user, totp_required: bool) -> PasswordPolicy:
    policy, _created = PasswordPolicy.objects.get_or_create(municipality=municipality)
    if policy.totp_required != totp_required:
        audit_log(
            municipality=municipality,
            action="signin.policy.changed",
            obj=policy,
            user=user,
            data={"totp_required": [policy.totp_required, totp_required]},
        )
        policy.totp_required = totp_required
        policy.save()
    return policy


def grant_of(configuration: OidcConfiguration, groups: list[str]) -> Grant:
    """The strongest role among the user's mapped groups; a rapportör's units from all its groups."""
    rows = [row for row in configuration.group_roles.all() if row.group in set(groups)]
    if not rows:
        return Grant(role=None)
    role = min((row.role for row in rows), key=lambda r: ROLE_RANK.index(Role(r)))
    units: list[OrgUnit] = []
    if role == Role.REPORTER:
        found = {unit.pk: unit for row in rows if row.role == Role.REPORTER for unit in row.units.all()}
        units = sorted(found.values(), key=lambda unit: (unit.name, unit.pk))
    return Grant(role=role, units=units)


def groups_in(claims: dict, claim: str) -> list[str]:
    """The groups of a claim: a list of names, or one name (providers differ)."""
    value = claims.get(claim)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return []


@transaction.atomic
def membership_apply(*, configuration: OidcConfiguration, user, grant: Grant, subject: str) -> dict:
    """Set the user's membership to what the groups give at this sign-in; return what changed."""
    municipality = configuration.municipality
    membership = Membership.objects.filter(user=user).first()
    before = (
        [membership.role, sorted(unit.name for unit in membership.units.all())] if membership else [None, []]
    )
    if grant.role is None:
        if membership is not None:
            membership.delete()
    else:
        if membership is None:
            membership = Membership.objects.create(user=user, municipality=municipality, role=grant.role)
        elif membership.role != grant.role:
            membership.role = grant.role
            membership.save()
        membership.units.set(grant.units)
    after = [grant.role, sorted(unit.name for unit in grant.units)]
    changes = {"role": [before[0], after[0]]} if before[0] != after[0] else {}
    if before[1] != after[1]:
        changes["units"] = [before[1], after[1]]
    if changes:
        audit_log(
            municipality=municipality,
            action="signin.oidc.role_changed",
            obj=user,
            user=user if grant.role else None,
            data={**changes, "subject": subject},
        )
    return changes


def oidc_sign_in_recorded(*, configuration: OidcConfiguration, user, subject: str, groups: list[str]) -> None:
    audit_log(
        municipality=configuration.municipality,
        action="signin.oidc.signed_in",
        obj=user,
        user=user,
        data={"subject": subject, "groups": groups},
    )


def oidc_refusal_recorded(
    *, municipality: Municipality | None, reason: str, subject: str = "", user=None, detail: str = ""
) -> None:
    audit_log(
        municipality=municipality,
        action="signin.oidc.refused",
        obj=user,
        object_type="auth.user",
        object_repr=subject,
        data={"reason": reason, "subject": subject, **({"detail": detail[:300]} if detail else {})},
    )


def totp_activate(*, user, secret: str) -> Authenticator:
    with transaction.atomic():
        authenticator = TOTP.activate(user, secret).instance
        audit_log(municipality=_municipality_of(user), action="signin.totp.activated", obj=user, user=user)
    return authenticator


def totp_deactivate(*, user) -> None:
    with transaction.atomic():
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        audit_log(municipality=_municipality_of(user), action="signin.totp.deactivated", obj=user, user=user)


def totp_code_recorded(*, user, valid: bool, ip_address: str | None) -> None:
    audit_log(
        municipality=_municipality_of(user),
        action="signin.totp.verified" if valid else "signin.totp.failed",
        obj=user,
        user=user if valid else None,
        data={"ip_address": ip_address},
    )


def _municipality_of(user):
    membership = Membership.objects.select_related("municipality").filter(user=user).first()
    return membership.municipality if membership else None


def username_taken(username: str) -> bool:
    return get_user_model().objects.filter(username=username).exists()
