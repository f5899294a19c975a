"""Django's mail settings from the environment: EMAIL_URL, or the EMAIL_* variables one by one."""

from __future__ import annotations

import json
import subprocess
import sys

from django.conf import settings

NAMES = (
    "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS", "EMAIL_USE_SSL", "DEFAULT_FROM_EMAIL", "STYRKEDJA_BASE_URL",
)  # fmt: skip


def settings_with(**env: str) -> dict:
    """The mail settings as the project's settings module reads them from ``env``."""
    script = (
        "import json; from styrkedja import settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {NAMES!r}}}))"
    )
    clean = {"PATH": "/usr/bin:/bin", **env}
    result = subprocess.run(
        [sys.executable, "-c", script], env=clean, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_an_email_url_gives_every_setting():
    found = settings_with(
        EMAIL_URL="smtp://styrkedja:hemligt%40ord@mail.example.se:587/?tls=True",
        DEFAULT_FROM_EMAIL="Styrkedja <styrkedja@example.se>",
        STYRKEDJA_BASE_URL="https://styrkedja.example.se/",
    )
    assert found == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.se",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "styrkedja",
        "EMAIL_HOST_PASSWORD": "hemligt@ord",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "DEFAULT_FROM_EMAIL": "Styrkedja <styrkedja@example.se>",
        "STYRKEDJA_BASE_URL": "https://styrkedja.example.se",
    }


def test_the_console_url_prints_mail():
    assert (
        settings_with(EMAIL_URL="console://")["EMAIL_BACKEND"]
        == "django.core.mail.backends.console.EmailBackend"
    )


def test_the_variables_one_by_one_and_the_defaults():
    found = settings_with(
        EMAIL_HOST="smtp.example.se", EMAIL_PORT="465", EMAIL_USE_SSL="1", EMAIL_HOST_USER="u"
    )
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (found["EMAIL_HOST"], found["EMAIL_PORT"], found["EMAIL_USE_SSL"]) == (
        "smtp.example.se",
        465,
        True,
    )
    assert found["EMAIL_HOST_USER"] == "u" and found["EMAIL_USE_TLS"] is False
    defaults = settings_with()
    assert (defaults["EMAIL_HOST"], defaults["EMAIL_PORT"]) == ("localhost", 25)
    assert defaults["STYRKEDJA_BASE_URL"] == "http://127.0.0.1:8000"


def test_the_tests_keep_mail_in_the_outbox():
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
