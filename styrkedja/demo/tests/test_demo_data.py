"""The demo data holds both source documents faithfully."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from styrkedja.activities.models import Activity
from styrkedja.followup.choices import CommentTopic


def snapshot() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_load_demo_twice_changes_nothing(db):
    call_command("load_demo", stdout=io.StringIO())
    before = snapshot()
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    assert snapshot() == before
    assert "Fanns redan, oförändrad: mjolby/ks/2024" in out.getvalue()
    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1


def test_mjolby_plan(mjolby_plan):
    assert mjolby_plan.municipality.name == "Mjölby kommun"
    assert (mjolby_plan.budget_period_start, mjolby_plan.budget_period_end) == (2024, 2026)
    levels = list(mjolby_plan.municipality.goal_levels.values_list("name", flat=True))
    assert levels[1:] == ["Kommunfullmäktiges mål till nämnden", "Nämndspecifikt mål"]
    assert mjolby_plan.goals.count() == 7
    assert mjolby_plan.activities.count() == 38
    assert mjolby_plan.activities.filter(is_special_initiative=True).count() == 4
    assert list(mjolby_plan.periods.values_list("code", "ends_on")) == [
        ("T1", datetime.date(2024, 4, 30)),
        ("T2", datetime.date(2024, 8, 31)),
        ("T3", datetime.date(2024, 12, 31)),
    ]
    assert all(period.is_closed for period in mjolby_plan.periods.all())


def test_mjolby_activity_row_as_printed(mjolby_plan):
    activity = Activity.objects.get(plan=mjolby_plan, title__startswith="Implementera BRÅ organisation")
    assert activity.kind == "A"
    assert activity.responsible_unit.name == "Kommunledningskontoret"
    assert [str(c) for c in activity.collaborators.all()][:4] == ["Kof", "Osf", "Sbf", "Utb"]
    assert activity.reports.get().get_status_display() == "Klart"
    e_arkiv = Activity.objects.get(plan=mjolby_plan, title__startswith="E-arkiv")
    assert e_arkiv.priority == "angelaget"


def test_mjolby_goal_texts_and_baseline(mjolby_plan):
    goal = mjolby_plan.goals.get(level__key="kf", number="1")
    assert goal.text.startswith("Mjölby ska vara en attraktiv och trygg kommun")
    assert "högre än riksgenomsnittet" in goal.measurable
    assert "72 %" in goal.baseline
    assert goal.motivation.startswith("Att medborgare rekommenderar andra")
    assert goal.reports.get(period__code="T3").comment.startswith("Länsstyrelsen, tillsammans med kommunerna")
    values = dict(goal.indicators.get().values.values_list("scope", "value"))
    assert values == {"municipality": Decimal("72"), "nation": Decimal("62")}


def test_mjolby_surveys_and_section_comments(mjolby_plan):
    assert mjolby_plan.surveys.count() == 2
    t3 = mjolby_plan.periods.get(code="T3")
    topics = set(t3.periodcomments.values_list("topic", flat=True))
    assert topics == {CommentTopic.SUMMARY, CommentTopic.SPECIAL_INITIATIVES, CommentTopic.USER_INVOLVEMENT}
    assert t3.comment == "Genomförd."


def test_valdemarsvik_plan(valdemarsvik_plan):
    plan = valdemarsvik_plan
    assert (plan.budget_period_start, plan.budget_period_end) == (2023, 2025)
    goals = plan.goals.filter(level__key="inriktningsmal").order_by("order")
    assert list(goals.values_list("title", flat=True)) == [
        "Den resurseffektiva kommunen",
        "Den öppna kommunen",
        "Den hälsosamma kommunen",
        "Den miljökloka kommunen",
        "Den lärande kommunen",
        "Den moderna kommunen",
    ]
    assert [goal.children.count() for goal in goals] == [3, 4, 5, 3, 2, 4]
    assert all(goal.indicators.exists() and goal.way_forward and goal.followup_text for goal in goals)
    assert plan.assignments.count() == 4
    assert plan.assignments.get(key="miljoklokt").goal.title == "Den miljökloka kommunen"


def test_valdemarsvik_meetings_and_budget_process(valdemarsvik_plan):
    ks = valdemarsvik_plan.meetings.filter(body="KS").order_by("date")
    assert [m.date for m in ks][:1] == [datetime.date(2023, 4, 11)]
    assert [item.goal.title for item in ks[0].items.all()] == [
        "Den öppna kommunen",
        "Den miljökloka kommunen",
    ]
    assert valdemarsvik_plan.meetings.filter(body="AU").count() == 4
    assert valdemarsvik_plan.budget_milestones.filter(title__icontains="Budget KF").exists()


def test_valdemarsvik_sector_frames_as_domain_reads_them(valdemarsvik_plan):
    ubak = valdemarsvik_plan.sector_budgets.get(sector__short_name="UBAK")
    frames = {(f.kind, f.year): f.amount for f in ubak.frames.all()}
    assert frames == {
        ("bokslut", 2021): Decimal("178.8"),
        ("budget", 2022): Decimal("187.7"),
        ("budget", 2023): Decimal("189.8"),
        ("ek_plan", 2024): Decimal("193.1"),
        ("ek_plan", 2025): Decimal("195.4"),
    }
    assert ubak.printed_net_total == Decimal("189.8")
    assert valdemarsvik_plan.sector_budgets.count() == 3
    assert all(sector.lines.exists() for sector in valdemarsvik_plan.sector_budgets.all())


def test_valdemarsvik_investment_plan(valdemarsvik_plan):
    years = set(valdemarsvik_plan.investment_totals.values_list("year", flat=True))
    assert years == {2023, 2024, 2025, 2026, 2027}
    spec = {
        item.amount_tkr for p in valdemarsvik_plan.investment_projects.all() for item in p.specification.all()
    }
    assert spec == {Decimal(n) for n in (100, 1750, 300, 400, 1400)} | {Decimal(300)}
