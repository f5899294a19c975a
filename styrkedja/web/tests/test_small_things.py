"""Small things a new user ran into: the icon, plural forms, dashes, the order of the goals."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from styrkedja.followup.selectors import plan_summary
from styrkedja.followup.texts import summary_sentence

pytestmark = pytest.mark.django_db


def test_the_site_has_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("web/favicon.svg")


def test_the_health_check_answers_without_a_login_and_keeps_no_session(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
    assert "sessionid" not in response.cookies
    assert client.post("/healthz").status_code == 405


def test_a_plan_without_activities_is_not_said_to_have_done_zero_percent(build_plan):
    builder = build_plan()
    sentence = summary_sentence(plan_summary(plan=builder.plan, period=builder.periods["T3"]))
    assert sentence == "Planen har inga aktiviteter, projekt eller förstudier."


def test_counts_take_the_singular_for_one(client_as, build_plan):
    page = client_as("mjolby-lasare").get(reverse("plans:detail", args=["ks", 2025])).content.decode()
    assert not re.search(r"\b1 ej inledda\b|\b1 ej rapporterade\b", page)
    assert re.search(r"\b\d+ ej rapporterade?\b", page)


def test_period_names_are_written_with_a_dash(mjolby_plan):
    assert mjolby_plan.periods.get(code="T3").name == "T3 – Årsredovisning"


def test_the_goals_to_report_are_listed_in_the_trees_order(client_as, valdemarsvik_plan):
    t1 = valdemarsvik_plan.periods.get(code="T1")
    t1.opened_at = timezone.now()
    t1.save(update_fields=["opened_at"])
    page = client_as("valdemarsvik-controller").get(reverse("followup:start")).content.decode()
    table = page.split("Mål utan kommentar eller bedömning")[1]
    numbered = [(goal.number, goal.pk) for goal in valdemarsvik_plan.goals.exclude(number="")]
    shown = [number for number, pk in sorted(
        ((number, table.find(f"/rapport/mal/{pk}/T1/")) for number, pk in numbered), key=lambda item: item[1]
    )]  # fmt: skip
    expected = sorted(shown, key=lambda number: [int(part) for part in number.rstrip(".").split(".") if part])
    assert shown == expected


SWEDISH_DATE_TIME = re.compile(
    r"\b\d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) "
    r"\d{4} \d{2}:\d{2}\b"
)


def test_times_are_written_with_swedish_month_names(client_as):
    client_as("mjolby-controller")  # logs in: the users list shows when
    page = client_as("mjolby-administrator").get(reverse("tenancy:users")).content.decode()
    assert SWEDISH_DATE_TIME.search(page)
    assert not re.search(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}", page)
