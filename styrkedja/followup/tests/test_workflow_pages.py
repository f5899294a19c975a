"""The reporting workflow through the pages: report in place, conflicts, periods, who has not reported."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from styrkedja.followup.choices import ReportStatus
from styrkedja.followup.models import ActivityReport
from styrkedja.followup.selectors import activity_report_current
from styrkedja.plans.selectors import plan_get_by_name

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def plan_2025(members):
    return plan_get_by_name(name="mjolby/ks/2025")


@pytest.fixture
def own_activity(plan_2025):
    return (
        plan_2025.activities.filter(responsible_unit__name="Kommunledningskontoret").order_by("order").first()
    )


def _post_report(client, activity, status="ongoing", comment="", based_on="", **extra):
    url = reverse("followup:activity_report", args=[activity.pk, "T1"])
    prefix = f"a{activity.pk}"
    data = {f"{prefix}-status": status, f"{prefix}-comment": comment, f"{prefix}-based_on": based_on}
    return client.post(url, data, **extra)


def _based_on(page: str, activity) -> str:
    match = re.search(rf'name="a{activity.pk}-based_on"(?: value="(\d*)")?', page)
    assert match, "the form carries the report it is based on"
    return match.group(1) or ""


def test_start_page_lists_what_the_reporter_has_left_with_the_deadline(client_as, plan_2025, own_activity):
    response = client_as("mjolby-rapportor").get(reverse("followup:start"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Skulle ha rapporterats senast 12 maj 2025" in page  # the demo's T1 is overdue
    assert own_activity.title[:50] in page
    others = plan_2025.activities.exclude(responsible_unit__name="Kommunledningskontoret")
    assert others.exists()
    assert not any(activity.title[:50] in page for activity in others)


def test_the_reader_has_nothing_to_report(client_as):
    page = client_as("mjolby-lasare").get(reverse("followup:start")).content.decode()
    assert "inget kvar att rapportera" in page


def test_a_report_is_saved_in_place_with_htmx(client_as, own_activity, members):
    client = client_as("mjolby-rapportor")

    response = _post_report(client, own_activity, "ongoing", "Upphandling pågår.", **HTMX)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Sparat." in page and "<html" not in page  # a fragment, swapped into the page
    report = activity_report_current(activity=own_activity, period=own_activity.plan.periods.get(code="T1"))
    assert (report.status, report.comment, report.created_by) == (
        ReportStatus.ONGOING,
        "Upphandling pågår.",
        members["mjolby-rapportor"],
    )


def test_a_carried_over_activity_starts_from_last_years_last_report(client_as, own_activity):
    origin_report = own_activity.carried_over_from.reports.order_by("-period__ends_on", "-created_at").first()
    url = reverse("followup:report", args=["ks", 2025, "T1"])

    page = client_as("mjolby-rapportor").get(url).content.decode()

    assert "Rapporterat vid T3 – Årsredovisning 2024, före överföringen:" in page
    assert origin_report.get_status_display() in page
    # The form starts from that status, but nothing is reported until the reporter saves.
    assert re.search(rf'value="{origin_report.status}"[^>]*checked', page)
    assert not own_activity.reports.exists()


def test_bad_input_is_refused_with_a_swedish_message_and_nothing_saved(client_as, own_activity):
    response = _post_report(client_as("mjolby-rapportor"), own_activity, status="färdig", **HTMX)

    assert response.status_code == 422
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not own_activity.reports.exists()


def test_two_writers_the_second_is_told_and_both_texts_remain(client_as, own_activity):
    first, second = client_as("mjolby-rapportor"), client_as("mjolby-controller")
    url = reverse("followup:activity_report", args=[own_activity.pk, "T1"])
    # Both open the form before either saves.
    based_first = _based_on(first.get(url).content.decode(), own_activity)
    based_second = _based_on(second.get(url).content.decode(), own_activity)

    assert (
        _post_report(first, own_activity, "ongoing", "Text från rapportören", based_first, **HTMX).status_code
        == 200
    )
    response = _post_report(second, own_activity, "done", "Text från controllern", based_second, **HTMX)

    page = response.content.decode()
    assert response.status_code == 409
    assert "ändrades medan du skrev" in page
    assert "Text från rapportören" in page  # what was saved
    assert "Text från controllern" in page  # what the second writer wrote, still in the form
    assert list(own_activity.reports.values_list("comment", flat=True)) == ["Text från rapportören"]

    # Saving again, having seen the other text, is deliberate and replaces it.
    again = _post_report(
        second, own_activity, "done", "Text från controllern", _based_on(page, own_activity), **HTMX
    )
    assert again.status_code == 200
    assert list(own_activity.reports.values_list("comment", flat=True)) == [
        "Text från rapportören",
        "Text från controllern",
    ]


def test_controller_sees_the_report_closes_the_period_and_reporting_stops(client_as, plan_2025, own_activity):
    reporter, controller = client_as("mjolby-rapportor"), client_as("mjolby-controller")
    _post_report(reporter, own_activity, "done", "Klart i mars.")
    detail = reverse("followup:period_detail", args=["ks", 2025, "T1"])
    page = controller.get(detail).content.decode()
    assert own_activity.title[:40] not in page.split("Ej rapporterat")[1]  # reported: not in the missing list
    activity_page = controller.get(reverse("activities:detail", args=[own_activity.pk])).content.decode()
    assert "Klart i mars." in activity_page

    response = controller.post(reverse("followup:period_close", args=["ks", 2025, "T1"]), {"confirm": "1"})
    assert response.status_code == 302
    assert plan_2025.periods.get(code="T1").is_closed

    response = _post_report(reporter, own_activity, "ongoing", "Ändrat efteråt", **HTMX)
    assert response.status_code == 409
    assert "stängd" in response.content.decode()
    assert list(own_activity.reports.values_list("comment", flat=True)) == ["Klart i mars."]

    # Reopening needs a reason; with one, reporting is possible again.
    controller.post(reverse("followup:period_reopen", args=["ks", 2025, "T1"]), {"reason": ""})
    assert plan_2025.periods.get(code="T1").is_closed
    controller.post(reverse("followup:period_reopen", args=["ks", 2025, "T1"]), {"reason": "Fel status"})
    assert plan_2025.periods.get(code="T1").is_open


def test_the_period_page_names_who_has_not_reported(client_as, plan_2025):
    page = client_as("mjolby-controller").get(reverse("followup:period_detail", args=["ks", 2025, "T1"]))
    body = page.content.decode()
    missing = body.split("Ej rapporterat")[1]
    assert "Kommunledningskontoret" in missing
    assert "mjolby-rapportor" in missing  # the reporter of that unit
    total = plan_2025.activities.count() + plan_2025.goals.count() + plan_2025.assignments.count()
    assert f"{total} aktiviteter, mål och uppdrag saknar rapport" in body


def test_a_controller_opens_a_planned_period_with_a_deadline(client_as, plan_2025):
    controller = client_as("mjolby-controller")
    url = reverse("followup:period_open", args=["ks", 2025, "T2"])

    response = controller.post(url, {"due_on": "2025-09-15"})

    assert response.status_code == 302
    period = plan_2025.periods.get(code="T2")
    assert period.is_open and period.due_on.isoformat() == "2025-09-15"


def test_goal_report_with_assessment_and_the_reason_for_departing_from_the_proposal(client_as, own_activity):
    goal = own_activity.goal
    url = reverse("followup:goal_report", args=[goal.pk, "T1"])
    client = client_as("mjolby-rapportor")
    form = client.get(url).content.decode()
    # The indicator meets its target, but none of the goal's activities is reported yet at T1 2025.
    assert "Förslag till bedömning:</strong> Osäkert." in form
    assert "1 av 1 indikator når målvärdet." in form
    data = {f"g{goal.pk}-comment": "Arbetet går enligt plan.", f"g{goal.pk}-assessment": "likely"}

    refused = client.post(url, data, **HTMX)

    assert refused.status_code == 422
    assert "Bedömningen avviker från förslaget ”Osäkert”. Skriv varför" in refused.content.decode()
    assert not goal.reports.exists()
    actions = {f"g{goal.pk}-actions": "Två nya avtal tecknas under hösten."}
    response = client.post(
        url, {**data, f"g{goal.pk}-reason": "Upphandlingen är klar i maj.", **actions}, **HTMX
    )
    assert response.status_code == 200
    report = goal.reports.get()
    assert (report.comment, report.assessment, report.proposed_assessment, report.reason, report.actions) == (
        "Arbetet går enligt plan.",
        "likely",
        "uncertain",
        "Upphandlingen är klar i maj.",
        "Två nya avtal tecknas under hösten.",
    )
    assert "Två nya avtal tecknas under hösten." in client.get(url).content.decode()
    goal_page = client_as("mjolby-lasare").get(reverse("goals:detail", args=[goal.pk])).content.decode()
    assert "Bedöms uppnås" in goal_page and "Arbetet går enligt plan." in goal_page


def test_history_shows_who_when_before_and_after(client_as, own_activity):
    client = client_as("mjolby-rapportor")
    first = _post_report(client, own_activity, "ongoing", "Första", **HTMX)
    _post_report(client, own_activity, "done", "Andra", _based_on(first.content.decode(), own_activity))

    page = (
        client_as("mjolby-lasare").get(reverse("activities:detail", args=[own_activity.pk])).content.decode()
    )
    history = page.split("Historik")[1]
    assert "mjolby-rapportor" in history
    assert "Pågår" in history and "Klart" in history
    assert "Första" in history and "Andra" in history
    assert ActivityReport.objects.filter(activity=own_activity).count() == 2


def test_closing_a_period_asks_first_naming_how_many_reports_are_missing(client_as, plan_2025):
    controller = client_as("mjolby-controller")
    url = reverse("followup:period_close", args=["ks", 2025, "T1"])
    missing = plan_2025.activities.count() + plan_2025.goals.count()

    response = controller.post(url)

    page = response.content.decode()
    assert response.status_code == 200 and not plan_2025.periods.get(code="T1").is_closed
    assert f"{missing} rapporter saknas fortfarande" in page
    assert f"{plan_2025.activities.count()} aktiviteter" in page and "Stäng perioden ändå" in page
    assert controller.post(url, {"confirm": "1"}).status_code == 302
    assert plan_2025.periods.get(code="T1").is_closed


def test_reopening_sets_a_new_last_day_and_the_reason_shows_on_the_period_page(client_as, plan_2025):
    controller = client_as("mjolby-controller")
    controller.post(reverse("followup:period_close", args=["ks", 2025, "T1"]), {"confirm": "1"})
    reopen = reverse("followup:period_reopen", args=["ks", 2025, "T1"])

    controller.post(
        reopen, {"reason": "Fel status för IT", "due_on": "2025-04-01"}
    )  # before the period's end
    assert plan_2025.periods.get(code="T1").is_closed
    controller.post(reopen, {"reason": "Fel status för IT", "due_on": "2025-06-02"})

    period = plan_2025.periods.get(code="T1")
    assert period.is_open and period.due_on.isoformat() == "2025-06-02"
    page = controller.get(reverse("followup:period_detail", args=["ks", 2025, "T1"])).content.decode()
    history = page.split('id="history-heading"')[1]
    assert "Uppföljningsperioden öppnades igen" in history and "Fel status för IT" in history
    assert "mjolby-controller" in history and "12 maj 2025" in history and "2 juni 2025" in history


def test_a_period_past_its_last_day_is_marked_overdue(client_as, plan_2025):
    # The demo's T1 of 2025 was to be reported by 12 May 2025.
    assert plan_2025.periods.get(code="T1").is_overdue
    start = client_as("mjolby-rapportor").get(reverse("followup:start")).content.decode()
    assert "Försenad" in start and "Skulle ha rapporterats senast 12 maj 2025." in start
    period = client_as("mjolby-controller").get(reverse("followup:period_detail", args=["ks", 2025, "T1"]))
    assert "Försenad" in period.content.decode()
    planned = client_as("mjolby-controller").get(reverse("followup:period_detail", args=["ks", 2025, "T2"]))
    assert "Försenad" not in planned.content.decode()


@pytest.mark.parametrize("typed", ["05/12/2025", "12/5/25", "5 december 2025", "2025-13-01"])
def test_a_date_is_read_only_the_swedish_way(client_as, plan_2025, typed):
    controller = client_as("mjolby-controller")
    response = controller.post(
        reverse("followup:period_open", args=["ks", 2025, "T2"]), {"due_on": typed}, follow=True
    )
    assert "Skriv datumet som ÅÅÅÅ-MM-DD" in response.content.decode()
    assert not plan_2025.periods.get(code="T2").is_open


def test_a_last_day_before_the_periods_end_is_refused(client_as, plan_2025):
    controller = client_as("mjolby-controller")
    response = controller.post(
        reverse("followup:period_open", args=["ks", 2025, "T2"]), {"due_on": "2025-08-01"}, follow=True
    )
    assert "ligger före periodens slut 2025-08-31" in response.content.decode()
    assert not plan_2025.periods.get(code="T2").is_open


def test_the_assessment_proposal_is_shown_before_the_first_save(client_as, plan_2025):
    page = client_as("mjolby-controller").get(reverse("followup:report", args=["ks", 2025, "T1"])).content
    assert page.decode().count("Förslag till bedömning:") == plan_2025.goals.count()


def test_a_reader_is_not_offered_to_report(client_as):
    reader = client_as("mjolby-lasare")
    plan_page = reader.get(reverse("plans:detail", args=["ks", 2024])).content.decode()
    assert "Rapporterna vid" not in plan_page and "Rapportera" not in plan_page
    period_page = reader.get(reverse("followup:period_detail", args=["ks", 2024, "T3"])).content.decode()
    assert "Visa rapporterna" not in period_page
    controller_page = client_as("mjolby-controller").get(reverse("plans:detail", args=["ks", 2024])).content
    assert "Rapporterna vid" in controller_page.decode()
