"""Sign-in through the municipality's own identity provider: a real OpenID provider on 127.0.0.1."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from styrkedja.audit.models import AuditEntry
from styrkedja.signin.services import Mapping, oidc_configuration_set
from styrkedja.signin.tests.provider import running_provider, set_groups, sign_in
from styrkedja.tenancy.choices import Role
from styrkedja.tenancy.models import Membership, OrgUnit

User = get_user_model()


@pytest.fixture(scope="module")
def issuer():
    with running_provider() as url:
        yield url


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    # The provider is on this machine: never through a proxy the environment may name.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def _configure(municipality, issuer, admin=None, units=()):
    return oidc_configuration_set(
        municipality=municipality,
        user=admin,
        issuer=issuer,
        client_id=f"styrkedja-{municipality.slug}",
        secret=f"hemlig-{municipality.slug}-0123456789",
        groups_claim="groups",
        mappings=[
            Mapping(group="sd-admin", role=Role.ADMINISTRATOR),
            Mapping(group="sd-controller", role=Role.CONTROLLER),
            Mapping(group="sd-rapportor", role=Role.REPORTER, units=tuple(units)),
            Mapping(group="sd-lasare", role=Role.READER),
        ],
    )


def _messages(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def test_a_new_user_gets_the_role_and_units_of_the_group(mjolby, issuer):
    unit = OrgUnit.objects.filter(municipality=mjolby).order_by("pk").first()
    _configure(mjolby, issuer, units=[unit])
    set_groups(issuer, "anna-1001", ["sd-rapportor", "ovrigt"])
    client = Client()

    response = sign_in(client, "kommun-mjolby", "anna-1001")

    assert response.status_code == 302 and response["Location"] == reverse("followup:start")
    user = User.objects.get(username="anna-1001")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert user.membership.municipality == mjolby
    assert user.membership.role == Role.REPORTER
    assert list(user.membership.units.all()) == [unit]
    assert not user.has_usable_password()
    assert client.get(reverse("followup:start")).status_code == 200
    actions = set(AuditEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))
    assert {"signin.oidc.signed_in", "signin.oidc.role_changed", "accounts.login.succeeded"} <= actions


def test_the_role_follows_the_groups_and_a_removed_group_removes_it(mjolby, issuer):
    _configure(mjolby, issuer)
    set_groups(issuer, "bertil-1002", ["sd-lasare", "sd-controller"])
    assert sign_in(Client(), "kommun-mjolby", "bertil-1002").status_code == 302
    user = User.objects.get(username="bertil-1002")
    assert user.membership.role == Role.CONTROLLER  # the strongest of the groups

    set_groups(issuer, "bertil-1002", ["sd-lasare"])
    assert sign_in(Client(), "kommun-mjolby", "bertil-1002").status_code == 302
    assert Membership.objects.get(user=user).role == Role.READER

    set_groups(issuer, "bertil-1002", ["ovrigt"])
    client = Client()
    response = sign_in(client, "kommun-mjolby", "bertil-1002")

    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert not Membership.objects.filter(user=user).exists()
    assert "inte med i någon av de grupper" in _messages(response)
    entry = AuditEntry.objects.filter(action="signin.oidc.role_changed", object_id=str(user.pk)).latest("pk")
    assert entry.data["role"] == [Role.READER, None]
    assert AuditEntry.objects.filter(action="signin.oidc.refused", data__reason="no_mapped_group").exists()


def test_no_mapped_group_at_first_sign_in_creates_no_user(mjolby, issuer):
    _configure(mjolby, issuer)
    set_groups(issuer, "cecilia-1003", ["ovrigt"])
    client = Client()
    response = sign_in(client, "kommun-mjolby", "cecilia-1003")
    assert response["Location"] == reverse("accounts:login")
    assert not User.objects.filter(username="cecilia-1003").exists()
    assert "_auth_user_id" not in client.session


def test_a_provider_of_one_municipality_signs_no_one_into_another(mjolby, valdemarsvik, members, issuer):
    # Both municipalities trust the same provider: still, each signs in its own users only.
    _configure(mjolby, issuer)
    _configure(valdemarsvik, issuer)
    set_groups(issuer, "david-1004", ["sd-admin"])
    assert sign_in(Client(), "kommun-mjolby", "david-1004").status_code == 302
    david = User.objects.get(username="david-1004")
    assert david.membership.municipality == mjolby

    client = Client()
    response = sign_in(client, "kommun-valdemarsvik", "david-1004")
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert Membership.objects.get(user=david).municipality == mjolby
    assert not SocialAccount.objects.filter(provider="kommun-valdemarsvik").exists()

    # An existing user of another municipality with the subject as user name is refused, unchanged.
    set_groups(issuer, "valdemarsvik-controller", ["sd-admin"])
    client = Client()
    response = sign_in(client, "kommun-mjolby", "valdemarsvik-controller")
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    victim = members["valdemarsvik-controller"]
    membership = Membership.objects.get(user=victim)
    assert (membership.municipality, membership.role) == (valdemarsvik, Role.CONTROLLER)
    assert "finns redan ett konto" in _messages(response)
    refusals = AuditEntry.objects.filter(action="signin.oidc.refused").values_list("data__reason", flat=True)
    assert "username_taken" in set(refusals)


def test_the_log_in_pages_offer_each_configured_municipality(mjolby, valdemarsvik, issuer):
    _configure(mjolby, issuer)
    body = Client().get(reverse("accounts:login")).content.decode()
    assert "Logga in med Mjölby" in body
    assert "Valdemarsvik" not in body
    own = Client().get(reverse("signin:municipality_login", args=["mjolby"])).content.decode()
    assert "Logga in med Mjölby" in own
    assert reverse("openid_connect_login", kwargs={"provider_id": "kommun-mjolby"}) in own
    other = Client().get(reverse("signin:municipality_login", args=["valdemarsvik"])).content.decode()
    assert "Logga in med Valdemarsvik" not in other and "ingen egen inloggning" in other


def test_a_deactivated_user_is_refused_by_the_provider_too(mjolby, issuer):
    _configure(mjolby, issuer)
    set_groups(issuer, "erik-1005", ["sd-lasare"])
    assert sign_in(Client(), "kommun-mjolby", "erik-1005").status_code == 302
    User.objects.filter(username="erik-1005").update(is_active=False)
    client = Client()
    response = sign_in(client, "kommun-mjolby", "erik-1005")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert "avstängt" in _messages(response)


def test_a_forged_callback_signs_no_one_in(mjolby, issuer):
    _configure(mjolby, issuer)
    client = Client()
    callback = reverse("openid_connect_callback", kwargs={"provider_id": "kommun-mjolby"})
    response = client.get(callback, {"code": "gissad", "state": "gissad"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="signin.oidc.refused", data__reason="provider_error").exists()
