"""A KS or AU meeting's page and underlag: what it hears, from which report, and what is missing."""

from __future__ import annotations

import datetime
import itertools
import re
import subprocess
import zlib
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from styrkedja.assignments.models import AssignmentReport
from styrkedja.documents.tests.coverage import docx_text, pdf_text
from styrkedja.followup.models import ActivityReport, AssessmentStep, FollowUpPeriod, GoalReport
from styrkedja.indicators.choices import TargetKind, ValueScope
from styrkedja.indicators.models import IndicatorValue
from styrkedja.meetings.choices import MeetingBody
from styrkedja.meetings.models import Meeting, MeetingItem
from styrkedja.meetings.selectors import meeting_agenda, meeting_period
from styrkedja.plans.selectors import plan_get_by_name


def _meeting(plan, body: str, day: str) -> Meeting:
    return plan.meetings.get(body=body, date=datetime.date.fromisoformat(day))


def _url(name: str, meeting: Meeting, *extra) -> str:
    plan = meeting.plan
    return reverse(name, args=[plan.board.slug, plan.year, meeting.pk, *extra])


def _written(report, when: str):
    """Set when a report was written (auto_now_add gives the test's time)."""
    moment = timezone.make_aware(datetime.datetime.fromisoformat(when))
    type(report).objects.filter(pk=report.pk).update(created_at=moment)
    report.refresh_from_db()
    return report


def _assignment_report(assignment, period, when: str, user=None, **fields) -> AssignmentReport:
    # The demo's own reports of the assignment were written now, after the times these tests set.
    assignment.reports.filter(created_at__gt="2024-01-01T00:00Z").delete()
    fields = {"status": "ongoing", "comment": "", **fields}
    report = AssignmentReport.objects.create(assignment=assignment, period=period, created_by=user, **fields)
    return _written(report, when)


def _goal_report(goal, period, when: str, user=None, **fields) -> GoalReport:
    return _written(GoalReport.objects.create(goal=goal, period=period, created_by=user, **fields), when)


# Which reports a meeting hears ---------------------------------------------------------------------


def test_a_meeting_hears_the_latest_tertial_ended_by_its_day_or_before_any_has_the_first(valdemarsvik_plan):
    periods = list(valdemarsvik_plan.periods.all())  # the months too: they are the economy's, not heard

    def heard(day: str) -> str | None:
        meeting = Meeting(plan=valdemarsvik_plan, body=MeetingBody.KS, date=datetime.date.fromisoformat(day))
        period = meeting_period(meeting=meeting, periods=periods)
        return period.code if period else None

    assert heard("2023-04-11") == "T1"  # before T1 has ended (2023-04-30): T1, in progress
    assert heard("2023-04-30") == "T1"
    assert heard("2023-05-17") == "T1"  # M03 and M05 have ended, but they are months
    assert heard("2023-07-31") == "T2"  # on the day T2 ends
    assert heard("2023-09-04") == "T2"
    assert heard("2024-02-19") == "T3"
    meeting = Meeting(plan=valdemarsvik_plan, body=MeetingBody.AU, date=datetime.date(2023, 5, 17))
    assert meeting_period(meeting=meeting, periods=[p for p in periods if not p.is_tertial]) is None


def test_the_newest_report_of_that_tertial_is_presented(valdemarsvik_plan, members):
    meeting = _meeting(valdemarsvik_plan, "AU", "2023-05-17")  # hears "miljoklokt"
    assignment = valdemarsvik_plan.assignments.get(key="miljoklokt")
    other = valdemarsvik_plan.assignments.get(key="skolresultat")
    t1, t2 = (valdemarsvik_plan.periods.get(code=code) for code in ("T1", "T2"))
    controller = members["valdemarsvik-controller"]
    _assignment_report(assignment, t1, "2023-04-20T10:00", comment="Första versionen")
    newest = _assignment_report(assignment, t1, "2023-05-02T09:00", user=controller, comment="Rättad version")
    _assignment_report(assignment, t2, "2023-08-01T09:00", comment="Från en senare tertial")
    _assignment_report(other, t1, "2023-05-02T09:00", comment="Ett annat uppdrag")

    agenda = meeting_agenda(meeting=meeting)

    assert agenda.period.code == "T1"
    assert [(item.item.assignment_id, item.report) for item in agenda.items] == [(assignment.pk, newest)]
    assert agenda.missing == []


