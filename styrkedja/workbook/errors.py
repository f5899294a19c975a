"""What is wrong in a workbook, where: sheet, row and column, in Swedish."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WorkbookError:
    sheet: str
    row: int | None
    column: str
    column_letter: str
    message: str

    @property
    def place(self) -> str:
        parts = [f"bladet ”{self.sheet}”"] if self.sheet else ["arbetsboken"]
        if self.row:
            parts.append(f"rad {self.row}")
        if self.column:
            parts.append(f"kolumn {self.column_letter} ”{self.column}”".replace("  ", " "))
        text = ", ".join(parts)
        return text[0].upper() + text[1:]

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


# A page or a terminal of faults is read; ten thousand are not. Past this many, the rest are
# only counted.
LISTED = 100


class WorkbookErrors(list):
    """Faults as they are found: the first LISTED kept, the others counted in ``unlisted``."""

    def __init__(self):
        super().__init__()
        self.unlisted = 0

    def append(self, error: WorkbookError) -> None:
        if len(self) < LISTED:
            super().append(error)
        else:
            self.unlisted += 1


class WorkbookInvalid(Exception):
    """The workbook was not read in; ``errors`` lists the faults found (``listed`` the first
    LISTED of them), ``unlisted`` counts those past them."""

    def __init__(self, errors: list[WorkbookError]):
        self.errors = errors
        self.total = len(errors) + getattr(errors, "unlisted", 0)
        super().__init__("\n".join(str(error) for error in self.listed))

    @property
    def listed(self) -> list[WorkbookError]:
        return list(self.errors[:LISTED])

    @property
    def unlisted(self) -> int:
        return self.total - len(self.listed)
