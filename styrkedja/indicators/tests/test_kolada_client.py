"""The Kolada client against recorded answers in the API's documented format (no network)."""

from __future__ import annotations

import threading
import time
from contextlib import closing
from decimal import Decimal

import httpx
import pytest

from styrkedja.indicators.kolada import (
    MAX_CONCURRENT_REQUESTS,
    MAX_IDS_PER_REQUEST,
    KoladaClient,
    KoladaError,
    KoladaNotFound,
    KoladaValue,
    Kpi,
    kpi_search,
)
from styrkedja.indicators.tests.conftest import FakeKolada, recorded


def test_kpi_search_asks_by_title_with_the_largest_page():
    fake = FakeKolada({"/kpi": "kpi_search_trygg.json"})

    kpis = fake.client().kpi_search(title="trygg")

    assert [kpi.id for kpi in kpis] == ["U07401", "U07402"]
    assert kpis[0] == Kpi(
        id="U07401",
        title="Medborgare som känner sig trygga utomhus när det är mörkt, andel (%)",
        description=recorded("kpi_search_trygg.json")["values"][0]["description"],
        operating_area="Kommunen, övergripande",
        municipality_type="K",
        is_divided_by_gender=True,
    )
    (request,) = fake.requests
    assert str(request.url) == "https://api.kolada.se/v3/kpi?title=trygg&per_page=5000"


def test_kpi_search_with_a_title_that_needs_encoding():
    fake = FakeKolada({"/kpi": "kpi_none.json"})

    assert fake.client().kpi_search(title="nöjd kund") == []
    assert fake.requests[0].url.params["title"] == "nöjd kund"


def test_kpi_get_reads_one_kpi_by_id():
    fake = FakeKolada({"/kpi/N00002": "kpi_N00002.json"})

    kpi = fake.client().kpi_get(kpi_id="N00002")

    assert kpi.id == "N00002"
    assert kpi.title == "Personalkostnader, andel av verksamhetens kostnader (%)"
    assert fake.paths() == ["/kpi/N00002"]


def test_an_unknown_kpi_is_named_in_swedish():
    fake = FakeKolada({"/kpi/N99999": "kpi_none.json"})

    with pytest.raises(KoladaNotFound, match=r"^Nyckeltalet ”N99999” finns inte i Kolada\.$"):
        fake.client().kpi_get(kpi_id="N99999")


def test_a_404_for_a_kpi_is_an_unknown_kpi():
    fake = FakeKolada({"/kpi/N99999": httpx.Response(404, json={"detail": "Not Found"})})

    with pytest.raises(KoladaNotFound, match=r"^Nyckeltalet ”N99999” finns inte i Kolada\.$"):
        fake.client().kpi_get(kpi_id="N99999")


def test_a_404_elsewhere_names_the_address():
    fake = FakeKolada()  # answers 404 to everything

    with pytest.raises(
        KoladaNotFound, match=r"Kolada har inget på adressen .*/v3/data/kpi/N00002.* \(HTTP 404\)"
    ):
        fake.client().kpi_values(kpi_ids=["N00002"], municipality_ids=["0586"])


def test_values_follow_next_url_to_the_last_page():
    fake = FakeKolada(
        {
            "/data/kpi/U07401/municipality/0586,0000/year/2023,2024?per_page=5000": "data_page_1.json",
            "/data/kpi/U07401/municipality/0586,0000/year/2023,2024?page=2&per_page=5000": "data_page_2.json",
        }
    )

    values = fake.client().kpi_values(
        kpi_ids=["U07401"], municipality_ids=["0586", "0000"], years=[2023, 2024]
    )

    assert len(fake.requests) == 2
    assert str(fake.requests[1].url) == recorded("data_page_1.json")["next_url"]
    # The total only, exactly as written; the nation's missing 2024 value is left out.
    assert values == [
        KoladaValue("U07401", "0586", 2023, "T", Decimal("77.1")),
        KoladaValue("U07401", "0000", 2023, "T", Decimal("71.8")),
        KoladaValue("U07401", "0586", 2024, "T", Decimal("77.9")),
    ]


