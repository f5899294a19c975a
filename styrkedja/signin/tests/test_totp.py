"""The second factor of password users: set up with the secret shown, then asked at each log-in."""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from styrkedja.audit.models import AuditEntry
from styrkedja.signin.models import PasswordPolicy

PASSWORD = "styrkedja-demo"


def _code(secret: str, offset: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def _log_in(client: Client, username: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


def test_a_required_user_without_totp_reaches_no_page_before_setting_it_up(members, mjolby):
    PasswordPolicy.objects.create(municipality=mjolby, totp_required=True)
    client = Client()
    assert _log_in(client, "mjolby-lasare").status_code == 302

    for name in ("followup:start", "plans:list", "accounts:password_change"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"] == reverse("signin:totp"), name

    page = client.get(reverse("signin:totp"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Kommunen kräver tvåstegsverifiering" in body and "<svg" in body
    secret = client.session["signin.totp_secret"]
    assert secret in body  # the key as text, for an app without a camera

    wrong = client.post(reverse("signin:totp"), {"code": "000000" if _code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200 and "Engångskoden stämmer inte" in wrong.content.decode()
    assert not Authenticator.objects.filter(user=members["mjolby-lasare"]).exists()

    done = client.post(reverse("signin:totp"), {"code": _code(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=members["mjolby-lasare"], type="totp").exists()
    assert client.get(reverse("followup:start")).status_code == 200
    assert AuditEntry.objects.filter(
        action="signin.totp.activated", object_id=str(members["mjolby-lasare"].pk)
    )

    # Another municipality's password users are not asked.
    other = Client()
    _log_in(other, "valdemarsvik-lasare")
    assert other.get(reverse("followup:start")).status_code == 200


def test_with_totp_the_log_in_asks_for_a_valid_code(members):
    user = members["mjolby-controller"]
    setup = Client()
    _log_in(setup, "mjolby-controller")
    setup.get(reverse("signin:totp"))
    secret = setup.session["signin.totp_secret"]
    assert setup.post(reverse("signin:totp"), {"code": _code(secret)}).status_code == 302

    client = Client()
    response = _log_in(client, "mjolby-controller")
    assert response.status_code == 302 and response["Location"] == reverse("signin:code")
    assert "_auth_user_id" not in client.session
    # Without the code the password alone gives no page.
    assert client.get(reverse("followup:start"))["Location"].startswith(reverse("accounts:login"))

    wrong = client.post(reverse("signin:code"), {"code": _code(secret, offset=10)})
    assert wrong.status_code == 200 and "Engångskoden stämmer inte" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    letters = client.post(reverse("signin:code"), {"code": "abcdef"})
    assert "bara av siffror" in letters.content.decode()

    right = client.post(reverse("signin:code"), {"code": _code(secret, offset=1)})
    assert right.status_code == 302 and right["Location"] == reverse("followup:start")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get(reverse("followup:start")).status_code == 200
    actions = list(AuditEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))
    assert "signin.totp.failed" in actions and "signin.totp.verified" in actions


def test_five_wrong_codes_end_the_attempt(members):
    setup = Client()
    _log_in(setup, "mjolby-rapportor")
    setup.get(reverse("signin:totp"))
    secret = setup.session["signin.totp_secret"]
    setup.post(reverse("signin:totp"), {"code": _code(secret)})

    client = Client()
    _log_in(client, "mjolby-rapportor")
    for _attempt in range(4):
        assert client.post(reverse("signin:code"), {"code": _code(secret, offset=20)}).status_code == 200
    last = client.post(reverse("signin:code"), {"code": _code(secret, offset=20)})
    assert last.status_code == 302 and last["Location"] == reverse("accounts:login")
    # The right code no longer helps: the password must be given again.
    again = client.post(reverse("signin:code"), {"code": _code(secret)})
    assert again["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
