"""A unit's reports sent for approval to the head of the unit above, returned, sent again, approved."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from styrkedja.approvals.choices import ApprovalAction, ApprovalState
from styrkedja.approvals.models import ApprovalStep
from styrkedja.approvals.selectors import unit_approval
from styrkedja.approvals.services import approval_setting_set
from styrkedja.assignments.models import Assignment
from styrkedja.assignments.services import assignment_report_set
from styrkedja.audit.models import AuditEntry
from styrkedja.followup.services import activity_report_set, goal_report_set
from styrkedja.goals.models import Goal
from styrkedja.tenancy.choices import Role, UnitKind
from styrkedja.tenancy.models import Membership, OrgUnit


class Organisation:
    """A board, its department (Ekonomiavdelningen) with a unit below it (Löneenheten), and a unit
    beside the department (IT-enheten); a rapportör for each, a controller and a läsare."""

    def __init__(self, build_plan, slug: str = "testkommun"):
        self.builder = build_plan(slug)
        self.municipality = self.builder.municipality
        self.plan = self.builder.plan
        self.period = self.builder.periods["T1"]
        self.department = self.builder.unit
        self.unit = OrgUnit.objects.create(
            municipality=self.municipality, name="Löneenheten", kind=UnitKind.UNIT, parent=self.department
        )
        self.beside = OrgUnit.objects.create(
            municipality=self.municipality, name="IT-enheten", kind=UnitKind.UNIT, parent=self.builder.board
        )
        self.head = self.member(f"{slug}-loneenheten", Role.REPORTER, self.unit)
        self.department_head = self.member(f"{slug}-ekonomi", Role.REPORTER, self.department)
        self.other_reporter = self.member(f"{slug}-it", Role.REPORTER, self.beside)
        self.controller = self.member(f"{slug}-controller", Role.CONTROLLER)
        self.administrator = self.member(f"{slug}-administrator", Role.ADMINISTRATOR)
        self.reader = self.member(f"{slug}-lasare", Role.READER)
        goal = self.builder.goal("1")
        self.activity = self.builder.activity(goal, title="Införa nytt lönesystem")
        self.activity.responsible_unit = self.unit
        self.activity.save()
        self.goal = Goal.objects.create(
            municipality=self.municipality,
            plan=self.plan,
            level=self.builder.sub_level,
            parent=goal,
            key="1.1",
            text="Lönerna betalas rätt",
            responsible_unit=self.unit,
        )
        self.department_activity = self.builder.activity(goal, title="Budgetprocessen")

    def member(self, username: str, role: str, *units) -> object:
        user = get_user_model().objects.create_user(username=username, password="x", first_name=username)
        membership = Membership.objects.create(user=user, municipality=self.municipality, role=role)
        membership.units.set(units)
        return user

    def client(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def url(self, name: str, unit: OrgUnit | None = None) -> str:
        args = [self.plan.board.slug, self.plan.year, self.period.code, (unit or self.unit).pk]
        return reverse(f"approvals:{name}", args=args)

    def page(self, name: str) -> str:
        return reverse(name, args=[self.plan.board.slug, self.plan.year, self.period.code])

    def state(self, unit: OrgUnit | None = None) -> str:
        return unit_approval(period=self.period, unit=unit or self.unit).state

    def report(self, comment: str) -> None:
        activity_report_set(
            activity=self.activity, period=self.period, status="ongoing", comment=comment, user=self.head
        )


@pytest.fixture
def org(build_plan) -> Organisation:
    org = Organisation(build_plan)
    approval_setting_set(municipality=org.municipality, needed=True, user=org.administrator)
    return org


def _last_seen(org) -> int:
    return ApprovalStep.objects.filter(period=org.period, unit=org.unit).latest("created_at", "id").pk


def _prefix(org) -> str:
    return f"u{org.period.pk}-{org.unit.pk}-"


def test_send_return_send_approve_with_its_history(org):
    org.report("Upphandlingen är klar, införandet pågår.")
    goal_report_set(goal=org.goal, period=org.period, comment="Inga fel i årets löner.", user=org.head)
    head, approver = org.client(org.head), org.client(org.department_head)

    # Nothing sent yet: the head sees the unit on the report page with the send button.
    page = head.get(org.page("followup:report")).content.decode()
    assert "Godkännande av enhetens rapporter" in page and "Ej skickad" in page
    assert org.url("send") in page

    response = head.post(org.url("send"))
    assert response.status_code == 302 and response["Location"] == org.page("followup:report")
    assert org.state() == ApprovalState.SENT
    page = head.get(org.page("followup:report")).content.decode()
    assert "Skickad för godkännande" in page and f"till {org.department_head.first_name}" in page
    assert org.url("send") not in page  # waiting: not sent twice

    # The head of the unit above sees it, with the reports' texts.
    awaiting = approver.get(reverse("approvals:awaiting")).content.decode()
    assert "Löneenheten" in awaiting
    assert "Upphandlingen är klar, införandet pågår." in awaiting and "Inga fel i årets löner." in awaiting
    assert (
        "1 enhets rapporter väntar på ditt godkännande."
        in approver.get(reverse("followup:start")).content.decode()
    )

    # A return without a comment is refused at the field, and writes nothing.
    steps = ApprovalStep.objects.count()
    response = approver.post(
        org.url("return"), {_prefix(org) + "comment": "  ", _prefix(org) + "seen": _last_seen(org)}
    )
    assert response.status_code == 422
    assert "Skriv vad enheten ska ändra innan rapporterna returneras." in response.content.decode()
    assert ApprovalStep.objects.count() == steps and org.state() == ApprovalState.SENT

    response = approver.post(
        org.url("return"),
        {
            _prefix(org) + "comment": "Ange när lönesystemet tas i bruk.",
            _prefix(org) + "seen": _last_seen(org),
        },
    )
    assert response.status_code == 302
    assert org.state() == ApprovalState.RETURNED
    assert "Inga enheters rapporter väntar" in approver.get(reverse("approvals:awaiting")).content.decode()

    # The head sees the comment, fixes the report and sends again.
    page = head.get(org.page("followup:report")).content.decode()
    assert "Returnerad" in page and "Ange när lönesystemet tas i bruk." in page and org.url("send") in page
    org.report("Lönesystemet tas i bruk den 1 september.")
    assert head.post(org.url("send")).status_code == 302
    assert org.state() == ApprovalState.SENT

    awaiting = approver.get(reverse("approvals:awaiting")).content.decode()
    assert "Lönesystemet tas i bruk den 1 september." in awaiting
    response = approver.post(org.url("approve"), {_prefix(org) + "seen": _last_seen(org)})
    assert response.status_code == 302
    assert org.state() == ApprovalState.APPROVED

    # The history: every step a row, who and what, and each in the audit log.
    steps = list(ApprovalStep.objects.filter(period=org.period, unit=org.unit).order_by("created_at", "id"))
    assert [(step.action, step.created_by, step.comment) for step in steps] == [
        (ApprovalAction.SENT, org.head, ""),
        (ApprovalAction.RETURNED, org.department_head, "Ange när lönesystemet tas i bruk."),
        (ApprovalAction.SENT, org.head, ""),
        (ApprovalAction.APPROVED, org.department_head, ""),
    ]
    audited = AuditEntry.objects.filter(municipality=org.municipality, action__startswith="approvals.unit.")
    assert list(audited.order_by("created_at", "id").values_list("action", flat=True)) == [
        "approvals.unit.sent",
        "approvals.unit.returned",
        "approvals.unit.sent",
        "approvals.unit.approved",
    ]
    assert (
        audited.get(action="approvals.unit.returned").data["comment"] == "Ange när lönesystemet tas i bruk."
    )

    # The report page and the period page show the history; the controller sees the unit approved.
    page = head.get(org.page("followup:report")).content.decode()
    assert "Godkänd" in page and "Returnerades för ändring" in page and org.url("send") not in page
    period_page = org.client(org.controller).get(org.page("followup:period_detail")).content.decode()
    assert "Godkännande av enheternas rapporter" in period_page
    assert "1 av 2 enheter är godkända." in period_page  # Löneenheten approved, Ekonomiavdelningen not sent
    assert "Historik: Löneenheten" in period_page and "Ange när lönesystemet tas i bruk." in period_page


def test_a_report_changed_after_the_approval_shows_as_changed_until_sent_again(org):
    org.report("Pågår enligt plan.")
    org.client(org.head).post(org.url("send"))
    org.client(org.department_head).post(org.url("approve"))
    assert org.state() == ApprovalState.APPROVED
    org.report("Förseningar i upphandlingen.")
    approval = unit_approval(period=org.period, unit=org.unit)
    assert approval.state == ApprovalState.CHANGED and not approval.is_final and approval.may_be_sent
    period_page = org.client(org.controller).get(org.page("followup:period_detail")).content.decode()
    assert "Ändrad efter godkännandet" in period_page and "0 av 2 enheter är godkända." in period_page
    confirm = org.client(org.controller).post(org.page("followup:period_close")).content.decode()
    assert "2 enheters rapporter är inte godkända." in confirm
    assert org.client(org.head).post(org.url("send")).status_code == 302
    assert org.state() == ApprovalState.SENT


def test_the_units_assignments_are_among_its_reports(org):
    """An uppdrag of the unit is approved with its activities and goals: the approver reads its
    report, and a change of it after the approval shows the unit as changed."""
    assignment = Assignment.objects.create(
        plan=org.plan, key="lonerevision", title="Revidera lönepolicyn", responsible_unit=org.unit
    )
    assignment_report_set(
        assignment=assignment, period=org.period, status="ongoing", comment="Utkastet är klart.",
        prognosis="Beslut i oktober.", user=org.head,
    )  # fmt: skip
    org.client(org.head).post(org.url("send"))

    awaiting = org.client(org.department_head).get(reverse("approvals:awaiting")).content.decode()
    assert "Revidera lönepolicyn" in awaiting and "Utkastet är klart." in awaiting
    assert "Beslut i oktober." in awaiting
    org.client(org.department_head).post(org.url("approve"), {f"{_prefix(org)}seen": _last_seen(org)})
    assert org.state() == ApprovalState.APPROVED
    assignment_report_set(assignment=assignment, period=org.period, status="done", user=org.head)
    assert org.state() == ApprovalState.CHANGED


def test_only_the_units_rapportorer_and_managers_send(org, build_plan):
    refused = (org.reader, org.other_reporter, org.department_head)  # the head above approves, not sends
    for user in refused:
        assert org.client(user).post(org.url("send")).status_code == 403, user
    assert not ApprovalStep.objects.exists()
    other = Organisation(build_plan, "annan")
    approval_setting_set(municipality=other.municipality, needed=True)
    assert org.client(other.controller).post(org.url("send")).status_code == 404
    assert org.client(other.head).post(org.url("send")).status_code == 404
    assert not ApprovalStep.objects.exists()
    assert org.client(org.controller).post(org.url("send"), {"back": "period"})["Location"] == org.page(
        "followup:period_detail"
    )
    assert ApprovalStep.objects.get().created_by == org.controller


def test_only_the_head_above_or_a_manager_approves(org, build_plan):
    org.client(org.head).post(org.url("send"))
    other = Organisation(build_plan, "annan")
    approval_setting_set(municipality=other.municipality, needed=True)
    for user, status in (
        (org.head, 403),  # the sender, head of the own unit
        (org.other_reporter, 403),  # a rapportör elsewhere
        (org.reader, 403),
        (other.controller, 404),  # another municipality
        (other.department_head, 404),
    ):
        for name, data in (("approve", {}), ("return", {_prefix(org) + "comment": "Fel."})):
            assert org.client(user).post(org.url(name), data).status_code == status, (user, name)
    assert org.state() == ApprovalState.SENT
    assert (
        "Löneenheten"
        not in org.client(org.other_reporter).get(reverse("approvals:awaiting")).content.decode()
    )
    # A manager may approve any unit.
    assert org.client(org.controller).post(org.url("approve")).status_code == 302
    assert org.state() == ApprovalState.APPROVED


def test_without_a_head_above_the_controller_approves(org):
    department = org.department  # under the board, which no rapportör is assigned to
    assert org.client(org.department_head).post(org.url("send", department)).status_code == 302
    approval = unit_approval(period=org.period, unit=department)
    assert approval.to_controller
    page = org.client(org.department_head).get(org.page("followup:report")).content.decode()
    assert "till controllern" in page
    # The department's own head does not approve it; the controller sees it awaiting.
    assert org.client(org.department_head).post(org.url("approve", department)).status_code == 403
    assert (
        "Ekonomiavdelningen" in org.client(org.controller).get(reverse("approvals:awaiting")).content.decode()
    )
    assert org.client(org.controller).post(org.url("approve", department)).status_code == 302
    assert org.state(department) == ApprovalState.APPROVED


def test_an_approval_of_a_send_the_approver_has_not_read_is_refused(org):
    head, approver = org.client(org.head), org.client(org.department_head)
    head.post(org.url("send"))
    seen = _last_seen(org)
    approver.post(org.url("return"), {_prefix(org) + "comment": "Komplettera.", _prefix(org) + "seen": seen})
    head.post(org.url("send"))
    response = approver.post(org.url("approve"), {_prefix(org) + "seen": seen}, follow=True)
    assert "har skickats på nytt sedan du öppnade sidan" in response.content.decode()
    assert org.state() == ApprovalState.SENT


def test_a_closed_period_is_neither_sent_nor_approved(org):
    org.client(org.head).post(org.url("send"))
    org.period.closed_at = org.period.opened_at
    org.period.save()
    response = org.client(org.controller).post(org.url("approve"), follow=True)
    assert "är inte öppen" in response.content.decode()
    assert org.state() == ApprovalState.SENT


def test_off_by_default_nothing_changes(build_plan):
    org = Organisation(build_plan)
    assert org.municipality.reports_need_approval is False
    org.report("Pågår.")
    for user, name in (
        (org.head, "followup:report"),
        (org.controller, "followup:period_detail"),
        (org.department_head, "followup:report"),
    ):
        page = org.client(user).get(org.page(name)).content.decode()
        assert "Godkännande" not in page and "godkännande" not in page, (user, name)
    assert (
        "godkänd" not in org.client(org.controller).post(org.page("followup:period_close")).content.decode()
    )
    assert org.client(org.head).post(org.url("send")).status_code == 403
    assert org.client(org.controller).post(org.url("approve")).status_code == 403
    awaiting = org.client(org.controller).get(reverse("approvals:awaiting"))
    assert awaiting.status_code == 200 and "det finns inget att godkänna" in awaiting.content.decode()
    assert not ApprovalStep.objects.exists()

    # Turned off after a send: the steps are kept, and the pages are again as without approval.
    approval_setting_set(municipality=org.municipality, needed=True)
    org.client(org.head).post(org.url("send"))
    assert (
        "väntar på ditt godkännande"
        in org.client(org.department_head).get(reverse("followup:start")).content.decode()
    )
    approval_setting_set(municipality=org.municipality, needed=False)
    assert ApprovalStep.objects.count() == 1
    assert (
        "godkännande" not in org.client(org.department_head).get(reverse("followup:start")).content.decode()
    )
    assert "godkännande" not in org.client(org.head).get(org.page("followup:report")).content.decode()
    assert org.client(org.department_head).post(org.url("approve")).status_code == 403


def test_the_administrator_sets_it_on_the_settings_page(build_plan):
    org = Organisation(build_plan)
    url = reverse("approvals:setting")
    assert org.client(org.controller).get(url).status_code == 403
    administrator = org.client(org.administrator)
    assert reverse("approvals:setting") in administrator.get(reverse("tenancy:index")).content.decode()
    assert administrator.post(url, {"reports_need_approval": "on"}).status_code == 302
    org.municipality.refresh_from_db()
    assert org.municipality.reports_need_approval is True
    entry = AuditEntry.objects.get(action="approvals.setting.changed")
    assert entry.data == {"reports_need_approval": [False, True]} and entry.user == org.administrator
    assert administrator.post(url, {}).status_code == 302
    org.municipality.refresh_from_db()
    assert org.municipality.reports_need_approval is False


def _queries(org, extra_units: int, url: str, first: int = 0) -> int:
    """The queries of ``url`` as the controller, after ``extra_units`` more units sent for approval."""
    controller = org.client(org.controller)
    for n in range(first, first + extra_units):
        unit = OrgUnit.objects.create(
            municipality=org.municipality, name=f"Enhet {n}", kind=UnitKind.UNIT, parent=org.builder.board
        )
        activity = org.builder.activity(None, title=f"Aktivitet {n}")
        activity.responsible_unit = unit
        activity.save()
        activity_report_set(activity=activity, period=org.period, status="done", comment="Klart.")
        org.member(f"chef-{n}", Role.REPORTER, unit)
        assert controller.post(org.url("send", unit)).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        assert controller.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["followup:period_detail", "approvals:awaiting"])
def test_the_pages_ask_no_more_with_more_units(org, build_plan, name):
    url = org.page(name) if name.startswith("followup") else reverse(name)
    few = _queries(org, 1, url)
    many = _queries(org, 5, url, first=1)
    assert many == few
