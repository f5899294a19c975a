"""What is wrong with a municipality file, or with the data an export would write, in Swedish."""

from __future__ import annotations


class BackupFileError(Exception):
    """A file that is not read in: what is wrong and, when it is one line, which (``line``)."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"Rad {self.line}: {self.message}" if self.line else self.message


class ExportError(Exception):
    """Data of the municipality that cannot be written as it is, e.g. a row that points at another
    municipality's row; the message names the row."""
