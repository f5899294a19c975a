"""Fetching a plan's indicator values from Kolada (recorded answers, no network)."""

from __future__ import annotations

import copy
import re
from decimal import Decimal

import httpx
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styrkedja.audit.actions import ACTION_LABELS
from styrkedja.audit.models import AuditEntry
from styrkedja.indicators.choices import ValueScope
from styrkedja.indicators.kolada import KoladaError
from styrkedja.indicators.models import Indicator, IndicatorValue, KoladaSettings
from styrkedja.indicators.services import (
    LINK_ACTION,
    SETTINGS_ACTION,
    SYNC_ACTION,
    KoladaNotConfigured,
    indicator_kolada_link,
    kolada_settings_set,
    kolada_sync,
    sync_years,
)
from styrkedja.indicators.staging import TABLE as STAGING_TABLE
from styrkedja.indicators.tests.conftest import FakeKolada, recorded
from styrkedja.plans.services import plan_carry_over

DATA_PATH = "/data/kpi/N00002/municipality/0586,0000,0580/year/2019,2020,2021,2022,2023,2024"


@pytest.fixture
def linked(mjolby_plan) -> Indicator:
    """Mjölby's first indicator (with its values of 2021 typed in), linked to N00002, and its settings."""
    kolada_settings_set(
        municipality=mjolby_plan.municipality,
        municipality_code="0586",
        comparison=[{"id": "0580", "name": "Linköping"}],
    )
    indicator = (
        Indicator.objects.filter(goal__plan=mjolby_plan).order_by("goal__level__depth", "goal__order").first()
    )
    indicator.kolada_kpi = "N00002"
    indicator.save()
    return indicator


@pytest.fixture
def kolada() -> FakeKolada:
    return FakeKolada({"/kpi/N00002": "kpi_N00002.json", DATA_PATH: "data_sync.json"})


def stored(indicator: Indicator) -> dict[tuple[int, str, str], Decimal]:
    return {(v.year, v.scope, v.label): v.value for v in indicator.values.all()}


def test_the_years_are_the_plan_year_and_the_five_before(mjolby_plan):
    assert sync_years(plan=mjolby_plan) == [2019, 2020, 2021, 2022, 2023, 2024]


def test_a_sync_adds_the_municipality_the_nation_and_the_comparisons(mjolby_plan, linked, kolada):
    result = kolada_sync(plan=mjolby_plan, client=kolada.client())

    assert kolada.paths() == ["/kpi/N00002", DATA_PATH]
    assert len(result.added) == 8 and result.updated == [] and result.unchanged == 0
    assert stored(linked) == {
        (2021, ValueScope.MUNICIPALITY, ""): Decimal("72"),  # typed in from the plan, kept
        (2021, ValueScope.NATION, ""): Decimal("62"),
        (2022, ValueScope.MUNICIPALITY, ""): Decimal("56.3"),
        (2023, ValueScope.MUNICIPALITY, ""): Decimal("55.8"),
        (2024, ValueScope.MUNICIPALITY, ""): Decimal("55.14"),
        (2022, ValueScope.NATION, ""): Decimal("58.1"),
        (2023, ValueScope.NATION, ""): Decimal("57.9"),
        (2024, ValueScope.NATION, ""): Decimal("57.3"),
        (2022, ValueScope.OTHER, "Linköping"): Decimal("54.0"),
        (2023, ValueScope.OTHER, "Linköping"): Decimal("53.6"),
        # Linköping has no value for 2024: nothing is stored for it.
    }
    fetched = linked.values.exclude(year=2021)
    assert {value.source for value in fetched} == {"Kolada N00002"}
    assert all(value.fetched_at is not None for value in fetched)
    typed_in = linked.values.filter(year=2021)
    assert [value.fetched_at for value in typed_in] == [None, None]
    assert result.added[0].compared_with == "Kommunen"


