"""The plan page (goal tree, counts, filters, summary sentence) and carry-over through the pages."""

from __future__ import annotations

import re

from django.urls import reverse

from styrkedja.plans.selectors import plan_get_by_name


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_plan_page_states_the_summary_as_the_report_does(client_as):
    response = client_as("mjolby-lasare").get(reverse("plans:detail", args=["ks", 2024]))

    text = _text(response)
    assert response.status_code == 200
    assert (
        "Under 2024 planerades totalt 38 aktiviteter, projekt och förstudier. Vid slutet av 2024 har 25 "
        "av dessa genomförts, motsvarande ca 66 procent. 11 aktiviteter pågår och 2 aktiviteter är ännu "
        "ej inledda."
    ) in text
    # Per goal: counts per status and the share done (Nämndspecifikt mål 1: 7 of 15 done).
    assert "7 av 15 klara (47 %)" in text
    assert "6 pågår, 2 ej inledda, 0 ej rapporterade" in text


def test_filters_by_unit_status_and_kind(client_as, mjolby_plan):
    client = client_as("mjolby-lasare")
    url = reverse("plans:detail", args=["ks", 2024])
    unit = mjolby_plan.municipality.units.get(name="Kommunledningskontoret")
    own = mjolby_plan.activities.filter(responsible_unit=unit)

    by_unit = client.get(url, {"unit": unit.pk, "period": "T3"}).content.decode()
    ongoing = client.get(url, {"status": "ongoing", "period": "T3"}).content.decode()
    projects = client.get(url, {"kind": "P", "period": "T3"}).content.decode()

    assert "Läget vid T3 – Årsredovisning (filtrerat)" in by_unit
    # The summary sentence always speaks of the whole plan; the lists and counts follow the filter.
    assert "totalt 38 aktiviteter" in _text(client.get(url, {"unit": unit.pk}))
    shown = set(re.findall(r'href="/aktiviteter/(\d+)/"', by_unit))
    assert shown == {str(pk) for pk in own.values_list("pk", flat=True)}
    assert len(shown) == 17
    assert ongoing.count("status status--ongoing") == 11
    assert "status status--done" not in ongoing and "status status--not_started" not in ongoing
    shown = set(re.findall(r'href="/aktiviteter/(\d+)/"', projects))
    assert shown == {str(pk) for pk in mjolby_plan.activities.filter(kind="P").values_list("pk", flat=True)}


def test_an_unknown_filter_value_is_ignored(client_as):
    response = client_as("mjolby-lasare").get(reverse("plans:detail", args=["ks", 2024]), {"unit": "999999"})
    assert response.status_code == 200


def test_the_plan_page_takes_a_bounded_number_of_queries(client_as, django_assert_max_num_queries):
    client = client_as("mjolby-lasare")
    url = reverse("plans:detail", args=["ks", 2024])
    client.get(url)  # warm the session
    # 27: every request of a password user also reads whether the municipality requires TOTP, and
    # the page whether the plan was read in from a document (its link to the source).
    with django_assert_max_num_queries(27):
        client.get(url)


def test_carry_over_through_the_page_takes_the_chosen_activities(client_as):
    """Next year's plan from 2025's, with three of its activities; each linked to its origin."""
    client = client_as("mjolby-controller")
    plan_2025 = plan_get_by_name(name="mjolby/ks/2025")
    url = reverse("plans:carry_over", args=["ks", 2025])
    page = client.get(url).content.decode()
    candidates = re.findall(r'name="activities" value="(\d+)"[^>]*checked', page)
    assert (
        len(candidates) == plan_2025.activities.count() == 13
    )  # none reported yet: all proposed, all ticked

    response = client.post(url, {"activities": candidates[:3]})

    plan_2026 = plan_get_by_name(name="mjolby/ks/2026")
    assert response.status_code == 302 and response["Location"] == reverse("plans:detail", args=["ks", 2026])
    assert sorted(plan_2026.activities.values_list("carried_over_from", flat=True)) == sorted(
        map(int, candidates[:3])
    )
    again = client.get(url).content.decode()
    assert "har redan en plan för 2026" in again
