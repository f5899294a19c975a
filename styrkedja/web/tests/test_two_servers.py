"""Two application servers on one database, as a host runs them behind a proxy.

Each server is gunicorn with several processes of its own; both have the same settings and key
and one database (PostgreSQL when DATABASE_URL names it, as in CI; otherwise one SQLite file
that both open). Whatever one server does must be seen at once by the other: nothing a request
needs may live in one server's memory.
"""

from __future__ import annotations

import datetime
import html
import re
import sqlite3
import sys
from collections.abc import Iterator

import psycopg
import pytest

from styrkedja.web.tests.served import ROOT, Server, Visitor, _run, production_settings, served, server_env

FORM = re.compile(r'<form method="post" action="(/rapport/aktivitet/(\d+)/(T\d)/)"')
HTMX = {"HX-Request": "true"}
REPORTING = "/planer/ks/2025/rapportera/T1/"
SECRET = re.compile(r'id="new-token" type="text" readonly value="([^"]+)"')


@pytest.fixture(scope="module")
def database(demo_databases) -> str:
    """The URL of the one database both servers use."""
    return demo_databases.copy("two_servers")


@pytest.fixture(scope="module")
def servers(demo_databases, database) -> Iterator[tuple[Server, Server]]:
    """Servers A and B: one database, one secret key, the default cache (each process its own),
    one folder of kept documents (MEDIA_ROOT, as a shared volume or bucket would be)."""
    settings = production_settings(demo_databases.folder / "static-two-servers")
    env = server_env(database, **settings)
    with served(env, production=False) as a, served(env, production=False) as b:
        yield a, b


def signed_in(server: Server, username: str) -> Visitor:
    visitor = Visitor(server.url)
    assert visitor.log_in(username).status_code == 302
    return visitor


def report_form(page: str, number: int = 0) -> tuple[str, str, str]:
    """The action, the fields' prefix and the report the form was opened on."""
    match = list(FORM.finditer(page))[number]
    prefix = f"a{match.group(2)}"
    based_on = re.search(rf'name="{prefix}-based_on"(?: value="(\d*)")?', page)
    return match.group(1), prefix, (based_on and based_on.group(1)) or ""


def save(visitor: Visitor, form: tuple[str, str, str], comment: str):
    action, prefix, based_on = form
    return visitor.post(
        action,
        headers=HTMX,
        data={
            "csrfmiddlewaretoken": visitor.cookies["csrftoken"],
            f"{prefix}-status": "ongoing",
            f"{prefix}-comment": comment,
            f"{prefix}-based_on": based_on,
        },
    )


def test_a_session_begun_on_one_server_works_on_the_other(servers):
    a, b = servers
    with signed_in(a, "mjolby-controller") as on_a, Visitor(b.url, on_a.cookies) as on_b:
        page = on_b.get("/")
        assert page.status_code == 200, b.output()[-3000:]
        assert "mjolby-controller" in page.text or "Logga ut" in page.text
        # Logged out on B: the session is gone on A too.
        assert (
            on_b.post("/konto/logga-ut/", data={"csrfmiddlewaretoken": on_b.cookies["csrftoken"]}).status_code
            == 302
        )
        again = Visitor(a.url, on_a.cookies)
        assert again.get("/").status_code == 302
        again.close()


def test_a_report_saved_on_one_server_is_read_on_the_other(servers):
    a, b = servers
    with signed_in(a, "mjolby-controller") as on_a, Visitor(b.url, on_a.cookies) as on_b:
        form = report_form(on_a.get(REPORTING).text, 1)
        assert save(on_a, form, "Sparad på server A").status_code == 200
        assert "Sparad på server A" in html.unescape(on_b.get(form[0], headers=HTMX).text)


def test_the_lost_update_guard_holds_across_servers(servers):
    a, b = servers
    with signed_in(a, "mjolby-controller") as first, signed_in(b, "mjolby-controller") as second:
        # Both open the same report, each on a server of its own.
        form = report_form(first.get(REPORTING).text, 2)
        assert report_form(second.get(REPORTING).text, 2) == form

        assert save(first, form, "Först, på A").status_code == 200
        late = save(second, form, "Sedan, på B")

        assert late.status_code == 409, b.output()[-3000:]
        text = html.unescape(late.text)
        assert "Rapporten ändrades medan du skrev" in text
        assert "Först, på A" in text and "Sedan, på B" in text
        current = html.unescape(first.get(form[0], headers=HTMX).text)
        assert "Först, på A" in current and "Sedan, på B" not in current


