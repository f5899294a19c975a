"""The follow-up report's measure table per goal, the goal's assessment with its reason, analysis and
actions, and the summary of goal fulfilment per goal area: in the web page, the PDF and Word."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest

from styrkedja.documents.content import followup_document
from styrkedja.documents.render import render_html
from styrkedja.documents.services import document_render
from styrkedja.documents.tests.coverage import pdf_text
from styrkedja.followup.choices import Assessment
from styrkedja.followup.services import goal_report_set
from styrkedja.indicators.choices import TargetKind, ValueScope
from styrkedja.indicators.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db

REASON = "Ett svagt år bland flera goda väger inte tyngst för bedömningen."
ACTIONS = "Sektorn inför uppsökande verksamhet för nyanlända under hösten."
ANALYSIS = "Andelen ökar för tredje året i rad och ligger nu över målvärdet."


def _indicator(goal, name, target, values, **kwargs):
    indicator = Indicator.objects.create(goal=goal, name=name, target=target, **kwargs)
    for year, value in values.items():
        IndicatorValue.objects.create(
            indicator=indicator, year=year, scope=ValueScope.MUNICIPALITY, value=Decimal(value)
        )
    return indicator


@pytest.fixture
def followed_up(build_plan):
    """A plan with a goal area, a goal under it with two measures and a report at T3 that departs from
    the proposal with a reason and names its actions; another area without any report."""
    builder = build_plan()
    area = builder.goal("trygghet")
    area.title = "Trygghet"
    area.save()
    goal = builder.goal("sysselsattning", parent=area)
    goal.title = "Fler i arbete"
    goal.save()
    _indicator(
        goal, "Andel förvärvsarbetande", "minst 32", {2022: "29.5", 2023: "30.25", 2024: "31.3"},
        unit="%", target_kind=TargetKind.AT_LEAST, target_value=Decimal("30"),
    )  # fmt: skip
    _indicator(
        goal, "Antal praktikplatser", "högst 40", {2023: "45", 2024: "52"},
        target_kind=TargetKind.AT_MOST, target_value=Decimal("40"),
    )  # fmt: skip
    builder.goal("ekonomi")
    period = builder.periods["T3"]
    report = goal_report_set(
        goal=goal, period=period, comment=ANALYSIS, assessment=Assessment.NOT_ACHIEVED, reason=REASON,
        actions=ACTIONS,
    )  # fmt: skip
    assert report.proposed_assessment and report.proposed_assessment != Assessment.NOT_ACHIEVED
    builder.plan.report_show_measure_tables = True
    builder.plan.save()
    return builder.plan, period


def _table_rows(html: str, caption_or_first_header: str) -> list[list[str]]:
    """The rows (header first) of the table whose first header cell or caption is given, as text."""
    for table in re.findall(r"<table.*?</table>", html, flags=re.S):
        if caption_or_first_header in table:
            rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)
            return [
                [
                    re.sub(r"<[^>]+>", "", cell).strip()
                    for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
                ]
                for row in rows
            ]
    raise AssertionError(f"no table with {caption_or_first_header!r}")


def test_the_measure_table_in_the_web_page(followed_up):
    plan, period = followed_up
    html = render_html(followup_document(plan=plan, period=period))
    rows = _table_rows(html, ">Mått</th>")
    assert rows[0] == ["Mått", "2022", "2023", "Målvärde", "Utfall 2024", "Bedömning"]
    assert rows[1] == ["Andel förvärvsarbetande (%)", "29,5", "30,25", "minst 32", "31,3", "✓ Uppnått"]
    assert rows[2] == ["Antal praktikplatser", "–", "45", "högst 40", "52", "✗ Ej uppnått"]
    # A proper table: column headers, and each row named by its measure.
    assert '<th scope="col" class="number">2022</th>' in html
    assert '<th scope="row">Andel förvärvsarbetande (%)</th>' in html
    # Then the assessment, the reason for departing from the proposal, the analysis and the actions.
    after = html[html.index("Antal praktikplatser") :]
    assert after.index("Inte uppnått") < after.index(REASON) < after.index(ANALYSIS) < after.index(ACTIONS)
    assert "<strong>Analys:</strong>" in after
    assert "Skäl till avvikelse från förslaget" in after
    # The indicators' charts stay, under the table.
    assert after.index('<figure class="chart">') < after.index("Inte uppnått")


def test_the_summary_counts_the_goals_of_each_goal_area(followed_up):
    plan, period = followed_up
    html = render_html(followup_document(plan=plan, period=period))
    start = html[: html.index("Fler i arbete")]  # before the goals' sections
    assert "<caption>Måluppfyllelse per målområde</caption>" in start
    rows = _table_rows(start, "Måluppfyllelse per målområde")
    assert rows[0] == ["Målområde", "Inte uppnått", "Ej bedömda", "Antal mål"]
    assert [row[0] for row in rows[1:]] == ["Kommunfullmäktiges mål: Trygghet", "Kommunfullmäktiges mål"]
    assert rows[1][1:] == ["1", "1", "2"] and rows[2][1:] == ["0", "1", "1"]
    svg = start[start.index("<svg") : start.index("</svg>")]
    assert "<title" in svg and 'role="img"' in svg
    assert svg.count('data-step="not_achieved"') == 1 and svg.count('data-step="unassessed"') == 2
    assert "Kommunfullmäktiges mål: Trygghet: 2 mål, Inte uppnått 1, Ej bedömda 1." in start


def test_without_charts_the_summary_is_a_table_and_no_chart_is_drawn(followed_up):
    plan, period = followed_up
    plan.report_show_charts = False
    plan.save()
    html = render_html(followup_document(plan=plan, period=period))
    assert "<caption>Måluppfyllelse per målområde</caption>" in html
    assert "<svg" not in html


def test_the_measure_table_in_the_pdf(followed_up):
    plan, period = followed_up
    text = pdf_text(document_render(plan=plan, period=period, format="pdf").content)
    for words in ("Målvärde", "Utfall 2024", "29,5", "30,25", "31,3", "minst 32", "Uppnått", "Ej uppnått"):
        assert words in text, words
    flat = " ".join(text.split())
    assert "Måluppfyllelse per målområde" in flat
    for paragraph in (REASON, ANALYSIS, ACTIONS):
        assert paragraph in flat, paragraph


def test_the_measure_table_is_a_word_table(followed_up):
    from docx import Document

    plan, period = followed_up
    word = Document(io.BytesIO(document_render(plan=plan, period=period, format="docx").content))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in word.tables]
    measures = next(table for table in tables if table[0][0] == "Mått")
    assert measures[0] == ["Mått", "2022", "2023", "Målvärde", "Utfall 2024", "Bedömning"]
    assert measures[1] == ["Andel förvärvsarbetande (%)", "29,5", "30,25", "minst 32", "31,3", "✓ Uppnått"]
    assert measures[2][1] == "–"
    assert any(table[0][0] == "Målområde" for table in tables)
    paragraphs = "\n".join(paragraph.text for paragraph in word.paragraphs)
    for paragraph in (REASON, ANALYSIS, ACTIONS):
        assert paragraph in paragraphs, paragraph


def test_with_measure_tables_off_there_is_no_measure_table_nor_area_summary(followed_up):
    plan, period = followed_up
    plan.report_show_measure_tables = False
    plan.save()
    html = render_html(followup_document(plan=plan, period=period))
    assert '<th scope="col">Målvärde</th>' not in html and "Måluppfyllelse per målområde" not in html
    assert "Utfall 2024" not in html and "✓ Uppnått" not in html and ">Mått</th>" not in html
    # The goal's report prints as before, with its reason and its actions.
    assert REASON in html and ACTIONS in html and ANALYSIS in html
    assert "<strong>Analys:</strong>" not in html
    assert '<figure class="chart">' in html  # the charts are on


def test_activity_tables_and_charts_can_be_left_out(followed_up, build_plan):
    plan, period = followed_up
    goal = plan.goals.get(key="sysselsattning")
    from styrkedja.activities.models import Activity

    Activity.objects.create(
        plan=plan,
        goal=goal,
        title="Jobbtorg",
        kind="A",
        responsible_unit=plan.municipality.units.get(name="Ekonomiavdelningen"),
    )
    html = render_html(followup_document(plan=plan, period=period))
    assert "Uppföljning av aktiviteter och projekt" in html and "Jobbtorg" in html
    plan.report_show_activity_tables = False
    plan.report_show_charts = False
    plan.save()
    html = render_html(followup_document(plan=plan, period=period))
    assert "Uppföljning av aktiviteter och projekt" not in html and "Jobbtorg" not in html
    assert '<figure class="chart">' not in html
    assert '<th scope="col">Målvärde</th>' in html


def test_the_demo_plans_keep_their_documents(mjolby_plan, valdemarsvik_plan):
    for plan in (mjolby_plan, valdemarsvik_plan):
        assert plan.report_show_activity_tables and plan.report_show_charts
        assert not plan.report_show_measure_tables
    html = render_html(followup_document(plan=mjolby_plan, period=mjolby_plan.periods.get(code="T3")))
    assert '<th scope="col">Målvärde</th>' not in html and "Måluppfyllelse per målområde" not in html


def test_a_scale_of_the_municipalitys_own_prints_its_symbols(followed_up):
    from styrkedja.followup.models import AssessmentStep

    plan, period = followed_up
    for order, (key, label, symbol) in enumerate(
        [
            (Assessment.ACHIEVED, "Uppfyllt", "●"),
            (Assessment.UNCERTAIN, "Delvis uppfyllt", "◐"),
            (Assessment.NOT_ACHIEVED, "Ej uppfyllt", "○"),
        ]
    ):
        AssessmentStep.objects.create(
            municipality=plan.municipality, key=key, label=label, symbol=symbol, order=order
        )
    html = render_html(followup_document(plan=plan, period=period))
    assert "<strong>Bedömning:</strong> ○ Ej uppfyllt" in html
    rows = _table_rows(html, "Måluppfyllelse per målområde")
    assert rows[0] == ["Målområde", "○ Ej uppfyllt", "Ej bedömda", "Antal mål"]
    assert f"<strong>Skäl till avvikelse från förslaget ”Delvis uppfyllt”:</strong> {REASON}" in html