def test_the_page_names_each_report_and_lists_what_is_missing(client_as, valdemarsvik_plan, members):
    meeting = _meeting(valdemarsvik_plan, "KS", "2023-04-11")  # hears "oppen" and "miljoklok"
    MeetingItem.objects.create(meeting=meeting, text="Information om budgetramarna", order=9)
    oppen = valdemarsvik_plan.goals.get(key="oppen")
    controller = members["valdemarsvik-controller"]
    controller.first_name, controller.last_name = "Vera", "Controller"
    controller.save()
    t1 = valdemarsvik_plan.periods.get(code="T1")
    _goal_report(oppen, t1, "2023-04-05T13:00", user=controller, comment="Dialogerna har börjat.")
    # A report of another meeting's goal is not this meeting's.
    _goal_report(valdemarsvik_plan.goals.get(key="halsosam"), t1, "2023-04-05T13:00", comment="Annat")

    response = client_as("valdemarsvik-lasare").get(_url("meetings:detail", meeting))

    assert response.status_code == 200
    html = response.content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    missing = text[text.index("Rapporter som saknas") : text.index("Det som redovisas")]
    assert "Den miljökloka kommunen" in missing and "Den öppna kommunen" not in missing
    heard = text[text.index("Det som redovisas") :]
    assert "Inriktningsmål 2: Den öppna kommunen Rapport för T1, av Vera Controller, 2023-04-05" in heard
    assert "Inriktningsmål 4: Den miljökloka kommunen Rapport för T1 saknas" in heard
    assert "Information om budgetramarna" in heard
    assert "Underlaget bygger på rapporterna för Apriluppföljning (T1), per 2023-04-30." in text
    assert "den nyaste rapporten av varje mål och uppdrag för den senaste tertialen som slutar på" in text
    for format in ("html", "pdf", "docx"):
        assert _url("meetings:underlag", meeting, format) in html


def test_the_calendar_links_each_ks_and_au_meeting_to_its_page(client_as, valdemarsvik_plan):
    kf = Meeting.objects.create(plan=valdemarsvik_plan, body=MeetingBody.KF, date=datetime.date(2023, 6, 7))
    html = (
        client_as("valdemarsvik-lasare").get(reverse("meetings:calendar", args=["ks", 2023])).content.decode()
    )
    for meeting in valdemarsvik_plan.meetings.exclude(pk=kf.pk):
        assert f'href="{_url("meetings:detail", meeting)}"' in html
    assert _url("meetings:detail", kf) not in html


# The underlag --------------------------------------------------------------------------------------


@pytest.fixture
def ks_meeting(valdemarsvik_plan, members):
    """KS 2023-04-11 with a report of one of its two goals, in the municipality's own words of the
    scale, and an indicator with values and a target."""
    meeting = _meeting(valdemarsvik_plan, "KS", "2023-04-11")
    oppen = valdemarsvik_plan.goals.get(key="oppen")
    AssessmentStep.objects.create(
        municipality=valdemarsvik_plan.municipality, key="likely", label="Grönt ljus"
    )
    t1 = valdemarsvik_plan.periods.get(code="T1")
    _goal_report(oppen, t1, "2023-04-05T13:00", user=members["valdemarsvik-controller"],
                 comment="Dialogerna med medborgarna har börjat.", assessment="likely")  # fmt: skip
    indicator = oppen.indicators.get(name__startswith="Antalet utrikesfödda")
    indicator.target_kind, indicator.target_value, indicator.unit = TargetKind.AT_LEAST, Decimal(60), "%"
    indicator.save()
    for year, value in ((2021, "52.5"), (2022, "61.25")):
        IndicatorValue.objects.create(
            indicator=indicator, year=year, scope=ValueScope.MUNICIPALITY, value=Decimal(value)
        )
    return meeting


