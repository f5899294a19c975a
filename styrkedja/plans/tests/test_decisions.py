"""A plan's life: a new draft, its adoption, revisions, and what changed between two versions."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrkedja.activities.models import Activity, ActivityCollaborator
from styrkedja.audit.models import AuditEntry
from styrkedja.documents.services import document_render
from styrkedja.goals.models import Goal, SustainableDevelopmentGoal
from styrkedja.indicators.models import Indicator
from styrkedja.plans.models import Plan, PlanDecision
from styrkedja.plans.selectors import plan_edit_refusal, plan_get_by_name
from styrkedja.plans.services import (
    plan_adopt,
    plan_carry_over,
    plan_create,
    plan_revision_close,
    plan_revision_discard,
    plan_revision_open,
)
from styrkedja.plans.versions import plan_diff, plan_snapshot
from styrkedja.tenancy.choices import UnitKind
from styrkedja.tenancy.models import OrgUnit

DAY = datetime.date(2023, 12, 12)


def _messages(error: ValidationError) -> dict:
    return error.value.message_dict


@pytest.fixture
def mjolby_2025(members):
    return plan_get_by_name(name="mjolby/ks/2025")


def _adopt(plan, user=None, day=DAY):
    return plan_adopt(plan=plan, decided_by="KS", decided_on=day, reference="§ 210", user=user)


# A new plan


def test_a_new_plan_is_an_empty_draft_with_defaults_and_is_audited(mjolby, members):
    board = mjolby.units.get(slug="ks")
    plan = plan_create(municipality=mjolby, board=board, year=2030, user=members["mjolby-controller"])
    assert (plan.title, plan.budget_period_start, plan.budget_period_end) == (
        "Verksamhetsplan 2030",
        2030,
        2032,
    )
    assert not plan.decisions.exists() and not plan.goals.exists()
    assert plan_edit_refusal(plan=plan) is None
    entry = AuditEntry.objects.get(action="plans.plan.created", object_id=str(plan.pk))
    assert entry.user == members["mjolby-controller"]
    assert entry.data["title"] == [None, "Verksamhetsplan 2030"]
    assert entry.data["board"] == [None, board.name]


def test_a_new_plans_rules_are_said_at_their_fields(mjolby, valdemarsvik):
    board = mjolby.units.get(slug="ks")
    with pytest.raises(ValidationError) as error:
        plan_create(municipality=mjolby, board=board, year=2024)
    assert _messages(error) == {"year": ["Det finns redan en plan för Kommunstyrelsen år 2024."]}
    with pytest.raises(ValidationError) as error:
        plan_create(
            municipality=mjolby, board=board, year=2031, budget_period_start=2031, budget_period_end=2030
        )
    assert "kan inte vara före" in _messages(error)["budget_period_end"][0]
    other_board = valdemarsvik.units.get(slug="ks")
    not_a_board = mjolby.units.exclude(kind=UnitKind.BOARD).first()
    for unit in (other_board, not_a_board):
        with pytest.raises(ValidationError) as error:
            plan_create(municipality=mjolby, board=unit, year=2031)
        assert _messages(error) == {"board": ["Välj en nämnd eller styrelse i den egna kommunen."]}
    assert not Plan.objects.filter(year__in=[2030, 2031], municipality=mjolby).exists()


def test_the_new_plan_page_creates_a_draft_and_says_what_is_wrong(client_as, mjolby):
    client = client_as("mjolby-controller")
    board = mjolby.units.get(slug="ks")
    response = client.post(reverse("plans:create"), {"board": board.pk, "year": "tjugo"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_year_error"' in body and "Ange året som ett tal med fyra siffror" in body
    response = client.post(reverse("plans:create"), {"board": board.pk, "year": "2024"})
    assert "Det finns redan en plan för Kommunstyrelsen år 2024." in response.content.decode()
    response = client.post(
        reverse("plans:create"), {"board": board.pk, "year": "2031", "title": "Plan för 2031"}
    )
    assert response.status_code == 302
    plan = mjolby.plans.get(year=2031)
    assert plan.title == "Plan för 2031" and plan.budget_period_label == "2031–2033"
    page = client.get(response["Location"]).content.decode()
    assert "Utkast" in page and "Besluta planen" in page


def test_the_plan_list_shows_three_ways_to_a_new_plan(client_as):
    body = client_as("mjolby-controller").get(reverse("plans:list")).content.decode()
    assert reverse("plans:create") in body and reverse("workbook:import") in body
    assert "Från förra årets plan" in body
    assert (
        reverse("plans:create") not in client_as("mjolby-lasare").get(reverse("plans:list")).content.decode()
    )


def test_a_carried_over_plan_is_a_draft(mjolby_plan):
    successor = plan_carry_over(plan=mjolby_plan.municipality.plans.get(year=2025))
    assert not successor.decisions.exists()
    assert plan_edit_refusal(plan=successor) is None


# Adoption and revisions


def test_adoption_needs_who_and_when_and_keeps_the_content(mjolby_plan, members):
    with pytest.raises(ValidationError) as error:
        plan_adopt(plan=mjolby_plan, decided_by=" ", decided_on=None, reference="")
    assert _messages(error) == {
        "decided_by": ["Ange vem som beslutade, till exempel KS, KF eller nämnden."],
        "decided_on": ["Ange beslutsdatum, till exempel 2023-12-12."],
    }
    with pytest.raises(ValidationError) as error:
        plan_adopt(plan=mjolby_plan, decided_by="KS", decided_on=datetime.date(2999, 1, 1))
    assert "framtiden" in _messages(error)["decided_on"][0]
    assert not mjolby_plan.decisions.exists()

    user = members["mjolby-controller"]
    decision = _adopt(mjolby_plan, user)
    assert (decision.number, decision.citation, decision.closed_by) == (0, "KS 2023-12-12 § 210", user)
    assert decision.snapshot == plan_snapshot(mjolby_plan)
    entry = AuditEntry.objects.get(action="plans.plan.adopted", object_id=str(mjolby_plan.pk))
    assert entry.user == user
    assert entry.data == {
        "status": ["Utkast", "Beslutad"],
        "decided_by": [None, "KS"],
        "decided_on": [None, "2023-12-12"],
        "reference": [None, "§ 210"],
    }


def test_a_plan_is_adopted_once(mjolby_plan):
    _adopt(mjolby_plan)
    with pytest.raises(ValidationError) as error:
        _adopt(mjolby_plan)
    assert error.value.messages == [
        "Planen är redan beslutad (KS 2023-12-12 § 210). Ändringar görs genom en revision."
    ]
    assert mjolby_plan.decisions.count() == 1


def test_the_edit_refusal_in_every_state(mjolby_plan, members):
    user = members["mjolby-controller"]
    assert plan_edit_refusal(plan=mjolby_plan) is None  # a draft
    _adopt(mjolby_plan, user)
    refusal = plan_edit_refusal(plan=mjolby_plan)
    assert "Planen är beslutad (KS 2023-12-12 § 210)" in refusal and "Påbörja en revision" in refusal
    plan_revision_open(plan=mjolby_plan, reason="Ny budgetram", user=user)
    assert plan_edit_refusal(plan=mjolby_plan) is None  # a revision is open
    plan_revision_close(
        plan=mjolby_plan, decided_by="KS", decided_on=datetime.date(2024, 5, 14), reference="§ 88", user=user
    )
    assert "KS 2024-05-14 § 88" in plan_edit_refusal(plan=mjolby_plan)


def test_revisions_open_and_close_in_turn(mjolby_plan, members):
    user = members["mjolby-controller"]
    with pytest.raises(ValidationError) as error:
        plan_revision_open(plan=mjolby_plan, reason="Skäl")
    assert "utkast" in error.value.messages[0]
    _adopt(mjolby_plan, user)
    with pytest.raises(ValidationError) as error:
        plan_revision_close(plan=mjolby_plan, decided_by="KS", decided_on=DAY)
    assert error.value.messages == ["Det finns ingen påbörjad revision av planen."]
    with pytest.raises(ValidationError) as error:
        plan_revision_open(plan=mjolby_plan, reason="  ")
    assert _messages(error) == {"reason": ["Ange skälet till revisionen, till exempel ett nytt beslut i KF."]}

    revision = plan_revision_open(plan=mjolby_plan, reason="KF beslutade om ny ram", user=user)
    assert (revision.number, revision.is_open, revision.opened_by) == (1, True, user)
    with pytest.raises(ValidationError) as error:
        plan_revision_open(plan=mjolby_plan, reason="En till")
    assert "Revision 1 är redan påbörjad" in error.value.messages[0]
    opened = AuditEntry.objects.get(action="plans.plan.revision_opened")
    assert opened.user == user
    assert opened.data["reason"] == [None, "KF beslutade om ny ram"]
    assert opened.data["status"] == ["Beslutad", "Under revision"]

    with pytest.raises(ValidationError) as error:
        plan_revision_close(plan=mjolby_plan, decided_by="KS", decided_on=datetime.date(2023, 1, 1))
    assert "före det förra beslutet om planen (2023-12-12)" in _messages(error)["decided_on"][0]
    revision = plan_revision_close(
        plan=mjolby_plan, decided_by="KS", decided_on=datetime.date(2024, 5, 14), reference="§ 88", user=user
    )
    assert not revision.is_open and revision.closed_by == user and revision.closed_at is not None
    revised = AuditEntry.objects.get(action="plans.plan.revised")
    assert revised.user == user
    assert revised.data["decided_on"] == [None, "2024-05-14"]
    assert revised.data["status"] == ["Under revision", "Beslutad"]
    assert plan_revision_open(plan=mjolby_plan, reason="Andra revisionen").number == 2


def test_an_unchanged_revision_may_be_discarded_a_changed_one_not(mjolby_plan, members):
    user = members["mjolby-controller"]
    _adopt(mjolby_plan, user)
    plan_revision_open(plan=mjolby_plan, reason="Kanske", user=user)
    plan_revision_discard(plan=mjolby_plan, user=user)
    assert list(mjolby_plan.decisions.values_list("number", flat=True)) == [0]
    entry = AuditEntry.objects.get(action="plans.plan.revision_discarded")
    assert entry.user == user and entry.data["reason"] == ["Kanske", None]

    plan_revision_open(plan=mjolby_plan, reason="Ny text", user=user)
    Goal.objects.filter(pk=mjolby_plan.goals.first().pk).update(text="Ny lydelse")
    with pytest.raises(ValidationError) as error:
        plan_revision_discard(plan=mjolby_plan, user=user)
    assert "Planen har ändrats under revisionen (mål)" in error.value.messages[0]
    assert mjolby_plan.decisions.count() == 2


# Snapshot and difference


def _kind(kinds, name):
    return next(kind for kind in kinds if kind.name == name)


def test_the_difference_names_added_removed_and_changed_fields(mjolby_plan):
    before = plan_snapshot(mjolby_plan)
    assert plan_diff(before, before) == []

    goal = mjolby_plan.goals.filter(plan=mjolby_plan).exclude(number="").order_by("pk").first()
    goal.text = "Den nya lydelsen"
    goal.save()
    goal.sdgs.add(SustainableDevelopmentGoal.objects.get(number=5))
    activity = mjolby_plan.activities.order_by("pk").first()
    old_title = activity.title
    activity.title = "En ändrad aktivitet"
    activity.save()
    extra_unit = mjolby_plan.municipality.units.exclude(pk=activity.responsible_unit_id).first()
    activity.co_responsible_units.add(extra_unit)
    ActivityCollaborator.objects.create(activity=activity, text="Polisen i Mjölby", order=99)
    indicator = Indicator.objects.filter(goal__plan=mjolby_plan).order_by("pk").first()
    indicator.target = "Minst 90 %"
    indicator.save()
    removed = mjolby_plan.activities.order_by("-pk").first()
    removed_title = removed.title
    removed.delete()
    Activity.objects.create(
        plan=mjolby_plan, goal=goal, title="Helt ny aktivitet", responsible_unit=activity.responsible_unit
    )

    kinds = plan_diff(before, plan_snapshot(mjolby_plan))
    assert [kind.name for kind in kinds] == ["Mål", "Indikatorer", "Aktiviteter"]  # the plan's order
    goals = _kind(kinds, "Mål")
    [changed_goal] = goals.changed
    assert changed_goal.label == str(goal)
    fields = {change.label: (change.before, change.after) for change in changed_goal.changes}
    assert fields["Mål"][1] == "Den nya lydelsen"
    assert "5. Jämställdhet" in fields["Globala mål (Agenda 2030)"][1]
    assert "5. Jämställdhet" not in fields["Globala mål (Agenda 2030)"][0]

    activities = _kind(kinds, "Aktiviteter")
    assert [item.label for item in activities.added] == ["Aktivitet: Helt ny aktivitet"]
    assert [item.label for item in activities.removed] == [f"Aktivitet: {removed_title[:120]}"]
    [changed_activity] = activities.changed
    fields = {change.label: (change.before, change.after) for change in changed_activity.changes}
    assert fields["Aktivitet och kort beskrivning"] == (old_title, "En ändrad aktivitet")
    assert extra_unit.name in fields["Medansvariga"][1]
    assert fields["Samverkan med"][1].endswith("Polisen i Mjölby")

    [changed_indicator] = _kind(kinds, "Indikatorer").changed
    assert [(c.label, c.after) for c in changed_indicator.changes] == [("Målvärde", "Minst 90 %")]


def test_values_are_shown_the_swedish_way(valdemarsvik_plan):
    before = plan_snapshot(valdemarsvik_plan)
    sector_budget = valdemarsvik_plan.sector_budgets.order_by("order").first()
    line = sector_budget.lines.exclude(net=None).order_by("order").first()
    old = line.net
    line.net = old + 1
    line.save()
    frame = sector_budget.frames.order_by("year").first()
    frame.kind = "bokslut" if frame.kind != "bokslut" else "budget"
    frame.save()
    kinds = plan_diff(before, plan_snapshot(valdemarsvik_plan))
    [line_change] = _kind(kinds, "Budgetrader").changed
    assert line_change.changes[0].label == "Netto"
    assert line_change.changes[0].after == f"{old + 1:f}".rstrip("0").rstrip(".").replace(".", ",")
    [frame_change] = _kind(kinds, "Ekonomiska ramar").changed
    assert frame_change.changes[0].label == "Slag"
    assert frame_change.changes[0].after in ("Bokslut", "Budget")


def test_the_snapshot_holds_every_kind_of_the_plans_content(valdemarsvik_plan, mjolby_plan):
    kinds = {item["key"].split(":")[0] for item in plan_snapshot(valdemarsvik_plan)["objects"]}
    kinds |= {item["key"].split(":")[0] for item in plan_snapshot(mjolby_plan)["objects"]}
    assert kinds >= {
        "plans.plan", "plans.plansection", "goals.goal", "indicators.indicator", "indicators.indicatorvalue",
        "activities.activity", "assignments.assignment", "surveys.usersurvey", "surveys.surveyresult",
        "meetings.meeting", "meetings.meetingitem", "meetings.budgetmilestone", "economy.sectorbudget",
        "economy.budgetframe", "economy.budgetline", "economy.investmentproject", "economy.investmentamount",
        "economy.investmentspecitem", "economy.investmenttotal",
    }  # fmt: skip
    assert not any("report" in kind for kind in kinds)  # the follow-up is not the plan's content


def test_the_snapshot_asks_no_more_queries_for_more_objects(mjolby_plan):
    with CaptureQueriesContext(connection) as small:
        plan_snapshot(mjolby_plan)
    unit = mjolby_plan.municipality.units.exclude(kind=UnitKind.BOARD).first()
    other = OrgUnit.objects.create(municipality=mjolby_plan.municipality, name="Ny enhet", kind=UnitKind.UNIT)
    goal = mjolby_plan.goals.exclude(number="").first()
    for number in range(10):
        child = Goal.objects.create(
            municipality=mjolby_plan.municipality,
            plan=mjolby_plan,
            level=goal.level,
            parent=goal.parent,
            key=f"extra-{number}",
            text=f"Extra {number}",
            responsible_unit=unit,
        )
        child.contributes_to.add(goal)
        child.sdgs.add(SustainableDevelopmentGoal.objects.get(number=number + 1))
        Indicator.objects.create(goal=child, name=f"Indikator {number}")
        activity = Activity.objects.create(
            plan=mjolby_plan, goal=child, title=f"A {number}", responsible_unit=unit
        )
        activity.co_responsible_units.add(other)
        ActivityCollaborator.objects.create(activity=activity, unit=other)
    with CaptureQueriesContext(connection) as large:
        plan_snapshot(mjolby_plan)
    assert len(large.captured_queries) == len(small.captured_queries)


# The pages


def test_adoption_revision_and_changes_through_the_pages(client_as, mjolby_2025, members):
    plan = mjolby_2025
    client = client_as("mjolby-controller")
    args = [plan.board.slug, plan.year]
    changes_url = reverse("plans:changes", args=args)
    assert "ännu inte beslutad" in client_as("mjolby-lasare").get(changes_url).content.decode()

    response = client.post(reverse("plans:adopt", args=args), {"decided_by": "", "decided_on": "12/12"})
    body = response.content.decode()
    assert "Ange vem som beslutade, till exempel KS, KF eller nämnden." in body
    assert 'id="id_decided_by_error"' in body and "Skriv datumet som ÅÅÅÅ-MM-DD" in body
    assert not plan.decisions.exists()
    response = client.post(
        reverse("plans:adopt", args=args),
        {"decided_by": "KS", "decided_on": "2024-12-10", "reference": "§ 210"},
    )
    assert response.status_code == 302
    page = client.get(reverse("plans:detail", args=args)).content.decode()
    assert "Beslutad KS 2024-12-10 § 210" in page and "Påbörja revision" in page
    assert "Besluta planen</a>" not in page
    assert "redan beslutad" in client.get(reverse("plans:adopt", args=args)).content.decode()

    response = client.post(reverse("plans:revision_open", args=args), {"reason": ""})
    assert "Ange skälet till revisionen" in response.content.decode()
    response = client.post(reverse("plans:revision_open", args=args), {"reason": "KF:s nya ram"})
    assert response.status_code == 302
    page = client.get(reverse("plans:detail", args=args)).content.decode()
    assert "Under revision sedan" in page and "KF:s nya ram" in page and "Besluta revisionen" in page

    goal = plan.goals.exclude(number="").order_by("pk").first()
    goal.text = "Målets nya lydelse"
    goal.save()
    response = client.post(
        reverse("plans:revision_close", args=args),
        {"decided_by": "KS", "decided_on": "2024-12-11", "reference": "§ 88"},
    )
    assert response.status_code == 302
    page = client_as("mjolby-lasare").get(reverse("plans:detail", args=args)).content.decode()
    assert "reviderad en gång" in page and "§ 88" in page and changes_url in page
    assert "Påbörja revision" not in page  # a reader has no buttons

    body = client_as("mjolby-lasare").get(changes_url).content.decode()
    assert "Från Beslut KS 2024-12-10 § 210 till Nu" in body
    assert f"<caption>{goal}</caption>" in body
    assert "<ins>Målets nya lydelse</ins>" in body
    body = client_as("mjolby-lasare").get(changes_url, {"before": "1", "after": "nu"}).content.decode()
    assert "inga ändringar" in body
    body = client_as("mjolby-lasare").get(changes_url, {"before": "0", "after": "1"}).content.decode()
    assert "<ins>Målets nya lydelse</ins>" in body and "Revision 1 KS 2024-12-11 § 88" in body


def test_a_revision_is_decided_only_while_it_is_open(client_as, mjolby_2025):
    plan, client = mjolby_2025, client_as("mjolby-controller")
    args = [plan.board.slug, plan.year]
    body = client.get(reverse("plans:revision_close", args=args)).content.decode()
    assert "Det finns ingen påbörjad revision av planen." in body and 'name="decided_by"' not in body
    response = client.post(
        reverse("plans:revision_close", args=args), {"decided_by": "KS", "decided_on": "2024-01-01"}
    )
    assert response.status_code == 200 and not PlanDecision.objects.filter(plan=plan).exists()


# The documents


def _word_text(content: bytes) -> str:
    from docx import Document

    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(content)).paragraphs)


def test_the_documents_say_whether_the_plan_is_a_draft_or_decided_with_its_revisions(mjolby_plan, members):
    period = mjolby_plan.periods.get(code="T3")
    html = document_render(plan=mjolby_plan, format="html").content.decode()
    assert '<p class="cover__decision">Utkast – planen är inte beslutad.</p>' in html
    assert "Utkast – planen är inte beslutad." in _word_text(
        document_render(plan=mjolby_plan, format="docx").content
    )

    user = members["mjolby-controller"]
    _adopt(mjolby_plan, user)
    plan_revision_open(plan=mjolby_plan, reason="Ny budgetram", user=user)
    plan_revision_close(
        plan=mjolby_plan, decided_by="KS", decided_on=datetime.date(2024, 5, 14), reference="§ 88", user=user
    )
    plan_revision_open(plan=mjolby_plan, reason="Nya mål för skolan", user=user)
    expected = [
        "Beslutad av KS 2023-12-12 § 210",
        "Reviderad 2024-05-14, KS § 88: Ny budgetram",
        "Under revision sedan ",
    ]
    for rendered in (
        document_render(plan=mjolby_plan, format="html").content.decode(),
        document_render(plan=mjolby_plan, period=period, format="html").content.decode(),
    ):
        assert "Utkast" not in rendered
        for line in expected:
            assert f'<p class="cover__decision">{line}' in rendered
        assert "Nya mål för skolan</p>" in rendered
    for content in (
        document_render(plan=mjolby_plan, format="docx").content,
        document_render(plan=mjolby_plan, period=period, format="docx").content,
    ):
        text = _word_text(content)
        assert all(line in text for line in expected) and "Nya mål för skolan" in text


def test_an_empty_plan_is_followed_up_at_the_three_tertials(client_as, valdemarsvik):
    from styrkedja.plans.services import plan_create

    board = valdemarsvik.units.get(slug="ks")
    plan = plan_create(municipality=valdemarsvik, board=board, year=2031)
    periods = [
        (period.code, period.ends_on.isoformat(), period.is_open)
        for period in plan.periods.order_by("ends_on")
    ]
    assert periods == [("T1", "2031-04-30", False), ("T2", "2031-08-31", False), ("T3", "2031-12-31", False)]


def test_a_budget_period_of_more_than_ten_years_is_refused_at_its_field(valdemarsvik):
    from styrkedja.plans.services import plan_create

    board = valdemarsvik.units.get(slug="ks")
    for end in (2042, 10**25):
        with pytest.raises(ValidationError) as raised:
            plan_create(municipality=valdemarsvik, board=board, year=2031, budget_period_end=end)
        assert "högst tio år" in raised.value.message_dict["budget_period_end"][0]
    assert not valdemarsvik.plans.filter(year=2031).exists()


def test_values_that_kolada_gives_are_measurements_not_plan_content(valdemarsvik_plan):
    from django.utils import timezone

    from styrkedja.indicators.models import IndicatorValue
    from styrkedja.plans.versions import plan_diff, plan_snapshot

    before = plan_snapshot(valdemarsvik_plan)
    indicator = valdemarsvik_plan.goals.filter(indicators__isnull=False).first().indicators.first()
    IndicatorValue.objects.create(
        indicator=indicator, year=2031, scope="municipality", value=1, fetched_at=timezone.now()
    )
    assert plan_diff(before, plan_snapshot(valdemarsvik_plan)) == []
    IndicatorValue.objects.create(indicator=indicator, year=2032, scope="municipality", value=2)  # typed in
    assert plan_diff(before, plan_snapshot(valdemarsvik_plan)) != []


def test_a_renamed_level_or_unit_changes_the_organisation_not_the_plan(valdemarsvik_plan):
    from styrkedja.goals.models import GoalLevel
    from styrkedja.plans.versions import plan_diff, plan_snapshot

    before = plan_snapshot(valdemarsvik_plan)
    GoalLevel.objects.filter(municipality=valdemarsvik_plan.municipality, key="inriktningsmal").update(
        name="Mål"
    )
    valdemarsvik_plan.municipality.units.filter(slug="ubak").update(name="Sektor Lärande")
    assert plan_diff(before, plan_snapshot(valdemarsvik_plan)) == []
    goal = valdemarsvik_plan.goals.filter(level__key="resultatmal").first()
    goal.level = GoalLevel.objects.get(municipality=valdemarsvik_plan.municipality, key="inriktningsmal")
    goal.save()  # moved to another level: that is a change of the plan
    (kind,) = plan_diff(before, plan_snapshot(valdemarsvik_plan))
    assert [change.label for change in kind.changed[0].changes] == ["Nivå"]
