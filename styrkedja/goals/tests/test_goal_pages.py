"""The goal page and the editing of a goal's texts, with history and protection against lost updates."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from styrkedja.audit.models import AuditEntry
from styrkedja.goals.models import Goal


def _first_kf_goal(mjolby_plan):
    return mjolby_plan.goals.get(level__key="kf", number="1")


def _edit_url(goal) -> str:
    return reverse("planning:edit", args=[goal.plan.board.slug, goal.plan.year, "mal", goal.pk])


def _form_data(client, url) -> dict:
    """The goal form as it was opened: every field's value, the fingerprint included."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[name] = value
    return data


def test_the_goal_page_shows_texts_indicators_activities_and_comments(client_as, mjolby_plan):
    goal = _first_kf_goal(mjolby_plan)
    page = client_as("mjolby-lasare").get(reverse("goals:detail", args=[goal.pk])).content.decode()

    assert goal.text in page
    assert goal.indicators.first().name in page
    assert all(activity.title[:50] in page for activity in goal.activities.all())
    assert goal.reports.get(period__code="T3").comment[:60] in page
    assert "Ändra målet" not in page  # a läsare does not edit


def test_a_controller_edits_the_texts_and_the_history_shows_before_and_after(client_as, mjolby_plan):
    goal = _first_kf_goal(mjolby_plan)
    client = client_as("mjolby-controller")
    url = _edit_url(goal)
    data = _form_data(client, url)
    data["motivation"] = "En ny motivering."

    response = client.post(url, data)

    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.motivation == "En ny motivering."
    entry = AuditEntry.objects.get(action="goals.goal.changed", object_id=str(goal.pk))
    assert list(entry.data) == ["motivation"]
    history = client.get(reverse("goals:detail", args=[goal.pk])).content.decode().split("Historik")[1]
    assert "En ny motivering." in history and "mjolby-controller" in history


def test_a_goal_cannot_be_left_without_both_its_text_and_its_title(client_as, mjolby_plan):
    goal = _first_kf_goal(mjolby_plan)
    client = client_as("mjolby-controller")
    url = _edit_url(goal)
    data = {**_form_data(client, url), "title": "", "text": "   "}

    response = client.post(url, data)

    assert response.status_code == 422
    assert "ett mål måste ha en måltext eller en rubrik" in response.content.decode()
    assert Goal.objects.get(pk=goal.pk).text == goal.text


def test_a_text_changed_in_between_is_not_overwritten(client_as, mjolby_plan):
    goal = _first_kf_goal(mjolby_plan)
    first, second = client_as("mjolby-controller"), client_as("mjolby-administrator")
    url = _edit_url(goal)
    base = _form_data(second, url)
    assert first.post(url, {**base, "motivation": "Förstas motivering"}).status_code == 302

    response = second.post(url, {**base, "motivation": "Andras motivering"})

    page = response.content.decode()
    assert response.status_code == 409
    assert "ändrades av någon annan" in page
    assert "Förstas motivering" in page and "Andras motivering" in page
    goal.refresh_from_db()
    assert goal.motivation == "Förstas motivering"


def test_a_reporter_may_not_edit_goal_texts(client_as, mjolby_plan):
    goal = _first_kf_goal(mjolby_plan)
    response = client_as("mjolby-rapportor").post(_edit_url(goal), {"text": "Nej"})
    assert response.status_code == 403
    goal.refresh_from_db()
    assert goal.text != "Nej"


def test_a_goal_without_activities_is_given_to_a_unit_whose_rapportor_then_reports_it(client_as, members):
    from styrkedja.audit.models import AuditEntry
    from styrkedja.plans.selectors import plan_get_by_name

    plan = plan_get_by_name(name="valdemarsvik/ks/2023")
    goal = plan.goals.filter(activities__isnull=True, parent__isnull=False).order_by("order", "id").first()
    unit = members["valdemarsvik-rapportor"].membership.units.get()
    t1 = plan.periods.get(code="T1")
    t1.opened_at, t1.closed_at = timezone.now(), None
    t1.save()
    reporter = client_as("valdemarsvik-rapportor")
    report_url = reverse("followup:goal_report", args=[goal.pk, "T1"])
    data = {
        f"g{goal.pk}-comment": "Arbetet har börjat.",
        f"g{goal.pk}-assessment": "",
        f"g{goal.pk}-reason": "",
    }
    assert reporter.post(report_url, data).status_code == 403  # not yet the unit's

    controller = client_as("valdemarsvik-controller")
    url = _edit_url(goal)
    texts = _form_data(controller, url)
    assert controller.post(url, {**texts, "responsible_unit": unit.pk}).status_code == 302

    goal.refresh_from_db()
    assert goal.responsible_unit == unit
    entry = AuditEntry.objects.get(action="goals.goal.changed", object_id=str(goal.pk))
    assert entry.data == {"responsible_unit": [None, unit.name]}
    start = reporter.get(reverse("followup:start")).content.decode()
    assert f"/rapport/mal/{goal.pk}/T1/" in start
    assert reporter.post(report_url, data).status_code == 302
    assert goal.reports.get().created_by == members["valdemarsvik-rapportor"]
    assert "Ansvarig enhet" in controller.get(reverse("goals:detail", args=[goal.pk])).content.decode()
