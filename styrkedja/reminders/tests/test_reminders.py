"""Reminders of what is left to report: by the scheduled command and from the period's page."""

from __future__ import annotations

import datetime
import io
import smtplib
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from styrkedja.audit.models import AuditEntry
from styrkedja.followup.models import ActivityReport, FollowUpPeriod, GoalReport
from styrkedja.reminders.models import Reminder
from styrkedja.tenancy.choices import Role, UnitKind
from styrkedja.tenancy.models import Membership, OrgUnit

BASE_URL = "https://styrkedja.example.se"  # settings_test's STYRKEDJA_BASE_URL


def at(day: int, hour: int = 9) -> datetime.datetime:
    """A moment in May 2024, in the site's time zone."""
    return timezone.make_aware(datetime.datetime(2024, 5, day, hour))


def member(municipality, username: str, role: str, units=(), email: str | None = None, **fields):
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.se" if email is None else email,
        first_name=username.capitalize(),
        **fields,
    )
    membership = Membership.objects.create(user=user, municipality=municipality, role=role)
    membership.units.set(units)
    return user


class Town:
    """A plan with two units: Ekonomi's two activities and Kultur's one, under two goals; T1 open,
    its last day 10 May 2024. Rapportörer: anna and bertil for Ekonomi (bertil without an e-mail
    address), cecilia for Kultur, david for Kultur but inactive; a controller."""

    def __init__(self, build_plan):
        builder = build_plan()
        # A board the demo municipalities have not: their controllers find no such plan.
        builder.board.slug = "bygg"
        builder.board.save()
        self.builder = builder
        self.municipality = builder.municipality
        self.plan = builder.plan
        self.period = builder.periods["T1"]
        self.period.due_on = datetime.date(2024, 5, 10)
        self.period.save()
        self.economy = builder.unit
        self.culture = OrgUnit.objects.create(
            municipality=self.municipality,
            name="Kulturenheten",
            kind=UnitKind.DEPARTMENT,
            parent=builder.board,
        )
        self.goal_one = builder.goal("1")
        self.goal_two = builder.goal("2")
        self.budget = builder.activity(self.goal_one, "Budgetuppföljning varje månad")
        self.ledger = builder.activity(self.goal_one, "Ny kontoplan")
        self.library = builder.activity(self.goal_two, "Meröppet bibliotek")
        self.library.responsible_unit = self.culture
        self.library.save()
        self.anna = member(self.municipality, "anna", Role.REPORTER, [self.economy])
        self.bertil = member(self.municipality, "bertil", Role.REPORTER, [self.economy], email="")
        self.cecilia = member(self.municipality, "cecilia", Role.REPORTER, [self.culture])
        self.david = member(self.municipality, "david", Role.REPORTER, [self.culture], is_active=False)
        self.controller = member(self.municipality, "carl", Role.CONTROLLER)
        self.reader = member(self.municipality, "lisa", Role.READER)

    def report_culture(self):
        """Kultur's activity and its goal reported: cecilia has nothing left."""
        ActivityReport.objects.create(activity=self.library, period=self.period, status="done")
        GoalReport.objects.create(goal=self.goal_two, period=self.period, comment="Klart.")

    def period_url(self, name: str) -> str:
        return reverse(name, args=[self.plan.board.slug, self.plan.year, self.period.code])

    def client(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture
def town(build_plan) -> Town:
    return Town(build_plan)


def send(*args: str, now: datetime.datetime) -> str:
    out = io.StringIO()
    with mock.patch("django.utils.timezone.now", return_value=now):
        call_command("send_reminders", "--municipality", "testkommun", *args, stdout=out)
    return out.getvalue()


def by_recipient() -> dict[str, mail.EmailMessage]:
    return {message.to[0]: message for message in mail.outbox}


def test_the_command_sends_each_rapportor_exactly_what_is_left(town):
    output = send(now=at(8))
    messages = by_recipient()
    assert set(messages) == {
        "anna@example.se",
        "cecilia@example.se",
    }  # bertil has no address, david is inactive
    anna, cecilia = messages["anna@example.se"].body, messages["cecilia@example.se"].body
    assert "Budgetuppföljning varje månad" in anna and "Ny kontoplan" in anna
    assert "Meröppet bibliotek" not in anna
    assert "Kommunfullmäktiges mål: Mål 1" in anna and "Mål 2" not in anna
    assert "Meröppet bibliotek" in cecilia and "Kommunfullmäktiges mål: Mål 2" in cecilia
    assert "Budgetuppföljning" not in cecilia and "Mål 1" not in cecilia
    assert "Sista dagen att rapportera är 2024-05-10." in anna
    assert (
        messages["anna@example.se"].subject
        == "Påminnelse: rapportera T1 – Kommunstyrelsen Verksamhetsplan 2024"
    )
    # The HTML alternative lists the same.
    html, kind = messages["anna@example.se"].alternatives[0]
    assert kind == "text/html" and "<li>Ny kontoplan</li>" in html
    assert "Påminnelser skickade till 2 rapportörer: Anna, Cecilia." in output
    assert "1 saknar e-postadress: Bertil." in output
    rows = {reminder.user.username: reminder for reminder in Reminder.objects.filter(period=town.period)}
    assert set(rows) == {"anna", "cecilia"}
    assert rows["anna"].items["activities"] == ["Budgetuppföljning varje månad", "Ny kontoplan"]
    assert rows["anna"].sent_by is None and rows["anna"].sent_at == at(8)
    entry = AuditEntry.objects.get(action="reminders.period.reminded", object_id=str(town.period.pk))
    assert entry.data["sent_to"] == ["anna", "cecilia"] and entry.data["without_email"] == ["bertil"]


def test_the_link_points_at_the_report_page_of_what_is_missing(town):
    send(now=at(8))
    report = reverse("followup:report", args=["bygg", 2024, "T1"])
    link = f"{BASE_URL}{report}?saknas=1"
    message = by_recipient()["anna@example.se"]
    assert link in message.body
    assert f'href="{link}"' in message.alternatives[0][0]


def test_nobody_done_is_reminded(town):
    town.report_culture()
    send(now=at(8))
    assert set(by_recipient()) == {"anna@example.se"}


def test_nobody_is_reminded_twice_in_a_day_and_again_the_next(town):
    send(now=at(8, 7))
    assert len(mail.outbox) == 2
    output = send(now=at(8, 23))
    assert len(mail.outbox) == 2
    assert "Påminnelser skickade till 0 rapportörer." in output
    assert "Redan påminda i dag, så ingen ny: Anna, Cecilia." in output
    send(now=at(9, 0) + datetime.timedelta(minutes=5))  # just after midnight: a new day
    assert len(mail.outbox) == 4
    assert Reminder.objects.filter(period=town.period).count() == 4


def test_a_reminder_from_the_page_counts_for_the_command(town):
    with mock.patch("django.utils.timezone.now", return_value=at(8, 10)):
        response = town.client(town.controller).post(town.period_url("reminders:send"), {"confirm": "1"})
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    send(now=at(8, 15))
    assert len(mail.outbox) == 2


def test_the_command_reminds_when_the_last_day_is_near_or_past(town):
    assert "0 rapportörer en påminnelse" in send(now=at(1))  # nine days before the last day
    assert mail.outbox == []
    send("--days", "9", now=at(1))
    assert len(mail.outbox) == 2
    send(now=at(20))  # ten days late
    assert len(mail.outbox) == 4
    body = mail.outbox[-1].body
    assert "Försenad: sista dagen att rapportera var 2024-05-10." in body


def test_the_command_skips_periods_without_a_last_day_and_closed_ones(town):
    town.period.due_on = None
    town.period.save()
    town.builder.periods["T2"].due_on = datetime.date(2024, 9, 15)
    town.builder.periods["T2"].closed_at = at(1)
    town.builder.periods["T2"].save()
    send("--days", "1000", now=at(8))
    assert mail.outbox == []


def test_a_months_period_reminds_nobody(town):
    month = FollowUpPeriod.objects.create(
        plan=town.plan, code="M05", name="Maj", ends_on=datetime.date(2024, 5, 31), opened_at=at(1),
        due_on=datetime.date(2024, 6, 5),
    )  # fmt: skip
    town.period.closed_at = at(1)
    town.period.save()
    output = send("--days", "1000", now=at(8))
    assert mail.outbox == [] and "Maj" not in output
    url = reverse("followup:period_detail", args=[town.plan.board.slug, town.plan.year, month.code])
    page = town.client(town.controller).get(url).content.decode()
    assert "inga påminnelser skickas" in page and "Skicka påminnelser" not in page


def test_a_dry_run_sends_and_writes_nothing(town):
    output = send("--dry-run", now=at(8))
    assert mail.outbox == [] and not Reminder.objects.exists()
    assert not AuditEntry.objects.filter(action="reminders.period.reminded").exists()
    assert "Påminnelser skulle skickas till 2 rapportörer: Anna, Cecilia." in output


def test_an_unknown_municipality_is_refused(db):
    with pytest.raises(CommandError, match="ingen kommun"):
        call_command("send_reminders", "--municipality", "ingenstans", stdout=io.StringIO())


def test_a_mail_server_that_refuses_is_named_and_nothing_recorded(town):
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=smtplib.SMTPException
    ):
        output = send(now=at(8))
    assert "E-postservern tog inte emot påminnelsen till: Anna, Cecilia." in output
    assert not Reminder.objects.exists()
    send(now=at(8, 12))  # the next run tries again
    assert len(mail.outbox) == 2


