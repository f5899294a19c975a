"""The reminder e-mail: Swedish, as plain text with an HTML alternative."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from styrkedja.followup.models import FollowUpPeriod
from styrkedja.reminders.selectors import Recipient


def report_link(period: FollowUpPeriod, base_url: str) -> str:
    """The period's report page, showing only what is missing."""
    plan = period.plan
    path = reverse("followup:report", args=[plan.board.slug, plan.year, period.code])
    return f"{base_url.rstrip('/')}{path}?saknas=1"


def goal_text(goal) -> str:
    title = goal.title or goal.text
    return (
        f"{goal.level.name} {goal.number}: {title}".strip() if goal.number else f"{goal.level.name}: {title}"
    )


def listed_items(recipient: Recipient) -> dict[str, list[str]]:
    """What the e-mail lists, as texts: kept with the reminder, as it was when it was sent."""
    todo = recipient.todo
    return {
        "activities": [activity.title for activity in todo.activities],
        "goals": [goal_text(goal) for goal in todo.goals],
        # The assignments' follow-up adds them to the to-do list; until then there are none.
        "assignments": [str(assignment) for assignment in getattr(todo, "assignments", [])],
    }


def reminder_message(recipient: Recipient, *, base_url: str) -> EmailMultiAlternatives:
    period = recipient.todo.period
    plan = period.plan
    context = {
        "recipient": recipient,
        "item": recipient.todo,
        "period": period,
        "plan": plan,
        "link": report_link(period, base_url),
        "goal_texts": [goal_text(goal) for goal in recipient.todo.goals],
    }
    subject = _("Påminnelse: rapportera %(period)s – %(plan)s") % {
        "period": period.name,
        "plan": f"{plan.board} {plan.title}",
    }
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # a title's line break would be refused in a header
        body=render_to_string("reminders/email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.user.email],
    )
    message.attach_alternative(render_to_string("reminders/email.html", context), "text/html")
    return message