def test_a_second_sync_updates_a_changed_value_and_adds_no_duplicate(mjolby_plan, linked, kolada):
    first = kolada_sync(plan=mjolby_plan, client=kolada.client())
    count = IndicatorValue.objects.count()
    first_fetch = linked.values.get(year=2022, scope=ValueScope.NATION).fetched_at
    revised = copy.deepcopy(recorded("data_sync.json"))
    revised["values"][2]["values"][0]["value"] = 55.6  # Kolada revised Mjölby's 2024 value
    kolada.route(DATA_PATH, revised)

    second = kolada_sync(plan=mjolby_plan, client=kolada.client())

    assert len(first.added) == 8
    assert second.added == []
    assert [(c.year, c.scope, c.previous, c.value) for c in second.updated] == [
        (2024, ValueScope.MUNICIPALITY, Decimal("55.140"), Decimal("55.600"))
    ]
    assert second.unchanged == 7
    assert IndicatorValue.objects.count() == count
    assert linked.values.get(year=2024, scope=ValueScope.MUNICIPALITY).value == Decimal("55.6")
    # When Kolada last gave the values, changed or not, is the indicator's kolada_fetched_at; an
    # unchanged value is not written again, so its fetched_at stays the time its number came.
    linked.refresh_from_db()
    assert linked.kolada_fetched_at > first_fetch
    assert linked.values.get(year=2022, scope=ValueScope.NATION).fetched_at == first_fetch
    assert linked.values.get(year=2024, scope=ValueScope.MUNICIPALITY).fetched_at == linked.kolada_fetched_at


def every_value() -> list[dict]:
    """Every stored value with all its columns, timestamps included."""
    return list(IndicatorValue.objects.order_by("pk").values())


def writes_of_values(queries: CaptureQueriesContext) -> list[str]:
    """The statements that wrote to the table of values (the staging table is not it)."""
    table = IndicatorValue._meta.db_table
    pattern = re.compile(rf'^\s*(INSERT|UPDATE|DELETE)\b[^(]*?"?{table}"?[\s(]', re.IGNORECASE)
    return [query["sql"] for query in queries.captured_queries if pattern.match(query["sql"])]


def test_a_second_sync_of_unchanged_values_writes_no_value(mjolby_plan, linked, kolada):
    with CaptureQueriesContext(connection) as first:
        kolada_sync(plan=mjolby_plan, client=kolada.client())
    before = every_value()

    with CaptureQueriesContext(connection) as queries:
        again = kolada_sync(plan=mjolby_plan, client=kolada.client())

    assert [sql.lstrip()[:6].upper() for sql in writes_of_values(first)] == ["INSERT"]  # all 8 at once
    assert (again.added, again.updated, again.unchanged) == ([], [], 8)
    assert writes_of_values(queries) == []
    assert every_value() == before


def test_a_changed_value_is_written_once_and_the_others_not_at_all(mjolby_plan, linked, kolada):
    kolada_sync(plan=mjolby_plan, client=kolada.client())
    before = {row["id"]: row for row in every_value()}
    revised = copy.deepcopy(recorded("data_sync.json"))
    revised["values"][2]["values"][0]["value"] = 55.6  # Mjölby's 2024 value
    kolada.route(DATA_PATH, revised)

    with CaptureQueriesContext(connection) as queries:
        kolada_sync(plan=mjolby_plan, client=kolada.client())

    writes = writes_of_values(queries)
    assert len(writes) == 1 and writes[0].lstrip().upper().startswith("UPDATE")
    after = {row["id"]: row for row in every_value()}
    assert after.keys() == before.keys()
    changed = [pk for pk in after if after[pk] != before[pk]]
    assert len(changed) == 1
    (pk,) = changed
    assert (after[pk]["year"], after[pk]["scope"], after[pk]["value"]) == (
        2024,
        ValueScope.MUNICIPALITY,
        Decimal("55.6"),
    )
    assert after[pk]["fetched_at"] > before[pk]["fetched_at"]
    assert {k: v for k, v in after[pk].items() if k not in ("value", "fetched_at")} == {
        k: v for k, v in before[pk].items() if k not in ("value", "fetched_at")
    }


def test_the_indicator_says_when_kolada_last_gave_its_values(mjolby_plan, linked, kolada):
    assert linked.kolada_fetched_at is None

    first = kolada_sync(plan=mjolby_plan, client=kolada.client())
    linked.refresh_from_db()
    first_time = linked.kolada_fetched_at
    kolada_sync(plan=mjolby_plan, client=kolada.client())
    linked.refresh_from_db()

    assert first_time is not None and first.indicators[0].kolada_fetched_at == first_time
    assert linked.kolada_fetched_at > first_time
    assert {v.fetched_at for v in linked.values.exclude(year=2021)} == {first_time}


