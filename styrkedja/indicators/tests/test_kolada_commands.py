"""The Kolada management commands, against recorded answers (no network)."""

from __future__ import annotations

import copy
import io

import httpx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from styrkedja.indicators.models import Indicator, IndicatorValue, KoladaSettings
from styrkedja.indicators.services import kolada_settings_set
from styrkedja.indicators.tests.conftest import recorded
from styrkedja.indicators.tests.test_kolada_sync import DATA_PATH


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def linked(mjolby_plan) -> Indicator:
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


def test_kolada_sync_prints_what_it_added_then_what_it_changed(linked, fake_kolada):
    fake_kolada.route("/kpi/N00002", "kpi_N00002.json")
    fake_kolada.route(DATA_PATH, "data_sync.json")

    out, _ = run("kolada_sync", "mjolby/ks/2024")

    assert "Kolada, mjolby/ks/2024, år 2019–2024: 1 indikator med nyckeltal." in out
    assert "Nya värden:" in out
    assert "(N00002), 2022, Kommunen: 56,3" in out
    assert "(N00002), 2024, Riket: 57,3" in out
    assert "(N00002), 2023, Linköping: 53,6" in out
    assert out.rstrip().endswith("Klart: 8 nya, 0 ändrade, 0 oförändrade värden.")

    revised = copy.deepcopy(recorded("data_sync.json"))
    revised["values"][2]["values"][0]["value"] = 55.6
    fake_kolada.route(DATA_PATH, revised)
    out, _ = run("kolada_sync", "mjolby/ks/2024")

    assert "Ändrade värden:" in out and "Nya värden:" not in out
    assert "(N00002), 2024, Kommunen: 55,14 → 55,6" in out
    assert out.rstrip().endswith("Klart: 0 nya, 1 ändrade, 7 oförändrade värden.")


def test_kolada_sync_without_a_plan_syncs_every_linked_plan(linked, fake_kolada):
    fake_kolada.route("/kpi/N00002", "kpi_N00002.json")
    fake_kolada.route(DATA_PATH, "data_sync.json")

    out, _ = run("kolada_sync")

    assert "Kolada, mjolby/ks/2024, år 2019–2024: 1 indikator med nyckeltal." in out
    assert "valdemarsvik" not in out  # no indicator of Valdemarsvik is linked
    assert IndicatorValue.objects.filter(indicator=linked, fetched_at__isnull=False).count() == 8


def test_kolada_sync_fails_in_swedish_and_saves_nothing(linked, fake_kolada):
    fake_kolada.route("/kpi/N00002", "kpi_N00002.json")
    fake_kolada.route(DATA_PATH, httpx.Response(502))
    before = IndicatorValue.objects.count()

    with pytest.raises(CommandError) as error:
        run("kolada_sync", "mjolby/ks/2024")

    assert str(error.value) == (
        "Hämtningen från Kolada misslyckades och inget sparades. "
        "Kolada svarade med serverfel (HTTP 502) 4 gånger i rad. Försök igen senare."
    )
    assert IndicatorValue.objects.count() == before
    assert fake_kolada.sleeps == [1.0, 2.0, 4.0]  # the backoff, without sleeping in the test


def test_kolada_sync_warns_about_an_unknown_kpi(linked, fake_kolada, mjolby_plan):
    other = Indicator.objects.filter(goal__plan=mjolby_plan).exclude(pk=linked.pk).first()
    other.kolada_kpi = "N99999"
    other.save()
    fake_kolada.route("/kpi/N00002,N99999", "kpi_N00002.json")
    fake_kolada.route(DATA_PATH, "data_sync.json")

    _, err = run("kolada_sync", "mjolby/ks/2024")

    assert "Varning: nyckeltalet N99999 finns inte i Kolada" in err


def test_kolada_sync_without_settings_or_links(mjolby_plan, fake_kolada):
    with pytest.raises(CommandError, match="har ingen kommunkod för Kolada"):
        run("kolada_sync", "mjolby/ks/2024")

    kolada_settings_set(municipality=mjolby_plan.municipality, municipality_code="0586")
    out, _ = run("kolada_sync", "mjolby/ks/2024")
    assert "Ingen indikator i mjolby/ks/2024 är kopplad till ett nyckeltal i Kolada." in out
    assert fake_kolada.requests == []


