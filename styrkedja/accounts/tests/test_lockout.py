"""Failed log-ins are limited per user name and address, and per address over all user names."""

from __future__ import annotations

from django.test import Client, RequestFactory
from django.urls import reverse

from styrkedja.accounts.lockout import client_ip
from styrkedja.audit.models import AuditEntry

ATTACKER = "198.51.100.7"
TOWN_HALL = "192.0.2.10"
ELSEWHERE = "203.0.113.9"
ACCOUNTS = [
    f"{slug}-{role}"
    for slug in ("mjolby", "valdemarsvik")
    for role in ("administrator", "controller", "rapportor")
]


def _log_in(address: str, username: str, password: str, **headers):
    return Client(REMOTE_ADDR=address, **headers).post(
        reverse("accounts:login"), {"username": username, "password": password}
    )


def test_password_spraying_from_one_address_is_stopped_before_the_24th_guess(members):
    guesses = [(username, f"gissning-{round_}") for round_ in range(4) for username in ACCOUNTS]
    assert len(guesses) == 24  # four guesses at each of six accounts: no user name reaches its limit
    statuses = [_log_in(ATTACKER, username, password).status_code for username, password in guesses]

    first_refusal = statuses.index(429)
    assert first_refusal < 23
    assert set(statuses[:first_refusal]) == {200}
    assert set(statuses[first_refusal:]) == {429}

    # The right password, from that address, is refused too, with the reason in Swedish.
    client = Client(REMOTE_ADDR=ATTACKER)
    response = client.post(
        reverse("accounts:login"), {"username": "mjolby-lasare", "password": "styrkedja-demo"}
    )
    assert response.status_code == 429
    body = response.content.decode()
    assert "För många misslyckade inloggningar från den här adressen" in body
    assert "Försök igen om 15 minuter." in body
    assert "_auth_user_id" not in client.session

    # Another address logs in.
    assert _log_in(ELSEWHERE, "mjolby-lasare", "styrkedja-demo").status_code == 302

    # One lock-out entry, the host's: the address spans municipalities.
    entry = AuditEntry.objects.get(action="accounts.login.locked_out")
    assert entry.municipality is None
    assert entry.object_repr == ATTACKER
    assert (entry.data["scope"], entry.data["ip_address"]) == ("address", ATTACKER)


def test_a_town_halls_shared_address_stands_many_mistakes(members, settings):
    # Everyone of the town hall mistypes once or twice; nobody is locked out.
    for username in ACCOUNTS:
        for _mistake in range(2):
            assert _log_in(TOWN_HALL, username, "fel-lösenord").status_code == 200
    assert 2 * len(ACCOUNTS) < settings.LOGIN_FAILURES_PER_ADDRESS
    for username in ACCOUNTS:
        assert _log_in(TOWN_HALL, username, "styrkedja-demo").status_code == 302


def test_a_user_name_is_locked_at_its_own_limit_and_a_colleague_is_not(members, settings):
    for _attempt in range(settings.LOGIN_FAILURES_PER_USERNAME):
        _log_in(TOWN_HALL, "mjolby-lasare", "fel")
    response = _log_in(TOWN_HALL, "mjolby-lasare", "styrkedja-demo")
    assert response.status_code == 429
    assert "med det här användarnamnet" in response.content.decode()
    assert _log_in(TOWN_HALL, "mjolby-controller", "styrkedja-demo").status_code == 302


def test_a_log_in_forgives_only_its_own_user_names_failures(members, settings):
    limit = settings.LOGIN_FAILURES_PER_USERNAME
    for _attempt in range(limit - 1):
        _log_in(TOWN_HALL, "mjolby-lasare", "fel")
        _log_in(TOWN_HALL, "mjolby-controller", "fel")
    # The reader gets in, and may mistype again as if new …
    assert _log_in(TOWN_HALL, "mjolby-lasare", "styrkedja-demo").status_code == 302
    assert _log_in(TOWN_HALL, "mjolby-lasare", "fel").status_code == 200
    # … but the controller's failures from the address are not wiped by the reader's success.
    assert _log_in(TOWN_HALL, "mjolby-controller", "fel").status_code == 429


def test_the_address_behind_a_reverse_proxy_is_the_one_the_proxy_saw(settings):
    factory = RequestFactory()
    settings.TRUSTED_PROXY_COUNT = 0
    request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=ATTACKER)
    assert client_ip(request) == "10.0.0.1"  # no proxy: the header is the client's own claim

    settings.TRUSTED_PROXY_COUNT = 1
    request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ATTACKER}")
    assert client_ip(request) == ATTACKER  # what the client wrote to the left is not believed
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


def test_clients_behind_a_proxy_are_counted_apart(members, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for round_ in range(4):
        for username in ACCOUNTS:
            _log_in(proxy, username, f"gissning-{round_}", HTTP_X_FORWARDED_FOR=ATTACKER)
    assert _log_in(proxy, "mjolby-lasare", "styrkedja-demo", HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429
    assert (
        _log_in(proxy, "mjolby-lasare", "styrkedja-demo", HTTP_X_FORWARDED_FOR=ELSEWHERE).status_code == 302
    )
