"""A municipality's whole data to one file, and such a file into an installation.

``municipality_export`` writes every row of the municipality (``scope.municipality_models``:
its organisation, members and their accounts with password hashes, goal levels, assessment
scale, Kolada settings, Word template, every plan with everything in it, and the audit log)
in the format of ``fileformat``. ``municipality_import`` reads such a file into this
installation under new ids (``importer``), all of it or nothing. Both go into the audit log:
the export because it carries the members' password hashes.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from styrkedja.audit.services import audit_log
from styrkedja.backup.exporter import Exporter
from styrkedja.backup.fileformat import DEFAULT_MAX_FILE_BYTES, open_for_writing
from styrkedja.backup.importer import Imported, Importer
from styrkedja.tenancy.models import Municipality


@dataclass
class ExportResult:
    path: Path
    counts: dict[str, int]
    warnings: list[str]

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


@contextlib.contextmanager
def _one_snapshot():
    """Every query of the export sees the database at one moment, while the server goes on writing.

    SQLite gives a read transaction its snapshot at the first read (in WAL mode without blocking
    writers); PostgreSQL needs REPEATABLE READ for it. Inside a transaction already (a test, a
    caller's), that transaction's view is the one written.
    """
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def municipality_export(*, municipality: Municipality, path: Path, user=None) -> ExportResult:
    """Write the municipality to ``path`` (gzip-compressed when it ends in .gz).

    The file appears only when it is whole: it is written beside it under another name first.
    Raises ExportError, and writes nothing, when a row points outside the municipality.
    """
    path = Path(path)
    partial = path.with_name(f".{path.name}.part")
    try:
        with _one_snapshot(), open_for_writing(partial, compressed=path.name.endswith(".gz")) as stream:
            written = Exporter(municipality).write(stream)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    account = get_user_model()._meta.label_lower
    audit_log(
        municipality=municipality,
        action="backup.municipality.exported",
        obj=municipality,
        user=user,
        data={"file": path.name, "rows": written.rows, "users": written.counts.get(account, 0)},
    )
    return ExportResult(path=path, counts=written.counts, warnings=written.warnings)


def municipality_import(*, path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, user=None) -> Imported:
    """Read a municipality file into this installation: every row under a new id, or nothing.

    Raises BackupFileError with what is wrong, and where, in Swedish: a broken or cut file, a
    wrong version, a file larger than ``max_bytes``, a municipality or user name that is
    already here, a row that points outside the file.
    """
    importer = Importer(Path(path), max_bytes=max_bytes)
    header = importer.check()
    with transaction.atomic():
        imported = importer.run()
        audit_log(
            municipality=imported.municipality,
            action="backup.municipality.imported",
            obj=imported.municipality,
            user=user,
            data={
                "file": Path(path).name,
                "written_at": header.get("written_at"),
                "styrkedja_version": header.get("styrkedja_version"),
                "rows": imported.rows,
                "counts": imported.counts,
            },
        )
    return imported
