"""Reading indicators: is the target met, which way is it going. Pure functions, no network.

The functions take the indicator's values as an argument (default: ``indicator.values.all()``,
which a prefetch makes free), so a page of many indicators costs one query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from styrkedja.indicators.choices import Gender, TargetKind, TargetStatus, Trend, ValueScope
from styrkedja.indicators.models import KINDS_WITH_AVERAGE, Indicator, IndicatorValue

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class YearAssessment:
    year: int
    value: IndicatorValue | None  # the municipality's value that year (None when missing)
    status: TargetStatus | None  # None: the indicator has no structured target
    trend: Trend
    missing_reason: str = ""  # why the year has no value, when a row says so
    compared: ComparedValue | None = None  # the number judged: the value or the mean over the years


def _values(indicator: Indicator, values: Iterable[IndicatorValue] | None) -> list[IndicatorValue]:
    return list(indicator.values.all() if values is None else values)


def total_values(values: Iterable[IndicatorValue]) -> list[IndicatorValue]:
    """The values for everyone (gender T), leaving out those for only women or men."""
    return [v for v in values if v.gender == Gender.TOTAL]


def municipality_values(
    *,
    indicator: Indicator,
    values: Iterable[IndicatorValue] | None = None,
    gender: str = Gender.TOTAL,
    with_missing: bool = False,
) -> dict[int, IndicatorValue]:
    """The municipality's own value per year (the one without a comparison label first).

    Only the values for everyone, unless ``gender`` asks for women's or men's. A row that says why a
    year has no value counts as no value, unless ``with_missing``.
    """
    own: dict[int, IndicatorValue] = {}
    for value in sorted(_values(indicator, values), key=lambda v: (v.label != "", v.pk or 0)):
        if value.scope != ValueScope.MUNICIPALITY or value.gender != gender:
            continue
        if value.value is None and not with_missing:
            continue
        own.setdefault(value.year, value)
    return own


def _nation_value(
    values: list[IndicatorValue], year: int, gender: str = Gender.TOTAL
) -> IndicatorValue | None:
    return next(
        (
            v
            for v in values
            if v.scope == ValueScope.NATION and v.year == year and v.gender == gender and v.value is not None
        ),
        None,
    )


def _previous(own: dict[int, IndicatorValue], year: int) -> IndicatorValue | None:
    """The latest value before ``year``: surveys made every other year compare with the one before."""
    earlier = [y for y in own if y < year]
    return own[max(earlier)] if earlier else None


@dataclass(frozen=True)
class ComparedValue:
    """The number a year's status is judged by: the year's value, or the mean over several years."""

    value: Decimal
    first_year: int
    last_year: int

    @property
    def is_average(self) -> bool:
        return self.first_year != self.last_year


def _mean(numbers: list[Decimal]) -> Decimal:
    return sum(numbers, Decimal(0)) / len(numbers)


def _average_years(indicator: Indicator) -> int | None:
    years = indicator.average_years
    return years if years and years > 1 and indicator.target_kind in KINDS_WITH_AVERAGE else None


def _compared(indicator: Indicator, year: int, own: dict[int, IndicatorValue]) -> ComparedValue | None:
    """The municipality's number for ``year``: its mean over ``average_years`` when set, all years present."""
    span = _average_years(indicator)
    if span is None:
        current = own.get(year)
        return None if current is None else ComparedValue(current.value, year, year)
    years = range(year - span + 1, year + 1)
    if any(y not in own for y in years):
        return None
    return ComparedValue(_mean([own[y].value for y in years]), years[0], year)


def _nation_compared(
    indicator: Indicator, year: int, values: list[IndicatorValue], gender: str
) -> Decimal | None:
    span = _average_years(indicator) or 1
    found = [_nation_value(values, y, gender) for y in range(year - span + 1, year + 1)]
    if any(v is None for v in found):
        return None
    return _mean([v.value for v in found])


def indicator_compared_value(
    *,
    indicator: Indicator,
    year: int,
    values: Iterable[IndicatorValue] | None = None,
    gender: str = Gender.TOTAL,
) -> ComparedValue | None:
    """What ``year``'s status compares with the target: the value, or the mean over the years.

    For an indicator with ``average_years`` N, the mean of the years ``year - N + 1`` … ``year``,
    None unless each of them has a value, so that a report can print "medel 2022–2024: 31,3".
    """
    own = municipality_values(indicator=indicator, values=values, gender=gender)
    return _compared(indicator, year, own)


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


_NUMBER_KINDS = {
    TargetKind.AT_LEAST: lambda value, target: value >= target,
    TargetKind.AT_MOST: lambda value, target: value <= target,
    TargetKind.GREATER_THAN: lambda value, target: value > target,
    TargetKind.LESS_THAN: lambda value, target: value < target,
}


