"""Searching Kolada's key figures by words from the indicator's form: an HTML fragment for htmx."""

from __future__ import annotations

import httpx
from django.template.loader import render_to_string
from django.urls import reverse

URL = reverse("indicators:kolada_search")


def _search(client, q: str, **params):
    return client.get(URL, {"q": q, **params})


def test_the_search_lists_kolada_kpis_each_with_a_button_that_picks_its_id(client_as, fake_kolada):
    fake_kolada.route("/kpi", "kpi_search_trygg.json")

    response = _search(client_as("mjolby-controller"), "  trygga   utomhus ", field="id_kolada_kpi")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page  # a fragment to swap in
    assert "2 nyckeltal hittades." in page
    assert "Medborgare som känner sig trygga utomhus när det är mörkt, andel (%)" in page
    assert "SCB:s medborgarundersökning" in page
    assert 'data-kolada-pick="U07401" data-target="id_kolada_kpi"' in page
    assert 'data-kolada-pick="U07402" data-target="id_kolada_kpi"' in page
    assert page.count(">Välj<") == 2
    # Kolada was asked once, with the words as written, spaces tidied.
    (request,) = fake_kolada.requests
    assert request.url.path == "/v3/kpi"
    assert request.url.params["title"] == "trygga utomhus"


def test_at_most_twenty_kpis_are_shown(client_as, fake_kolada):
    values = [{"id": f"N{n:05}", "title": f"Nyckeltal {n}"} for n in range(30)]
    fake_kolada.route("/kpi", {"values": values, "count": 30, "next_url": None})

    page = _search(client_as("mjolby-administrator"), "nyckeltal").content.decode()

    assert page.count("data-kolada-pick=") == 20
    assert "30 nyckeltal hittades; de 20 första visas." in page
    assert 'data-kolada-pick="N00019"' in page and 'data-kolada-pick="N00020"' not in page


def test_kolada_down_gives_a_swedish_message_not_an_error(client_as, fake_kolada):
    fake_kolada.route("/kpi", httpx.ConnectError("Connection refused"))

    response = _search(client_as("mjolby-controller"), "trygg")

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Det gick inte att söka i Kolada. Kunde inte ansluta till Kolada (api.kolada.se) efter 2 försök"
        in page
    )
    assert "data-kolada-pick" not in page


def test_kolada_timing_out_gives_a_swedish_message(client_as, fake_kolada):
    fake_kolada.route("/kpi", httpx.ReadTimeout("timed out"))

    page = _search(client_as("mjolby-controller"), "trygg").content.decode()

    assert "Det gick inte att söka i Kolada. Kolada svarade inte inom 8 sekunder (2 försök)." in page
    assert len(fake_kolada.requests) == 2  # a short wait: two attempts, not a sync's four


def test_kolada_with_server_errors_gives_a_swedish_message(client_as, fake_kolada):
    fake_kolada.route("/kpi", httpx.Response(503))
    page = _search(client_as("mjolby-controller"), "trygg").content.decode()
    assert "Kolada svarade med serverfel (HTTP 503) 2 gånger i rad." in page


def test_too_short_a_query_asks_for_more_and_kolada_is_not_asked(client_as, fake_kolada):
    client = client_as("mjolby-controller")
    for q in ("", " ", "a", " b "):
        page = _search(client, q).content.decode()
        assert "Skriv ett eller flera ord ur nyckeltalets namn, minst två tecken" in page, q
    assert client.get(URL).status_code == 200
    assert fake_kolada.requests == []


def test_too_long_a_query_is_refused(client_as, fake_kolada):
    client = client_as("mjolby-controller")
    page = _search(client, "x" * 101).content.decode()
    assert "Sökningen får vara högst 100 tecken." in page
    assert fake_kolada.requests == []
    fake_kolada.route("/kpi", "kpi_none.json")
    page = _search(client, "x" * 100).content.decode()
    assert "Kolada har inget nyckeltal vars namn innehåller" in page
    assert len(fake_kolada.requests) == 1


def test_only_managers_search(client_as, fake_kolada):
    assert _search(client_as("mjolby-lasare"), "trygg").status_code == 403
    assert _search(client_as("mjolby-rapportor"), "trygg").status_code == 403
    assert fake_kolada.requests == []


def test_a_field_id_that_is_not_an_id_is_not_written_into_the_page(client_as, fake_kolada):
    fake_kolada.route("/kpi", "kpi_search_trygg.json")
    page = _search(client_as("mjolby-controller"), "trygg", field='x" onclick="alert(1)').content.decode()
    assert "onclick" not in page
    assert 'data-target="id_kolada_kpi"' in page


def test_the_include_has_a_labelled_search_a_button_and_a_live_region():
    html = render_to_string("indicators/_kolada_search.html", {"field_id": "id_kolada_kpi"})

    assert '<label for="id_kolada_kpi_kolada_q">Sök nyckeltal i Kolada</label>' in html
    assert 'id="id_kolada_kpi_kolada_q" name="q" maxlength="100"' in html
    assert 'data-kolada-query="id_kolada_kpi_kolada_button"' in html
    assert f'hx-get="{URL}"' in html
    assert 'hx-include="#id_kolada_kpi_kolada_q"' in html
    assert 'hx-target="#id_kolada_kpi_kolada_results"' in html
    assert """hx-vals='{"field": "id_kolada_kpi"}'""" in html
    assert '<div id="id_kolada_kpi_kolada_results" class="kolada-search__results" aria-live="polite">' in html
    assert 'type="button"' in html and ">Sök i Kolada<" in html
    assert "<form" not in html  # it sits inside the indicator's form