def test_values_for_women_and_men_when_asked():
    fake = FakeKolada(
        {
            "/data/kpi/U07401/municipality/0586,0000/year/2023,2024?per_page=5000": "data_page_1.json",
            "/data/kpi/U07401/municipality/0586,0000/year/2023,2024?page=2&per_page=5000": "data_page_2.json",
        }
    )

    values = fake.client().kpi_values(
        kpi_ids=["U07401"], municipality_ids=["0586", "0000"], years=[2023, 2024], genders=("K", "M")
    )

    assert {(v.municipality_id, v.year, v.gender, v.value) for v in values} == {
        ("0586", 2023, "K", Decimal("70.2")),
        ("0586", 2023, "M", Decimal("83.9")),
        ("0000", 2023, "K", Decimal("64.0")),
        ("0000", 2023, "M", Decimal("79.5")),
        ("0586", 2024, "K", Decimal("71.5")),
        ("0586", 2024, "M", Decimal("84.3")),
    }


def test_values_without_years_ask_for_every_year():
    fake = FakeKolada({"/data/kpi/N00002/municipality/0586": "data_sync.json"})

    values = fake.client().kpi_values(kpi_ids=["N00002"], municipality_ids=["0586"])

    assert fake.paths() == ["/data/kpi/N00002/municipality/0586"]
    assert {v.year for v in values} == {2022, 2023, 2024}


def test_long_id_lists_are_split_into_batches_of_at_most_25():
    municipalities = [f"{number:04d}" for number in range(1, 31)]  # 30 ids
    kpis = [f"N{number:05d}" for number in range(1, 28)]  # 27 ids
    fake = FakeKolada(default="kpi_none.json")

    fake.client().kpi_values(kpi_ids=kpis, municipality_ids=municipalities, years=range(1990, 2020))

    # 2 KPI batches × 2 municipality batches × 2 year batches (30 years): 8 requests.
    assert len(fake.requests) == 8
    segments = [request.url.path.split("/") for request in fake.requests]
    for segment in segments:
        assert segment[:4] == ["", "v3", "data", "kpi"]
        for ids in (segment[4], segment[6], segment[8]):
            assert len(ids.split(",")) <= MAX_IDS_PER_REQUEST
    assert {len(s[4].split(",")) for s in segments} == {25, 2}
    assert {len(s[6].split(",")) for s in segments} == {25, 5}
    assert {len(s[8].split(",")) for s in segments} == {25, 5}
    asked = {
        (k, m, y) for s in segments for k in s[4].split(",") for m in s[6].split(",") for y in s[8].split(",")
    }
    assert len(asked) == 27 * 30 * 30  # every combination once


def test_duplicate_ids_are_asked_once():
    fake = FakeKolada({"/data/kpi/N00002/municipality/0586,0000/year/2024": "kpi_none.json"})

    fake.client().kpi_values(
        kpi_ids=["N00002", "N00002"], municipality_ids=["0586", "0000", "0586"], years=[2024]
    )

    assert fake.paths() == ["/data/kpi/N00002/municipality/0586,0000/year/2024"]


def data_page(request: httpx.Request) -> dict:
    """One row for every KPI × municipality × year of the request's path, value 1."""
    segments = request.url.path.split("/")
    rows = [
        {"kpi": k, "municipality": m, "period": int(y), "values": [{"gender": "T", "value": 1}]}
        for k in segments[4].split(",")
        for m in segments[6].split(",")
        for y in segments[8].split(",")
    ]
    return {"values": rows, "count": len(rows), "next_url": None}


