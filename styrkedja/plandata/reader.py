"""Typed, checked access to the mappings of a plan data file.

Every read knows where in the file it is, so that an error can name the file, the
object and the field in Swedish, as a controller fixing the file needs it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from styrkedja.text_limits import normalised


class DataFileError(Exception):
    def __init__(self, file: str, where: str, field: str, problem: str):
        self.file, self.where, self.field, self.problem = file, where, field, problem
        place = f"{where}, fältet ”{field}”" if field else where
        super().__init__(f"{file}: {place}: {problem}")


def to_decimal(value: Any) -> Decimal:
    """A number (from YAML, a workbook or an export), or a string with a Swedish decimal comma
    ("189,8", "1 750"), as Decimal."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, Decimal) and value.is_finite():
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        cleaned = value.strip().replace("\u2212", "-").replace("\xa0", "").replace(" ", "").replace(",", ".")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError from None
        if number.is_finite():
            return number
    raise ValueError


class Node:
    """One mapping of the file, with its place ("aktivitet 3 under mål kf1") for messages."""

    def __init__(self, file: str, data: Any, where: str, fields: set[str]):
        self.file, self.where = file, where
        if not isinstance(data, dict):
            raise DataFileError(file, where, "", "ska vara en mappning med fält (nyckel: värde).")
        unknown = sorted(str(key) for key in data if key not in fields)
        if unknown:
            allowed = ", ".join(sorted(fields))
            problem = f"okänt fält. Tillåtna fält är: {allowed}."
            if any(isinstance(key, int) for key in data):
                # In {a: 1, b: 2} an unquoted 11,5 splits into 11 and a field named 5.
                problem += (
                    ' Ett tal med decimalkomma inom { } måste stå inom citattecken, till exempel "11,5".'
                )
            raise DataFileError(file, where, unknown[0], problem)
        self.data = data

    def fail(self, field: str, problem: str):
        raise DataFileError(self.file, self.where, field, problem)

    def has(self, key: str) -> bool:
        return self.data.get(key) not in (None, "")

    def raw(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def text(self, key: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.fail(key, "saknas men måste anges.")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(key, "ska vara en text.")
        text = normalised(str(value)).strip()
        if max_length and len(text) > max_length:
            self.fail(key, f"är {len(text)} tecken lång men får vara högst {max_length}.")
        return text

    def number(self, key: str, *, required: bool = False) -> Decimal | None:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.fail(key, "saknas men måste anges.")
            return None
        try:
            return to_decimal(value)
        except ValueError:
            self.fail(key, f"”{value}” är inte ett tal.")

    def integer(self, key: str, *, required: bool = False) -> int | None:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.fail(key, "saknas men måste anges.")
            return None
        if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
            self.fail(key, f"”{value}” är inte ett heltal.")
        return int(value)

    def year(self, key: str, *, required: bool = False) -> int | None:
        value = self.integer(key, required=required)
        if value is not None and not 1900 <= value <= 2200:
            self.fail(key, f"{value} är inget rimligt årtal.")
        return value

    def date(self, key: str, *, required: bool = False) -> datetime.date | None:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.fail(key, "saknas men måste anges.")
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.fail(key, f"”{value}” är inget datum. Skriv datum som ÅÅÅÅ-MM-DD.")

    def boolean(self, key: str, *, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, f"”{value}” ska vara true eller false.")
        return value

    def items(self, key: str, *, required: bool = False) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "saknas men måste anges.")
            return []
        if not isinstance(value, list):
            self.fail(key, "ska vara en lista.")
        return value

    def choice(self, key: str, choices: dict[str, str], *, required: bool = False, default: str = "") -> str:
        """Map the file's word (case-insensitive) to a stored value; name the allowed words if unknown."""
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "saknas men måste anges.")
            return default
        word = str(value).strip().lower()
        if word not in choices:
            allowed = ", ".join(f"”{c}”" for c in choices if c)
            self.fail(key, f"”{value}” är inte ett tillåtet värde. Tillåtna värden: {allowed}.")
        return choices[word]