def test_the_underlag_of_a_ks_meeting_holds_its_goals_and_no_others(client_as, ks_meeting):
    response = client_as("valdemarsvik-lasare").get(_url("meetings:underlag", ks_meeting, "docx"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="valdemarsvik-ks-2023-underlag-ks-2023-04-11.docx"'
    )
    text = docx_text(response.content)
    assert "Underlag till KS 2023-04-11" in text
    assert (
        "Inriktningsmål 2: Den öppna kommunen" in text and "Inriktningsmål 4: Den miljökloka kommunen" in text
    )
    # The goal's subgoals belong to its area and are presented with it.
    assert "Kommunen har en hög servicegrad och stor tillgänglighet" in text
    # The report, with the assessment in the municipality's word for it; the other goal has none.
    assert "Dialogerna med medborgarna har börjat." in text and "Grönt ljus" in text
    assert "Ingen rapport för T1." in text
    assert "Rapport saknas för:" in text
    # The indicators: the latest value and the target, and the chart's words.
    assert "61,25\u00a0% (2022)" in text and "Uppnått" in text
    assert "Målvärde: minst 60\u00a0%." in text
    # Nothing of the other meetings' goals and assignments.
    for other in ("Den hälsosamma kommunen", "Den moderna kommunen", "Den lärande kommunen",
                  "Den resurseffektiva kommunen", "Uppdrag:"):  # fmt: skip
        assert other not in text, other


def test_the_underlag_of_an_au_meeting_holds_its_assignment_as_the_plan_asks_it_reported(
    client_as, valdemarsvik_plan, members
):
    meeting = _meeting(valdemarsvik_plan, "AU", "2023-05-17")
    assignment = valdemarsvik_plan.assignments.get(key="miljoklokt")
    t1 = valdemarsvik_plan.periods.get(code="T1")
    _assignment_report(
        assignment, t1, "2023-05-02T09:00", user=members["valdemarsvik-controller"], status="ongoing",
        comment="Tre åtgärder i klimatplanen är genomförda.", prognosis="Uppdraget blir klart i oktober.",
        corrective_actions="Fler utbildningar för personalen.",
    )  # fmt: skip
    _assignment_report(valdemarsvik_plan.assignments.get(key="skolresultat"), t1, "2023-05-02T09:00",
                       comment="Ett annat uppdrags text")  # fmt: skip
    client = client_as("valdemarsvik-lasare")

    pdf = client.get(_url("meetings:underlag", meeting, "pdf"))
    word = client.get(_url("meetings:underlag", meeting, "docx"))

    assert pdf["Content-Type"] == "application/pdf"
    for text in (" ".join(pdf_text(pdf.content).split()), " ".join(docx_text(word.content).split())):
        assert "Underlag till AU 2023-05-17" in text
        assert assignment.title.split(".")[0] in text
        assert "Nuläge: Pågår" in text
        assert "Genomfört arbete Tre åtgärder i klimatplanen är genomförda." in text
        assert "Prognos Uppdraget blir klart i oktober." in text
        assert "Korrigerande åtgärder Fler utbildningar för personalen." in text
        assert "Ett annat uppdrags text" not in text and "Inriktningsmål" not in text
        assert "Ta fram och implementera förslag" not in text  # the other assignment's title


def _pdf_objects(pdf: bytes) -> bytes:
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _in_order(levels: list[int]) -> bool:
    """Headings that begin at 1 and go down one level at a time (they may go up any number)."""
    return bool(levels) and levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_the_underlag_is_a_tagged_titled_swedish_pdf_with_its_headings_in_order(client_as, ks_meeting):
    pdf = client_as("valdemarsvik-lasare").get(_url("meetings:underlag", ks_meeting, "pdf")).content

    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+Underlag till KS 2023-04-11", info, re.M)
    objects = _pdf_objects(pdf)
    assert re.search(rb"/Lang\s*\(sv\)", objects)
    assert b"/Outlines" in objects
    structure = subprocess.run(["pdfinfo", "-struct", "-"], input=pdf, capture_output=True).stdout.decode()
    levels = [int(level) for level in re.findall(r"^\s*H(\d) \(block\)", structure, re.M)]
    assert _in_order(levels) and max(levels) >= 3, levels  # the title, the goals, their sections
    assert all(tag in structure for tag in ("Table (block)", "THead", "TH ", "Figure"))


def test_the_underlag_as_a_web_page_has_its_headings_in_order(client_as, ks_meeting):
    response = client_as("valdemarsvik-lasare").get(_url("meetings:underlag", ks_meeting, "html"))

    assert response.status_code == 200 and response["Content-Disposition"].startswith("inline")
    html = response.content.decode()
    assert '<html lang="sv"' in html
    assert _in_order([int(level) for level in re.findall(r"<h(\d)", html)])


# Who may see a meeting -------------------------------------------------------------------------------


def test_only_the_municipalitys_members_see_its_meetings(client, client_as, valdemarsvik_plan):
    meeting = _meeting(valdemarsvik_plan, "AU", "2023-04-19")
    urls = [
        _url("meetings:detail", meeting),
        *(_url("meetings:underlag", meeting, f) for f in ("pdf", "docx")),
    ]
    for url in urls:
        assert client_as("mjolby-controller").get(url).status_code == 404
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        assert client_as("valdemarsvik-rapportor").get(url).status_code == 200


def test_a_kf_meeting_an_unknown_format_and_another_plans_meeting_are_not_found(client_as, valdemarsvik_plan):
    client = client_as("valdemarsvik-lasare")
    kf = Meeting.objects.create(plan=valdemarsvik_plan, body=MeetingBody.KF, date=datetime.date(2023, 6, 7))
    assert client.get(_url("meetings:detail", kf)).status_code == 404
    au = _meeting(valdemarsvik_plan, "AU", "2023-04-19")
    assert client.get(_url("meetings:underlag", au, "xlsx")).status_code == 404
    other_year = reverse("meetings:detail", args=["ks", 2024, au.pk])
    assert client.get(other_year).status_code == 404


def test_a_plan_without_tertials_lists_every_goal_and_assignment_as_missing(valdemarsvik_plan):
    FollowUpPeriod.objects.filter(plan=valdemarsvik_plan, code__startswith="T").delete()
    meeting = _meeting(valdemarsvik_plan, "KS", "2023-04-11")

    agenda = meeting_agenda(meeting=meeting)

    assert agenda.period is None
    assert [item.name for item in agenda.missing] == [
        "Inriktningsmål 2: Den öppna kommunen", "Inriktningsmål 4: Den miljökloka kommunen"
    ]  # fmt: skip


def test_a_goals_activities_are_presented_with_their_status_at_the_meetings_tertial(client_as):
    plan = plan_get_by_name(name="mjolby/ks/2025")
    activity = plan.activities.filter(goal__isnull=False).order_by("pk").first()
    meeting = Meeting.objects.create(plan=plan, body=MeetingBody.KS, date=datetime.date(2025, 5, 13))
    MeetingItem.objects.create(meeting=meeting, goal=activity.goal)
    t1, t2 = plan.periods.get(code="T1"), plan.periods.get(code="T2")
    ActivityReport.objects.create(
        activity=activity, period=t1, status="ongoing", comment="Upphandlingen pågår."
    )
    ActivityReport.objects.create(
        activity=activity, period=t2, status="done", comment="Från en senare tertial."
    )

    text = docx_text(client_as("mjolby-lasare").get(_url("meetings:underlag", meeting, "docx")).content)

    assert "Uppföljning av aktiviteter och projekt" in text and "Nuläge T1" in text
    assert activity.title in text and "Upphandlingen pågår." in text
    assert "Från en senare tertial." not in text
