"""The production defaults: DEBUG off, HTTPS, the security headers, static files, no caching.

The settings are read in fresh processes, each with the environment a host would give it; the
served application is the README's production start (scripts/serve) on a database of its own.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
import pytest
from django.urls import reverse

from styrkedja.web.tests.served import ROOT, Visitor, production_settings, served, server_env

PRODUCTION = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "styrkedja.example.se"}
# What a developer's shell may have set must not decide these tests.
HOST_VARIABLES = (
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_", "STATIC_ROOT", "DJANGO_SETTINGS_MODULE",
    "DB_CONN_MAX_AGE",
)  # fmt: skip
SETTINGS = (
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {name: value for name, value in os.environ.items() if not name.startswith(HOST_VARIABLES)}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "styrkedja.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_with(**env: str) -> dict:
    script = (
        "import json, styrkedja.settings as s; "
        f"print(json.dumps({{name: getattr(s, name, None) for name in {SETTINGS!r}}}))"
    )
    done = run("-c", script, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# The settings -------------------------------------------------------------------------------------


def test_debug_is_off_unless_asked_for():
    assert settings_with()["DEBUG"] is False
    assert settings_with(DEBUG="1")["DEBUG"] is True


def test_production_defaults_are_secure():
    assert settings_with(**PRODUCTION) == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": None,  # no header is trusted unless the host names one
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def _connection_settings(**env: str) -> list:
    script = (
        "import json, styrkedja.settings as s; d = s.DATABASES['default']; "
        "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
    )
    done = run("-c", script, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_postgresql_connections_are_kept_and_checked_before_reuse():
    postgres = "postgres://styrkedja@db.example.se/styrkedja"
    assert _connection_settings(DATABASE_URL=postgres) == [600, True]
    assert _connection_settings(DATABASE_URL=postgres, DB_CONN_MAX_AGE="0") == [0, True]
    assert _connection_settings(DATABASE_URL="sqlite:///styrkedja.sqlite3") == [0, True]


def test_the_host_sets_hsts_the_redirect_and_the_proxy_header():
    found = settings_with(
        **PRODUCTION,
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
        SECURE_HSTS_PRELOAD="0",
        SECURE_SSL_REDIRECT="0",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    assert found["SECURE_HSTS_SECONDS"] == 3600
    assert found["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert found["SECURE_HSTS_PRELOAD"] is False
    assert found["SECURE_SSL_REDIRECT"] is False
    assert found["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_the_demo_with_debug_on_asks_for_no_https():
    found = settings_with(DEBUG="1")
    assert (found["SECURE_SSL_REDIRECT"], found["SECURE_HSTS_SECONDS"], found["SESSION_COOKIE_SECURE"]) == (
        False,
        0,
        False,
    )


def test_check_deploy_warns_of_nothing_in_production():
    done = run("manage.py", "check", "--deploy", **PRODUCTION)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "System check identified no issues (0 silenced).\n"


def test_check_deploy_accepts_a_proxy_that_redirects_itself():
    done = run("manage.py", "check", "--deploy", **PRODUCTION, SECURE_SSL_REDIRECT="0")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "System check identified no issues (1 silenced).\n"


def test_check_deploy_does_warn_of_what_is_unsafe():
    # The check above would pass vacuously if --deploy checked nothing: here it must find faults.
    done = run("manage.py", "check", "--deploy", DEBUG="1", SECRET_KEY="kort")
    assert "security.W018" in done.stderr  # DEBUG on
    assert "security.W009" in done.stderr  # a weak key


def test_commands_run_without_a_key_but_a_server_refuses_to_start():
    assert run("manage.py", "check").returncode == 0
    done = run("-c", "import styrkedja.wsgi", DEBUG="0")
    assert done.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in done.stderr


# Headers, through the test client (the test settings are the production defaults) -----------------


def test_pages_of_a_logged_in_user_are_not_stored(client_as):
    client = client_as("mjolby-lasare")
    for url in (reverse("followup:start"), reverse("plans:list"), "/finns-inte/"):
        page = client.get(url)
        assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"], url


@pytest.mark.parametrize("format, period", [("html", ""), ("pdf", ""), ("docx", "T3"), ("xlsx", "")])
def test_every_document_download_is_not_stored(client_as, format, period):
    url = reverse("documents:download", args=["ks", 2024, format]) + (f"?period={period}" if period else "")
    download = client_as("mjolby-lasare").get(url)
    assert download.status_code == 200
    assert "no-store" in download["Cache-Control"]


def test_the_permissions_policy_is_on_every_answer(client_as, client):
    for response in (
        client.get(reverse("accounts:login")),
        client.get("/finns-inte/"),
        client_as("mjolby-lasare").get(reverse("followup:start")),
    ):
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


def test_the_content_security_policy_allows_no_inline_script(client_as, client):
    for response in (client.get(reverse("accounts:login")), client_as("mjolby-lasare").get("/")):
        policy = directives(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]  # no nonce: these pages have no inline stylesheet
        assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
        assert "unsafe" not in response["Content-Security-Policy"]


def test_the_document_page_styles_itself_by_the_nonce_of_its_request(client_as):
    client = client_as("mjolby-lasare")
    url = reverse("documents:download", args=["ks", 2024, "html"])
    first, second = client.get(url), client.get(url)
    nonces = []
    for page in (first, second):
        (nonce,) = [
            value for value in directives(page["Content-Security-Policy"])["style-src"] if "nonce" in value
        ]
        nonce = nonce.removeprefix("'nonce-").removesuffix("'")
        assert f'<style nonce="{nonce}">' in page.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


TEMPLATES = sorted(Path(ROOT, "styrkedja").glob("*/templates/**/*.html")) + sorted(
    Path(ROOT, "styrkedja", "templates").glob("**/*.html")
)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_template_has_inline_script_or_style_attributes(template):
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)", text), "an inline script: move it to a static file"
    assert not re.search(
        r"<[^>]+\son(click|change|input|submit|load|error|key\w+|mouse\w+|focus\w*|blur)=", text
    ), "an inline event handler: listen in a static script"
    assert not re.search(r"\sstyle=", text), "a style attribute: use a class in a stylesheet"
    for tag in re.findall(r"<style[^>]*>", text):
        assert "nonce=" in tag, "an inline stylesheet needs the request's nonce"
    # Django's {# #} ends at the line's end: a longer one would be shown on the page.
    assert not re.search(r"\{#(?:(?!#\}).)*\n", text), "a {# comment over several lines: use {% comment %}"


# The production start, served -----------------------------------------------------------------------


STYLESHEET = re.compile(r'<link rel="stylesheet" href="(/static/web/styrkedja[^"]*\.css)">')


def test_the_production_start_serves_a_page_and_its_stylesheet(production_server):
    visitor = Visitor(production_server.url)
    page = visitor.get("/konto/logga-in/")
    assert page.status_code == 200
    (href,) = STYLESHEET.findall(page.text)
    assert re.fullmatch(r"/static/web/styrkedja\.[0-9a-f]{12}\.css", href), "collected and hashed"
    stylesheet = visitor.get(href)
    assert stylesheet.status_code == 200
    assert stylesheet.headers["Content-Type"].startswith("text/css")
    assert ".progress__bar" in stylesheet.text
    assert "immutable" in stylesheet.headers["Cache-Control"]


def test_the_production_start_sends_the_security_headers(production_server):
    with Visitor(production_server.url) as visitor:
        page = visitor.get("/konto/logga-in/")
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert directives(page.headers["Content-Security-Policy"])["script-src"] == ["'self'"]
    assert "camera=()" in page.headers["Permissions-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_sent_to_https(production_server):
    answer = httpx.get(production_server.url + "/konto/logga-in/")
    assert answer.status_code == 301
    assert answer.headers["Location"] == "https://" + production_server.url.removeprefix("http://") + (
        "/konto/logga-in/"
    )


def test_cookies_are_secure_and_logged_in_answers_not_stored(production_server):
    visitor = Visitor(production_server.url)
    visitor.get("/konto/logga-in/")
    logged_in = visitor.log_in("mjolby-lasare")
    assert logged_in.status_code == 302
    cookies = {value.split("=", 1)[0]: value for value in logged_in.headers.get_list("Set-Cookie")}
    assert "; Secure" in cookies["sessionid"] and "; HttpOnly" in cookies["sessionid"]
    assert "; Secure" in cookies["csrftoken"]
    for path in ("/", "/planer/ks/2024/dokument/xlsx/"):
        answer = visitor.get(path)
        assert answer.status_code == 200, path
        assert "no-store" in answer.headers["Cache-Control"], path


def test_a_missing_page_shows_no_list_of_addresses(production_server):
    with Visitor(production_server.url) as visitor:
        missing = visitor.get("/finns-inte/")
    assert missing.status_code == 404
    assert "Sidan finns inte" in missing.text
    assert "URLconf" not in missing.text and "admin/" not in missing.text


@pytest.fixture(scope="module")
def uncollected_server(demo_databases):
    """DEBUG off, but collectstatic never run: an empty STATIC_ROOT."""
    with tempfile.TemporaryDirectory() as static_root:
        env = server_env(demo_databases.copy("uncollected"), **production_settings(Path(static_root)))
        with served(env, production=False) as server:
            yield server


def test_without_collectstatic_pages_still_have_their_stylesheet(uncollected_server):
    visitor = Visitor(uncollected_server.url)
    page = visitor.get("/konto/logga-in/")
    assert page.status_code == 200, uncollected_server.output()[-3000:]
    assert STYLESHEET.findall(page.text) == ["/static/web/styrkedja.css"]
    stylesheet = visitor.get("/static/web/styrkedja.css")
    assert stylesheet.status_code == 200
    assert ".progress__bar" in stylesheet.text
    assert "is not collected: run manage.py collectstatic" in uncollected_server.output()
