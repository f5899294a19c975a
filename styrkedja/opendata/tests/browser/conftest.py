"""The browser tests' fixtures (Chromium against the demo served in a process of its own)."""

from styrkedja.web.tests.browser.conftest import browser, demo_server, new_page  # noqa: F401 (fixtures)
