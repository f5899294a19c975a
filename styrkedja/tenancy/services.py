"""Writes of a municipality's organisation: units, partners and members, each change in the audit log.

Every function checks its business rules and raises ``ValidationError`` with Swedish messages, as a
dict ``{field: message}`` where a field is at fault, before it writes anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from styrkedja.audit.services import audit_log
from styrkedja.tenancy.choices import Role, UnitKind
from styrkedja.tenancy.models import Membership, Municipality, OrgUnit, Partner
from styrkedja.tenancy.validators import validate_municipality_slug

if TYPE_CHECKING:
    from django.contrib.auth.models import User

UNIT_FIELDS = ("name", "short_name", "slug", "kind", "parent")
MEMBER_USER_FIELDS = ("first_name", "last_name", "email", "is_active")


# The municipality


def _reserved_slug_error(slug: str) -> str | None:
    try:
        validate_municipality_slug(slug)
    except ValidationError as error:
        return error.messages[0]
    return None


def _municipality_errors(*, slug: str, name: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not slug:
        errors["slug"] = _("Ange kommunens kortnamn, t.ex. ”linkoping”: det ingår i adresser och plannamn.")
    else:
        try:
            validate_slug(slug)
        except ValidationError:
            errors["slug"] = _(
                "Kommunens kortnamn får bara innehålla bokstäver a–z, siffror, bindestreck och understreck."
            )
        else:
            if len(slug) > 50:
                errors["slug"] = _("Kommunens kortnamn får vara högst 50 tecken.")
            elif reserved := _reserved_slug_error(slug):
                errors["slug"] = reserved
            elif Municipality.objects.filter(slug=slug).exists():
                errors["slug"] = _("Det finns redan en kommun med kortnamnet ”%(slug)s”.") % {"slug": slug}
    if not name:
        errors["name"] = _("Ange kommunens namn, t.ex. ”Linköpings kommun”.")
    elif len(name) > 200:
        errors["name"] = _("Kommunens namn får vara högst 200 tecken.")
    return errors


@transaction.atomic
def municipality_create(
    *,
    slug: str,
    name: str,
    board_name: str,
    board_slug: str,
    administrator_username: str,
    administrator_password: str,
    user: User | None = None,
) -> Membership:
    """A new municipality with its board and its first administratör, who makes the rest in the app.

    Either all of it is made or, with a ``ValidationError`` naming every fault, nothing.
    """
    slug, name = slug.strip(), name.strip()
    errors: dict[str, Any] = dict(_municipality_errors(slug=slug, name=name))
    if errors:
        raise ValidationError(errors)
    municipality = Municipality.objects.create(slug=slug, name=name)
    audit_log(
        municipality=municipality,
        action="tenancy.municipality.created",
        obj=municipality,
        user=user,
        data={"slug": [None, slug], "name": [None, name]},
    )
    try:
        unit_create(
            municipality=municipality, user=user, name=board_name, kind=UnitKind.BOARD, slug=board_slug
        )
    except ValidationError as error:
        errors.update({f"board_{field}": message for field, message in error.message_dict.items()})
    try:
        membership = member_create(
            municipality=municipality,
            user=user,
            username=administrator_username,
            password=administrator_password,
            role=Role.ADMINISTRATOR,
        )
    except ValidationError as error:
        errors.update({f"administrator_{field}": message for field, message in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return membership


# Units


def _unit_errors(
    *,
    municipality: Municipality,
    unit: OrgUnit | None,
    name: str,
    short_name: str,
    slug: str,
    kind: str,
    parent: OrgUnit | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    others = municipality.units.all() if unit is None else municipality.units.exclude(pk=unit.pk)
    if not name:
        errors["name"] = _("Ange enhetens namn.")
    elif len(name) > 200:
        errors["name"] = _("Namnet får vara högst 200 tecken.")
    elif others.filter(name__iexact=name).exists():
        errors["name"] = _("Det finns redan en enhet som heter ”%(name)s” i kommunen.") % {"name": name}
    if len(short_name) > 40:
        errors["short_name"] = _("Förkortningen får vara högst 40 tecken.")
    if kind not in UnitKind.values:
        errors["kind"] = _("Välj en av typerna i listan.")
    if slug:
        try:
            validate_slug(slug)
        except ValidationError:
            errors["slug"] = _(
                "Kortnamnet får bara innehålla bokstäver a–z, siffror, bindestreck och understreck."
            )
        else:
            if others.filter(slug=slug).exists():
                errors["slug"] = _("Kortnamnet ”%(slug)s” används redan av en annan enhet i kommunen.") % {
                    "slug": slug
                }
    elif kind == UnitKind.BOARD:
        errors["slug"] = _("En nämnd eller styrelse måste ha ett kortnamn: det ingår i plannamnet.")
    if parent is not None:
        if parent.municipality_id != municipality.pk:
            errors["parent"] = _("Välj en överordnad enhet i den egna kommunen.")
        elif unit is not None and unit.pk in _ancestors_and_self(
            municipality=municipality, unit_id=parent.pk
        ):
            errors["parent"] = _(
                "Överordnad enhet: en enhet kan inte ligga under sig själv eller under någon av sina "
                "underenheter. Välj en annan överordnad enhet."
            )
    return errors


def _ancestors_and_self(*, municipality: Municipality, unit_id: int) -> set[int]:
    parents = dict(municipality.units.values_list("pk", "parent_id"))
    found: set[int] = set()
    current: int | None = unit_id
    while current is not None and current not in found:
        found.add(current)
        current = parents.get(current)
    return found


def _unit_value(name: str, value: Any) -> Any:
    """A field's value as the audit log records it: the parent unit by its name."""
    if name == "parent":
        return value.name if value is not None else None
    return value


