"""The file a municipality travels in: JSON Lines, one JSON object per line, UTF-8.

Line 1 is the header: the format and its version, the Styrkedja version, the municipality, when
it was written and the database migrations it was written at. Each following line is one row,
``{"model": "followup.activityreport", "pk": 12, "fields": {...}}``, as Django's serializers write
it: a foreign key is the id of the row it points at, a many-to-many field the list of ids, and a
row of the installation (a UN goal, say) is named by its natural key or its number. Every row
comes after the rows it points at. The last line, ``{"end": {"rows": N, "sha256": "…"}}``, makes
a cut or damaged file recognisable. A file whose name ends in ``.gz`` is gzip-compressed.

Our own JSON rather than Django's ``dumpdata``/``loaddata``, because

- the ids are given anew on the way in (the target may host other municipalities, whose rows
  have the same ids), which ``loaddata`` cannot do without a natural key on every model;
- the file is read as a stream, a line at a time with a limit per line and for the whole file,
  instead of as one JSON document held in memory;
- times keep their microseconds (Django's JSON encoder cuts them to milliseconds), so every
  report keeps its exact time and the history its order;
- each line is checked against the models before anything is written.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import gzip
import hashlib
import json
import uuid
import zlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import models

from styrkedja.backup.errors import BackupFileError

FORMAT = "styrkedja-kommun"
FORMAT_VERSION = 1
# A line is one row: the largest is a Word template (at most 10 MB, 14 MB in base64).
MAX_LINE_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_FILE_BYTES = 1024 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


class FileWriter:
    """Writes the header, the rows and the end line, keeping count and checksum."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.checksum = hashlib.sha256()
        self.rows = 0

    def _line(self, obj: dict[str, Any]) -> bytes:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"

    def header(self, header: dict[str, Any]) -> None:
        line = self._line(header)
        self.checksum.update(line)
        self.stream.write(line)

    def row(self, model: str, pk: Any, fields: dict[str, Any]) -> None:
        line = self._line({"model": model, "pk": pk, "fields": fields})
        self.checksum.update(line)
        self.stream.write(line)
        self.rows += 1

    def end(self) -> None:
        self.stream.write(self._line({"end": {"rows": self.rows, "sha256": self.checksum.hexdigest()}}))


def open_for_writing(path: Path, *, compressed: bool | None = None) -> BinaryIO:
    """The file to write; gzip-compressed when asked, or else when its name ends in .gz."""
    if compressed if compressed is not None else path.name.endswith(".gz"):
        return gzip.open(path, "wb")
    return path.open("wb")


class LineReader:
    """The lines of a file, numbered from 1, each and all of them within a limit.

    A gzip file (known by its first bytes) is read through; the limit holds for what it unpacks to.
    """

    def __init__(self, path: Path, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES):
        self.path = path
        self.max_bytes = max_bytes

    def _open(self) -> BinaryIO:
        try:
            with self.path.open("rb") as peek:
                compressed = peek.read(2) == GZIP_MAGIC
            if self.path.stat().st_size > self.max_bytes:
                raise self._too_large()
            return gzip.open(self.path, "rb") if compressed else self.path.open("rb")
        except OSError as error:
            raise BackupFileError(f"Filen {self.path} kan inte läsas: {error.strerror}.") from None

    def _too_large(self) -> BackupFileError:
        return BackupFileError(
            f"Filen är större än gränsen {megabytes(self.max_bytes)}. Ange en högre gräns med --max-size "
            "om filen är rätt."
        )

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        read = 0
        number = 0
        with self._open() as stream:
            while True:
                try:
                    line = stream.readline(MAX_LINE_BYTES + 1)
                except (OSError, EOFError, zlib.error) as error:
                    raise BackupFileError(f"Filen är en skadad gzip-fil ({error}).") from None
                if not line:
                    return
                number += 1
                read += len(line)
                if read > self.max_bytes:
                    raise self._too_large()
                if len(line) > MAX_LINE_BYTES:
                    raise BackupFileError(
                        f"raden är längre än {megabytes(MAX_LINE_BYTES)}; "
                        "så långa rader skriver Styrkedja inte.",
                        line=number,
                    )
                yield number, line


def parse_line(number: int, line: bytes) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupFileError(f"raden är inte JSON ({error}).", line=number) from None
    except RecursionError:
        raise BackupFileError("raden är JSON som är nästlad för djupt.", line=number) from None
    if not isinstance(value, dict):
        raise BackupFileError("raden ska vara ett JSON-objekt.", line=number)
    return value


# Values


def encode_value(field: models.Field, obj: models.Model) -> Any:
    """A field's value as JSON: what ``decode_value`` reads back to the same value."""
    value = field.value_from_object(obj)
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.BinaryField):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()  # with the microseconds, which DjangoJSONEncoder drops
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bool | int | float | str):
        return value
    return field.value_to_string(obj)


def decode_value(field: models.Field, raw: Any) -> Any:
    """A field's value from the file, checked as a form checks it (type, length, choices, validators).

    Raises ValueError with the reason in Swedish.
    """
    if isinstance(field, models.JSONField):
        value = raw
    else:
        if isinstance(raw, dict | list):
            raise ValueError("ett JSON-objekt eller en lista där ett enkelt värde ska stå")
        try:
            value = field.to_python(raw)
        except ValidationError as error:
            raise ValueError(" ".join(str(message) for message in error.messages)) from None
        except (TypeError, ValueError, binascii.Error, ArithmeticError):
            raise ValueError(f"”{raw}” är inget giltigt värde") from None
    if value is None:
        if not field.null:
            raise ValueError("värdet får inte vara tomt (null)")
        return None
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("texten innehåller tecknet NUL (0x00), som ingen text i Styrkedja har")
    if value in field.empty_values:
        return value
    try:
        field.validate(value, None)
        field.run_validators(value)
    except ValidationError as error:
        raise ValueError(" ".join(str(message) for message in error.messages)) from None
    return value
