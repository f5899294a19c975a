"""Log-in: the demo users get in; repeated failures lock the user name out."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse


def _log_in(client: Client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_a_demo_user_logs_in_and_lands_on_the_start_page(members):
    client = Client()
    response = _log_in(client, "mjolby-rapportor", "styrkedja-demo")
    assert response.status_code == 302 and response["Location"] == reverse("followup:start")
    assert "Att rapportera" in client.get(reverse("followup:start")).content.decode()


def test_a_wrong_password_says_so_in_swedish(members):
    response = _log_in(Client(), "mjolby-rapportor", "fel")
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()


def test_five_failures_lock_the_user_name_even_for_the_right_password(members, settings):
    client = Client()
    for _attempt in range(settings.LOGIN_FAILURES_PER_USERNAME):
        _log_in(client, "mjolby-lasare", "fel")

    response = _log_in(client, "mjolby-lasare", "styrkedja-demo")

    assert response.status_code == 429
    assert "För många misslyckade inloggningar" in response.content.decode()
    assert "15 minuter" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another user name from the same place is not locked.
    assert _log_in(Client(), "mjolby-controller", "styrkedja-demo").status_code == 302


def test_passwords_are_hashed_with_argon2(members, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = members["mjolby-lasare"]
    user.set_password("ett-långt-lösenord")
    assert user.password.startswith("argon2")


def test_logging_out_takes_a_post(client_as):
    client = client_as("mjolby-lasare")
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("followup:start")).status_code == 302
