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


class WorkbookInvalid(Exception):
    """The workbook was not read in; ``errors`` lists every fault found."""

    def __init__(self, errors: list[WorkbookError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))
