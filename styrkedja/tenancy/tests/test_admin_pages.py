"""The administration pages: units, partners and users of the administratör's own municipality."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from styrkedja.audit.models import AuditEntry
from styrkedja.tenancy.models import Membership, OrgUnit, Partner

PASSWORD = "Blåbärsskog-på-hösten-7"


@pytest.fixture
def admin(client_as) -> Client:
    return client_as("mjolby-administrator")


@pytest.fixture
def valdemarsvik_partner(valdemarsvik):
    # The demo gives Valdemarsvik no partners.
    return Partner.objects.create(municipality=valdemarsvik, name="Valdemarsviks hamnförening")


def _fingerprint() -> tuple:
    User = get_user_model()
    return (
        AuditEntry.objects.count(),
        list(OrgUnit.objects.order_by("pk").values_list("name", "short_name", "slug", "kind", "parent_id")),
        list(Partner.objects.order_by("pk").values_list("name", flat=True)),
        list(
            User.objects.order_by("pk").values_list(
                "username", "first_name", "email", "is_active", "password"
            )
        ),
        list(Membership.objects.order_by("pk").values_list("user_id", "role")),
        sorted(Membership.units.through.objects.values_list("membership_id", "orgunit_id")),
    )


def _urls(mjolby, members) -> dict[str, str]:
    unit = mjolby.units.get(name="Kommunledningskontoret")
    partner = mjolby.partners.get(name="Polisen")
    user = members["mjolby-lasare"]
    return {
        "tenancy:units": reverse("tenancy:units"),
        "tenancy:unit_create": reverse("tenancy:unit_create"),
        "tenancy:unit_edit": reverse("tenancy:unit_edit", args=[unit.pk]),
        "tenancy:partners": reverse("tenancy:partners"),
        "tenancy:partner_create": reverse("tenancy:partner_create"),
        "tenancy:partner_edit": reverse("tenancy:partner_edit", args=[partner.pk]),
        "tenancy:users": reverse("tenancy:users"),
        "tenancy:user_create": reverse("tenancy:user_create"),
        "tenancy:user_edit": reverse("tenancy:user_edit", args=[user.pk]),
        "tenancy:user_password": reverse("tenancy:user_password", args=[user.pk]),
    }


def _valid_posts(mjolby) -> dict[str, dict]:
    """POSTs that an administratör's request would save."""
    board = mjolby.units.get(name="Kommunstyrelsen")
    return {
        "tenancy:unit_create": {"name": "Ny enhet", "kind": "unit", "parent": board.pk},
        "tenancy:unit_edit": {"name": "Nytt namn", "kind": "office", "parent": board.pk},
        "tenancy:partner_create": {"name": "Ny part"},
        "tenancy:partner_edit": {"name": "Polismyndigheten"},
        "tenancy:user_create": {
            "username": "ny",
            "role": "reader",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        "tenancy:user_edit": {"role": "controller", "is_active": "on", "first_name": "Ny"},
        "tenancy:user_password": {"password1": PASSWORD, "password2": PASSWORD},
    }


def _errors(response) -> str:
    body = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert 'class="errorlist"' in body
    return body


def _log_in(username: str, password: str) -> bool:
    # django-axes wants the request that a log-in comes with.
    return Client().login(request=HttpRequest(), username=username, password=password)


# Who may open the pages


@pytest.mark.parametrize("username", ["mjolby-controller", "mjolby-rapportor", "mjolby-lasare"])
def test_only_the_administrator_may_open_or_post(username, client_as, mjolby, members):
    client = client_as(username)
    urls, posts = _urls(mjolby, members), _valid_posts(mjolby)
    before = _fingerprint()
    for name, url in urls.items():
        if name != "tenancy:user_password":
            assert client.get(url).status_code == 403, name
        response = client.post(url, posts.get(name, {}))
        assert response.status_code == 403, name
        assert "Bara kommunens administratör" in response.content.decode()
    assert _fingerprint() == before


def test_anonymous_is_sent_to_log_in(mjolby, members):
    client = Client()
    before = _fingerprint()
    posts = _valid_posts(mjolby)
    for name, url in _urls(mjolby, members).items():
        for response in (client.get(url), client.post(url, posts.get(name, {}))):
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("accounts:login") + "?next="), name
    assert _fingerprint() == before


