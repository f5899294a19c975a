"""The sign-in's pages under axe-core, at a desktop's width and a phone's: the municipality's log-in
page and its provider's button, the administratör's settings (with errors), the set-up of TOTP and
the code asked at the log-in. On a server and database of their own: a provider configured here
would otherwise add its button to every other test's log-in page."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from styrkedja.web.tests.browser.axe import faults
from styrkedja.web.tests.browser.conftest import pages_of
from styrkedja.web.tests.served import DEMO_PASSWORD, served, server_env


@pytest.fixture
def signin_server(demo_databases, request):
    # A fresh database for each width: the first run configures the provider.
    env = server_env(demo_databases.copy(f"signin-{request.node.callspec.id}"), DEBUG="true")
    with served(env, production=False) as server:
        yield server.url


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize("width", [None, 390])
def test_the_sign_in_pages_pass(browser, signin_server, width):
    slug = "mjolby" if width is None else "valdemarsvik"
    with pages_of(browser, signin_server) as make:
        # Logged in before the provider is configured: then the log-in page has two buttons "Logga in …".
        admin = make(f"{slug}-administrator", width=width)
        reader = make(f"{slug}-lasare", width=width)
        admin.goto("/konto/inloggning/")
        assert faults(admin) == []
        admin.get_by_label("Utfärdarens adress (issuer)").fill("https://login.example.se/realms/kommun")
        admin.get_by_label("Grupper och roller").fill("sd-alla = chef")
        admin.get_by_role("button", name="Spara").click()
        expect(admin.locator(".errorlist").first).to_be_visible()
        assert faults(admin) == []
        admin.get_by_label("Klient-id").fill("styrkedja")
        admin.get_by_label("Klienthemlighet").fill("hemlig-klienthemlighet-0001")
        admin.get_by_label("Grupper och roller").fill("sd-alla = läsare")
        admin.get_by_role("button", name="Spara").click()
        expect(admin.get_by_text("Inloggningens inställningar är sparade.")).to_be_visible()
        assert faults(admin) == []

        visitor = make(width=width)
        for path in (f"/konto/logga-in/{slug}/", "/konto/logga-in/"):
            visitor.goto(path)
            expect(visitor.get_by_role("button", name="Logga in med").first).to_be_visible()
            assert faults(visitor) == []

        reader.goto("/konto/tvastegsverifiering/")
        assert faults(reader) == []
        reader.get_by_label("Engångskod").fill("12")
        reader.get_by_role("button", name="Slå på tvåstegsverifiering").click()
        expect(reader.locator(".errorlist").first).to_be_visible()
        assert faults(reader) == []
        secret = reader.locator("figcaption code").inner_text()
        reader.get_by_label("Engångskod").fill(_code(secret))
        reader.get_by_role("button", name="Slå på tvåstegsverifiering").click()
        expect(reader.get_by_text("Tvåstegsverifieringen är påslagen.")).to_be_visible()
        assert faults(reader) == []

        again = make(width=width)
        again.goto("/konto/logga-in/")
        again.get_by_label("Användarnamn").fill(f"{slug}-lasare")
        again.get_by_label("Lösenord").fill(DEMO_PASSWORD)
        again.locator("form:not([action]) button").click()
        expect(again.get_by_role("heading", name="Engångskod")).to_be_visible()
        assert faults(again) == []
        again.get_by_label("Engångskod").fill("000000" if _code(secret) != "000000" else "111111")
        again.get_by_role("button", name="Logga in").click()
        expect(again.locator(".errorlist").first).to_be_visible()
        assert faults(again) == []
