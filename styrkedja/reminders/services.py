"""Sending the reminders of a period: from its page, or from the scheduled command."""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass, field

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from styrkedja.audit.services import audit_log
from styrkedja.followup.models import FollowUpPeriod
from styrkedja.followup.services import period_lock_open
from styrkedja.reminders.mail import listed_items, reminder_message
from styrkedja.reminders.models import Reminder
from styrkedja.reminders.selectors import Recipient, ReminderRound, reminder_round

logger = logging.getLogger(__name__)


@dataclass
class ReminderOutcome:
    """What a round did: sent (or, in a dry run, would have sent), and to whom not, and why."""

    period: FollowUpPeriod
    sent: list[Recipient] = field(default_factory=list)
    failed: list[Recipient] = field(default_factory=list)  # the mail server refused or did not answer
    without_email: list[Recipient] = field(default_factory=list)
    reminded_today: list[Recipient] = field(default_factory=list)
    dry_run: bool = False


@transaction.atomic
def reminders_send(
    *,
    period: FollowUpPeriod,
    base_url: str,
    user=None,
    now: datetime.datetime | None = None,
    recipients: list[Recipient] | None = None,
    dry_run: bool = False,
) -> ReminderOutcome:
    """E-mail every rapportör with something left at the open ``period`` what it is, with a link to
    the report page; nobody twice on one day (whether from the page or the command).

    ``user``: the controller who sends (None: the scheduled command). ``recipients``: as
    ``selectors.todo_by_period`` read them for many periods at once. The period's row is locked
    first, so that two rounds at the same moment (a page and the command) cannot both remind the
    same rapportör. Raises PeriodClosed or PeriodNotOpen for a period not open.
    """
    now = now or timezone.now()
    period = period_lock_open(period=period)
    plan_round: ReminderRound = reminder_round(period=period, now=now, recipients=recipients)
    outcome = ReminderOutcome(
        period=period,
        without_email=plan_round.without_email,
        reminded_today=plan_round.reminded_today,
        dry_run=dry_run,
    )
    if dry_run:
        outcome.sent = plan_round.to_send
        return outcome
    if plan_round.to_send:
        _send(plan_round.to_send, outcome, base_url=base_url, user=user, now=now)
    if outcome.sent or outcome.failed or outcome.without_email:
        audit_log(
            municipality=period.plan.municipality,
            action="reminders.period.reminded",
            obj=period,
            user=user,
            data={
                "sent_to": [recipient.user.username for recipient in outcome.sent],
                "failed": [recipient.user.username for recipient in outcome.failed],
                "without_email": [recipient.user.username for recipient in outcome.without_email],
                "by_command": user is None,
            },
        )
    return outcome


def _send(recipients: list[Recipient], outcome: ReminderOutcome, *, base_url: str, user, now) -> None:
    """One e-mail each, over one connection; a message the server refuses is named, not retried,
    and the others still go."""
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (smtplib.SMTPException, OSError):
        logger.warning("The mail server did not answer; no reminder was sent", exc_info=True)
        outcome.failed = list(recipients)
        return
    try:
        for recipient in recipients:
            message = reminder_message(recipient, base_url=base_url)
            try:
                connection.send_messages([message])
            except (smtplib.SMTPException, OSError):
                logger.warning("A reminder to %s was not sent", recipient.user.username, exc_info=True)
                outcome.failed.append(recipient)
                continue
            Reminder.objects.create(
                period=outcome.period,
                user=recipient.user,
                email=recipient.user.email,
                sent_at=now,
                sent_by=user if user is not None and user.is_authenticated else None,
                items=listed_items(recipient),
            )
            outcome.sent.append(recipient)
    finally:
        connection.close()