def test_batches_are_asked_four_at_a_time_and_no_more():
    in_flight, most = 0, 0
    lock = threading.Lock()
    first_four = threading.Barrier(MAX_CONCURRENT_REQUESTS, timeout=10)

    def answer(request):
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
            number = len(fake.requests)
        if number <= MAX_CONCURRENT_REQUESTS:
            first_four.wait()  # breaks, failing the test, unless four requests are under way at once
        time.sleep(0.01)
        with lock:
            in_flight -= 1
        return httpx.Response(200, json=data_page(request))

    fake = FakeKolada(default=answer)
    kpis = [f"N{number:05d}" for number in range(1, 201)]  # 8 batches of 25

    pages = list(fake.client().kpi_value_pages(kpi_ids=kpis, municipality_ids=["0586"], years=[2024]))

    assert len(fake.requests) == 8 and len(pages) == 8
    assert most == MAX_CONCURRENT_REQUESTS
    assert sorted(v.kpi_id for page in pages for v in page) == kpis


def test_pages_come_as_they_are_fetched_and_only_a_few_are_held():
    fake = FakeKolada(default=lambda request: httpx.Response(200, json=data_page(request)))
    kpis = [f"N{number:05d}" for number in range(1, 501)]  # 20 batches

    pages = fake.client().kpi_value_pages(kpi_ids=kpis, municipality_ids=["0586"], years=[2024])
    with closing(pages):
        first = next(pages)
        time.sleep(0.3)  # time for the threads to fetch all they may
        asked = len(fake.requests)

    assert len(first) == 25
    # The four threads' pages, the queue's four, and the one taken: never the twenty batches at once.
    assert asked <= 2 * MAX_CONCURRENT_REQUESTS + 1
    time.sleep(0.1)
    assert len(fake.requests) == asked  # closing stopped the threads


def test_an_error_in_one_batch_stops_the_others_and_reaches_the_caller():
    def answer(request):
        if "N00026" in request.url.path:  # the second batch
            return httpx.Response(503)
        time.sleep(0.01)
        return httpx.Response(200, json=data_page(request))

    fake = FakeKolada(default=answer)
    kpis = [f"N{number:05d}" for number in range(1, 501)]

    with pytest.raises(KoladaError, match=r"serverfel \(HTTP 503\) 4 gånger i rad"):
        for _page in fake.client().kpi_value_pages(kpi_ids=kpis, municipality_ids=["0586"], years=[2024]):
            pass

    assert len(fake.requests) < 20 + 3  # the batches after the failure were not all asked


def test_a_batch_keeps_its_pages_in_order():
    def answer(request):
        page = int(request.url.params.get("page", 1))
        body = data_page(request)
        if "N00001" in request.url.path:  # the first batch: three pages, each a little slower
            time.sleep(0.01 * page)
            body["values"] = [dict(row, period=2020 + page) for row in body["values"][:1]]
            body["next_url"] = f"{request.url.copy_with(query=None)}?page={page + 1}" if page < 3 else None
        return httpx.Response(200, json=body)

    fake = FakeKolada(default=answer)
    kpis = [f"N{number:05d}" for number in range(1, 101)]  # 4 batches at once

    pages = list(fake.client().kpi_value_pages(kpi_ids=kpis, municipality_ids=["0586"], years=[2024]))

    first_batch = [page[0].year for page in pages if page[0].kpi_id == "N00001"]
    assert first_batch == [2021, 2022, 2023]
    assert len(pages) == 6


def test_a_row_repeated_on_the_next_page_is_given_once():
    def row(value):
        return {
            "kpi": "N00002",
            "municipality": "0586",
            "period": 2023,
            "values": [{"gender": "T", "value": value}],
        }

    path = "/data/kpi/N00002/municipality/0586"
    first = {"values": [row(1)], "next_url": f"https://api.kolada.se/v3{path}?page=2"}
    fake = FakeKolada(
        {f"{path}?per_page=5000": first, f"{path}?page=2": {"values": [row(1)], "next_url": None}}
    )

    values = fake.client().kpi_values(kpi_ids=["N00002"], municipality_ids=["0586"])

    assert values == [KoladaValue("N00002", "0586", 2023, "T", Decimal(1))]


def test_nothing_is_asked_without_ids():
    fake = FakeKolada()

    assert fake.client().kpi_values(kpi_ids=[], municipality_ids=["0586"]) == []
    assert fake.client().kpi_values(kpi_ids=["N00002"], municipality_ids=["0586"], years=[]) == []
    assert fake.requests == []


