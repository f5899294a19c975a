"""Who is to be reminded of what, and who has been."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from styrkedja.followup.models import FollowUpPeriod
from styrkedja.followup.selectors import TodoPeriod, reporting_todo
from styrkedja.reminders.models import Reminder
from styrkedja.tenancy.choices import Role
from styrkedja.tenancy.models import Municipality


@dataclass
class Recipient:
    """A rapportör with something left to report at the period, and what."""

    user: object
    todo: TodoPeriod

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.username


@dataclass
class ReminderRound:
    """One period's reminders, before they are sent: who gets one, and who does not and why."""

    period: FollowUpPeriod
    to_send: list[Recipient] = field(default_factory=list)
    without_email: list[Recipient] = field(default_factory=list)
    reminded_today: list[Recipient] = field(default_factory=list)

    @property
    def anyone(self) -> bool:
        return bool(self.to_send or self.without_email or self.reminded_today)


def day_start(now: datetime.datetime) -> datetime.datetime:
    """The start of ``now``'s day in the site's time zone: "once a day" is by the calendar, so that
    a morning's scheduled run reminds again after yesterday afternoon's."""
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def reporters_of(municipality: Municipality) -> QuerySet:
    """The municipality's active rapportörer, with their memberships (which ``reporting_todo`` asks)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, membership__municipality=municipality, membership__role=Role.REPORTER)
        .select_related("membership")
        .order_by("last_name", "first_name", "username")
    )


def todo_by_period(*, municipality: Municipality) -> dict[int, list[Recipient]]:
    """Per open period (by id), the rapportörer with something left there and what: one reading of
    every rapportör's to-do list for all the municipality's periods at once."""
    found: dict[int, list[Recipient]] = {}
    for user in reporters_of(municipality):
        for todo in reporting_todo(user=user, municipality=municipality):
            found.setdefault(todo.period.pk, []).append(Recipient(user=user, todo=todo))
    return found


def reminder_round(
    *, period: FollowUpPeriod, now: datetime.datetime, recipients: list[Recipient] | None = None
) -> ReminderRound:
    """Who is to be reminded at ``period`` now (``recipients``: as ``todo_by_period`` found them,
    else read here). A closed or planned period reminds nobody."""
    result = ReminderRound(period=period)
    if not period.is_open:
        return result
    if recipients is None:
        recipients = todo_by_period(municipality=period.plan.municipality).get(period.pk, [])
    reminded = set(
        Reminder.objects.filter(period=period, sent_at__gte=day_start(now)).values_list("user_id", flat=True)
    )
    for recipient in recipients:
        if recipient.user.pk in reminded:
            result.reminded_today.append(recipient)
        elif not recipient.user.email:
            result.without_email.append(recipient)
        else:
            result.to_send.append(recipient)
    return result


def reminders_of_period(*, period: FollowUpPeriod) -> QuerySet[Reminder]:
    """Who was reminded of the period, and when, newest first (the period's page)."""
    return Reminder.objects.filter(period=period).select_related("user", "sent_by")
