"""Targets and trend: every kind of target, missing years, and indicators where lower is better."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from styrkedja.indicators.choices import TargetKind, TargetStatus, Trend, ValueScope
from styrkedja.indicators.models import Indicator, IndicatorValue
from styrkedja.indicators.selectors import (
    indicator_assessments,
    indicator_target_status,
    indicator_trend,
    target_parse,
)

MET, NOT_MET, NO_DATA = TargetStatus.MET, TargetStatus.NOT_MET, TargetStatus.NO_DATA


@pytest.fixture
def make_indicator(build_plan):
    builder = build_plan()
    goal = builder.goal("kf1")

    def make(
        *,
        kind: str = "",
        target: str | None = None,
        higher_is_better: bool = True,
        own: dict[int, str] | None = None,
        nation: dict[int, str] | None = None,
    ) -> Indicator:
        indicator = Indicator.objects.create(
            goal=goal,
            name="Indikator",
            target_kind=kind,
            target_value=Decimal(target) if target is not None else None,
            higher_is_better=higher_is_better,
        )
        for scope, values in ((ValueScope.MUNICIPALITY, own), (ValueScope.NATION, nation)):
            for year, value in (values or {}).items():
                IndicatorValue.objects.create(
                    indicator=indicator, year=year, scope=scope, value=Decimal(value)
                )
        return indicator

    return make


def status(indicator: Indicator, year: int) -> TargetStatus | None:
    return indicator_target_status(indicator=indicator, year=year)


def trend(indicator: Indicator, year: int) -> Trend:
    return indicator_trend(indicator=indicator, year=year)


# Targets ---------------------------------------------------------------------------------------


def test_at_least(make_indicator):
    indicator = make_indicator(
        kind=TargetKind.AT_LEAST, target="50", own={2022: "49.9", 2023: "50", 2024: "61"}
    )

    assert [status(indicator, year) for year in (2021, 2022, 2023, 2024)] == [NO_DATA, NOT_MET, MET, MET]


def test_at_most(make_indicator):
    indicator = make_indicator(
        kind=TargetKind.AT_MOST, target="10", higher_is_better=False, own={2023: "10", 2024: "10.5"}
    )

    assert [status(indicator, year) for year in (2022, 2023, 2024)] == [NO_DATA, MET, NOT_MET]


def test_a_number_target_without_its_number_has_no_status(make_indicator):
    indicator = make_indicator(kind=TargetKind.AT_LEAST, own={2024: "61"})

    assert status(indicator, 2024) == NO_DATA


def test_better_than_the_nation(make_indicator):
    # Mjölby 2021: 72 % would recommend the municipality against the nation's 62 %.
    indicator = make_indicator(
        kind=TargetKind.BETTER_THAN_NATION,
        own={2021: "72", 2022: "73", 2023: "70", 2024: "75"},
        nation={2021: "62", 2022: "73", 2023: "71"},
    )

    assert status(indicator, 2021) == MET
    assert status(indicator, 2022) == NOT_MET  # equal is not better
    assert status(indicator, 2023) == NOT_MET
    assert status(indicator, 2024) == NO_DATA  # the nation's value is missing
    assert status(indicator, 2020) == NO_DATA  # the municipality's value is missing


def test_better_than_the_nation_when_lower_is_better(make_indicator):
    indicator = make_indicator(
        kind=TargetKind.BETTER_THAN_NATION,
        higher_is_better=False,
        own={2023: "4.1", 2024: "5.0"},
        nation={2023: "4.5", 2024: "4.5"},
    )

    assert status(indicator, 2023) == MET
    assert status(indicator, 2024) == NOT_MET


def test_among_the_best_percent_of_a_ranking(make_indicator):
    # Aktuell Hållbarhet 2022: "plats 74 = bland de 26 % bästa" (74 of 290 is 25,5 %).
    indicator = make_indicator(
        kind=TargetKind.TOP_PERCENT, target="25", higher_is_better=False, own={2022: "74", 2023: "45"}
    )
    IndicatorValue.objects.filter(indicator=indicator).update(rank_of=290)

    assert status(indicator, 2022) == NOT_MET  # 25,5 % is not among the best 25 %
    assert status(indicator, 2023) == MET  # plats 45: 15,5 %
    indicator.target_value = Decimal("26")
    assert status(indicator, 2022) == MET


def test_among_the_best_percent_with_the_rank_beside_an_index(make_indicator):
    # INSIKT: index 68, placed 182 of 195 ("bland de 7 % sämsta"), target "bland de 20 % bästa".
    indicator = make_indicator(kind=TargetKind.TOP_PERCENT, target="20", own={2022: "68", 2023: "75"})
    IndicatorValue.objects.filter(indicator=indicator, year=2022).update(rank=182, rank_of=195)
    IndicatorValue.objects.filter(indicator=indicator, year=2023).update(rank=30, rank_of=195)

    assert status(indicator, 2022) == NOT_MET
    assert status(indicator, 2023) == MET  # 30 of 195: 15,4 %


def test_among_the_best_percent_without_the_number_ranked_has_no_status(make_indicator):
    indicator = make_indicator(kind=TargetKind.TOP_PERCENT, target="25", own={2022: "74"})

    assert status(indicator, 2022) == NO_DATA
    assert status(indicator, 2023) == NO_DATA


def test_better_than_last_year(make_indicator):
    # Valdemarsvik: "mer än föregående års resultat 26%".
    indicator = make_indicator(
        kind=TargetKind.BETTER_THAN_LAST_YEAR, own={2022: "26", 2023: "31", 2024: "31", 2026: "29"}
    )

    assert status(indicator, 2022) == NO_DATA  # nothing before to compare with
    assert status(indicator, 2023) == MET
    assert status(indicator, 2024) == NOT_MET  # the same is not more
    assert status(indicator, 2025) == NO_DATA
    assert status(indicator, 2026) == NOT_MET  # compared with 2024, the latest year with a value


def test_better_than_last_year_when_lower_is_better(make_indicator):
    indicator = make_indicator(
        kind=TargetKind.BETTER_THAN_LAST_YEAR,
        higher_is_better=False,
        own={2022: "45", 2023: "52", 2024: "40"},
    )

    assert status(indicator, 2023) == NOT_MET
    assert status(indicator, 2024) == MET


def test_an_indicator_without_a_structured_target_is_not_judged(make_indicator):
    indicator = make_indicator(own={2024: "10"})

    assert status(indicator, 2024) is None


def test_other_comparisons_do_not_count_as_the_municipalitys_value(make_indicator):
    indicator = make_indicator(kind=TargetKind.AT_LEAST, target="50")
    IndicatorValue.objects.create(
        indicator=indicator, year=2024, scope=ValueScope.OTHER, label="Linköping", value=90
    )
    IndicatorValue.objects.create(indicator=indicator, year=2024, scope=ValueScope.NATION, value=90)

    assert status(indicator, 2024) == NO_DATA


# Trend ------------------------------------------------------------------------------------------


def test_trend_against_the_previous_year(make_indicator):
    indicator = make_indicator(own={2021: "72", 2022: "74", 2023: "74", 2024: "70"})

    assert [trend(indicator, year) for year in (2021, 2022, 2023, 2024)] == [
        Trend.NO_DATA,
        Trend.BETTER,
        Trend.UNCHANGED,
        Trend.WORSE,
    ]


def test_trend_when_lower_is_better(make_indicator):
    # Svenskt näringslivs ranking: a lower place is better.
    indicator = make_indicator(higher_is_better=False, own={2022: "45", 2023: "52", 2024: "38"})

    assert trend(indicator, 2023) == Trend.WORSE
    assert trend(indicator, 2024) == Trend.BETTER


def test_trend_skips_missing_years_and_has_no_data_for_a_missing_year(make_indicator):
    indicator = make_indicator(own={2020: "10", 2023: "12"})

    assert trend(indicator, 2023) == Trend.BETTER  # against 2020, the previous year with a value
    assert trend(indicator, 2022) == Trend.NO_DATA
    assert trend(indicator, 2024) == Trend.NO_DATA


def test_trend_ignores_the_nation(make_indicator):
    indicator = make_indicator(own={2024: "10"}, nation={2023: "5", 2024: "20"})

    assert trend(indicator, 2024) == Trend.NO_DATA


def test_assessments_per_year_from_prefetched_values(make_indicator, django_assert_num_queries):
    made = make_indicator(
        kind=TargetKind.BETTER_THAN_NATION, own={2021: "72", 2022: "70"}, nation={2021: "62", 2022: "71"}
    )
    indicator = Indicator.objects.prefetch_related("values").get(pk=made.pk)

    with django_assert_num_queries(0):
        rows = indicator_assessments(indicator=indicator)

    assert [(row.year, row.value.value, row.status, row.trend) for row in rows] == [
        (2021, Decimal("72"), MET, Trend.NO_DATA),
        (2022, Decimal("70"), NOT_MET, Trend.WORSE),
    ]
    assert [row.status for row in indicator_assessments(indicator=indicator, years=[2023])] == [NO_DATA]


# The structured target on the model ------------------------------------------------------------------


def test_a_number_target_needs_its_number(make_indicator):
    indicator = make_indicator(kind=TargetKind.AT_LEAST)

    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "target_value" in error.value.message_dict


@pytest.mark.parametrize("percent", ["0", "120"])
def test_a_top_percent_is_a_percent(make_indicator, percent):
    indicator = make_indicator(kind=TargetKind.TOP_PERCENT, target=percent)

    with pytest.raises(ValidationError, match="större än 0 och högst 100"):
        indicator.full_clean()


# Reading the printed targets of the seeds -------------------------------------------------------------------

SEED_TARGETS = {
    "högre än riksgenomsnittet": (TargetKind.BETTER_THAN_NATION, None),
    "bland de 20 % bästa kommunerna som deltar i mätningen": (TargetKind.TOP_PERCENT, Decimal("20")),
    "bland de 25 % bästa kommunerna": (TargetKind.TOP_PERCENT, Decimal("25")),
    "bland de 25 % bästa i landet": (TargetKind.TOP_PERCENT, Decimal("25")),
    "Kommunens chefer har inom tre år påbörjat ett kommungemensamt ledarskapsprogram": None,
    "samtliga genomförda senast 2026": None,
    "minst 50%": (TargetKind.AT_LEAST, Decimal("50")),
    "oförändrad": None,
    "ska öka": (TargetKind.BETTER_THAN_LAST_YEAR, None),
    "ska öka mot heltid som norm": (TargetKind.BETTER_THAN_LAST_YEAR, None),
    "högre än rikets resultat": (TargetKind.BETTER_THAN_NATION, None),
    "mer än föregående års resultat 26%": (TargetKind.BETTER_THAN_LAST_YEAR, None),
    "Samtliga elever ska vara behöriga till gymnasieskolan efter avslutad grundskola.": None,
}


def test_every_printed_target_of_both_plans_is_read(mjolby_plan, valdemarsvik_plan):
    seeds = Indicator.objects.filter(goal__plan__in=[mjolby_plan, valdemarsvik_plan]).exclude(target="")
    printed = {indicator.target: indicator.higher_is_better for indicator in seeds}

    assert set(printed) == set(SEED_TARGETS)
    for text, higher_is_better in printed.items():
        assert target_parse(text=text, higher_is_better=higher_is_better) == SEED_TARGETS[text], text


def test_lower_and_decrease_are_better_only_where_lower_is_better():
    assert target_parse(text="lägre än riksgenomsnittet", higher_is_better=False) == (
        TargetKind.BETTER_THAN_NATION,
        None,
    )
    assert target_parse(text="lägre än riksgenomsnittet") is None
    assert target_parse(text="ska minska", higher_is_better=False) == (TargetKind.BETTER_THAN_LAST_YEAR, None)
    assert target_parse(text="ska minska") is None
    assert target_parse(text="Högst 12,5 dagar") == (TargetKind.AT_MOST, Decimal("12.5"))