def test_a_server_error_is_retried_with_backoff_then_succeeds():
    fake = FakeKolada(
        {"/kpi/N00002": [httpx.Response(500), httpx.Response(502), "kpi_N00002.json"]},
    )

    assert fake.client().kpi_get(kpi_id="N00002").id == "N00002"
    assert len(fake.requests) == 3
    assert fake.sleeps == [1.0, 2.0]


def test_the_client_gives_up_after_n_server_errors():
    fake = FakeKolada({"/kpi/N00002": httpx.Response(503)})

    with pytest.raises(KoladaError) as error:
        fake.client(attempts=3).kpi_get(kpi_id="N00002")

    assert str(error.value) == ("Kolada svarade med serverfel (HTTP 503) 3 gånger i rad. Försök igen senare.")
    assert len(fake.requests) == 3
    assert fake.sleeps == [1.0, 2.0]  # no wait after the last attempt


def test_too_many_requests_is_retried_and_then_reported():
    fake = FakeKolada({"/kpi/N00002": httpx.Response(429)})

    with pytest.raises(KoladaError) as error:
        fake.client(attempts=2).kpi_get(kpi_id="N00002")

    assert (
        str(error.value)
        == "Kolada tar inte emot fler frågor just nu (HTTP 429, 2 försök). Försök igen senare."
    )
    assert len(fake.requests) == 2


def test_a_timeout_is_retried_and_then_reported():
    fake = FakeKolada({"/kpi/N00002": httpx.ReadTimeout("timed out")})

    with pytest.raises(KoladaError) as error:
        fake.client(timeout=7.5).kpi_get(kpi_id="N00002")

    assert str(error.value) == "Kolada svarade inte inom 7,5 sekunder (4 försök). Försök igen senare."
    assert len(fake.requests) == 4
    assert fake.sleeps == [1.0, 2.0, 4.0]


def test_a_timeout_once_is_only_a_retry():
    fake = FakeKolada({"/kpi/N00002": [httpx.ConnectTimeout("slow"), "kpi_N00002.json"]})

    assert fake.client().kpi_get(kpi_id="N00002").id == "N00002"
    assert fake.sleeps == [1.0]


def test_a_connection_error_is_reported_in_swedish():
    fake = FakeKolada({"/kpi": httpx.ConnectError("Name or service not known")})

    with pytest.raises(KoladaError) as error:
        fake.client(attempts=2).kpi_search(title="trygg")

    assert str(error.value) == (
        "Kunde inte ansluta till Kolada (api.kolada.se) efter 2 försök: Name or service not known. "
        "Kontrollera nätverket och försök igen senare."
    )
    assert len(fake.requests) == 2


def test_a_rejected_question_is_not_retried():
    fake = FakeKolada({"/kpi": httpx.Response(422, json={"detail": "per_page must be at most 5000"})})

    with pytest.raises(
        KoladaError, match=r"^Kolada avvisade frågan \(HTTP 422\): per_page must be at most 5000\.$"
    ):
        fake.client().kpi_search(title="trygg")
    assert len(fake.requests) == 1


@pytest.mark.parametrize(
    ("answer", "what"),
    [
        (httpx.Response(200, text="<html><body>Underhåll</body></html>"), "svaret är inte JSON"),
        (httpx.Response(200, text='{"values": [{"id": "N00002"'), "svaret är inte JSON"),
        (httpx.Response(200, json=[{"id": "N00002"}]), "listan values saknas"),
        (httpx.Response(200, json={"count": 0}), "listan values saknas"),
        (httpx.Response(200, json={"values": ["N00002"]}), "ett värde i listan är inte ett objekt"),
        (httpx.Response(200, json={"values": [{"title": "utan id"}]}), "ett nyckeltal saknar id eller title"),
    ],
)
def test_an_answer_that_is_not_the_documented_json_is_an_error(answer, what):
    fake = FakeKolada({"/kpi": answer})

    with pytest.raises(KoladaError) as error:
        fake.client().kpi_search(title="trygg")

    assert (
        str(error.value) == f"Kolada svarade med något som inte är Koladas dokumenterade JSON-format: {what}."
    )
    assert len(fake.requests) == 1  # a malformed answer is not retried


