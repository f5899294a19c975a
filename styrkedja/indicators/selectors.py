"""Reading indicators: is the target met, which way is it going. Pure functions, no network.

The functions take the indicator's values as an argument (default: ``indicator.values.all()``,
which a prefetch makes free), so a page of many indicators costs one query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from styrkedja.indicators.choices import TargetKind, TargetStatus, Trend, ValueScope
from styrkedja.indicators.models import Indicator, IndicatorValue

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class YearAssessment:
    year: int
    value: IndicatorValue | None  # the municipality's value that year
    status: TargetStatus | None  # None: the indicator has no structured target
    trend: Trend


def _values(indicator: Indicator, values: Iterable[IndicatorValue] | None) -> list[IndicatorValue]:
    return list(indicator.values.all() if values is None else values)


def municipality_values(
    *, indicator: Indicator, values: Iterable[IndicatorValue] | None = None
) -> dict[int, IndicatorValue]:
    """The municipality's own value per year (the one without a comparison label first)."""
    own: dict[int, IndicatorValue] = {}
    for value in sorted(_values(indicator, values), key=lambda v: (v.label != "", v.pk or 0)):
        if value.scope == ValueScope.MUNICIPALITY:
            own.setdefault(value.year, value)
    return own


def _nation_value(values: list[IndicatorValue], year: int) -> IndicatorValue | None:
    return next((v for v in values if v.scope == ValueScope.NATION and v.year == year), None)


def _previous(own: dict[int, IndicatorValue], year: int) -> IndicatorValue | None:
    """The latest value before ``year``: surveys made every other year compare with the one before."""
    earlier = [y for y in own if y < year]
    return own[max(earlier)] if earlier else None


def _better(value: Decimal, than: Decimal, *, higher_is_better: bool) -> bool:
    return value > than if higher_is_better else value < than


def _percent_from_top(value: IndicatorValue) -> Decimal | None:
    """Where a ranked value stands, in percent from the top: plats 74 av 290 → 25,5 %.

    The value is the rank itself (a ranking's "plats") unless ``rank`` is given, as for an
    index whose place in a ranking is known beside it.
    """
    rank = Decimal(value.rank) if value.rank is not None else value.value
    if not value.rank_of or rank is None or rank <= 0:
        return None
    return rank / Decimal(value.rank_of) * HUNDRED


def indicator_target_status(
    *, indicator: Indicator, year: int, values: Iterable[IndicatorValue] | None = None
) -> TargetStatus | None:
    """Whether the municipality met the indicator's target in ``year``.

    None when the indicator has no structured target (``target_kind`` empty): only its
    printed text, which a person has to judge.
    """
    kind = indicator.target_kind
    if not kind:
        return None
    values = _values(indicator, values)
    own = municipality_values(indicator=indicator, values=values)
    current = own.get(year)
    if current is None:
        return TargetStatus.NO_DATA
    met: bool
    if kind in (TargetKind.AT_LEAST, TargetKind.AT_MOST):
        if indicator.target_value is None:
            return TargetStatus.NO_DATA
        if kind == TargetKind.AT_LEAST:
            met = current.value >= indicator.target_value
        else:
            met = current.value <= indicator.target_value
    elif kind == TargetKind.BETTER_THAN_NATION:
        nation = _nation_value(values, year)
        if nation is None:
            return TargetStatus.NO_DATA
        met = _better(current.value, nation.value, higher_is_better=indicator.higher_is_better)
    elif kind == TargetKind.TOP_PERCENT:
        percent = _percent_from_top(current)
        if percent is None or indicator.target_value is None:
            return TargetStatus.NO_DATA
        met = percent <= indicator.target_value
    elif kind == TargetKind.BETTER_THAN_LAST_YEAR:
        previous = _previous(own, year)
        if previous is None:
            return TargetStatus.NO_DATA
        met = _better(current.value, previous.value, higher_is_better=indicator.higher_is_better)
    else:
        return TargetStatus.NO_DATA  # a kind this code does not know: claim nothing
    return TargetStatus.MET if met else TargetStatus.NOT_MET


def indicator_trend(
    *, indicator: Indicator, year: int, values: Iterable[IndicatorValue] | None = None
) -> Trend:
    """``year``'s value against the latest earlier value, honouring ``higher_is_better``."""
    own = municipality_values(indicator=indicator, values=values)
    current, previous = own.get(year), _previous(own, year)
    if current is None or previous is None:
        return Trend.NO_DATA
    if current.value == previous.value:
        return Trend.UNCHANGED
    if _better(current.value, previous.value, higher_is_better=indicator.higher_is_better):
        return Trend.BETTER
    return Trend.WORSE


def indicator_assessments(
    *,
    indicator: Indicator,
    years: Iterable[int] | None = None,
    values: Iterable[IndicatorValue] | None = None,
) -> list[YearAssessment]:
    """Status and trend for each year (default: each year the municipality has a value)."""
    values = _values(indicator, values)
    own = municipality_values(indicator=indicator, values=values)
    return [
        YearAssessment(
            year=year,
            value=own.get(year),
            status=indicator_target_status(indicator=indicator, year=year, values=values),
            trend=indicator_trend(indicator=indicator, year=year, values=values),
        )
        for year in sorted(set(own) if years is None else set(years))
    ]


# Reading a printed target ------------------------------------------------------------------------

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_TOP_PERCENT = re.compile(rf"bland de {_NUMBER}\s*%\s*bästa")
_NATION = re.compile(r"\b(högre|lägre|bättre) än (riket|rikets|riksgenomsnittet)")
_AT_LEAST = re.compile(rf"^(minst|lägst) {_NUMBER}")
_AT_MOST = re.compile(rf"^(högst|max|maximalt) {_NUMBER}")
_LAST_YEAR = re.compile(r"\b(mer|högre|lägre|bättre|mindre) än föregående års?\b")
_CHANGE = re.compile(r"\bska (öka|minska)\b")


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def target_parse(*, text: str, higher_is_better: bool = True) -> tuple[TargetKind, Decimal | None] | None:
    """A structured target read from the plan's printed words, or None when they say something else.

    "bland de 25 % bästa" → (TOP_PERCENT, 25), "högre än riksgenomsnittet" → BETTER_THAN_NATION,
    "minst 50%" → (AT_LEAST, 50), "ska öka" → BETTER_THAN_LAST_YEAR. "lägre än" and "ska minska"
    are read as better only for an indicator where lower is better.
    """
    words = " ".join(text.lower().split())
    better_word = {
        "bättre",
        "högre" if higher_is_better else "lägre",
        "mer" if higher_is_better else "mindre",
    }
    if match := _TOP_PERCENT.search(words):
        return TargetKind.TOP_PERCENT, _decimal(match.group(1))
    if (match := _NATION.search(words)) and match.group(1) in better_word:
        return TargetKind.BETTER_THAN_NATION, None
    if match := _AT_LEAST.search(words):
        return TargetKind.AT_LEAST, _decimal(match.group(2))
    if match := _AT_MOST.search(words):
        return TargetKind.AT_MOST, _decimal(match.group(2))
    if (match := _LAST_YEAR.search(words)) and match.group(1) in better_word:
        return TargetKind.BETTER_THAN_LAST_YEAR, None
    if (match := _CHANGE.search(words)) and match.group(1) == ("öka" if higher_is_better else "minska"):
        return TargetKind.BETTER_THAN_LAST_YEAR, None
    return None
