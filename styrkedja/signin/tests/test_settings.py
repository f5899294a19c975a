"""The administratör's page: the provider, the group table and the TOTP rule. The secret is never shown."""

from __future__ import annotations

from django.urls import reverse

from styrkedja.audit.models import AuditEntry
from styrkedja.signin.models import OidcConfiguration, PasswordPolicy
from styrkedja.tenancy.choices import Role
from styrkedja.tenancy.models import OrgUnit

SECRET = "mycket-hemlig-klienthemlighet-4711"


def _post(client, **changes):
    data = {
        "issuer": "https://login.mjolby.se/realms/mjolby",
        "client_id": "styrkedja",
        "secret": SECRET,
        "groups_claim": "groups",
        "groups": "",
        **changes,
    }
    return client.post(reverse("signin:settings"), data)


def test_the_administrator_configures_the_provider_and_the_secret_is_never_shown(client_as, mjolby):
    client = client_as("mjolby-administrator")
    unit = OrgUnit.objects.filter(municipality=mjolby).order_by("pk").first()
    groups = f"sd-admin = administratör\nsd-rapp = rapportör: {unit.name}\nsd-alla = läsare"
    response = _post(client, groups=groups)
    assert response.status_code == 302, response.content.decode()[:800]

    configuration = OidcConfiguration.objects.get(municipality=mjolby)
    assert configuration.secret == SECRET
    assert configuration.issuer == "https://login.mjolby.se/realms/mjolby"
    rows = {row.group: (row.role, list(row.units.all())) for row in configuration.group_roles.all()}
    assert rows == {
        "sd-admin": (Role.ADMINISTRATOR, []),
        "sd-rapp": (Role.REPORTER, [unit]),
        "sd-alla": (Role.READER, []),
    }
    page = client.get(reverse("signin:settings")).content.decode()
    assert SECRET not in page and "…4711" in page and "sd-rapp = rapportör" in page
    # An empty secret keeps the stored one.
    assert _post(client, secret="", groups=groups, totp_required="on").status_code == 302
    configuration.refresh_from_db()
    assert configuration.secret == SECRET
    assert PasswordPolicy.objects.get(municipality=mjolby).totp_required
    # The rule applies at once, to the administratör's own password session too.
    assert client.get(reverse("signin:settings"))["Location"] == reverse("signin:totp")

    entries = AuditEntry.objects.filter(action__startswith="signin.", municipality=mjolby)
    assert {"signin.oidc.configured", "signin.policy.changed"} <= set(
        entries.values_list("action", flat=True)
    )
    for entry in entries:
        assert SECRET not in str(entry.data)


def test_bad_lines_of_the_group_table_are_named_in_swedish(client_as):
    client = client_as("mjolby-administrator")
    response = _post(client, groups="sd-admin = chef\nutan-likhetstecken\nsd-x = rapportör: Finns inte")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rad 1: okänd roll ”chef”" in body
    assert "Rad 2: skriv gruppen" in body
    assert "Rad 3: kommunen har ingen enhet som heter ”Finns inte”" in body
    assert not OidcConfiguration.objects.exists()
    missing = _post(client, secret="")
    assert "Ange klienthemligheten" in missing.content.decode()


def test_only_the_administrator_opens_the_page(client_as):
    for username in ("mjolby-controller", "mjolby-rapportor", "mjolby-lasare"):
        assert client_as(username).get(reverse("signin:settings")).status_code == 403
        assert _post(client_as(username)).status_code == 403
    assert not OidcConfiguration.objects.exists()