@pytest.fixture(scope="module")
def servers_sharing_a_cache(demo_databases) -> Iterator[tuple[Server, Server]]:
    """As ``servers``, with CACHE_URL's cache in the database (its table made as scripts/serve does)."""
    settings = production_settings(demo_databases.folder / "static-shared-cache")
    env = server_env(demo_databases.copy("shared_cache"), CACHE_URL="db://styrkedja_cache", **settings)
    _run([sys.executable, str(ROOT / "manage.py"), "createcachetable"], env)
    with served(env, production=False) as a, served(env, production=False) as b:
        yield a, b


@pytest.mark.parametrize("cache", ["each process its own", "shared in the database"])
def test_a_publication_on_one_server_shows_at_once_on_the_other(cache, request):
    fixture = "servers" if cache == "each process its own" else "servers_sharing_a_cache"
    a, b = request.getfixturevalue(fixture)
    public = Visitor(b.url)
    # B renders and keeps the public start page before T2 is published (the demo has T3).
    before = public.get("/mjolby/")
    assert before.status_code == 200
    assert "/mjolby/ks/2024/t2/" not in before.text
    with signed_in(a, "mjolby-controller") as controller:
        published = controller.post(
            "/planer/ks/2024/publicering/publicera/",
            data={"csrfmiddlewaretoken": controller.cookies["csrftoken"], "period": "T2"},
        )
        assert published.status_code == 302
        assert "är publicerad" in html.unescape(controller.get(published.headers["location"]).text)

    after = public.get("/mjolby/")
    public.close()

    assert after.status_code == 200
    assert "/mjolby/ks/2024/t2/" in after.text, "B kept the page from before the publication"


def _renders(database: str) -> list[tuple]:
    """The kept documents' rows as the servers wrote them: which, of what data, rendered when."""
    query = "SELECT format, period_id, data_version, rendered_at FROM documents_rendereddocument ORDER BY id"
    if database.startswith("sqlite:///"):
        with sqlite3.connect(database.removeprefix("sqlite:///")) as connection:
            return connection.execute(query).fetchall()
    with psycopg.connect(database) as connection:
        return connection.execute(query).fetchall()


def test_a_document_rendered_on_one_server_is_served_by_the_other_without_a_second_render(servers, database):
    a, b = servers
    # The plan document: a publication keeps its follow-up's documents, and none is of the plan.
    path = "/planer/ks/2024/dokument/docx/"
    before = _renders(database)
    with signed_in(a, "mjolby-lasare") as on_a, signed_in(b, "mjolby-lasare") as on_b:
        made = on_a.get(path)  # rendered by A (in the request: these servers have no worker)
        assert made.status_code == 200 and made.content.startswith(b"PK")
        renders = _renders(database)
        new = [row for row in renders if row not in before]
        assert [(row[0], row[1], row[3] is not None) for row in new] == [("docx", None, True)]
        served_by_b = on_b.get(path)
        assert served_by_b.status_code == 200
        assert served_by_b.content == made.content  # the kept file, byte for byte
        assert _renders(database) == renders  # and no second render


def test_an_api_key_made_on_one_server_works_on_the_other(servers):
    a, b = servers
    with signed_in(a, "mjolby-controller") as controller:
        made = controller.post(
            "/konto/api-nycklar/",
            data={
                "csrfmiddlewaretoken": controller.cookies["csrftoken"],
                "name": "Ekonomisystemet",
                "expires_on": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
                "access": "read",
            },
        )
        assert made.status_code == 200
        secret = html.unescape(SECRET.search(made.text).group(1))

    with Visitor(b.url) as system:
        answer = system.get("/api/v1/plans/", headers={"Authorization": f"Bearer {secret}"})
        assert answer.status_code == 200, answer.text
        assert answer.json()["count"] >= 1
        refused = system.get("/api/v1/plans/", headers={"Authorization": "Bearer no-such-key"})
        assert refused.status_code == 401


def test_failed_log_ins_on_both_servers_add_up_to_one_lock_out(servers):
    a, b = servers
    # Five failures (the limit per user name and address), spread over the two servers: the fifth,
    # on A after two on A and two on B, is the one that locks.
    for number in range(5):
        with Visitor((a, b)[number % 2].url) as visitor:
            failed = visitor.log_in("valdemarsvik-lasare", "not-the-password")
        assert failed.status_code == (429 if number == 4 else 200), number

    with Visitor(b.url) as visitor:
        refused = visitor.log_in("valdemarsvik-lasare")
    with Visitor(a.url) as visitor:
        also_refused = visitor.log_in("valdemarsvik-lasare")

    assert refused.status_code == also_refused.status_code == 429
    with Visitor(a.url) as colleague:
        assert colleague.log_in("valdemarsvik-controller").status_code == 302