def test_a_value_typed_in_as_kolada_has_it_takes_koladas_source_and_counts_as_unchanged(
    mjolby_plan, linked, kolada
):
    row = {"kpi": "N00002", "municipality": "0586", "period": 2021, "values": [{"gender": "T", "value": 72}]}
    kolada.route(DATA_PATH, {"values": [row], "count": 1, "next_url": None, "previous_url": None})

    result = kolada_sync(plan=mjolby_plan, client=kolada.client())

    assert (result.added, result.updated, result.unchanged) == ([], [], 1)
    value = linked.values.get(year=2021, scope=ValueScope.MUNICIPALITY)
    assert (value.value, value.source) == (Decimal("72"), "Kolada N00002")
    assert value.fetched_at is not None


def test_a_value_kolada_gives_twice_is_stored_once_as_first_given(mjolby_plan, linked, kolada):
    def row(value):
        return {
            "kpi": "N00002",
            "municipality": "0586",
            "period": 2023,
            "values": [{"gender": "T", "value": value}],
        }

    first_page = {"values": [row(1)], "next_url": f"https://api.kolada.se/v3{DATA_PATH}?page=2"}
    kolada.route(f"{DATA_PATH}?per_page=5000", first_page)
    kolada.route(f"{DATA_PATH}?page=2", {"values": [row(2)], "next_url": None})

    result = kolada_sync(plan=mjolby_plan, client=kolada.client())

    assert [(c.year, c.value) for c in result.added] == [(2023, Decimal("1.000"))]
    assert linked.values.get(year=2023).value == Decimal("1")


def test_a_kpi_linked_to_two_indicators_fills_both(mjolby_plan, linked, kolada):
    other = Indicator.objects.filter(goal__plan=mjolby_plan).exclude(pk=linked.pk).first()
    other.kolada_kpi = "N00002"
    other.save()
    other.values.all().delete()  # its values typed in from the plan are another test's

    result = kolada_sync(plan=mjolby_plan, client=kolada.client())

    assert len(result.added) == 16
    assert [c.indicator for c in result.added] == [linked] * 8 + [other] * 8  # the plan's order
    assert stored(other) == {key: value for key, value in stored(linked).items() if key[0] != 2021}


def test_many_places_are_asked_in_batches_at_once_and_all_stored(mjolby_plan, linked):
    comparison = [{"id": f"{number:04d}", "name": f"Kommun {number}"} for number in range(1001, 1061)]
    kolada_settings_set(municipality=mjolby_plan.municipality, comparison=comparison)

    def answer(request):
        segments = request.url.path.split("/")
        rows = [
            {
                "kpi": "N00002",
                "municipality": m,
                "period": int(y),
                "values": [{"gender": "T", "value": int(m)}],
            }
            for m in segments[6].split(",")
            for y in segments[8].split(",")
        ]
        return httpx.Response(200, json={"values": rows, "next_url": None})

    fake = FakeKolada({"/kpi/N00002": "kpi_N00002.json"}, default=answer)

    result = kolada_sync(plan=mjolby_plan, client=fake.client(), years=range(2015, 2025))

    assert len(fake.requests) == 1 + 3  # the KPI, then 62 places in batches of 25
    assert result.years == list(range(2015, 2025))
    assert len(result.added) + result.unchanged + len(result.updated) == 62 * 10
    assert linked.values.filter(scope=ValueScope.OTHER).count() == 60 * 10
    assert linked.values.get(year=2015, label="Kommun 1060").value == Decimal(1060)
    entry = AuditEntry.objects.filter(action=SYNC_ACTION).latest("pk")
    assert entry.data["years"] == [2015, 2024]


def test_the_staging_table_is_gone_after_a_sync_and_after_a_failure(mjolby_plan, linked, kolada):
    kolada_sync(plan=mjolby_plan, client=kolada.client())
    assert STAGING_TABLE not in connection.introspection.table_names()

    kolada.route(DATA_PATH, httpx.Response(503))
    with pytest.raises(KoladaError):
        kolada_sync(plan=mjolby_plan, client=kolada.client())
    assert STAGING_TABLE not in connection.introspection.table_names()