# The period's page ---------------------------------------------------------------------------------


def test_the_page_asks_first_naming_who_gets_one_and_who_has_no_address(town):
    response = town.client(town.controller).post(town.period_url("reminders:send"))
    body = response.content.decode()
    assert response.status_code == 200 and mail.outbox == []
    assert "2 rapportörer får en påminnelse" in body
    assert "anna@example.se" in body and "cecilia@example.se" in body
    assert "saknar e-postadress och får ingen påminnelse" in body and "Bertil" in body
    assert "David" not in body  # inactive
    assert "Skicka 2 påminnelser" in body


def test_the_page_sends_and_says_to_whom(town):
    client = town.client(town.controller)
    response = client.post(town.period_url("reminders:send"), {"confirm": "1"}, follow=True)
    body = response.content.decode()
    assert "Påminnelser skickade till 2 rapportörer: Anna, Cecilia. 1 saknar e-postadress: Bertil." in body
    assert set(by_recipient()) == {"anna@example.se", "cecilia@example.se"}
    link = "http://testserver" + reverse("followup:report", args=["bygg", 2024, "T1"]) + "?saknas=1"
    assert link in by_recipient()["anna@example.se"].body
    reminder = Reminder.objects.get(user=town.anna)
    assert reminder.sent_by == town.controller
    # The period's page shows who was reminded, when and by whom.
    page = client.get(town.period_url("followup:period_detail")).content.decode()
    assert "Skickade påminnelser" in page
    assert timezone.localtime(reminder.sent_at).strftime("%Y-%m-%d %H:%M") in page
    assert "<td>Anna</td>" in page and "<td>Carl</td>" in page
    # Asked again the same day: nobody gets a second.
    again = client.post(town.period_url("reminders:send"), {"confirm": "1"}, follow=True).content.decode()
    assert len(mail.outbox) == 2
    assert "Redan påminda i dag, så ingen ny: Anna, Cecilia." in again


