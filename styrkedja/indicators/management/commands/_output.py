"""Shared pieces of the Kolada commands."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError


def number(value: Decimal | None) -> str:
    """A value as Swedish documents write it: 72, 62,5, −3,25 (no trailing zeros)."""
    if value is None:
        return "–"
    text = format(value.normalize(), "f")
    return text.replace(".", ",").replace("-", "−")


def short(text: str, length: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def validation_text(error: ValidationError) -> str:
    return " ".join(message for messages in _messages(error) for message in messages)


def _messages(error: ValidationError) -> list[list[str]]:
    if hasattr(error, "error_dict"):
        return [list(messages) for messages in error.message_dict.values()]
    return [error.messages]