def test_a_carried_over_indicator_keeps_when_kolada_last_gave_its_values(mjolby_plan, linked, kolada):
    kolada_sync(plan=mjolby_plan, client=kolada.client())
    linked.refresh_from_db()
    mjolby_plan.successors.all().delete()  # the demo's own carry-over into 2025

    new_plan = plan_carry_over(plan=mjolby_plan)

    copied = Indicator.objects.get(goal__plan=new_plan, name=linked.name, kolada_kpi="N00002")
    assert copied.kolada_fetched_at == linked.kolada_fetched_at
    assert {(v.year, v.scope, v.label, v.fetched_at) for v in copied.values.all()} == {
        (v.year, v.scope, v.label, v.fetched_at) for v in linked.values.all()
    }


def test_a_value_typed_in_is_replaced_by_koladas(mjolby_plan, linked, kolada):
    row = {"kpi": "N00002", "municipality": "0586", "period": 2021, "values": [{"gender": "T", "value": 73}]}
    kolada.route(DATA_PATH, {"values": [row], "count": 1, "next_url": None, "previous_url": None})

    result = kolada_sync(plan=mjolby_plan, client=kolada.client())

    assert [(c.year, c.previous, c.value) for c in result.updated] == [
        (2021, Decimal("72.000"), Decimal("73.000"))
    ]
    value = linked.values.get(year=2021, scope=ValueScope.MUNICIPALITY)
    assert (value.value, value.source) == (Decimal("73"), "Kolada N00002")
    assert value.fetched_at is not None
    assert linked.values.get(year=2021, scope=ValueScope.NATION).fetched_at is None  # Kolada had none


def test_values_are_kept_to_three_decimals(mjolby_plan, linked, kolada):
    row = {
        "kpi": "N00002",
        "municipality": "0586",
        "period": 2023,
        "values": [{"gender": "T", "value": 0.86397284}],
    }
    kolada.route(DATA_PATH, {"values": [row], "next_url": None})

    kolada_sync(plan=mjolby_plan, client=kolada.client())
    again = kolada_sync(plan=mjolby_plan, client=kolada.client())

    assert linked.values.get(year=2023).value == Decimal("0.864")
    assert again.updated == [] and again.unchanged == 1


def test_one_audit_entry_per_sync_once_the_action_is_registered(mjolby_plan, linked, kolada, monkeypatch):
    monkeypatch.setitem(ACTION_LABELS, SYNC_ACTION, "Indikatorvärden hämtades från Kolada")

    kolada_sync(plan=mjolby_plan, client=kolada.client())

    entry = AuditEntry.objects.get(action=SYNC_ACTION)
    assert entry.object_id == str(mjolby_plan.pk)
    assert entry.data == {"years": [2019, 2024], "added": 8, "updated": 0, "unchanged": 0, "unknown_kpis": []}


def test_a_failure_on_a_later_page_writes_nothing_either(mjolby_plan, linked, kolada):
    first_page = copy.deepcopy(recorded("data_sync.json"))
    first_page["next_url"] = f"https://api.kolada.se/v3{DATA_PATH}?page=2&per_page=5000"
    kolada.route(f"{DATA_PATH}?per_page=5000", first_page)
    kolada.route(f"{DATA_PATH}?page=2&per_page=5000", httpx.Response(503))
    before = IndicatorValue.objects.count()

    with pytest.raises(KoladaError, match=r"serverfel \(HTTP 503\) 4 gånger i rad"):
        kolada_sync(plan=mjolby_plan, client=kolada.client())

    assert IndicatorValue.objects.count() == before


def test_an_unknown_kpi_is_reported_and_the_others_are_fetched(mjolby_plan, linked, kolada):
    other = Indicator.objects.filter(goal__plan=mjolby_plan).exclude(pk=linked.pk).first()
    other.kolada_kpi = "N99999"
    other.save()
    kolada.route("/kpi/N00002,N99999", "kpi_N00002.json")  # Kolada leaves out what it does not know

    result = kolada_sync(plan=mjolby_plan, client=kolada.client())

    assert result.unknown_kpis == {"N99999": [other]}
    assert len(result.added) == 8
    assert not other.values.filter(fetched_at__isnull=False).exists()
    assert kolada.paths()[-1] == DATA_PATH  # N99999 is not asked for