def indicator_target_status(
    *,
    indicator: Indicator,
    year: int,
    values: Iterable[IndicatorValue] | None = None,
    gender: str = Gender.TOTAL,
) -> TargetStatus | None:
    """Whether the municipality met the indicator's target in ``year``.

    None when the indicator has no structured target (``target_kind`` empty): only its
    printed text, which a person has to judge. A year whose row says why its value is missing
    has no data. With ``average_years`` the number and the nation's are means over those years.
    ``gender`` judges women's or men's values by the same target.
    """
    kind = indicator.target_kind
    if not kind:
        return None
    values = _values(indicator, values)
    own = municipality_values(indicator=indicator, values=values, gender=gender)
    current = own.get(year)
    if current is None:
        return TargetStatus.NO_DATA
    met: bool
    if kind in _NUMBER_KINDS:
        compared = _compared(indicator, year, own)
        if indicator.target_value is None or compared is None:
            return TargetStatus.NO_DATA
        met = _NUMBER_KINDS[kind](compared.value, indicator.target_value)
    elif kind == TargetKind.BETTER_THAN_NATION:
        compared = _compared(indicator, year, own)
        nation = _nation_compared(indicator, year, values, gender)
        if compared is None or nation is None:
            return TargetStatus.NO_DATA
        met = _better(compared.value, nation, higher_is_better=indicator.higher_is_better)
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


@dataclass(frozen=True)
class BreakdownStatus:
    gender: str
    value: IndicatorValue | None
    status: TargetStatus | None


def indicator_breakdown_statuses(
    *, indicator: Indicator, year: int, values: Iterable[IndicatorValue] | None = None
) -> list[BreakdownStatus]:
    """The same target judged for everyone, women and men, for each that has a value row in ``year``.

    Total first, then women and men; a gender without any row that year is left out.
    """
    values = _values(indicator, values)
    found = []
    for gender in Gender:
        own = municipality_values(indicator=indicator, values=values, gender=gender, with_missing=True)
        if year not in own:
            continue
        value = own[year]
        status = indicator_target_status(indicator=indicator, year=year, values=values, gender=gender)
        found.append(BreakdownStatus(gender=gender, value=value, status=status))
    return found


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
    """Status and trend for each year (default: each year with a value, or a reason why there is none)."""
    values = _values(indicator, values)
    own = municipality_values(indicator=indicator, values=values)
    rows = municipality_values(indicator=indicator, values=values, with_missing=True)
    return [
        YearAssessment(
            year=year,
            value=own.get(year),
            status=indicator_target_status(indicator=indicator, year=year, values=values),
            trend=indicator_trend(indicator=indicator, year=year, values=values),
            missing_reason=rows[year].missing_reason if year in rows and year not in own else "",
            compared=_compared(indicator, year, own),
        )
        for year in sorted(set(rows) if years is None else set(years))
    ]


# Reading a printed target ------------------------------------------------------------------------

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_TOP_PERCENT = re.compile(rf"bland de {_NUMBER}\s*%\s*bästa")
_NATION = re.compile(r"\b(högre|lägre|bättre) än (riket|rikets|riksgenomsnittet)")
_AT_LEAST = re.compile(rf"^(minst|lägst|≥|>=) ?{_NUMBER}")
_AT_MOST = re.compile(rf"^(högst|max|maximalt|≤|<=) ?{_NUMBER}")
_GREATER_THAN = re.compile(rf"^(mer än|över|fler än|större än|>) ?{_NUMBER}")
_LESS_THAN = re.compile(rf"^(mindre än|under|färre än|<) ?{_NUMBER}")
_BARE_NUMBER = re.compile(rf"^{_NUMBER} ?(%|procent)?$")
_LAST_YEAR = re.compile(r"\b(mer|högre|lägre|bättre|mindre) än föregående års?\b")
_CHANGE = re.compile(r"\bska (öka|minska)\b")


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def target_parse(*, text: str, higher_is_better: bool = True) -> tuple[TargetKind, Decimal | None] | None:
    """A structured target read from the plan's printed words, or None when they say something else.

    "bland de 25 % bästa" → (TOP_PERCENT, 25), "högre än riksgenomsnittet" → BETTER_THAN_NATION,
    "minst 50%" or "≥ 50" → (AT_LEAST, 50), "högst 12" or "<= 12" → (AT_MOST, 12), "över 40" or
    "> 40" → (GREATER_THAN, 40), "under 5" or "< 5" → (LESS_THAN, 5), "ska öka" →
    BETTER_THAN_LAST_YEAR. A bare number ("30", "30 %", "4,5") is a least where higher is
    better and a most where lower is. "lägre än" and "ska minska" are read as better only for
    an indicator where lower is better.
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
    if match := _GREATER_THAN.search(words):
        return TargetKind.GREATER_THAN, _decimal(match.group(2))
    if match := _LESS_THAN.search(words):
        return TargetKind.LESS_THAN, _decimal(match.group(2))
    if match := _BARE_NUMBER.search(words):
        return (TargetKind.AT_LEAST if higher_is_better else TargetKind.AT_MOST), _decimal(match.group(1))
    if (match := _LAST_YEAR.search(words)) and match.group(1) in better_word:
        return TargetKind.BETTER_THAN_LAST_YEAR, None
    if (match := _CHANGE.search(words)) and match.group(1) == ("öka" if higher_is_better else "minska"):
        return TargetKind.BETTER_THAN_LAST_YEAR, None
    return None
