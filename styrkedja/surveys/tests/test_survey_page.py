"""The surveys page: each user survey with its results, as tables."""

from __future__ import annotations

import re

from django.urls import reverse


def test_each_survey_with_its_results(client_as, mjolby_plan):
    response = client_as("mjolby-lasare").get(reverse("surveys:list", args=["ks", 2024]))

    assert response.status_code == 200
    html = response.content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Medborgarservice: Kundundersökning Kontaktperson: Enhetschef Medborgarservice" in text
    assert "Tillväxtkontoret: Nöjd Kund Index - företag Kontaktperson: Näringslivschef" in text
    rows = [
        " ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    ]
    # Decimal commas; the nation's value where there is one, a dash where there is none.
    assert (
        "Andel medborgare som är nöjda med hur lätt det är att få kontakt med kommunen 2024 76,9 % 74,9 %"
        in rows
    )
    assert (
        "Andel medborgare som är nöjda med bemötandet i sin senaste kontakt med kommunen 2022 81,8 % –"
        in rows
    )
    assert (
        html.count("<caption>Resultat: ")
        == mjolby_plan.surveys.filter(results__isnull=False).distinct().count()
    )


def test_a_plan_without_surveys_says_so(client_as, valdemarsvik_plan):
    response = client_as("valdemarsvik-lasare").get(reverse("surveys:list", args=["ks", 2023]))
    assert "Planen har inga brukarundersökningar." in response.content.decode()


def test_another_municipalitys_surveys_are_not_found(client_as):
    response = client_as("valdemarsvik-lasare").get(reverse("surveys:list", args=["ks", 2024]))
    assert response.status_code == 404
