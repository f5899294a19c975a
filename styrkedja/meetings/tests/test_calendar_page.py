"""The year wheel: the plan's meetings month by month, with what is presented, and the budget process."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse

from styrkedja.meetings.choices import MeetingBody
from styrkedja.meetings.models import BudgetMilestone, Meeting, MeetingItem
from styrkedja.meetings.selectors import year_wheel


def _months(html: str) -> dict[str, str]:
    """Each month's section by its heading, as text."""
    sections = re.findall(r'<section class="month[^"]*" aria-labelledby="[^"]+">(.*?)</section>', html, re.S)
    found = {}
    for section in sections:
        text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", section).group(1)
        found[heading] = text
    return found


def _page(client, plan) -> str:
    response = client.get(reverse("meetings:calendar", args=[plan.board.slug, plan.year]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_meetings_stand_in_their_months_with_what_is_presented(client_as, valdemarsvik_plan):
    html = _page(client_as("valdemarsvik-lasare"), valdemarsvik_plan)
    months = _months(html)

    assert list(months) == [
        "Januari 2023", "Februari 2023", "Mars 2023", "April 2023", "Maj 2023", "Juni 2023",
        "Juli 2023", "Augusti 2023", "September 2023", "Oktober 2023", "November 2023", "December 2023",
    ]  # fmt: skip
    assert months["Januari 2023"].endswith("Inga sammanträden.")
    april = months["April 2023"]
    assert (
        "KS 11 april Inriktningsmål 2: Den öppna kommunen Inriktningsmål 4: Den miljökloka kommunen" in april
    )
    assert "AU 19 april Uppdrag: Prioritera framtagandet av detaljplaner" in april
    assert "KS" not in months["Juli 2023"] and "AU" not in months["Augusti 2023"]
    # A goal links to its page, an assignment to its place on the assignments page.
    goal = valdemarsvik_plan.goals.get(key="oppen")
    assert f'href="{reverse("goals:detail", args=[goal.pk])}"' in html
    assignment = valdemarsvik_plan.assignments.get(key="detaljplaner")
    assert f"{reverse('assignments:list', args=['ks', 2023])}#uppdrag-{assignment.pk}" in html


def test_the_budget_process_stands_in_its_months_and_the_rest_apart(client_as, valdemarsvik_plan):
    html = _page(client_as("valdemarsvik-lasare"), valdemarsvik_plan)
    months = _months(html)

    assert "Budgetramar, beslut i KS – Beslut i KS 8 maj" in months["Maj 2023"]
    assert "Budgetberedning – Maj" in months["Maj 2023"]  # no date, but its words name one month
    assert "Budgetramar, beslut i KF – Beslut i KF 7 juni" in months["Juni 2023"]
    assert "Budget KS – Beslut 30 oktober" in months["Oktober 2023"]
    assert "Budget KF – Beslut 13 november" in months["November 2023"]
    assert "KS verksamhetsplan – Beslut december" in months["December 2023"]
    # "under våren" and "December – Januari" name no single month: listed apart, in words.
    undated = html[html.index('id="undated"') :]
    assert "Ramberedning" in undated and "under våren" in undated
    assert "Sektorernas arbetsplaner" in undated and "December – Januari" in undated
    assert not any("Ramberedning" in text for text in months.values())


def test_a_meeting_outside_the_plan_year_gets_a_month_of_its_own(valdemarsvik_plan):
    meeting = Meeting.objects.create(
        plan=valdemarsvik_plan, body=MeetingBody.KF, date=datetime.date(2024, 2, 19), title="Årsredovisning"
    )
    MeetingItem.objects.create(meeting=meeting, text="Uppföljning av 2023")
    BudgetMilestone.objects.create(plan=valdemarsvik_plan, title="Bokslut", date=datetime.date(2024, 2, 1))

    wheel = year_wheel(plan=valdemarsvik_plan)

    assert [(m.year, m.month) for m in wheel.months][-1] == (2024, 2)
    last = wheel.months[-1]
    assert last.meetings == [meeting] and [m.title for m in last.milestones] == ["Bokslut"]
    assert len(wheel.plan_year_months) == 12


def test_the_wheel_is_a_picture_the_list_says_in_words(client_as, valdemarsvik_plan):
    html = _page(client_as("valdemarsvik-lasare"), valdemarsvik_plan)

    wheel = html[html.index('class="year-wheel"') - 5 : html.index("</svg>")]
    assert 'aria-hidden="true"' in wheel
    assert wheel.count("<path ") == 12
    assert wheel.count('class="year-wheel__mark year-wheel__mark--ks"') == 5
    assert wheel.count('class="year-wheel__mark year-wheel__mark--au"') == 4
    assert "style=" not in wheel  # no inline style (the Content-Security-Policy)
    assert not re.search(r'(?:x|y|cx|cy)="\d+,\d', wheel)  # coordinates not localised


def test_a_plan_without_meetings_says_so(client_as, mjolby_plan):
    html = _page(client_as("mjolby-lasare"), mjolby_plan)
    assert "Planen har inga sammanträden och inga steg i budgetprocessen." in html
