"""Numbers as Swedish documents print them: a decimal comma, no trailing zeros, "72 %"."""

from __future__ import annotations

from decimal import Decimal

MINUS = "\u2212"  # the typographic minus sign, read as "minus" by screen readers
NO_BREAK_SPACE = "\u00a0"  # keeps the groups of a number on one line


def swedish_number(value: Decimal | float | int) -> str:
    """``Decimal("3.500")`` as "3,5", ``72.0`` as "72", ``-1.25`` as "−1,25", ``12500`` as "12 500"."""
    number = Decimal(str(value)).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))  # normalize() writes 100 as 1E+2
    text = format(abs(number), "f")
    whole, _separator, fraction = text.partition(".")
    text = _grouped(whole) + ("," + fraction if fraction else "")
    return MINUS + text if number < 0 else text


def _grouped(whole: str) -> str:
    # Språkrådet groups numbers of five digits or more in threes; "2021" and "1500" stay whole.
    if len(whole) < 5:
        return whole
    groups = []
    while whole:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    return NO_BREAK_SPACE.join(groups)


def with_unit(value: Decimal | float | int, unit: str) -> str:
    """The number followed by its unit after a no-break space, as in "72 %" and "189,8 Mnkr": the two
    are never split over two lines."""
    text = swedish_number(value)
    return f"{text}{NO_BREAK_SPACE}{unit}" if unit else text
