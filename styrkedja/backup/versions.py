"""The Styrkedja version and database migrations a file was written at; whether this installation reads it."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder


def styrkedja_version() -> str:
    # The source tree's pyproject.toml first: an editable install keeps the version it was installed at.
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    if pyproject.is_file():
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    return metadata.version("styrkedja")


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = defaultdict(list)
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied[app].append(name)
    return dict(applied)


def migration_problem(file_migrations: dict[str, list[str]]) -> str:
    """Why this database cannot take the file's rows, in Swedish; empty when it can.

    The file's rows have the fields of the migrations it was written at. An older file reads
    into a newer database (new fields take their defaults); a newer file does not.
    """
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return "Databasen har migreringar som inte är gjorda: kör ./manage.py migrate först."
    known = set(executor.loader.applied_migrations) | set(executor.loader.graph.nodes)
    for squashed in executor.loader.replacements.values():
        known.update(squashed.replaces)
    missing = [
        f"{app}.{name}"
        for app, names in file_migrations.items()
        for name in names
        if (app, name) not in known
    ]
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        return (
            "Filen skrevs av en nyare Styrkedja, med migreringar som den här installationen saknar "
            f"({shown}). Uppdatera Styrkedja här och kör migrate, och läs sedan in filen."
        )
    return ""
