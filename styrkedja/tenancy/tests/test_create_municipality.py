"""A new installation's first municipality, board and administratör, made without the demo."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from styrkedja.audit.models import AuditEntry
from styrkedja.tenancy.choices import Role, UnitKind
from styrkedja.tenancy.models import Membership, Municipality, OrgUnit

PASSWORD = "Blåbärsskog-på-hösten-7"


def create(monkeypatch, *args: str, stdin: str = PASSWORD + "\n") -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("create_municipality", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts() -> tuple[int, ...]:
    User = get_user_model()
    return tuple(model.objects.count() for model in (Municipality, OrgUnit, User, Membership, AuditEntry))


def test_the_municipality_its_board_and_administrator_are_made(db, monkeypatch):
    out = create(monkeypatch, "linkoping", "Linköpings kommun", "--administrator", "anna")

    municipality = Municipality.objects.get(slug="linkoping")
    assert municipality.name == "Linköpings kommun"
    board = municipality.units.get()
    assert (board.name, board.slug, board.kind, board.parent) == (
        "Kommunstyrelsen",
        "ks",
        UnitKind.BOARD,
        None,
    )
    membership = Membership.objects.get(user__username="anna")
    assert (membership.municipality, membership.role) == (municipality, Role.ADMINISTRATOR)
    assert membership.user.check_password(PASSWORD)
    assert not membership.user.is_staff and not membership.user.is_superuser
    assert "Skapade Linköpings kommun (linkoping)" in out
    assert set(AuditEntry.objects.filter(municipality=municipality).values_list("action", flat=True)) == {
        "tenancy.municipality.created",
        "tenancy.unit.created",
        "tenancy.member.created",
    }
    # The administratör logs in and administers the new municipality.
    client = Client()
    logged_in = client.post(reverse("accounts:login"), {"username": "anna", "password": PASSWORD})
    assert logged_in.status_code == 302
    page = client.get(reverse("tenancy:units"))
    assert page.status_code == 200 and "Kommunstyrelsen" in page.content.decode()


def test_the_board_is_named_by_options(db, monkeypatch):
    create(
        monkeypatch,
        "boxholm",
        "Boxholms kommun",
        "--board",
        "Kommunfullmäktige",
        "--board-slug",
        "kf",
        "--administrator",
        "bo",
    )
    board = Municipality.objects.get(slug="boxholm").units.get()
    assert (board.name, board.slug) == ("Kommunfullmäktige", "kf")


@pytest.mark.parametrize(
    "args, stdin, fault",
    [
        (
            ["mjolby", "Mjölby kommun", "--administrator", "ny"],
            PASSWORD,
            "kortnamn: Det finns redan en kommun",
        ),
        (
            ["ny kommun", "Ny kommun", "--administrator", "ny"],
            PASSWORD,
            "kortnamn: Kommunens kortnamn får bara",
        ),
        (["ny", "", "--administrator", "ny"], PASSWORD, "namn: Ange kommunens namn"),
        (["ny", "Ny kommun", "--board-slug", "k s", "--administrator", "ny"], PASSWORD, "--board-slug: "),
        (["ny", "Ny kommun", "--administrator", "mjolby-lasare"], PASSWORD, "--administrator: "),
        (["ny", "Ny kommun", "--administrator", "ny"], "", "lösenord: Ange ett lösenord."),
        (["ny", "Ny kommun", "--administrator", "ny"], "kort", "lösenord: "),
        (["ny", "Ny kommun", "--administrator", "ny"], "12345678901234", "lösenord: "),
    ],
)
def test_a_fault_is_named_and_nothing_is_made(members, monkeypatch, args, stdin, fault):
    before = counts()
    with pytest.raises(CommandError) as raised:
        create(monkeypatch, *args, stdin=stdin + "\n")
    assert str(raised.value).startswith("Inget skapades. ")
    assert fault in str(raised.value)
    assert counts() == before


def test_every_fault_of_the_board_and_administrator_is_named_at_once(members, monkeypatch):
    with pytest.raises(CommandError) as raised:
        create(
            monkeypatch,
            "ny",
            "Ny kommun",
            "--board-slug",
            "k s",
            "--administrator",
            "mjolby-lasare",
            stdin="kort\n",
        )
    message = str(raised.value)
    assert "--board-slug: " in message and "--administrator: " in message and "lösenord: " in message


def test_at_a_terminal_the_password_is_asked_twice_and_again_when_refused(db, monkeypatch):
    answers = iter(["kort", "kort", PASSWORD, "annat", PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    terminal = io.StringIO()
    terminal.isatty = lambda: True
    monkeypatch.setattr("sys.stdin", terminal)
    errors = io.StringIO()
    call_command(
        "create_municipality", "ny", "Ny kommun", "--administrator", "ny", stdout=io.StringIO(), stderr=errors
    )

    assert "Lösenordet: " in errors.getvalue()  # "kort" was refused by the password validators
    assert "Lösenorden var inte lika" in errors.getvalue()
    assert get_user_model().objects.get(username="ny").check_password(PASSWORD)
    assert next(answers, None) is None
