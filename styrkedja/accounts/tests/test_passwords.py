"""The password rules, at every place a password is set."""

from __future__ import annotations

import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from styrkedja.audit.models import AuditEntry
from styrkedja.tenancy.choices import Role
from styrkedja.tenancy.services import member_create, member_set_password

STRONG = "Blåbärsskog-på-hösten-7"

# Each weak password, and a part of the Swedish message that says why it is refused.
WEAK = [
    ("sommar2024", "för kort"),
    ("kommunen", "för kort"),
    (" " * 12, "bara av blanksteg"),
    ("Sommaren2024!", "”sommaren”"),
    ("kommunenkommunen", "”kommunen”"),
    ("Välkommen-2025", "”välkommen”"),
    ("L0s3nord-h3mligt", "”lösenord”, ”hemligt”"),
    ("P@ssw0rd2024!", "ett av de vanligaste lösenorden"),
    ("aaaaaaaaaaaaaaaa", "olika tecken"),
    ("abababababababab", "bara 2 olika tecken"),
    ("qwertyuiopå2024", "tangenter i rad"),
    ("Mjölby-2024-Mjölby", "”mjölby”"),  # the municipality's name
    ("Kommunledningskontoret1", "”kommunledningskontoret”"),  # one of its units
    ("mjolby-ny.person-2024", "”mjölby”, ”person”"),  # its short name, and the user name
]


def _create(mjolby, admin, password: str, **fields):
    values = {"municipality": mjolby, "user": admin, "username": "ny.person", "role": Role.READER}
    return member_create(**{**values, **fields, "password": password})