@pytest.mark.parametrize(
    "row",
    [
        {"kpi": "N00002", "municipality": "0586", "values": []},  # no period
        {"kpi": "N00002", "municipality": "0586", "period": "tjugo", "values": []},
        {"kpi": "N00002", "period": 2024, "values": []},  # no municipality
        {"kpi": "N00002", "municipality": "0586", "period": 2024, "values": [{"value": 1}]},  # no gender
        {"kpi": "N00002", "municipality": "0586", "period": 2024, "values": [{"gender": "T", "value": "x"}]},
        {"kpi": "N00002", "municipality": "0586", "period": 2024, "values": [{"gender": "T", "value": True}]},
    ],
)
def test_a_malformed_data_row_is_an_error(row):
    fake = FakeKolada({"/data/kpi/N00002/municipality/0586/year/2024": {"values": [row], "next_url": None}})

    with pytest.raises(KoladaError, match="inte är Koladas dokumenterade JSON-format"):
        fake.client().kpi_values(kpi_ids=["N00002"], municipality_ids=["0586"], years=[2024])


def test_values_marked_deleted_are_left_out():
    rows = [
        {"kpi": "N00002", "municipality": "0586", "period": 2023, "isdeleted": True,
         "values": [{"gender": "T", "value": 1.5}]},
        {"kpi": "N00002", "municipality": "0586", "period": 2024,
         "values": [{"gender": "T", "value": 2.5, "isdeleted": True}]},
        {"kpi": "N00002", "municipality": "0000", "period": 2024, "values": [{"gender": "T", "value": 3}]},
    ]  # fmt: skip
    fake = FakeKolada({"/data/kpi/N00002/municipality/0586,0000": {"values": rows, "next_url": None}})

    values = fake.client().kpi_values(kpi_ids=["N00002"], municipality_ids=["0586", "0000"])

    assert values == [KoladaValue("N00002", "0000", 2024, "T", Decimal("3"))]


def test_a_next_url_that_leads_back_is_an_error_not_a_loop():
    page = {
        "values": [{"id": "N00002", "title": "T"}],
        "next_url": "https://api.kolada.se/v3/kpi?title=x&page=1",
    }
    fake = FakeKolada({"/kpi": page})

    with pytest.raises(KoladaError, match="leder tillbaka till en sida som redan hämtats"):
        fake.client().kpi_search(title="x")
    assert len(fake.requests) == 2


@pytest.mark.parametrize("bad", ["N0/002", "0586,0000", "", "N00002?x=1"])
def test_ids_that_would_change_the_address_are_refused(bad):
    fake = FakeKolada()

    with pytest.raises(KoladaError, match="är inget giltigt id i Kolada"):
        fake.client().kpi_values(kpi_ids=[bad], municipality_ids=["0586"])
    assert fake.requests == []


def test_the_base_url_comes_from_the_settings(settings):
    settings.KOLADA_API_URL = "https://kolada.example.org/v3/"
    seen = []

    def answer(request):
        seen.append(str(request.url))
        return httpx.Response(200, json={"values": [], "next_url": None})

    with KoladaClient(transport=httpx.MockTransport(answer)) as client:
        client.kpi_search(title="trygg")

    assert seen == ["https://kolada.example.org/v3/kpi?title=trygg&per_page=5000"]


def test_the_default_base_url_is_koladas_v3(settings):
    if hasattr(settings, "KOLADA_API_URL"):
        del settings.KOLADA_API_URL

    assert KoladaClient(transport=httpx.MockTransport(lambda r: httpx.Response(500))).base_url == (
        "https://api.kolada.se/v3"
    )


def test_the_shortcut_functions_use_a_client_of_their_own(fake_kolada):
    fake_kolada.route("/kpi", "kpi_search_trygg.json")

    assert [kpi.id for kpi in kpi_search(title="trygg")] == ["U07401", "U07402"]
    assert fake_kolada.paths() == ["/kpi"]
