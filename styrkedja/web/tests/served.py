"""Styrkedja served by gunicorn in a process of its own, for the tests that need a real server.

The browser tests, the tests of concurrent requests and those of the production settings talk to
a server over HTTP, as a person's browser would. Each server runs on a database of its own (a
temporary SQLite file, or a database of its own on the PostgreSQL server that DATABASE_URL names):
a copy of one demo database, migrated and loaded once per test session like a new user's. None
of them touches the test database of the other tests.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import httpx
import pytest

from styrkedja.testing import SeparateDatabase

ROOT = Path(__file__).resolve().parents[3]
DEMO_PASSWORD = "styrkedja-demo"
# As production runs it: several processes, each with several threads (see scripts/serve).
WORKERS = "2"
THREADS = "4"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


def server_env(database_url: str, **settings: str) -> dict[str, str]:
    """The environment of a server: the project's settings module (not the tests'), its own database."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "styrkedja.settings", "PYTHONUNBUFFERED": "1"}
    # No worker runs beside these servers: the documents' renders run in the request (the worker has
    # its own test, documents/tests/test_kept.py), and their files go to a folder of the server's own.
    kept = {"TASKS_IMMEDIATE": "1", "MEDIA_ROOT": tempfile.mkdtemp(prefix="styrkedja-served-media-")}
    return {**env, "DATABASE_URL": database_url, "DEMO_ADMIN_PASSWORD": DEMO_PASSWORD, **kept, **settings}


def production_settings(static_root: Path) -> dict[str, str]:
    """Production as the README describes it, behind a proxy that ends TLS and says so in a header."""
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "STATIC_ROOT": str(static_root),
    }


class DemoDatabases:
    """The demo migrated and loaded once; ``copy()`` gives each server a database of its own."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="styrkedja-served-"))  # for what servers write
        self.template = SeparateDatabase("served_demo")
        self.template.create()
        self.copies: list[SeparateDatabase] = []
        env = server_env(self.template.url)
        manage = [sys.executable, str(ROOT / "manage.py")]
        _run([*manage, "migrate", "--no-input"], env)
        _run([*manage, "load_demo"], env)

    def copy(self, name: str) -> str:
        """A new database holding the demo as loaded, for one server."""
        database = SeparateDatabase(f"served_{name}")
        database.create(template=self.template)
        self.copies.append(database)
        return database.url

    def drop(self) -> None:
        for database in [*reversed(self.copies), self.template]:
            database.drop()
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: IO[bytes] = field(repr=False)

    def output(self) -> str:
        """What the server has printed so far: gunicorn's and Django's log."""
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode(errors="replace")


@contextmanager
def served(env: dict[str, str], *, production: bool) -> Iterator[Server]:
    """gunicorn serving Styrkedja with ``env``.

    ``production``: through scripts/serve, the README's production start (deploy checks,
    collectstatic, migrate, gunicorn); otherwise gunicorn alone, on a database already migrated.
    """
    port = free_port()
    if production:
        env = {**env, "PYTHON": sys.executable, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": WORKERS}
        command = [str(ROOT / "scripts" / "serve")]
    else:
        command = [sys.executable, "-m", "gunicorn", "styrkedja.wsgi", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", WORKERS, "--threads", THREADS]
    env = {**env, "GUNICORN_THREADS": THREADS}
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        server = Server(url=f"http://127.0.0.1:{port}", process=process, log=log)
        try:
            _wait_until_up(server)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + 90
    with Visitor(server.url) as visitor:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError("The server stopped:\n" + server.output())
            try:
                response = visitor.get("/konto/logga-in/")
            except httpx.TransportError:
                time.sleep(0.2)
                continue
            if response.status_code == 200:
                return
            raise RuntimeError(f"The server answered {response.status_code}:\n{server.output()}")
    raise RuntimeError("The server did not answer within 90 seconds:\n" + server.output())


class Visitor:
    """A person's browser reaching the server through a proxy that ends TLS.

    It sends what such a proxy forwards (X-Forwarded-Proto, an https Origin), and keeps its
    cookies itself: the server marks them Secure, which a cookie jar would not send over the
    plain HTTP between the proxy and the server.
    """

    def __init__(self, base: str, cookies: dict[str, str] | None = None) -> None:
        origin = "https://" + urlsplit(base).netloc
        self.http = httpx.Client(
            base_url=base,
            headers={"X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + "/"},
            timeout=120,
        )
        self.cookies = dict(cookies or {})

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = self.http.request(method, path, headers=headers, **kwargs)
        self.cookies.update(response.cookies.items())
        self.http.cookies.clear()
        return response

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def log_in(self, username: str, password: str = DEMO_PASSWORD) -> httpx.Response:
        self.get("/konto/logga-in/")
        return self.post(
            "/konto/logga-in/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            },
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Visitor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@pytest.fixture(scope="session")
def demo_databases():
    databases = DemoDatabases()
    yield databases
    databases.drop()


@pytest.fixture(scope="session")
def production_server(demo_databases):
    """The demo data served by the README's production start, with DEBUG off."""
    settings = production_settings(demo_databases.folder / "static-production")
    with served(server_env(demo_databases.copy("production"), **settings), production=True) as server:
        yield server