@pytest.mark.parametrize(("password", "why"), WEAK)
def test_an_administrator_cannot_create_a_user_with_a_weak_password(password, why, mjolby, members):
    before = (get_user_model().objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as raised:
        _create(mjolby, members["mjolby-administrator"], password)
    messages = raised.value.message_dict["password"]
    assert any(why in message for message in messages), messages
    assert (get_user_model().objects.count(), AuditEntry.objects.count()) == before


def test_the_users_own_names_are_refused(mjolby, members):
    with pytest.raises(ValidationError) as raised:
        admin = members["mjolby-administrator"]
        _create(mjolby, admin, "Lisa-Lindholm-1985", first_name="Lisa", last_name="Lindholm")
    assert any("”lisa”, ”lindholm”" in message for message in raised.value.messages), raised.value.messages


@pytest.mark.parametrize(
    "password",
    [
        STRONG,  # one guessable word (hösten) among words of one's own
        "korrekt häst batteri häftklammer",
        "Juni-sommar-i-Mjölby-vid-sjön",  # three guessable words, and eight letters of one's own
        "x9#Kp2$mQ7!zR",
    ],
)
def test_a_strong_password_is_accepted(password, mjolby, members):
    membership = _create(mjolby, members["mjolby-administrator"], password)
    assert membership.user.check_password(password)


def test_the_rule_is_explained_in_swedish_before_it_is_broken():
    help_text = " ".join(str(text) for text in password_validators_help_texts())
    assert "minst 12 tecken" in help_text
    assert "Minst 6 av bokstäverna måste vara andra än vanliga ord och namn" in help_text
    assert "kommunens och enheternas namn och ditt eget namn" in help_text


def test_the_message_says_how_many_letters_are_ones_own():
    with pytest.raises(ValidationError) as raised:
        validate_password("Sommar-Vinter-2024-ab")
    message = " ".join(raised.value.messages)
    assert "det bygger på ”sommar”, ”vinter”" in message
    assert "Nu är det 2." in message


def test_a_hostile_password_is_refused_at_once():
    started = time.monotonic()
    with pytest.raises(ValidationError) as raised:
        validate_password("Blåbär-" * 150_000)
    assert time.monotonic() - started < 2
    assert any("högst 256 tecken" in message for message in raised.value.messages)


def test_an_administrator_cannot_set_a_weak_password(members):
    reader = members["mjolby-lasare"].membership
    with pytest.raises(ValidationError) as raised:
        member_set_password(
            membership=reader, user=members["mjolby-administrator"], password="Mjolby2024!!Mjolby"
        )
    assert any("”mjolby”" in message for message in raised.value.message_dict["password"])
    assert reader.user.check_password("styrkedja-demo")


def test_a_user_changes_their_own_password_under_the_same_rules(client_as, members):
    client = client_as("mjolby-rapportor")
    url = reverse("accounts:password_change")
    values = {"old_password": "styrkedja-demo"}
    body = client.post(url, {**values, "new_password1": "Sommar2024!!", "new_password2": "Sommar2024!!"})
    assert "”sommar”" in body.content.decode()
    user = get_user_model().objects.get(username="mjolby-rapportor")
    assert user.check_password("styrkedja-demo")
    assert not AuditEntry.objects.filter(action="accounts.password.changed").exists()

    response = client.post(url, {**values, "new_password1": STRONG, "new_password2": STRONG})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(STRONG)
    entry = AuditEntry.objects.get(action="accounts.password.changed")
    assert (entry.user, entry.object_id, entry.municipality.slug) == (user, str(user.pk), "mjolby")
    assert entry.data == {}
    assert client.get(reverse("followup:start")).status_code == 200  # still logged in


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("värd", password=STRONG)


def test_djangos_admin_refuses_a_weak_password_for_a_new_user(superuser):
    client = Client()
    client.force_login(superuser)
    url = reverse("admin:auth_user_add")
    weak = "kommunenkommunen"
    response = client.post(
        url, {"username": "ny", "password1": weak, "password2": weak, "usable_password": "true"}
    )
    assert response.status_code == 200
    assert "”kommunen”" in response.content.decode()
    assert not get_user_model().objects.filter(username="ny").exists()


def test_djangos_admin_refuses_a_weak_password_when_setting_one(superuser, members):
    client = Client()
    client.force_login(superuser)
    reader = members["mjolby-lasare"]
    url = reverse("admin:auth_user_password_change", args=[reader.pk])
    weak = "Mjolby-Mjolby-1"
    response = client.post(url, {"password1": weak, "password2": weak, "usable_password": "true"})
    assert "”mjolby”" in response.content.decode()
    reader.refresh_from_db()
    assert reader.check_password("styrkedja-demo")


def test_the_admins_own_password_change_is_checked_and_logged(superuser):
    client = Client()
    client.force_login(superuser)
    url = reverse("admin:password_change")
    values = {"old_password": STRONG}
    response = client.post(
        url, {**values, "new_password1": "hemligthemligt", "new_password2": "hemligthemligt"}
    )
    assert "”hemligt”" in response.content.decode()
    new = "Regnbåge över Tåkern i gryningen"
    response = client.post(url, {**values, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    superuser.refresh_from_db()
    assert superuser.check_password(new)
    entry = AuditEntry.objects.get(action="accounts.password.changed")
    assert (entry.user, entry.municipality) == (superuser, None)


def test_createsuperuser_without_input_checks_the_password(monkeypatch, db):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "sommarsommar")
    with pytest.raises(CommandError, match="”sommar”"):
        call_command("createsuperuser", "--noinput", "--username", "host", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="host").exists()

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)
    call_command("createsuperuser", "--noinput", "--username", "host", stdout=io.StringIO())
    user = get_user_model().objects.get(username="host")
    assert user.is_superuser and user.check_password(STRONG)
    entry = AuditEntry.objects.get(action="accounts.superuser.created")
    assert (entry.municipality, entry.object_id) == (None, str(user.pk))
    assert entry.data["is_superuser"] == [None, True]
    assert STRONG not in str(entry.data)


def test_createsuperuser_asks_again_and_offers_no_bypass(monkeypatch, db):
    answers = iter(["kommunenkommunen", "kommunenkommunen"] * 3)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    errors = io.StringIO()
    with pytest.raises(CommandError, match="efter 3 försök"):
        call_command("createsuperuser", "--username", "host", stdout=io.StringIO(), stderr=errors)
    assert "”kommunen”" in errors.getvalue()
    assert not get_user_model().objects.filter(username="host").exists()

    answers = iter(["kommunenkommunen", "kommunenkommunen", STRONG, STRONG])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command(
        "createsuperuser", "--username", "host", "--email", "", stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert get_user_model().objects.get(username="host").check_password(STRONG)


def test_changepassword_checks_the_password_and_is_logged(monkeypatch, members):
    answers = iter(["sommarsommar", "sommarsommar", STRONG, STRONG])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    errors = io.StringIO()
    call_command("changepassword", "mjolby-lasare", stdout=io.StringIO(), stderr=errors)
    assert "”sommar”" in errors.getvalue()
    user = members["mjolby-lasare"]
    user.refresh_from_db()
    assert user.check_password(STRONG)
    entry = AuditEntry.objects.get(action="accounts.password.set_by_command")
    assert (entry.object_id, entry.municipality.slug, entry.user) == (str(user.pk), "mjolby", None)