@transaction.atomic
def unit_create(
    *,
    municipality: Municipality,
    user: User | None,
    name: str,
    kind: str,
    short_name: str = "",
    slug: str = "",
    parent: OrgUnit | None = None,
) -> OrgUnit:
    """A new unit of the municipality, placed last among its siblings."""
    name, short_name, slug = name.strip(), short_name.strip(), slug.strip()
    errors = _unit_errors(
        municipality=municipality,
        unit=None,
        name=name,
        short_name=short_name,
        slug=slug,
        kind=kind,
        parent=parent,
    )
    if errors:
        raise ValidationError(errors)
    last = municipality.units.filter(parent=parent).aggregate(last=Max("order"))["last"]
    unit = OrgUnit.objects.create(
        municipality=municipality,
        name=name,
        short_name=short_name,
        slug=slug,
        kind=kind,
        parent=parent,
        order=0 if last is None else last + 1,
    )
    data = {
        field: [None, _unit_value(field, getattr(unit, field))]
        for field in UNIT_FIELDS
        if getattr(unit, field) not in ("", None)
    }
    audit_log(municipality=municipality, action="tenancy.unit.created", obj=unit, user=user, data=data)
    return unit


@transaction.atomic
def unit_update(*, unit: OrgUnit, user: User | None, **fields: Any) -> OrgUnit:
    """Change some of ``name``, ``short_name``, ``slug``, ``kind`` and ``parent``."""
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise ValueError(f"Not unit fields: {sorted(unknown)}")
    unit = (
        OrgUnit.objects.select_for_update(of=("self",))
        .select_related("parent", "municipality")
        .get(pk=unit.pk)
    )
    municipality = unit.municipality
    for field in ("name", "short_name", "slug"):
        if field in fields:
            fields[field] = (fields[field] or "").strip()
    wanted = {field: fields.get(field, getattr(unit, field)) for field in UNIT_FIELDS}
    errors = _unit_errors(municipality=municipality, unit=unit, **wanted)
    if errors:
        raise ValidationError(errors)
    changed = {
        field: [_unit_value(field, getattr(unit, field)), _unit_value(field, value)]
        for field, value in wanted.items()
        if getattr(unit, field) != value
    }
    if not changed:
        return unit
    for field in changed:
        setattr(unit, field, wanted[field])
    unit.save(update_fields=list(changed))
    audit_log(municipality=municipality, action="tenancy.unit.changed", obj=unit, user=user, data=changed)
    return unit


