"""For tests that run Styrkedja in a process of its own: a database of its own for that process.

The served tests (browser, concurrency, production) run a server on a copy of one demo database;
the backup tests read a municipality into an empty one, as into a new installation. None touches
the test database of the other tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


class SeparateDatabase:
    """A temporary SQLite file, or a database of its own on the PostgreSQL server that DATABASE_URL names.

    ``purpose`` goes into the name, so that several can exist at once: styrkedja_browser_<pid>.
    """

    def __init__(self, purpose: str):
        url = os.getenv("DATABASE_URL", "")
        self.postgres = url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            parts = urlsplit(url)
            self.name = f"styrkedja_{purpose}_{os.getpid()}"
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        else:
            self.folder = tempfile.mkdtemp(prefix=f"styrkedja-{purpose}-")
            self.url = f"sqlite:///{self.folder}/{purpose}.sqlite3"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    @property
    def path(self) -> Path:
        """The SQLite file."""
        return Path(self.url.removeprefix("sqlite:///"))

    def create(self, *, template: SeparateDatabase | None = None) -> None:
        """Empty, or a copy of ``template`` (whose connections must all be closed)."""
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            source = f' TEMPLATE "{template.name}"' if template else ""
            self._admin(f'CREATE DATABASE "{self.name}"{source}')
        elif template:
            shutil.copyfile(template.path, self.path)

    def drop(self) -> None:
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        else:
            shutil.rmtree(self.folder, ignore_errors=True)

    def env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, "DATABASE_URL": self.url, "DEBUG": "true", **extra}

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """``manage.py ARGS`` against this database, its output captured as text."""
        return subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env(),
            check=check,
            capture_output=True,
            text=True,
        )