def test_another_municipalitys_objects_are_not_found(admin, valdemarsvik, valdemarsvik_partner, members):
    unit = valdemarsvik.units.get(name="Sektor Stöd och omsorg")
    loner = get_user_model().objects.create_user("utan-kommun")  # a user of no municipality
    urls = [
        reverse("tenancy:unit_edit", args=[unit.pk]),
        reverse("tenancy:partner_edit", args=[valdemarsvik_partner.pk]),
        reverse("tenancy:user_edit", args=[members["valdemarsvik-administrator"].pk]),
        reverse("tenancy:user_edit", args=[loner.pk]),
    ]
    posts = {"name": "Kapad", "kind": "unit", "role": "reader", "is_active": "on"}
    before = _fingerprint()
    for url in urls:
        for response in (admin.get(url), admin.post(url, posts)):
            assert response.status_code == 404, url
            body = response.content.decode()
            assert "Sektor Stöd och omsorg" not in body and "valdemarsvik-" not in body
    for user in (members["valdemarsvik-lasare"], loner):
        url = reverse("tenancy:user_password", args=[user.pk])
        assert admin.post(url, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 404
    assert _fingerprint() == before


def test_the_lists_show_nothing_of_another_municipality(admin, valdemarsvik_partner):
    for name in ("tenancy:units", "tenancy:partners", "tenancy:users"):
        body = admin.get(reverse(name)).content.decode()
        for secret in (
            "Valdemarsvik",
            "valdemarsvik-",
            "Sektor Stöd och omsorg",
            "UBAK",
            valdemarsvik_partner.name,
        ):
            assert secret not in body, (name, secret)


def test_user_password_is_post_only(admin, members):
    url = reverse("tenancy:user_password", args=[members["mjolby-lasare"].pk])
    assert admin.get(url).status_code == 405


# Units


def test_the_unit_list_shows_the_tree(admin, mjolby, members):
    body = admin.get(reverse("tenancy:units")).content.decode()
    for unit in mjolby.units.all():
        assert reverse("tenancy:unit_edit", args=[unit.pk]) in body
        assert unit.name in body
    assert "Nämnd/styrelse" in body and "Kof" in body
    # Depth shows as indentation: Kommunledningskontoret is two levels down.
    office = mjolby.units.get(name="Kommunledningskontoret")
    edit = reverse("tenancy:unit_edit", args=[office.pk])
    assert f'<th scope="row" class="tree-depth-2">\n        <a href="{edit}">' in body
    assert 'aria-current="page">Enheter<' in body
    assert body.count("<h1") == 1
    assert '<th scope="col">' in body and "<caption" in body
    # The number of activities and the rapportör are shown on the unit's row.
    unit = members["mjolby-rapportor"].membership.units.first()
    row = body.split(reverse("tenancy:unit_edit", args=[unit.pk]))[1].split("</tr>")[0]
    assert f'<td class="number">{unit.activities.count()}</td>' in row
    assert "mjolby-rapportor" in row


def test_the_administrator_creates_a_unit(admin, mjolby, members):
    parent = mjolby.units.get(name="Kommunstyrelsens förvaltning")
    page = admin.get(reverse("tenancy:unit_create")).content.decode()
    assert "Överordnad enhet" in page and '<label for="id_name"' in page
    response = admin.post(
        reverse("tenancy:unit_create"),
        {
            "name": "Säkerhetsavdelningen",
            "short_name": "Säk",
            "slug": "",
            "kind": "department",
            "parent": parent.pk,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("tenancy:units")
    assert "Enheten ”Säkerhetsavdelningen” är skapad." in response.content.decode()
    unit = mjolby.units.get(name="Säkerhetsavdelningen")
    assert (unit.short_name, unit.kind, unit.parent) == ("Säk", "department", parent)
    entry = AuditEntry.objects.get(action="tenancy.unit.created", object_id=str(unit.pk))
    assert entry.user == members["mjolby-administrator"]
    assert entry.data["parent"] == [None, "Kommunstyrelsens förvaltning"]


def test_the_administrator_edits_a_unit(admin, mjolby):
    unit = mjolby.units.get(name="Medborgarservice")
    board = mjolby.units.get(name="Kommunstyrelsen")
    url = reverse("tenancy:unit_edit", args=[unit.pk])
    page = admin.get(url).content.decode()
    assert 'value="Medborgarservice"' in page
    # The unit itself is not offered as its own parent.
    assert f'<option value="{unit.pk}"' not in page
    response = admin.post(
        url, {"name": "Kontaktcenter", "short_name": "KC", "kind": "unit", "parent": board.pk}
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.short_name, unit.parent) == ("Kontaktcenter", "KC", board)
    entry = AuditEntry.objects.get(action="tenancy.unit.changed", object_id=str(unit.pk))
    assert entry.data == {
        "name": ["Medborgarservice", "Kontaktcenter"],
        "short_name": ["", "KC"],
        "parent": ["Kommunstyrelsens förvaltning", "Kommunstyrelsen"],
    }


def test_bad_unit_input_is_refused_in_the_page(admin, mjolby, valdemarsvik):
    board = mjolby.units.get(name="Kommunstyrelsen")
    below = mjolby.units.get(name="Kommunledningskontoret")
    before = _fingerprint()
    create, edit_board = reverse("tenancy:unit_create"), reverse("tenancy:unit_edit", args=[board.pk])

    body = _errors(admin.post(create, {"name": "Kommunledningskontoret", "kind": "office"}))
    assert "Det finns redan en enhet som heter ”Kommunledningskontoret” i kommunen." in body
    body = _errors(admin.post(create, {"name": "Tekniska nämnden", "kind": "board"}))
    assert "En nämnd eller styrelse måste ha ett kortnamn" in body
    body = _errors(admin.post(create, {"name": "Tekniska nämnden", "kind": "board", "slug": "ks"}))
    assert "Kortnamnet ”ks” används redan" in body
    body = _errors(
        admin.post(edit_board, {"name": "Kommunstyrelsen", "kind": "board", "slug": "ks", "parent": below.pk})
    )
    assert (
        "Överordnad enhet: en enhet kan inte ligga under sig själv eller under någon av sina underenheter"
        in body
    )
    # Another municipality's unit is not a choice.
    foreign = valdemarsvik.units.get(name="Sektor Stöd och omsorg")
    body = _errors(admin.post(create, {"name": "Ny", "kind": "unit", "parent": foreign.pk}))
    assert "Sektor Stöd och omsorg" not in body
    assert _fingerprint() == before


# Partners


def test_the_administrator_lists_creates_and_edits_partners(admin, mjolby):
    body = admin.get(reverse("tenancy:partners")).content.decode()
    for partner in mjolby.partners.all():
        assert partner.name in body
    assert 'aria-current="page">Samverkansparter<' in body

    response = admin.post(reverse("tenancy:partner_create"), {"name": "Trafikverket"}, follow=True)
    assert "Samverkansparten ”Trafikverket” är skapad." in response.content.decode()
    partner = mjolby.partners.get(name="Trafikverket")
    assert AuditEntry.objects.filter(action="tenancy.partner.created", object_id=str(partner.pk)).exists()

    url = reverse("tenancy:partner_edit", args=[partner.pk])
    assert 'value="Trafikverket"' in admin.get(url).content.decode()
    assert admin.post(url, {"name": "Trafikverket Region Öst"}).status_code == 302
    entry = AuditEntry.objects.get(action="tenancy.partner.changed", object_id=str(partner.pk))
    assert entry.data == {"name": ["Trafikverket", "Trafikverket Region Öst"]}


def test_a_duplicate_partner_name_is_refused_in_the_page(admin, mjolby):
    before = _fingerprint()
    body = _errors(admin.post(reverse("tenancy:partner_create"), {"name": "polisen"}))
    assert "Det finns redan en samverkanspart som heter ”polisen” i kommunen." in body
    sku = mjolby.partners.get(name="SKR")
    body = _errors(admin.post(reverse("tenancy:partner_edit", args=[sku.pk]), {"name": "Polisen"}))
    assert "Det finns redan en samverkanspart" in body
    assert _fingerprint() == before


# Users


def test_the_user_list(admin, members):
    body = admin.get(reverse("tenancy:users")).content.decode()
    for username in ("mjolby-administrator", "mjolby-controller", "mjolby-rapportor", "mjolby-lasare"):
        assert reverse("tenancy:user_edit", args=[members[username].pk]) in body
    assert "Rapportör" in body and "Läsare" in body
    assert 'aria-current="page">Användare<' in body
    assert "Senast inloggad" in body and "Aldrig" in body


def test_the_administrator_creates_a_user_who_can_log_in(admin, mjolby):
    unit = mjolby.units.get(name="Kommunledningskontoret")
    page = admin.get(reverse("tenancy:user_create")).content.decode()
    assert "Gäller bara en rapportör" in page
    response = admin.post(
        reverse("tenancy:user_create"),
        {
            "username": "anna.andersson",
            "first_name": "Anna",
            "last_name": "Andersson",
            "email": "anna@mjolby.se",
            "role": "reporter",
            "units": [unit.pk],
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Användaren ”anna.andersson” är skapad" in body
    assert "Anna Andersson" in body
    membership = Membership.objects.get(user__username="anna.andersson")
    assert (membership.municipality, membership.role, list(membership.units.all())) == (
        mjolby,
        "reporter",
        [unit],
    )
    entry = AuditEntry.objects.get(action="tenancy.member.created", object_id=str(membership.pk))
    assert PASSWORD not in str(entry.data)
    assert _log_in("anna.andersson", PASSWORD)
    assert not _log_in("anna.andersson", "fel-lösenord")


def test_bad_user_input_is_refused_in_the_page(admin):
    before = _fingerprint()
    url = reverse("tenancy:user_create")
    values = {"username": "ny", "role": "reader", "password1": PASSWORD, "password2": PASSWORD}

    body = _errors(admin.post(url, {**values, "password1": "abc123", "password2": "abc123"}))
    assert "lösenordet är för kort" in body
    body = _errors(admin.post(url, {**values, "password2": "något annat"}))
    assert "Lösenorden är inte likadana" in body
    body = _errors(admin.post(url, {**values, "username": "MJOLBY-LASARE"}))
    assert "Användarnamnet ”MJOLBY-LASARE” är upptaget" in body
    body = _errors(admin.post(url, {**values, "role": ""}))
    assert 'id="id_role_error"' in body
    assert _fingerprint() == before


def test_the_administrator_edits_a_user(admin, mjolby, members):
    reader = members["mjolby-lasare"]
    unit = mjolby.units.get(name="Utbildningsförvaltningen")
    url = reverse("tenancy:user_edit", args=[reader.pk])
    page = admin.get(url).content.decode()
    assert page.count("<h1") == 1
    # The header still names the administratör's own role, not the edited user's.
    assert "mjolby-administrator (administratör)" in page
    assert reverse("tenancy:user_password", args=[reader.pk]) in page
    response = admin.post(
        url,
        {
            "first_name": "Lisa",
            "last_name": "Läsare",
            "email": reader.email,
            "role": "reporter",
            "units": [unit.pk],
        },
        follow=True,
    )
    assert "Användaren ”mjolby-lasare” är sparad." in response.content.decode()
    reader.refresh_from_db()
    assert (reader.get_full_name(), reader.is_active, reader.membership.role) == (
        "Lisa Läsare",
        False,
        "reporter",
    )
    entry = AuditEntry.objects.get(action="tenancy.member.changed", object_id=str(reader.membership.pk))
    assert entry.data == {
        "first_name": ["", "Lisa"],
        "last_name": ["", "Läsare"],
        "is_active": [True, False],
        "role": ["reader", "reporter"],
        "units": [[], ["Utbildningsförvaltningen"]],
    }
    assert not _log_in("mjolby-lasare", "styrkedja-demo")  # no longer active


def test_an_administrator_cannot_demote_or_deactivate_themselves_in_the_page(admin, members):
    me = members["mjolby-administrator"]
    url = reverse("tenancy:user_edit", args=[me.pk])
    before = _fingerprint()
    body = _errors(admin.post(url, {"role": "controller", "is_active": "on"}))
    assert "du kan inte ta bort din egen roll som administratör" in body
    body = _errors(admin.post(url, {"role": "administrator"}))
    assert "du kan inte inaktivera ditt eget konto" in body
    assert _fingerprint() == before


def test_the_administrator_sets_a_password(admin, members):
    reader = members["mjolby-lasare"]
    url = reverse("tenancy:user_password", args=[reader.pk])
    before = _fingerprint()
    body = _errors(admin.post(url, {"password1": "password", "password2": "password"}))
    assert "alldeles för vanligt" in body
    assert "Nytt lösenord" in body and body.count("<h1") == 1
    assert _fingerprint() == before

    response = admin.post(url, {"password1": PASSWORD, "password2": PASSWORD}, follow=True)
    assert "Ett nytt lösenord är satt för ”mjolby-lasare”." in response.content.decode()
    entry = AuditEntry.objects.get(action="tenancy.member.password_set", object_id=str(reader.membership.pk))
    assert entry.data == {}
    assert _log_in("mjolby-lasare", PASSWORD)
    assert not _log_in("mjolby-lasare", "styrkedja-demo")


def test_setting_ones_own_password_keeps_one_logged_in(admin, members):
    me = members["mjolby-administrator"]
    response = admin.post(
        reverse("tenancy:user_password", args=[me.pk]), {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert admin.get(reverse("tenancy:users")).status_code == 200


def test_administration_has_a_page_of_its_own_that_leads_everywhere(client_as):
    response = client_as("mjolby-administrator").get("/administration/")
    page = response.content.decode()
    assert response.status_code == 200
    for name in ("tenancy:units", "tenancy:partners", "tenancy:users", "indicators:kolada_settings"):
        assert f'href="{reverse(name)}"' in page
    assert client_as("mjolby-controller").get("/administration/").status_code == 403
