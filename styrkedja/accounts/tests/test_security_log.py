"""Log-ins, log-outs, failures and lock-outs are in the audit log, with who, when and from where."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from styrkedja.audit.models import AuditEntry

ADDRESS = "192.0.2.44"


def _client() -> Client:
    return Client(REMOTE_ADDR=ADDRESS)


def _log_in(client: Client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def _entries(action: str):
    return AuditEntry.objects.filter(action=action).order_by("id")


def test_a_log_in_and_a_log_out_are_logged(members):
    client = _client()
    assert _log_in(client, "mjolby-controller", "styrkedja-demo").status_code == 302
    user = members["mjolby-controller"]
    entry = _entries("accounts.login.succeeded").get()
    assert (entry.user, entry.user_name, entry.municipality.slug) == (user, "mjolby-controller", "mjolby")
    assert (entry.object_type, entry.object_id) == ("auth.user", str(user.pk))
    assert entry.data == {"ip_address": ADDRESS}

    client.post(reverse("accounts:logout"))
    entry = _entries("accounts.logout").get()
    assert (entry.user, entry.municipality.slug, entry.data) == (user, "mjolby", {"ip_address": ADDRESS})


def test_a_wrong_password_is_logged_against_the_user_without_the_password(members):
    _log_in(_client(), "valdemarsvik-lasare", "Hemlig-gissning-42")
    entry = _entries("accounts.login.failed").get()
    user = members["valdemarsvik-lasare"]
    assert (entry.municipality.slug, entry.object_id, entry.user) == ("valdemarsvik", str(user.pk), None)
    assert entry.data == {"username": "valdemarsvik-lasare", "ip_address": ADDRESS}
    assert "Hemlig-gissning-42" not in str(entry.__dict__)


def test_an_unknown_user_name_is_the_hosts_event(members):
    _log_in(_client(), "finns-inte", "något")
    entry = _entries("accounts.login.failed").get()
    assert entry.municipality is None
    assert (entry.object_type, entry.object_id, entry.object_repr) == ("auth.user", "", "finns-inte")


def test_a_superuser_without_a_municipality_is_logged_as_the_hosts(db):
    get_user_model().objects.create_superuser("värd", password="Regnbåge över Tåkern")
    _log_in(_client(), "värd", "Regnbåge över Tåkern")
    entry = _entries("accounts.login.succeeded").get()
    assert (entry.municipality, entry.user.username) == (None, "värd")


def test_a_lock_out_is_logged_once_and_the_failures_stay_in_the_log(members, settings):
    client = _client()
    limit = settings.LOGIN_FAILURES_PER_USERNAME
    for _attempt in range(limit + 2):
        _log_in(client, "mjolby-rapportor", "fel")
    assert _entries("accounts.login.failed").count() == limit + 2
    entry = _entries("accounts.login.locked_out").get()
    assert (entry.municipality.slug, entry.object_id) == ("mjolby", str(members["mjolby-rapportor"].pk))
    assert entry.data == {
        "scope": "username",
        "username": "mjolby-rapportor",
        "ip_address": ADDRESS,
        "failures": limit,
    }

    # django-axes forgets failures once the user gets in; the audit log does not.
    assert _log_in(Client(REMOTE_ADDR="203.0.113.1"), "mjolby-rapportor", "styrkedja-demo").status_code == 302
    assert _entries("accounts.login.failed").count() == limit + 2
