"""Browser tests: Debian's Chromium, driven by Playwright, against the demo with DEBUG on, as ``make run``.

The server is gunicorn in a process of its own with a database of its own (``served``), loaded
with the demo like a new user's. These tests never touch the test database of the other tests.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager

import pytest

from styrkedja.web.tests.browser import csp
from styrkedja.web.tests.served import DEMO_PASSWORD as PASSWORD
from styrkedja.web.tests.served import served, server_env

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


@pytest.fixture(scope="session")
def demo_server(demo_databases):
    """The base URL of the demo, as ``make run`` serves it (DEBUG on), on a database of its own."""
    env = server_env(demo_databases.copy("browser"), DEBUG="true")
    with served(env, production=False) as server:
        yield server.url


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


@contextmanager
def pages_of(browser, base_url: str, password: str = PASSWORD):
    """``make()``: a page of ``base_url`` in a fresh context (no cookies); ``make("mjolby-controller")``
    logs in; ``make(..., width=390)`` is as wide as a phone.

    On leaving, fails on any Content-Security-Policy violation of its pages, checked or not.
    """
    contexts, pages = [], []

    def make(username: str | None = None, *, width: int | None = None):
        viewport = {"width": width, "height": 844} if width else None  # width=390: a phone
        context = browser.new_context(base_url=base_url, locale="sv-SE", viewport=viewport)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        csp.watch(page)
        pages.append(page)
        if username:
            log_in(page, username, password)
        return page

    yield make
    unchecked = [report for page in pages for report in csp.reported(page)]
    for context in contexts:
        context.close()
    assert unchecked == [], "Content-Security-Policy violations:\n" + "\n".join(unchecked)


@pytest.fixture
def new_page(browser, demo_server):
    """Pages of the demo (``pages_of``)."""
    with pages_of(browser, demo_server) as make:
        yield make


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url(lambda url: "/konto/logga-in/" not in url)
