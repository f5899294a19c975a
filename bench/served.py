"""What bench/pages.py and bench/load.py share: Styrkedja served as in production, on data of a known size.

A database of the benchmark's own (on the PostgreSQL server named, or a temporary SQLite file) is
migrated and given the demo and two municipalities made by the demo's multiplier, which hold the
Mjölby plans once and ten times over, each with a member of every role. Styrkedja is served from it
by its production start (scripts/serve: check --deploy, collectstatic, migrate, gunicorn), with
DEBUG off and the header a proxy that ends TLS would send. The benchmark's own process has Django
set up on the same database and settings: it makes the sessions and counts the queries.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from styrkedja.testing import SeparateDatabase  # noqa: E402

POSTGRES = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "styrkedja-bench"
# The municipalities measured, by how many times they hold the demo's Mjölby plans.
FOLDS = {1: ("mjolby-1", "Mjölby en gång"), 10: ("mjolby-10", "Mjölby tio gånger")}
REPORTER_UNIT = "Kommunledningskontoret"
# Mjölby's 2025 plan, which the demo carries over from 2024 and whose T1 it opens.
BOARD, YEAR, PERIOD = "ks", 2025, "T1"


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        default=POSTGRES,
        help=f"a PostgreSQL server, on which a database of the benchmark's own is made and dropped "
        f"(default {POSTGRES}), or 'sqlite' for a temporary file",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's worker processes (2)")
    parser.add_argument(
        "--threads",
        type=int,
        default=4,
        help="threads per worker: 4 as scripts/serve, 1 for gunicorn's sync workers",
    )


# The data --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    folder: Path  # for what the server writes: its static files and its log
    municipalities: dict[int, object]  # by fold


@contextmanager
def bench_site(purpose: str, database: str) -> Iterator[Site]:
    """The database made and filled, and Django set up on it in this process; dropped afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=f"styrkedja-bench-{purpose}-"))
    if database == "sqlite":
        os.environ.pop("DATABASE_URL", None)  # SeparateDatabase then makes a temporary file
    else:
        os.environ["DATABASE_URL"] = database
    separate = SeparateDatabase(f"bench_{purpose}")
    separate.create()
    try:
        os.environ.update(production_settings(separate.url, folder / "static"))
        _setup_django()
        yield Site(folder=folder, municipalities=_municipalities_made())
    finally:
        from django.db import connections

        connections.close_all()
        separate.drop()
        shutil.rmtree(folder, ignore_errors=True)


def production_settings(database_url: str, static_root: Path) -> dict[str, str]:
    """As the README's production start, behind a proxy that ends TLS and says so in a header."""
    return {
        "DJANGO_SETTINGS_MODULE": "styrkedja.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        # This process signs the sessions the server reads: both must have the same key.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "STATIC_ROOT": str(static_root),
        # The kept documents, beside the static files: gone with the benchmark's folder.
        "MEDIA_ROOT": str(static_root.parent / "media"),
        "PYTHONUNBUFFERED": "1",
    }


def _setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # Before anything asks the storage for a file's name: it reads the manifest once.
    call_command("collectstatic", "--no-input", verbosity=0)
    # What the demo says it read would come before the table.
    call_command("load_demo", "--no-users", verbosity=0, stdout=io.StringIO())


def _municipalities_made() -> dict[int, object]:
    from styrkedja.demo.multiplied import municipality_multiplied
    from styrkedja.demo.services import demo_members_ensure
    from styrkedja.tenancy.models import Municipality

    source = Municipality.objects.get(slug="mjolby")
    made = {}
    for fold, (slug, name) in FOLDS.items():
        # The once-over copy too goes through the multiplier, so that both are made alike.
        town = municipality_multiplied(source, fold=fold, slug=slug, name=name)
        demo_members_ensure(municipality=town, reporter_unit=REPORTER_UNIT, password=PASSWORD)
        made[fold] = town
    return made


