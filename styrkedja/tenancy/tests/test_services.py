"""The business rules of units, partners and members, and what they write to the audit log."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from styrkedja.audit.models import AuditEntry
from styrkedja.tenancy.choices import Role, UnitKind
from styrkedja.tenancy.models import Membership, OrgUnit, Partner
from styrkedja.tenancy.services import (
    member_create,
    member_set_password,
    member_update,
    partner_create,
    partner_update,
    unit_create,
    unit_update,
)

PASSWORD = "Blåbärsskog-på-hösten-7"


@pytest.fixture
def admin(members):
    return members["mjolby-administrator"]


def _fingerprint() -> tuple:
    User = get_user_model()
    return (
        AuditEntry.objects.count(),
        OrgUnit.objects.count(),
        Partner.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        list(OrgUnit.objects.order_by("pk").values_list("name", "short_name", "slug", "kind", "parent_id")),
        list(Partner.objects.order_by("pk").values_list("name", flat=True)),
        list(User.objects.order_by("pk").values_list("first_name", "email", "is_active", "password")),
        list(Membership.objects.order_by("pk").values_list("role", flat=True)),
    )


def _refused(call, field: str, words: str):
    """``call`` raises a ValidationError on ``field`` whose message contains ``words``; nothing is written."""
    before = _fingerprint()
    with pytest.raises(ValidationError) as raised:
        call()
    messages = raised.value.message_dict[field]
    assert any(words in message for message in messages), messages
    assert _fingerprint() == before
    return messages


def _last_entry(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).order_by("-id").first()


# Units


def test_unit_create_places_the_unit_last_and_logs_it(mjolby, admin):
    board = mjolby.units.get(name="Kommunstyrelsen")
    administration = mjolby.units.get(name="Kommunstyrelsens förvaltning")
    unit = unit_create(
        municipality=mjolby,
        user=admin,
        name="  Säkerhetsavdelningen ",
        kind=UnitKind.DEPARTMENT,
        short_name="Säk",
        parent=administration,
    )
    assert unit.name == "Säkerhetsavdelningen"
    assert unit.municipality == mjolby
    assert unit.order > max(administration.children.exclude(pk=unit.pk).values_list("order", flat=True))
    entry = _last_entry("tenancy.unit.created")
    assert (entry.municipality, entry.user, entry.object_id) == (mjolby, admin, str(unit.pk))
    assert entry.data == {
        "name": [None, "Säkerhetsavdelningen"],
        "short_name": [None, "Säk"],
        "kind": [None, "department"],
        "parent": [None, "Kommunstyrelsens förvaltning"],
    }
    assert board.pk != unit.pk


def test_unit_names_and_slugs_are_unique_per_municipality(mjolby, valdemarsvik, admin):
    _refused(
        lambda: unit_create(municipality=mjolby, user=admin, name="kommunledningskontoret", kind="office"),
        "name",
        "Det finns redan en enhet",
    )
    _refused(
        lambda: unit_create(municipality=mjolby, user=admin, name="Ny nämnd", kind="board", slug="ks"),
        "slug",
        "används redan",
    )
    # Another municipality's names and slugs do not matter.
    unit = unit_create(
        municipality=valdemarsvik, user=None, name="Kommunledningskontoret", kind="office", slug="klk"
    )
    assert unit.municipality == valdemarsvik


def test_a_board_needs_a_slug_and_a_slug_must_be_a_slug(mjolby, admin):
    _refused(
        lambda: unit_create(municipality=mjolby, user=admin, name="Tekniska nämnden", kind=UnitKind.BOARD),
        "slug",
        "måste ha ett kortnamn",
    )
    _refused(
        lambda: unit_create(
            municipality=mjolby, user=admin, name="Tekniska nämnden", kind="board", slug="tek nisk"
        ),
        "slug",
        "Kortnamnet får bara",
    )
    _refused(
        lambda: unit_create(municipality=mjolby, user=admin, name="Något", kind="nonsense"), "kind", "typerna"
    )
    board = unit_create(municipality=mjolby, user=admin, name="Tekniska nämnden", kind="board", slug="tn")
    _refused(lambda: unit_update(unit=board, user=admin, slug=""), "slug", "måste ha ett kortnamn")


def test_a_unit_cannot_be_its_own_ancestor(mjolby, admin):
    board = mjolby.units.get(name="Kommunstyrelsen")
    below = mjolby.units.get(name="Kommunledningskontoret")
    messages = _refused(
        lambda: unit_update(unit=board, user=admin, parent=below), "parent", "Överordnad enhet"
    )
    assert "underenheter" in messages[0]
    _refused(lambda: unit_update(unit=below, user=admin, parent=below), "parent", "sig själv")


def test_the_parent_must_be_of_the_same_municipality(mjolby, valdemarsvik, admin):
    foreign = valdemarsvik.units.get(name="Kommunstyrelsen")
    _refused(
        lambda: unit_create(municipality=mjolby, user=admin, name="Ny", kind="unit", parent=foreign),
        "parent",
        "egna kommunen",
    )
    unit = mjolby.units.get(name="Medborgarservice")
    _refused(lambda: unit_update(unit=unit, user=admin, parent=foreign), "parent", "egna kommunen")


def test_unit_update_logs_only_what_changed(mjolby, admin):
    unit = mjolby.units.get(name="Medborgarservice")
    board = mjolby.units.get(name="Kommunstyrelsen")
    before = AuditEntry.objects.count()
    unit_update(unit=unit, user=admin, name="Medborgarservice", short_name="")  # nothing new
    assert AuditEntry.objects.count() == before

    unit = unit_update(unit=unit, user=admin, name="Kontaktcenter", short_name="KC", parent=board)
    unit.refresh_from_db()
    assert (unit.name, unit.short_name, unit.parent) == ("Kontaktcenter", "KC", board)
    entry = _last_entry("tenancy.unit.changed")
    assert entry.user == admin
    assert entry.data == {
        "name": ["Medborgarservice", "Kontaktcenter"],
        "short_name": ["", "KC"],
        "parent": ["Kommunstyrelsens förvaltning", "Kommunstyrelsen"],
    }

    with pytest.raises(ValueError):
        unit_update(unit=unit, user=admin, municipality=None)


# Partners


def test_partners_are_created_renamed_and_unique_per_municipality(mjolby, valdemarsvik, admin):
    partner = partner_create(municipality=mjolby, user=admin, name=" Trafikverket ")
    assert partner.name == "Trafikverket"
    assert _last_entry("tenancy.partner.created").data == {"name": [None, "Trafikverket"]}

    _refused(
        lambda: partner_create(municipality=mjolby, user=admin, name="polisen"), "name", "Det finns redan"
    )
    _refused(lambda: partner_update(partner=partner, user=admin, name="Polisen"), "name", "Det finns redan")
    _refused(lambda: partner_create(municipality=mjolby, user=admin, name="  "), "name", "Ange")
    assert partner_create(municipality=valdemarsvik, user=None, name="Polisen").municipality == valdemarsvik

    before = AuditEntry.objects.count()
    partner_update(partner=partner, user=admin, name="Trafikverket")
    assert AuditEntry.objects.count() == before
    partner_update(partner=partner, user=admin, name="Trafikverket Region Öst")
    partner.refresh_from_db()
    assert partner.name == "Trafikverket Region Öst"
    entry = _last_entry("tenancy.partner.changed")
    assert entry.data == {"name": ["Trafikverket", "Trafikverket Region Öst"]}
    assert entry.object_id == str(partner.pk)


# Members


def test_member_create_makes_a_user_who_can_log_in(mjolby, admin):
    units = list(mjolby.units.filter(name__in=["Kommunledningskontoret", "Medborgarservice"]))
    membership = member_create(
        municipality=mjolby,
        user=admin,
        username="anna.andersson",
        password=PASSWORD,
        role=Role.REPORTER,
        units=units,
        first_name="Anna",
        last_name="Andersson",
        email="anna.andersson@mjolby.se",
    )
    user = membership.user
    assert (membership.municipality, membership.role) == (mjolby, Role.REPORTER)
    assert set(membership.units.all()) == set(units)
    assert user.check_password(PASSWORD)
    assert (user.first_name, user.last_name, user.email, user.is_active) == (
        "Anna",
        "Andersson",
        "anna.andersson@mjolby.se",
        True,
    )
    entry = _last_entry("tenancy.member.created")
    assert entry.object_id == str(membership.pk)
    assert entry.data == {
        "username": [None, "anna.andersson"],
        "role": [None, "reporter"],
        "first_name": [None, "Anna"],
        "last_name": [None, "Andersson"],
        "email": [None, "anna.andersson@mjolby.se"],
        "units": [None, ["Kommunledningskontoret", "Medborgarservice"]],
    }
    assert PASSWORD not in str(entry.data)


def test_member_create_refuses_bad_input(mjolby, valdemarsvik, admin):
    def create(**changes):
        values = {
            "municipality": mjolby,
            "user": admin,
            "username": "ny.person",
            "password": PASSWORD,
            "role": Role.READER,
        }
        return lambda: member_create(**{**values, **changes})

    _refused(create(password="abc"), "password", "för kort")
    _refused(create(password="12345678901"), "password", "numeriskt")
    _refused(create(username="Mjolby-Controller"), "username", "är upptaget")
    _refused(create(username="ny person"), "username", "får bara innehålla")
    _refused(create(username=""), "username", "Ange ett användarnamn")
    _refused(create(role="boss"), "role", "rollerna")
    _refused(create(email="inte-en-adress"), "email", "giltig e-postadress")
    _refused(create(units=[valdemarsvik.units.first()]), "units", "egna kommunen")
    _refused(create(role=Role.REPORTER, units=[]), "units", "en rapportör rapporterar för sina enheter")
    _refused(create(password="ny.person.123", username="ny.person.123"), "password", "likt")


def test_member_update_changes_and_logs_only_what_changed(mjolby, members, admin):
    reader = members["mjolby-lasare"].membership
    unit = mjolby.units.get(name="Utbildningsförvaltningen")
    before = AuditEntry.objects.count()
    member_update(
        membership=reader,
        user=admin,
        role=Role.READER,
        units=[],
        is_active=True,
        first_name="",
        last_name="",
        email=reader.user.email,
    )
    assert AuditEntry.objects.count() == before

    member_update(
        membership=reader,
        user=admin,
        role=Role.REPORTER,
        units=[unit],
        is_active=False,
        first_name="Lisa",
        last_name="Läsare",
        email="lisa@mjolby.se",
    )
    reader.refresh_from_db()
    reader.user.refresh_from_db()
    assert reader.role == Role.REPORTER
    assert list(reader.units.all()) == [unit]
    assert (reader.user.get_full_name(), reader.user.email, reader.user.is_active) == (
        "Lisa Läsare",
        "lisa@mjolby.se",
        False,
    )
    entry = _last_entry("tenancy.member.changed")
    assert (entry.user, entry.object_id) == (admin, str(reader.pk))
    assert entry.data == {
        "first_name": ["", "Lisa"],
        "last_name": ["", "Läsare"],
        "email": ["mjolby-lasare@mjolby.example", "lisa@mjolby.se"],
        "is_active": [True, False],
        "role": ["reader", "reporter"],
        "units": [[], ["Utbildningsförvaltningen"]],
    }


def test_an_administrator_cannot_demote_or_deactivate_themselves(members, admin):
    own = admin.membership
    values = {
        "membership": own,
        "user": admin,
        "role": Role.ADMINISTRATOR,
        "units": [],
        "is_active": True,
        "first_name": "",
        "last_name": "",
        "email": "",
    }
    _refused(lambda: member_update(**{**values, "role": Role.CONTROLLER}), "role", "din egen roll")
    _refused(lambda: member_update(**{**values, "is_active": False}), "is_active", "ditt eget konto")
    # Another administratör may be demoted; the one who does it stays.
    other = member_create(
        municipality=own.municipality, user=admin, username="admin2", password=PASSWORD, role="administrator"
    )
    member_update(**{**values, "membership": other, "role": Role.READER})
    other.refresh_from_db()
    assert other.role == Role.READER


def test_member_set_password(members, admin):
    reader = members["mjolby-lasare"].membership
    _refused(
        lambda: member_set_password(membership=reader, user=admin, password="password"), "password", "vanligt"
    )
    member_set_password(membership=reader, user=admin, password=PASSWORD)
    reader.user.refresh_from_db()
    assert reader.user.check_password(PASSWORD)
    entry = _last_entry("tenancy.member.password_set")
    assert (entry.user, entry.object_id, entry.data) == (admin, str(reader.pk), {})