def test_a_plan_without_linked_indicators_asks_nothing(mjolby_plan, kolada):
    kolada_settings_set(municipality=mjolby_plan.municipality, municipality_code="0586")

    result = kolada_sync(plan=mjolby_plan, client=kolada.client())

    assert result.indicators == [] and not result.changed
    assert kolada.requests == []


def test_a_municipality_without_its_kolada_code_is_told_how_to_set_it(valdemarsvik_plan, kolada):
    with pytest.raises(KoladaNotConfigured, match=r"administratör anger den under Administration, Kolada"):
        kolada_sync(plan=valdemarsvik_plan, client=kolada.client())
    assert kolada.requests == []


# Settings -------------------------------------------------------------------------------------------


def test_settings_are_set_and_changed(valdemarsvik, monkeypatch):
    monkeypatch.setitem(ACTION_LABELS, SETTINGS_ACTION, "Kolada-inställningarna ändrades")

    kolada_settings_set(municipality=valdemarsvik, municipality_code="0563")
    kolada_settings_set(municipality=valdemarsvik, comparison=[{"id": "0582", "name": " Söderköping "}])
    kolada_settings_set(
        municipality=valdemarsvik, comparison=[{"id": "0582", "name": "Söderköping"}]
    )  # no change

    settings = KoladaSettings.objects.get(municipality=valdemarsvik)
    assert settings.municipality_code == "0563"
    assert settings.comparison == [{"id": "0582", "name": "Söderköping"}]
    entries = AuditEntry.objects.filter(action=SETTINGS_ACTION).order_by("pk")
    assert [entry.data for entry in entries] == [
        {"municipality_code": [None, "0563"], "comparison": [None, []]},
        {"comparison": [[], [{"id": "0582", "name": "Söderköping"}]]},
    ]


@pytest.mark.parametrize(
    ("code", "comparison", "message"),
    [
        ("586", [], "fyra siffror"),
        ("0586", [{"id": "0000", "name": "Riket"}], "riket eller kommunen själv"),
        ("0586", [{"id": "0586", "name": "Mjölby"}], "riket eller kommunen själv"),
        ("0586", [{"id": "0580", "name": "A"}, {"id": "0580", "name": "B"}], "finns redan"),
        ("0586", [{"id": "05/80", "name": "Linköping"}], "inget Kolada-id"),
        ("0586", [{"id": "0580", "name": ""}], "högst 200 tecken"),
    ],
)
def test_settings_are_checked(mjolby, code, comparison, message):
    with pytest.raises(ValidationError, match=message):
        kolada_settings_set(municipality=mjolby, municipality_code=code, comparison=comparison)
    assert not KoladaSettings.objects.filter(municipality=mjolby).exists()


def test_settings_need_a_code_first(mjolby):
    with pytest.raises(ValidationError, match="kod i Kolada"):
        kolada_settings_set(municipality=mjolby, comparison=[])


# Linking an indicator ---------------------------------------------------------------------------------


def test_an_indicator_is_linked_after_kolada_confirms_the_kpi(mjolby_plan, monkeypatch):
    monkeypatch.setitem(ACTION_LABELS, LINK_ACTION, "Indikatorn kopplades till Kolada")
    indicator = Indicator.objects.filter(goal__plan=mjolby_plan).first()
    fake = FakeKolada({"/kpi/N00002": "kpi_N00002.json", "/kpi/N99999": "kpi_none.json"})

    indicator_kolada_link(indicator=indicator, kpi_id="N00002", client=fake.client())
    with pytest.raises(KoladaError, match="finns inte i Kolada"):
        indicator_kolada_link(indicator=indicator, kpi_id="N99999", client=fake.client())
    indicator.refresh_from_db()
    assert indicator.kolada_kpi == "N00002"

    indicator_kolada_link(indicator=indicator, kpi_id="", client=fake.client())
    indicator.refresh_from_db()
    assert indicator.kolada_kpi == ""
    assert [e.data for e in AuditEntry.objects.filter(action=LINK_ACTION).order_by("pk")] == [
        {"kolada_kpi": ["", "N00002"]},
        {"kolada_kpi": ["N00002", ""]},
    ]