def test_kolada_sync_of_an_unknown_plan(db, fake_kolada):
    with pytest.raises(CommandError):
        run("kolada_sync", "mjolby/ks/1999")


def test_kolada_settings_sets_and_shows(mjolby):
    out, _ = run("kolada_settings", "mjolby")
    assert "Mjölby kommun har ingen kommunkod för Kolada." in out

    out, _ = run(
        "kolada_settings",
        "mjolby",
        "--code",
        "0586",
        "--compare",
        "0580=Linköping",
        "--compare",
        "0583=Motala",
    )
    assert "Mjölby kommun: kommunkod 0586 i Kolada." in out
    assert "Jämförs med: Linköping (0580), Motala (0583)" in out
    assert KoladaSettings.objects.get(municipality=mjolby).comparison == [
        {"id": "0580", "name": "Linköping"},
        {"id": "0583", "name": "Motala"},
    ]

    out, _ = run("kolada_settings", "mjolby", "--no-compare")
    assert "Inga jämförelsekommuner." in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["okand"], "ingen kommun med kortnamnet ”okand”"),
        (["mjolby", "--code", "586"], "fyra siffror"),
        (["mjolby", "--code", "0586", "--compare", "Linköping"], "ska skrivas ID=Namn"),
    ],
)
def test_kolada_settings_refuses_in_swedish(mjolby, args, message):
    with pytest.raises(CommandError, match=message):
        run("kolada_settings", *args)


def test_kolada_search_lists_kpis(fake_kolada):
    fake_kolada.route("/kpi", "kpi_search_trygg.json")

    out, _ = run("kolada_search", "trygg")

    assert "U07401  Medborgare som känner sig trygga utomhus när det är mörkt, andel (%)" in out
    assert "2 nyckeltal." in out
    assert fake_kolada.requests[0].url.params["title"] == "trygg"


def test_kolada_search_when_kolada_cannot_be_reached(fake_kolada):
    fake_kolada.route("/kpi", httpx.ConnectError("network down"))

    with pytest.raises(CommandError, match="Kunde inte ansluta till Kolada"):
        run("kolada_search", "trygg")


def test_kolada_link_lists_and_links(mjolby_plan, fake_kolada):
    fake_kolada.route("/kpi/N00002", "kpi_N00002.json")
    fake_kolada.route("/kpi/N99999", "kpi_none.json")
    indicator = Indicator.objects.filter(goal__plan=mjolby_plan).first()

    out, _ = run("kolada_link", "mjolby/ks/2024")
    assert str(indicator.pk) in out

    out, _ = run("kolada_link", "mjolby/ks/2024", "--indicator", str(indicator.pk), "--kpi", "N00002")
    assert "är kopplad till nyckeltalet N00002 i Kolada." in out
    indicator.refresh_from_db()
    assert indicator.kolada_kpi == "N00002"

    with pytest.raises(
        CommandError, match=r"^Nyckeltalet ”N99999” finns inte i Kolada\. Kopplingen ändrades inte\.$"
    ):
        run("kolada_link", "mjolby/ks/2024", "--indicator", str(indicator.pk), "--kpi", "N99999")

    run("kolada_link", "mjolby/ks/2024", "--indicator", str(indicator.pk), "--remove")
    indicator.refresh_from_db()
    assert indicator.kolada_kpi == ""


def test_kolada_link_finds_only_the_plans_indicators(mjolby_plan, valdemarsvik_plan, fake_kolada):
    elsewhere = Indicator.objects.filter(goal__plan=valdemarsvik_plan).first()

    with pytest.raises(CommandError, match="har ingen indikator med nummer"):
        run("kolada_link", "mjolby/ks/2024", "--indicator", str(elsewhere.pk), "--kpi", "N00002")
    assert fake_kolada.requests == []
