"""The production defaults: DEBUG off, a key of its own, static files without fail.

The settings are read in fresh processes, each with the environment a host would give it; the
served application runs on a database of its own.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from styrkedja.web.tests.served import ROOT, Visitor, production_settings, served, server_env

# What a developer's shell may have set must not decide these tests.
HOST_VARIABLES = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_", "STATIC_ROOT", "DJANGO_SETTINGS_MODULE")
SETTINGS = ("DEBUG",)


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


def test_commands_run_without_a_key_but_a_server_refuses_to_start():
    assert run("manage.py", "check").returncode == 0
    done = run("-c", "import styrkedja.wsgi", DEBUG="0")
    assert done.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in done.stderr


# Served -------------------------------------------------------------------------------------------


STYLESHEET = re.compile(r'<link rel="stylesheet" href="(/static/web/styrkedja[^"]*\.css)">')


@pytest.fixture(scope="module")
def uncollected_server(demo_databases):
    """DEBUG off, but collectstatic never run: an empty STATIC_ROOT."""
    with tempfile.TemporaryDirectory() as static_root:
        env = server_env(demo_databases.copy("uncollected"), **production_settings(Path(static_root)))
        with served(env) as server:
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


def test_a_missing_page_shows_no_list_of_addresses(uncollected_server):
    with Visitor(uncollected_server.url) as visitor:
        missing = visitor.get("/finns-inte/")
    assert missing.status_code == 404
    assert "Sidan finns inte" in missing.text
    assert "URLconf" not in missing.text and "admin/" not in missing.text