def test_the_page_sends_nothing_for_a_closed_period(town):
    town.period.closed_at = timezone.now()
    town.period.save()
    client = town.client(town.controller)
    response = client.post(town.period_url("reminders:send"), {"confirm": "1"}, follow=True)
    assert "är stängd" in response.content.decode()
    assert mail.outbox == [] and not Reminder.objects.exists()
    page = client.get(town.period_url("followup:period_detail")).content.decode()
    assert "Skicka påminnelser" not in page


@pytest.mark.parametrize("who", ["anna", "reader"])
def test_only_a_manager_may_send(town, who):
    user = town.anna if who == "anna" else town.reader
    client = town.client(user)
    for data in ({}, {"confirm": "1"}):
        assert client.post(town.period_url("reminders:send"), data).status_code == 403
    assert mail.outbox == [] and not Reminder.objects.exists()
    assert "Skicka påminnelser" not in client.get(town.period_url("followup:period_detail")).content.decode()


def test_another_municipalitys_period_is_not_found(town, members):
    client = Client()
    client.force_login(members["mjolby-controller"])
    assert client.post(town.period_url("reminders:send"), {"confirm": "1"}).status_code == 404
    assert mail.outbox == [] and not Reminder.objects.exists()


# Overdue marks -------------------------------------------------------------------------------------


def test_an_overdue_period_is_marked_on_the_start_page_and_the_lists(town):
    town.period.due_on = timezone.localdate() - datetime.timedelta(days=1)
    town.period.save()
    client = town.client(town.anna)
    mark = '<strong class="badge badge--overdue">Försenad</strong>'
    start = client.get(reverse("followup:start")).content.decode()
    assert mark in start and "Skulle ha rapporterats senast" in start
    for name in ("followup:periods", "plans:list"):
        args = [town.plan.board.slug, town.plan.year] if name == "followup:periods" else []
        assert mark in client.get(reverse(name, args=args)).content.decode(), name
    assert mark in client.get(town.period_url("followup:report")).content.decode()
    # Not yet due: no mark.
    town.period.due_on = timezone.localdate()
    town.period.save()
    assert "Försenad" not in client.get(reverse("followup:start")).content.decode()


def test_the_admin_lists_reminders_and_changes_none(town):
    send(now=at(8))
    admin_user = get_user_model().objects.create_superuser("root", "root@example.se", "x")
    client = town.client(admin_user)
    listing = client.get(reverse("admin:reminders_reminder_changelist"))
    assert listing.status_code == 200 and "anna@example.se" in listing.content.decode()
    reminder = Reminder.objects.get(user=town.anna)
    change = client.post(
        reverse("admin:reminders_reminder_change", args=[reminder.pk]), {"email": "x@example.se"}
    )
    assert change.status_code == 403
    reminder.refresh_from_db()
    assert reminder.email == "anna@example.se"
