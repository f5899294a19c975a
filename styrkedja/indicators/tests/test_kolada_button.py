"""The plan page's button that fetches indicator values from Kolada."""

from __future__ import annotations

from django.urls import reverse

from styrkedja.indicators import views
from styrkedja.indicators.kolada import KoladaError


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_button_reports_kolada_failures_in_swedish_and_writes_nothing(client_as, monkeypatch):
    def fail(**kwargs):
        raise KoladaError("Kolada svarade inte inom 20 sekunder.")

    monkeypatch.setattr(views, "kolada_sync", fail)
    response = client_as("mjolby-controller").post(
        reverse("indicators:kolada_sync", args=["ks", 2024]), follow=True
    )

    assert response.status_code == 200
    assert _messages(response) == ["Inget hämtades från Kolada. Kolada svarade inte inom 20 sekunder."]


def test_the_button_says_when_no_indicator_is_linked(client_as, monkeypatch):
    from styrkedja.indicators.services import SyncResult

    monkeypatch.setattr(views, "kolada_sync", lambda *, plan, user: SyncResult(plan=plan, years=[2024]))
    response = client_as("mjolby-controller").post(
        reverse("indicators:kolada_sync", args=["ks", 2024]), follow=True
    )

    assert _messages(response) == ["Ingen av planens indikatorer är kopplad till ett nyckeltal i Kolada."]


def test_only_managers_may_fetch(client_as):
    url = reverse("indicators:kolada_sync", args=["ks", 2024])
    assert client_as("mjolby-rapportor").post(url).status_code == 403
    assert client_as("mjolby-controller").get(url).status_code == 405
