"""Numbers as Swedish documents print them: a decimal comma, no trailing zeros."""

from __future__ import annotations

from decimal import Decimal


def swedish_number(value: Decimal | float | int) -> str:
    number = Decimal(str(value)).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    text = format(number, "f")
    return text.replace("-", "\u2212").replace(".", ",")


def with_unit(value, unit: str) -> str:
    text = swedish_number(value)
    if not unit:
        return text
    return f"{text} {unit}" if unit != "%" else f"{text} %"
