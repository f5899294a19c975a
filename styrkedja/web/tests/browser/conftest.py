"""Browser tests: Debian's Chromium, driven by Playwright, against the demo served as ``make run`` serves it.

The server runs in a process of its own with its own database (a temporary SQLite file, or a
database of its own on the PostgreSQL server that DATABASE_URL names), migrated and loaded
with the demo like a new user's. These tests never touch the test database of the other tests.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from styrkedja.testing import SeparateDatabase

ROOT = Path(__file__).resolve().parents[4]
PASSWORD = "styrkedja-demo"
# As root and without a network, Chromium needs these to start quietly (see the README).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def demo_server():
    """The base URL of the demo, served by ``manage.py runserver`` in a process of its own."""
    database = SeparateDatabase("browser")
    database.create()
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "DEBUG": "true",
        "DEMO_ADMIN_PASSWORD": PASSWORD,
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--no-input"], ["load_demo"]):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        try:
            _wait_until_up(base, server, log)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)
            database.drop()


def _wait_until_up(base: str, server: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError("The demo server stopped:\n" + log.read().decode(errors="replace"))
        try:
            with urllib.request.urlopen(base + "/konto/logga-in/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("The demo server did not answer within 60 seconds.")


def chromium_path() -> str:
    path = os.getenv("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        # Never a skip: `make test` installs Debian's chromium, and without it these tests fail.
        pytest.fail("Chromium is not installed; `make test` installs Debian's package chromium.")
    return path


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, demo_server):
    """``new_page()``: a page in a fresh context (no cookies); ``new_page("mjolby-controller")`` logs in."""
    contexts = []

    def make(username: str | None = None):
        context = browser.new_context(base_url=demo_server, locale="sv-SE")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        if username:
            log_in(page, username)
        return page

    yield make
    for context in contexts:
        context.close()


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(lambda url: "/konto/logga-in/" not in url)
