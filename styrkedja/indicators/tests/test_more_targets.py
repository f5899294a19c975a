"""More than, less than, averages over years, values missing with a reason and values by sex."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from styrkedja.charts.indicator import indicator_chart, indicator_series
from styrkedja.indicators.choices import Gender, TargetKind, TargetStatus, Trend, ValueScope
from styrkedja.indicators.models import KINDS_WITH_VALUE, Indicator, IndicatorValue
from styrkedja.indicators.selectors import (
    indicator_assessments,
    indicator_breakdown_statuses,
    indicator_compared_value,
    indicator_target_status,
    indicator_trend,
    municipality_values,
    target_parse,
)
from styrkedja.indicators.services import kolada_settings_set, kolada_sync
from styrkedja.indicators.tests.conftest import FakeKolada, recorded

MET, NOT_MET, NO_DATA = TargetStatus.MET, TargetStatus.NOT_MET, TargetStatus.NO_DATA
MUNICIPALITY, NATION = ValueScope.MUNICIPALITY, ValueScope.NATION


@pytest.fixture
def goal(build_plan):
    return build_plan().goal("kf1")


@pytest.fixture
def make(goal):
    def make(
        *,
        kind: str = "",
        target: str | None = None,
        higher_is_better: bool = True,
        average_years: int | None = None,
        own: dict[int, str | None] | None = None,
        nation: dict[int, str] | None = None,
    ) -> Indicator:
        indicator = Indicator.objects.create(
            goal=goal,
            name="Indikator",
            target_kind=kind,
            target_value=Decimal(target) if target is not None else None,
            higher_is_better=higher_is_better,
            average_years=average_years,
        )
        for scope, values in ((MUNICIPALITY, own), (NATION, nation)):
            for year, value in (values or {}).items():
                add(indicator, year, value, scope=scope)
        return indicator

    return make


def add(indicator, year, value, *, scope=MUNICIPALITY, gender=Gender.TOTAL, reason="") -> IndicatorValue:
    """A value, or with ``value`` None a row saying why there is none ("statistik saknas" by default)."""
    return IndicatorValue.objects.create(
        indicator=indicator,
        year=year,
        scope=scope,
        gender=gender,
        value=None if value is None else Decimal(value),
        missing_reason=reason or ("statistik saknas" if value is None else ""),
    )


def status(indicator, year, gender=Gender.TOTAL):
    return indicator_target_status(indicator=indicator, year=year, gender=gender)


# More than and less than ----------------------------------------------------------------------


def test_more_than_is_strict(make):
    indicator = make(kind=TargetKind.GREATER_THAN, target="40", own={2022: "39.9", 2023: "40", 2024: "40.1"})

    assert [status(indicator, year) for year in (2021, 2022, 2023, 2024)] == [NO_DATA, NOT_MET, NOT_MET, MET]


def test_less_than_is_strict(make):
    indicator = make(
        kind=TargetKind.LESS_THAN,
        target="5",
        higher_is_better=False,
        own={2022: "4.99", 2023: "5", 2024: "6"},
    )

    assert [status(indicator, year) for year in (2022, 2023, 2024)] == [MET, NOT_MET, NOT_MET]


@pytest.mark.parametrize("kind", [TargetKind.GREATER_THAN, TargetKind.LESS_THAN])
def test_more_and_less_than_need_their_number(make, kind):
    indicator = make(kind=kind, own={2024: "3"})

    assert kind in KINDS_WITH_VALUE
    assert status(indicator, 2024) == NO_DATA
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "target_value" in error.value.message_dict


@pytest.mark.parametrize(
    ("text", "higher_is_better", "expected"),
    [
        ("> 40", True, (TargetKind.GREATER_THAN, Decimal("40"))),
        (">40 %", True, (TargetKind.GREATER_THAN, Decimal("40"))),
        ("mer än 40", True, (TargetKind.GREATER_THAN, Decimal("40"))),
        ("Över 40 procent", True, (TargetKind.GREATER_THAN, Decimal("40"))),
        ("< 5", False, (TargetKind.LESS_THAN, Decimal("5"))),
        ("under 5", False, (TargetKind.LESS_THAN, Decimal("5"))),
        ("mindre än 5,5 dagar", False, (TargetKind.LESS_THAN, Decimal("5.5"))),
        ("≥ 30", True, (TargetKind.AT_LEAST, Decimal("30"))),
        (">= 30", True, (TargetKind.AT_LEAST, Decimal("30"))),
        ("≤ 12", False, (TargetKind.AT_MOST, Decimal("12"))),
        ("<= 12", False, (TargetKind.AT_MOST, Decimal("12"))),
        ("30", True, (TargetKind.AT_LEAST, Decimal("30"))),
        ("30 %", True, (TargetKind.AT_LEAST, Decimal("30"))),
        ("4,5", False, (TargetKind.AT_MOST, Decimal("4.5"))),
        ("30", False, (TargetKind.AT_MOST, Decimal("30"))),
        # Still what they were: a number after words that say something else is no bare number.
        ("mer än föregående års resultat 26%", True, (TargetKind.BETTER_THAN_LAST_YEAR, None)),
        ("minst 50%", True, (TargetKind.AT_LEAST, Decimal("50"))),
        ("30 av 40 skolor", True, None),
        ("under året ska öka", True, (TargetKind.BETTER_THAN_LAST_YEAR, None)),
    ],
)
def test_the_new_printed_forms_are_read(text, higher_is_better, expected):
    assert target_parse(text=text, higher_is_better=higher_is_better) == expected


# An average over years ------------------------------------------------------------------------


def test_an_average_is_judged_only_when_every_year_has_a_value(make):
    indicator = make(
        kind=TargetKind.AT_LEAST,
        target="31",
        average_years=3,
        own={2021: "20", 2022: "30", 2023: "32", 2024: "32"},
    )

    # 2022: 2020 is missing. 2023: (20 + 30 + 32) / 3 = 27,3. 2024: (30 + 32 + 32) / 3 = 31,3.
    assert [status(indicator, year) for year in (2022, 2023, 2024)] == [NO_DATA, NOT_MET, MET]
    compared = indicator_compared_value(indicator=indicator, year=2024)
    assert (compared.first_year, compared.last_year, compared.is_average) == (2022, 2024, True)
    assert compared.value.quantize(Decimal("0.1")) == Decimal("31.3")
    assert indicator_compared_value(indicator=indicator, year=2022) is None


def test_a_missing_year_inside_the_average_leaves_no_status(make):
    indicator = make(kind=TargetKind.AT_MOST, target="10", higher_is_better=False, average_years=2)
    add(indicator, 2023, "9")
    add(indicator, 2024, None)

    assert status(indicator, 2024) == NO_DATA
    assert indicator_compared_value(indicator=indicator, year=2024) is None


def test_an_average_against_the_nation_uses_the_nation_s_average(make):
    indicator = make(
        kind=TargetKind.BETTER_THAN_NATION,
        average_years=2,
        own={2023: "50", 2024: "60"},  # 55
        nation={2023: "58", 2024: "54"},  # 56: a single year, 2024, would be met
    )

    assert status(indicator, 2024) == NOT_MET
    add(indicator, 2022, "70", scope=NATION)
    assert status(indicator, 2023) == NO_DATA  # the municipality has no 2022


def test_without_an_average_the_compared_value_is_the_year_s(make):
    indicator = make(kind=TargetKind.AT_LEAST, target="1", own={2024: "2.5"})

    compared = indicator_compared_value(indicator=indicator, year=2024)
    assert (compared.value, compared.is_average) == (Decimal("2.5"), False)


@pytest.mark.parametrize(("years", "valid"), [(1, False), (2, True), (10, True), (11, False)])
def test_the_average_is_over_two_to_ten_years(make, years, valid):
    indicator = make(kind=TargetKind.AT_LEAST, target="1", average_years=years)

    if valid:
        indicator.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            indicator.full_clean()
        assert "average_years" in error.value.message_dict


@pytest.mark.parametrize("kind", ["", TargetKind.TOP_PERCENT, TargetKind.BETTER_THAN_LAST_YEAR])
def test_an_average_is_only_for_a_number_or_the_nation(make, kind):
    indicator = make(kind=kind, target="25" if kind == TargetKind.TOP_PERCENT else None, average_years=3)

    with pytest.raises(ValidationError, match="medelvärde över år bedöms bara"):
        indicator.full_clean()


# A value missing with a reason ----------------------------------------------------------------


def test_a_missing_value_has_no_status_no_trend_and_no_point(make):
    indicator = make(kind=TargetKind.AT_LEAST, target="50", own={2022: "60", 2023: None, 2024: "40"})

    assert status(indicator, 2023) == NO_DATA
    assert indicator_trend(indicator=indicator, year=2023) == Trend.NO_DATA
    # The year before a missing one is the one compared with.
    assert indicator_trend(indicator=indicator, year=2024) == Trend.WORSE
    rows = {row.year: row for row in indicator_assessments(indicator=indicator)}
    assert (rows[2023].value, rows[2023].missing_reason, rows[2023].status) == (
        None,
        "statistik saknas",
        NO_DATA,
    )
    assert rows[2024].value.value == Decimal("40")
    assert indicator_series(indicator)[0].points == {2022: Decimal("60"), 2024: Decimal("40")}
    assert indicator_chart(indicator=indicator) is not None


def test_a_value_row_has_a_value_or_a_reason_not_both_nor_neither(make):
    indicator = make()
    neither = IndicatorValue(indicator=indicator, year=2024, scope=MUNICIPALITY)
    both = IndicatorValue(
        indicator=indicator, year=2024, scope=MUNICIPALITY, value=Decimal(1), missing_reason="saknas"
    )

    with pytest.raises(ValidationError, match="skälet till att värdet saknas"):
        neither.full_clean()
    with pytest.raises(ValidationError) as error:
        both.full_clean()
    assert "missing_reason" in error.value.message_dict
    for row in (neither, both):
        with pytest.raises(IntegrityError), transaction.atomic():
            row.save()
    assert str(add(indicator, 2023, None)).endswith("2023 Kommunen: statistik saknas")


# Values by sex --------------------------------------------------------------------------------


def test_the_value_of_an_indicator_is_the_total(make):
    indicator = make(kind=TargetKind.AT_LEAST, target="50", own={2024: "55"})
    add(indicator, 2024, "45", gender=Gender.WOMEN)
    add(indicator, 2024, "65", gender=Gender.MEN)
    add(indicator, 2023, "10", gender=Gender.WOMEN)  # only women's that year: the total has none

    own = municipality_values(indicator=indicator)
    assert {year: value.value for year, value in own.items()} == {2024: Decimal("55")}
    assert status(indicator, 2024) == MET
    assert status(indicator, 2023) == NO_DATA
    assert indicator_trend(indicator=indicator, year=2024) == Trend.NO_DATA
    assert [series.points for series in indicator_series(indicator)] == [{2024: Decimal("55")}]


def test_the_breakdown_judges_each_sex_by_the_same_target(make):
    indicator = make(kind=TargetKind.AT_LEAST, target="50", own={2024: "55"})
    add(indicator, 2024, "45", gender=Gender.WOMEN)
    add(indicator, 2024, None, gender=Gender.MEN)

    rows = indicator_breakdown_statuses(indicator=indicator, year=2024)

    assert [(row.gender, row.value.value, row.status) for row in rows] == [
        (Gender.TOTAL, Decimal("55"), MET),
        (Gender.WOMEN, Decimal("45"), NOT_MET),
        (Gender.MEN, None, NO_DATA),
    ]
    assert rows[2].value.missing_reason == "statistik saknas"
    assert indicator_breakdown_statuses(indicator=indicator, year=2023) == []


def test_the_breakdown_of_better_than_the_nation_compares_with_the_nation_s_same_sex(make):
    indicator = make(kind=TargetKind.BETTER_THAN_NATION)
    add(indicator, 2024, "50", gender=Gender.WOMEN)
    add(indicator, 2024, "48", scope=NATION, gender=Gender.WOMEN)
    add(indicator, 2024, "60", scope=NATION)  # the nation's total is not the women's

    [women] = indicator_breakdown_statuses(indicator=indicator, year=2024)
    assert (women.gender, women.status) == (Gender.WOMEN, MET)


def test_the_same_year_may_have_a_value_for_each_sex_but_not_two_of_one(make):
    indicator = make(own={2024: "1"})
    add(indicator, 2024, "2", gender=Gender.WOMEN)

    with pytest.raises(IntegrityError), transaction.atomic():
        add(indicator, 2024, "3", gender=Gender.WOMEN)


# Kolada: women's and men's values of a KPI divided by gender ----------------------------------

DATA_PATH = "/data/kpi/N00002/municipality/0586,0000/year/2019,2020,2021,2022,2023,2024"


def _divided(kpi_divided: bool) -> FakeKolada:
    kpi = copy.deepcopy(recorded("kpi_N00002.json"))
    kpi["values"][0]["is_divided_by_gender"] = kpi_divided
    rows = [
        {
            "kpi": "N00002",
            "municipality": municipality,
            "period": 2024,
            "values": [
                {"gender": "T", "count": 1, "status": "", "value": total},
                {"gender": "K", "count": 1, "status": "", "value": women},
                {"gender": "M", "count": 1, "status": "", "value": men},
            ],
        }
        for municipality, total, women, men in (("0586", 50.0, 55.5, 44.5), ("0000", 52.0, 53.0, 51.0))
    ]
    data = {"values": rows, "count": len(rows), "next_url": None, "previous_url": None}
    return FakeKolada({"/kpi/N00002": kpi, DATA_PATH: data})


@pytest.fixture
def linked_alone(mjolby_plan) -> Indicator:
    kolada_settings_set(municipality=mjolby_plan.municipality, municipality_code="0586", comparison=[])
    indicator = (
        Indicator.objects.filter(goal__plan=mjolby_plan).order_by("goal__level__depth", "goal__order").first()
    )
    indicator.kolada_kpi = "N00002"
    indicator.save()
    return indicator


def _stored_2024(indicator):
    return {(v.scope, v.gender): v.value for v in indicator.values.filter(year=2024)}


def test_a_sync_stores_women_s_and_men_s_values_of_a_kpi_divided_by_gender(mjolby_plan, linked_alone):
    result = kolada_sync(plan=mjolby_plan, client=_divided(True).client())

    assert _stored_2024(linked_alone) == {
        (MUNICIPALITY, "T"): Decimal("50"),
        (MUNICIPALITY, "K"): Decimal("55.5"),
        (MUNICIPALITY, "M"): Decimal("44.5"),
        (NATION, "T"): Decimal("52"),
        (NATION, "K"): Decimal("53"),
        (NATION, "M"): Decimal("51"),
    }
    assert len(result.added) == 6
    assert {change.compared_with for change in result.added} >= {
        "Kommunen",
        "Kommunen, kvinnor",
        "Riket, män",
    }
    # The indicator's value is still the total one.
    assert municipality_values(indicator=linked_alone)[2024].value == Decimal("50")
    again = kolada_sync(plan=mjolby_plan, client=_divided(True).client())
    assert (again.added, again.updated, again.unchanged) == ([], [], 6)


def test_a_sync_stores_only_the_total_of_a_kpi_not_divided_by_gender(mjolby_plan, linked_alone):
    kolada_sync(plan=mjolby_plan, client=_divided(False).client())

    assert _stored_2024(linked_alone) == {(MUNICIPALITY, "T"): Decimal("50"), (NATION, "T"): Decimal("52")}


def test_a_sync_fills_in_a_year_stored_as_missing(mjolby_plan, linked_alone):
    add(linked_alone, 2024, None, gender=Gender.WOMEN, reason="ej publicerat")

    result = kolada_sync(plan=mjolby_plan, client=_divided(True).client())

    row = linked_alone.values.get(year=2024, scope=MUNICIPALITY, gender=Gender.WOMEN)
    assert (row.value, row.missing_reason, row.source) == (Decimal("55.5"), "", "Kolada N00002")
    assert len(result.added) == 5 and len(result.updated) == 1


# The indicator's form -------------------------------------------------------------------------


def test_the_form_sets_the_average_and_values_by_sex_or_missing(client_as, valdemarsvik_plan):
    from styrkedja.planning.tests.test_planning_pages import CONTROLLER, new_data, url

    plan = valdemarsvik_plan
    client = client_as(CONTROLLER)
    data = new_data("indikatorer", plan) | {
        "name": "Andel som läser, medel",
        "average_years": "3",
        "values-TOTAL_FORMS": "3",
        "values-1-year": "2022",
        "values-1-scope": "municipality",
        "values-1-gender": "K",
        "values-1-value": "44",
        "values-2-year": "2023",
        "values-2-scope": "municipality",
        "values-2-missing_reason": "statistik saknas",
    }
    page = client.get(url("create", plan, "indikatorer"))
    assert 'name="average_years"' in page.content.decode()
    assert 'name="values-0-missing_reason"' in page.content.decode()

    response = client.post(url("create", plan, "indikatorer"), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    indicator = Indicator.objects.get(goal__plan=plan, name="Andel som läser, medel")
    assert indicator.average_years == 3
    assert sorted((v.year, v.gender, v.value, v.missing_reason) for v in indicator.values.all()) == [
        (2022, "K", Decimal("44"), ""),
        (2022, "T", Decimal("41.2"), ""),
        (2023, "T", None, "statistik saknas"),
    ]


def test_the_form_refuses_a_value_row_without_value_or_reason(client_as, valdemarsvik_plan):
    from styrkedja.planning.tests.test_planning_pages import CONTROLLER, new_data, url

    plan = valdemarsvik_plan
    client = client_as(CONTROLLER)
    data = new_data("indikatorer", plan) | {"average_years": "12"}
    data.pop("values-0-value")

    response = client.post(url("create", plan, "indikatorer"), data)

    assert response.status_code == 422
    text = response.content.decode()
    assert "skälet till att värdet saknas" in text
    assert "Medelvärdet tas över 2 till 10 år" in text


def test_the_goal_page_prints_the_reason_and_the_average(client_as, mjolby_plan):
    from django.urls import reverse

    indicator = Indicator.objects.filter(goal__plan=mjolby_plan).order_by("goal__level__depth", "pk").first()
    indicator.values.all().delete()
    indicator.target_kind, indicator.target_value, indicator.average_years = TargetKind.AT_LEAST, 30, 3
    indicator.save()
    for year, value in ((2022, "30"), (2023, "31"), (2024, "33")):
        add(indicator, year, value)
    add(indicator, 2025, None, reason="ej publicerat ännu")

    page = client_as("mjolby-lasare").get(reverse("goals:detail", args=[indicator.goal_id])).content.decode()

    assert "ej publicerat ännu" in page
    assert "medel 2022–2024: 31,3" in page