# Partners


def _partner_errors(*, municipality: Municipality, partner: Partner | None, name: str) -> dict[str, str]:
    others = municipality.partners.all() if partner is None else municipality.partners.exclude(pk=partner.pk)
    if not name:
        return {"name": _("Ange samverkanspartens namn.")}
    if len(name) > 200:
        return {"name": _("Namnet får vara högst 200 tecken.")}
    if others.filter(name__iexact=name).exists():
        return {
            "name": _("Det finns redan en samverkanspart som heter ”%(name)s” i kommunen.") % {"name": name}
        }
    return {}


@transaction.atomic
def partner_create(*, municipality: Municipality, user: User | None, name: str) -> Partner:
    name = name.strip()
    errors = _partner_errors(municipality=municipality, partner=None, name=name)
    if errors:
        raise ValidationError(errors)
    partner = Partner.objects.create(municipality=municipality, name=name)
    audit_log(
        municipality=municipality,
        action="tenancy.partner.created",
        obj=partner,
        user=user,
        data={"name": [None, name]},
    )
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, user: User | None, name: str) -> Partner:
    partner = Partner.objects.select_for_update().select_related("municipality").get(pk=partner.pk)
    name = name.strip()
    errors = _partner_errors(municipality=partner.municipality, partner=partner, name=name)
    if errors:
        raise ValidationError(errors)
    if partner.name == name:
        return partner
    before = partner.name
    partner.name = name
    partner.save(update_fields=["name"])
    audit_log(
        municipality=partner.municipality,
        action="tenancy.partner.changed",
        obj=partner,
        user=user,
        data={"name": [before, name]},
    )
    return partner


# Members


def _unit_names(units: Iterable[OrgUnit]) -> list[str]:
    return sorted(unit.name for unit in units)


def _member_errors(
    *, municipality: Municipality, role: str, units: list[OrgUnit], email: str
) -> dict[str, str | list[str]]:
    errors: dict[str, str | list[str]] = {}
    if role not in Role.values:
        errors["role"] = _("Välj en av rollerna i listan.")
    elif role == Role.REPORTER and not units:
        errors["units"] = _(
            "Enheter: en rapportör rapporterar för sina enheter och måste ha minst en. Välj enheten, "
            "eller ge användaren en annan roll."
        )
    if any(unit.municipality_id != municipality.pk for unit in units):
        errors["units"] = _("Välj bara enheter i den egna kommunen.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Ange en giltig e-postadress.")
    return errors


def _password_errors(password: str, user: User) -> list[str]:
    if not password:
        return [_("Ange ett lösenord.")]
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        return list(error.messages)
    return []


