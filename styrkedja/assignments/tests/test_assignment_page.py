"""The assignments page: each assignment with its goal, the unit responsible and where it is reported."""

from __future__ import annotations

import re

from django.urls import reverse

from styrkedja.assignments.models import Assignment


def _sections(html: str) -> list[str]:
    sections = re.findall(r'<section class="assignment"[^>]*>(.*?)</section>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", section).split()) for section in sections]


def test_each_assignment_with_its_goal_unit_and_meetings(client_as, valdemarsvik_plan):
    unit = valdemarsvik_plan.municipality.units.get(name="Sektor Barn, utbildning, arbetsmarknad och kultur")
    Assignment.objects.filter(plan=valdemarsvik_plan, key="skolresultat").update(responsible_unit=unit)

    response = client_as("valdemarsvik-lasare").get(reverse("assignments:list", args=["ks", 2023]))

    assert response.status_code == 200
    html = response.content.decode()
    sections = _sections(html)
    assert len(sections) == 4
    assert sections[0].startswith("Ta fram och implementera förslag till att förbättra skolresultaten")
    assert "För att öka likvärdigheten och kvaliteten inom förskola och skola" in sections[0]
    assert "Mål som uppdraget tjänar Inriktningsmål 5: Den lärande kommunen" in sections[0]
    assert f"Ansvarig {unit.name}" in sections[0]
    assert "Redovisas AU 13 september 2023" in sections[0]
    assert "Mål som uppdraget tjänar Inget angivet" in sections[1]  # detaljplaner serves no goal
    assert "Ansvarig Inte angiven" in sections[1]
    goal = valdemarsvik_plan.goals.get(key="larande")
    assert f'href="{reverse("goals:detail", args=[goal.pk])}"' in html


def test_a_plan_without_assignments_says_so(client_as, mjolby_plan):
    response = client_as("mjolby-lasare").get(reverse("assignments:list", args=["ks", 2024]))
    assert "Planen har inga uppdrag." in response.content.decode()


def test_another_municipalitys_assignments_are_not_found(client_as):
    response = client_as("mjolby-lasare").get(reverse("assignments:list", args=["ks", 2023]))
    assert response.status_code == 404
