"""The proposed assessment of a goal, and the count of goals per step that the summary states."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from styrkedja.followup.assessment import (
    assessment_sentence,
    goal_assessment_counts,
    goal_assessment_proposal,
)
from styrkedja.followup.choices import Assessment, ReportStatus
from styrkedja.followup.services import goal_report_set
from styrkedja.indicators.choices import TargetKind
from styrkedja.indicators.models import Indicator, IndicatorValue

DONE, ONGOING, NOT_STARTED = ReportStatus.DONE, ReportStatus.ONGOING, ReportStatus.NOT_STARTED


def _indicator(goal, municipality: str, nation: str, year: int = 2024) -> Indicator:
    indicator = Indicator.objects.create(goal=goal, name="Nöjdhet", target_kind=TargetKind.BETTER_THAN_NATION)
    IndicatorValue.objects.create(
        indicator=indicator, year=year, scope="municipality", value=Decimal(municipality)
    )
    IndicatorValue.objects.create(indicator=indicator, year=year, scope="nation", value=Decimal(nation))
    return indicator


@pytest.mark.parametrize(
    ("statuses", "indicators", "expected"),
    [
        ([DONE, DONE, DONE, DONE, DONE], [("72", "62")], Assessment.ACHIEVED),
        ([DONE, DONE, ONGOING, ONGOING, NOT_STARTED], [("72", "62"), ("60", "70")], Assessment.UNCERTAIN),
        ([NOT_STARTED, NOT_STARTED, ONGOING], [("50", "70")], Assessment.NOT_ACHIEVED),
        ([DONE], [], Assessment.ACHIEVED),
    ],
)
def test_at_the_years_end_the_proposal_is_an_outcome(build_plan, statuses, indicators, expected):
    b = build_plan()
    goal = b.goal("g1")
    for status in statuses:
        b.activity(goal, T3=status)
    for own, nation in indicators:
        _indicator(goal, own, nation)

    assert goal_assessment_proposal(goal=goal, period=b.periods["T3"]).assessment == expected


@pytest.mark.parametrize(
    ("statuses", "indicators", "expected"),
    [
        ([DONE, ONGOING, ONGOING, ONGOING, ONGOING], [("72", "62")], Assessment.LIKELY),
        ([NOT_STARTED, NOT_STARTED, NOT_STARTED], [("50", "70")], Assessment.UNLIKELY),
        ([DONE, NOT_STARTED, NOT_STARTED], [("72", "62")], Assessment.UNCERTAIN),
    ],
)
def test_before_the_years_end_the_proposal_is_a_prognosis(build_plan, statuses, indicators, expected):
    b = build_plan()
    goal = b.goal("g1")
    for status in statuses:
        b.activity(goal, T1=status)
    for own, nation in indicators:
        _indicator(goal, own, nation)

    proposal = goal_assessment_proposal(goal=goal, period=b.periods["T1"])

    assert proposal.assessment == expected
    assert any("indikator" in reason for reason in proposal.reasons)


def test_a_goal_without_indicators_or_activities_gets_no_proposal(build_plan):
    b = build_plan()
    proposal = goal_assessment_proposal(goal=b.goal("g1"), period=b.periods["T3"])
    assert proposal.assessment == "" and proposal.reasons


def test_departing_from_the_proposal_needs_a_reason_which_is_kept(build_plan):
    b = build_plan()
    goal = b.goal("g1")
    b.activity(goal, T3=NOT_STARTED)
    _indicator(goal, "50", "70")
    period = b.periods["T3"]

    with pytest.raises(ValidationError, match="avviker från förslaget ”Inte uppnått”"):
        goal_report_set(goal=goal, period=period, assessment=Assessment.ACHIEVED)
    report = goal_report_set(
        goal=goal, period=period, assessment=Assessment.ACHIEVED, reason="Målet nåddes på annat sätt."
    )
    assert (report.proposed_assessment, report.reason) == (
        Assessment.NOT_ACHIEVED,
        "Målet nåddes på annat sätt.",
    )
    # Following the proposal needs no reason.
    agreed = goal_report_set(goal=goal, period=period, assessment=Assessment.NOT_ACHIEVED)
    assert agreed.reason == ""


def test_a_reason_given_with_the_proposed_assessment_is_not_a_change_the_second_time(build_plan):
    b = build_plan()
    goal = b.goal("g1")
    b.activity(goal, T3=NOT_STARTED)
    _indicator(goal, "50", "70")
    period = b.periods["T3"]
    first = goal_report_set(goal=goal, period=period, assessment=Assessment.NOT_ACHIEVED, reason="Onödigt.")
    again = goal_report_set(goal=goal, period=period, assessment=Assessment.NOT_ACHIEVED, reason="Onödigt.")
    assert first.reason == "" and again == first
    assert goal.reports.count() == 1


def test_the_summary_counts_goals_per_step(build_plan):
    b = build_plan()
    goals = [b.goal(f"g{n}") for n in range(12)]
    steps = (
        [Assessment.ACHIEVED] * 4
        + [Assessment.LIKELY]
        + [Assessment.UNCERTAIN] * 4
        + [Assessment.NOT_ACHIEVED] * 2
    )
    for goal, step in zip(goals, steps, strict=False):
        goal_report_set(goal=goal, period=b.periods["T3"], assessment=step, reason="Bedömt av nämnden.")

    counts = goal_assessment_counts(plan=b.plan, period=b.periods["T3"])

    assert [counts.count(step) for step in (Assessment.ACHIEVED, Assessment.LIKELY)] == [4, 1]
    assert assessment_sentence(counts) == (
        "Bedömning av 12 mål: Uppnått 4, Bedöms uppnås 1, Osäkert 4, Inte uppnått 2. "
        "1 mål är ännu inte bedömt."
    )


def test_a_forecast_is_never_counted_as_reached(build_plan):
    b = build_plan()
    goals = [b.goal(f"g{n}") for n in range(7)]
    goal_report_set(goal=goals[0], period=b.periods["T1"], assessment=Assessment.LIKELY, reason="Prognos.")
    sentence = assessment_sentence(goal_assessment_counts(plan=b.plan, period=b.periods["T1"]))
    assert sentence == "Bedömning av 7 mål: Bedöms uppnås 1. 6 mål är ännu inte bedömda."
    assert "Uppnått" not in sentence


def test_the_summary_appears_on_the_plan_page_and_in_the_report(client_as, mjolby_plan):
    from styrkedja.documents.services import document_render

    t3 = mjolby_plan.periods.get(code="T3")
    for goal in mjolby_plan.goals.all()[:3]:
        goal.reports.create(period=t3, assessment=Assessment.ACHIEVED, comment="")
    sentence = "Bedömning av 7 mål: Uppnått 3. 4 mål är ännu inte bedömda."

    page = client_as("mjolby-lasare").get(reverse("plans:detail", args=["ks", 2024]), {"period": "T3"})
    report = document_render(plan=mjolby_plan, period=t3, format="html").content.decode()

    assert sentence in page.content.decode()
    assert sentence in report
    assert datetime.date(2024, 12, 31) == t3.ends_on


def _three_step_scale(municipality) -> None:
    from styrkedja.followup.models import AssessmentStep

    for order, (key, label) in enumerate(
        [(Assessment.ACHIEVED, "Uppfyllt"), (Assessment.UNCERTAIN, "Delvis uppfyllt"),
         (Assessment.NOT_ACHIEVED, "Ej uppfyllt")]
    ):  # fmt: skip
        AssessmentStep.objects.create(municipality=municipality, key=key, label=label, order=order)


def test_a_municipalitys_own_scale_is_offered_proposed_and_shown(build_plan):
    from styrkedja.followup.assessment import assessment_scale

    b = build_plan()
    _three_step_scale(b.municipality)
    goal = b.goal("g1")
    for status in (DONE, ONGOING, ONGOING, ONGOING, ONGOING):
        b.activity(goal, T1=status)
    _indicator(goal, "72", "62")

    assert [label for _key, label in assessment_scale(municipality_id=b.municipality.pk)] == [
        "Uppfyllt",
        "Delvis uppfyllt",
        "Ej uppfyllt",
    ]
    # The standard proposal "bedöms uppnås" has no step of its own here: the more cautious neighbour.
    proposal = goal_assessment_proposal(goal=goal, period=b.periods["T1"])
    assert (proposal.assessment, proposal.label) == (Assessment.UNCERTAIN, "Delvis uppfyllt")
    with pytest.raises(ValidationError, match="finns inte i kommunens bedömningsskala"):
        goal_report_set(goal=goal, period=b.periods["T1"], assessment=Assessment.LIKELY, reason="x")
    report = goal_report_set(goal=goal, period=b.periods["T1"], assessment=Assessment.UNCERTAIN)
    assert report.assessment_text == "Delvis uppfyllt"


def test_the_report_form_offers_the_municipalitys_steps(client_as, mjolby):
    from styrkedja.plans.selectors import plan_get_by_name

    _three_step_scale(mjolby)
    goal = plan_get_by_name(name="mjolby/ks/2025").goals.filter(activities__isnull=False).first()
    form = (
        client_as("mjolby-controller")
        .get(reverse("followup:goal_report", args=[goal.pk, "T1"]))
        .content.decode()
    )
    assert "Delvis uppfyllt" in form and "Bedöms uppnås" not in form
