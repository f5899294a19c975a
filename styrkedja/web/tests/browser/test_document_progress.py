"""A document rendered in the background, in a real browser: a server with the database backend and
no worker, so the press leaves the render queued; the real worker command, started in a process of
its own against the server's database, finishes it, and the page (htmx polling its status) says
"Klart". A Word template that cannot be used makes the next render fail, in Swedish. Every state
is checked with axe-core at desktop and phone width."""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from styrkedja.web.tests.browser.axe import faults
from styrkedja.web.tests.browser.conftest import pages_of
from styrkedja.web.tests.served import ROOT, served, server_env

PROGRESS = "/planer/ks/2024/dokument/docx/skapas/?period=T3"
DOWNLOAD = "/planer/ks/2024/dokument/docx/?period=T3"
BAD_TEMPLATE = (
    "from styrkedja.documents.models import WordTemplate; from styrkedja.tenancy.models import Municipality;"
    "WordTemplate.objects.update_or_create(municipality=Municipality.objects.get(slug='mjolby'),"
    "defaults={'name': 'gammal.docx', 'content': b'nej'})"
)


@pytest.fixture(scope="module")
def queued_server(demo_databases):
    env = server_env(demo_databases.copy("queued"), DEBUG="true", TASKS_IMMEDIATE="0")
    with served(env, production=False) as server:
        yield server.url, env


def _manage(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _worker(env: dict[str, str]) -> None:
    """The real worker, until the queue is empty."""
    _manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*")


def _status(page):
    return page.locator("#dokumentets-lage")


def test_the_render_is_queued_followed_finished_by_the_worker_and_a_failure_explained(browser, queued_server):
    url, env = queued_server
    with pages_of(browser, url) as new_page:
        pages = [new_page("mjolby-controller", width=width) for width in (None, 390)]
        for page in pages:
            page.goto(DOWNLOAD)
            expect(page).to_have_url(url + PROGRESS)
            expect(_status(page)).to_have_attribute("role", "status")
            expect(_status(page)).to_contain_text("Dokumentet skapas …")
            assert faults(page) == []

        _worker(env)
        for page in pages:  # the page asks again by itself, every other second
            expect(_status(page)).to_contain_text("Klart: ladda ner", timeout=10_000)
            assert faults(page) == []
        with pages[0].expect_download() as download:
            pages[0].get_by_role("link", name="ladda ner").click()
        assert download.value.suggested_filename == "mjolby-ks-2024-uppfoljning-t3.docx"

        _manage(env, "shell", "-c", BAD_TEMPLATE)
        for page in pages:
            page.goto(DOWNLOAD)  # the template is part of the Word file's data: stale
            expect(_status(page)).to_contain_text("Dokumentet skapas …")
        _worker(env)
        for page in pages:
            expect(_status(page)).to_contain_text("Dokumentet kunde inte skapas.", timeout=10_000)
            expect(_status(page)).to_contain_text("Kommunens Word-mall ”gammal.docx” kan inte användas")
            expect(page.get_by_role("link", name="Försök igen")).to_be_visible()
            assert faults(page) == []


def test_a_fetch_from_kolada_is_queued_and_its_outcome_shown_when_the_worker_has_run(browser, queued_server):
    """The plan page's Kolada button only queues the fetch; the job's page follows it (htmx) until
    the real worker has run it. Kolada is never reached from the tests: the demo has no Kolada
    code, which the outcome says in Swedish."""
    url, env = queued_server
    with pages_of(browser, url) as new_page:
        page = new_page("mjolby-controller")
        page.goto("/planer/ks/2024/")
        page.get_by_role("button", name="Hämta indikatorvärden från Kolada").click()
        status = page.locator("#korningens-lage")
        expect(page.get_by_role("heading", name="Hämtning från Kolada: Verksamhetsplan 2024")).to_be_visible()
        expect(status).to_have_attribute("role", "status")
        expect(status).to_contain_text("Arbetet väntar på sin tur …")
        phone = new_page("mjolby-controller", width=390)
        phone.goto(page.url)
        for each in (page, phone):
            assert faults(each) == []

        _worker(env)
        for each in (page, phone):  # the page asks again by itself, every other second
            expect(each.locator("#korningens-lage")).to_contain_text("Inte genomfört:", timeout=10_000)
            expect(each.locator("#korningens-lage")).to_contain_text("har ingen kommunkod för Kolada")
            assert faults(each) == []
        page.get_by_role("link", name="Tillbaka till planen").click()
        expect(page).to_have_url(url + "/planer/ks/2024/")


def test_a_meetings_underlag_is_queued_and_its_progress_page_passes_axe(browser, queued_server):
    url, _env = queued_server
    with pages_of(browser, url) as new_page:
        pages = [new_page("valdemarsvik-controller", width=width) for width in (None, 390)]
        for page in pages:
            page.goto("/planer/ks/2023/kalender/")
            page.get_by_role("link", name="Rapporter och underlag till").first.click()
            page.get_by_role("link", name="Underlaget som PDF").click()
            expect(page.locator("#dokumentets-lage")).to_contain_text("Dokumentet skapas …")
            expect(page.get_by_role("link", name="Tillbaka till sammanträdet")).to_be_visible()
            assert faults(page) == []