def the_plan(municipality):
    return municipality.plans.get(board__slug=BOARD, year=YEAR)


def user_of(municipality, role: str):
    """``role``: administrator, controller, rapportor or lasare (styrkedja.demo.services)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=f"{municipality.slug}-{role}")


# Signed in -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    """A signed-in browser's cookies, made in the database instead of through the log-in page."""

    username: str
    cookie: str  # the Cookie header
    csrf_token: str


def signed_in(user) -> Session:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)  # a session in the database, its clock started as by a log-in
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    # A CSRF secret of Django's length, sent both as the cookie and as the header that htmx sends.
    csrf_token = secrets.token_hex(16)
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={csrf_token}"
    return Session(username=user.username, cookie=cookie, csrf_token=csrf_token)


def browser(url: str, session: Session, *, timeout: float = 60) -> httpx.Client:
    """An HTTP client with ``session``'s cookies, as a proxy that ends TLS forwards a browser's
    requests. The cookies go in a header of their own: the server marks them Secure, and a
    cookie jar would not send them over the plain HTTP between the proxy and the server."""
    origin = "https://" + urlsplit(url).netloc
    headers = {
        "X-Forwarded-Proto": "https",
        "Origin": origin,
        "Referer": origin + "/",
        "Cookie": session.cookie,
        "X-CSRFToken": session.csrf_token,
    }
    return httpx.Client(base_url=url, headers=headers, timeout=timeout)


# The server ------------------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    log: Path  # gunicorn's output: the access log, and Django's warnings and tracebacks
    pid: int = 0  # gunicorn's master, whose children are the workers

    def cpu_seconds(self) -> float:
        """The processor time the workers have used so far (Linux's /proc). On a machine that others
        share, this grows with the server's work only, where the time on the clock grows with theirs
        too. The database server's time is not in it."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        ticks = 0
        for child in children:
            try:
                fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:  # a worker that has just been replaced
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime and stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def failures(self) -> Counter:
        """The exceptions in the log's tracebacks, by their last line."""
        text = self.log.read_text(errors="replace")
        return Counter(re.findall(r"^(?:\w+\.)*\w*(?:Error|Exception)\b.*$", text, flags=re.MULTILINE))


@contextmanager
def served(site: Site, *, workers: int, threads: int, name: str = "server") -> Iterator[Server]:
    """scripts/serve on the benchmark's database, until the block ends; ``name``: of its log."""
    port = _free_port()
    env = {
        **os.environ,
        "PYTHON": sys.executable,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
    }
    server = Server(url=f"http://127.0.0.1:{port}", log=site.folder / f"{name}.log")
    with server.log.open("wb") as log:
        # scripts/serve ends by becoming gunicorn: the process started is the master.
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "serve")], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        server.pid = process.pid
        try:
            _wait_until_up(server, process)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def task_workers(site: Site, count: int) -> Iterator[list[subprocess.Popen]]:
    """``count`` background workers (``manage.py db_worker``, as beside each production server) on
    the benchmark's database, until the block ends."""
    processes = []
    try:
        for number in range(1, count + 1):
            log = (site.folder / f"worker-{number}.log").open("wb")
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        str(ROOT / "manage.py"),
                        "db_worker",
                        "--queue-name",
                        "*",
                        "--no-reload",
                    ],
                    cwd=ROOT,
                    env=dict(os.environ),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(server: Server, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("The server stopped:\n" + server.log.read_text(errors="replace"))
        try:
            response = httpx.get(server.url + "/konto/logga-in/", headers={"X-Forwarded-Proto": "https"})
        except httpx.TransportError:
            time.sleep(0.2)
            continue
        if response.status_code == 200:
            return
        raise RuntimeError(f"The server answered {response.status_code}:\n{server.log.read_text()}")
    raise RuntimeError("The server did not answer within two minutes:\n" + server.log.read_text())