@transaction.atomic
def member_create(
    *,
    municipality: Municipality,
    user: User | None,
    username: str,
    password: str,
    role: str,
    units: Iterable[OrgUnit] = (),
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> Membership:
    """A new user, a member of the municipality with ``role``; ``units`` matter for a rapportör."""
    User = get_user_model()
    username, first_name, last_name, email = (
        username.strip(),
        first_name.strip(),
        last_name.strip(),
        email.strip(),
    )
    units = list(units)
    errors = _member_errors(municipality=municipality, role=role, units=units, email=email)
    if not username:
        errors["username"] = _("Ange ett användarnamn.")
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors["username"] = _(
                "Användarnamnet får bara innehålla bokstäver, siffror och tecknen @ . + - _ "
                "(inga mellanslag)."
            )
        else:
            if len(username) > 150:
                errors["username"] = _("Användarnamnet får vara högst 150 tecken.")
            elif User.objects.filter(username__iexact=username).exists():
                errors["username"] = _("Användarnamnet ”%(username)s” är upptaget. Välj ett annat.") % {
                    "username": username
                }
    new_user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    # Made before the password is checked: the rules refuse the words of the user's municipality.
    membership = Membership(user=new_user, municipality=municipality, role=role)
    password_errors = _password_errors(password, new_user)
    if password_errors:
        errors["password"] = password_errors
    if errors:
        raise ValidationError(errors)
    new_user.set_password(password)
    new_user.save()
    membership.user = new_user
    membership.save()
    membership.units.set(units)
    data: dict[str, list] = {"username": [None, username], "role": [None, role]}
    for field, value in (("first_name", first_name), ("last_name", last_name), ("email", email)):
        if value:
            data[field] = [None, value]
    if units:
        data["units"] = [None, _unit_names(units)]
    audit_log(
        municipality=municipality, action="tenancy.member.created", obj=membership, user=user, data=data
    )
    return membership


@transaction.atomic
def member_update(
    *,
    membership: Membership,
    user: User | None,
    role: str,
    units: Iterable[OrgUnit],
    is_active: bool,
    first_name: str,
    last_name: str,
    email: str,
) -> Membership:
    """Change a member's names, e-mail, role, units and whether the account is active.

    An administratör cannot take away their own role or deactivate their own account, so that
    the municipality always keeps the administratör who made the change.
    """
    membership = (
        Membership.objects.select_for_update().select_related("user", "municipality").get(pk=membership.pk)
    )
    member = membership.user
    units = list(units)
    first_name, last_name, email = first_name.strip(), last_name.strip(), email.strip()
    errors = _member_errors(municipality=membership.municipality, role=role, units=units, email=email)
    if user is not None and member.pk == user.pk:
        if membership.role == Role.ADMINISTRATOR and role != Role.ADMINISTRATOR:
            errors["role"] = _(
                "Roll: du kan inte ta bort din egen roll som administratör. "
                "Be en annan administratör göra det."
            )
        if not is_active:
            errors["is_active"] = _("Aktiv: du kan inte inaktivera ditt eget konto.")
    if errors:
        raise ValidationError(errors)

    wanted_user = {"first_name": first_name, "last_name": last_name, "email": email, "is_active": is_active}
    changed: dict[str, list] = {
        field: [getattr(member, field), value]
        for field, value in wanted_user.items()
        if getattr(member, field) != value
    }
    if membership.role != role:
        changed["role"] = [membership.role, role]
    before_units = list(membership.units.all())
    if {unit.pk for unit in before_units} != {unit.pk for unit in units}:
        changed["units"] = [_unit_names(before_units), _unit_names(units)]
    if not changed:
        return membership

    user_fields = [field for field in MEMBER_USER_FIELDS if field in changed]
    if user_fields:
        for field in user_fields:
            setattr(member, field, wanted_user[field])
        member.save(update_fields=user_fields)
    if "role" in changed:
        membership.role = role
        membership.save(update_fields=["role"])
    if "units" in changed:
        membership.units.set(units)
    audit_log(
        municipality=membership.municipality,
        action="tenancy.member.changed",
        obj=membership,
        user=user,
        data=changed,
    )
    return membership


@transaction.atomic
def member_set_password(*, membership: Membership, user: User | None, password: str) -> Membership:
    """Set a member's password; the audit log records that it was set, never the password."""
    membership = Membership.objects.select_related("user", "municipality").get(pk=membership.pk)
    member = get_user_model().objects.select_for_update().get(pk=membership.user_id)
    password_errors = _password_errors(password, member)
    if password_errors:
        raise ValidationError({"password": password_errors})
    member.set_password(password)
    member.save(update_fields=["password"])
    membership.user = member
    audit_log(
        municipality=membership.municipality,
        action="tenancy.member.password_set",
        obj=membership,
        user=user,
    )
    return membership
