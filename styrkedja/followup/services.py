"""Writes of follow-up state: reports are added as new rows, periods closed and reopened."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styrkedja.activities.models import Activity
from styrkedja.audit.services import audit_log
from styrkedja.followup.choices import Assessment, ReportStatus
from styrkedja.followup.models import ActivityReport, FollowUpPeriod, GoalReport
from styrkedja.followup.selectors import activity_report_current, goal_report_current
from styrkedja.goals.models import Goal


class PeriodClosed(ValidationError):
    pass


def _lock_open_period(period: FollowUpPeriod) -> FollowUpPeriod:
    """Lock the period row so that a report cannot slip in while the period is being closed."""
    locked = FollowUpPeriod.objects.select_for_update().get(pk=period.pk)
    if locked.is_closed:
        raise PeriodClosed(
            _("Perioden %(period)s är stängd. Rapporter i en stängd period kan inte ändras.")
            % {"period": locked.name}
        )
    return locked


@transaction.atomic
def activity_report_set(
    *, activity: Activity, period: FollowUpPeriod, status: str, comment: str = "", user=None
) -> ActivityReport:
    """Report an activity's status and comment at a period. Unchanged input adds no row."""
    if period.plan_id != activity.plan_id:
        raise ValidationError(_("Perioden hör inte till aktivitetens plan."))
    if status not in ReportStatus.values:
        raise ValidationError(_("Okänd status ”%(status)s”.") % {"status": status})
    period = _lock_open_period(period)
    current = activity_report_current(activity=activity, period=period)
    if current and current.status == status and current.comment == comment:
        return current
    report = ActivityReport.objects.create(
        activity=activity, period=period, status=status, comment=comment, created_by=user
    )
    audit_log(
        municipality=activity.plan.municipality,
        action="followup.activity_report.set",
        obj=activity,
        user=user,
        data={
            "period": period.code,
            "status": [current.status if current else None, status],
            "comment": [current.comment if current else None, comment],
        },
    )
    return report


@transaction.atomic
def goal_report_set(
    *, goal: Goal, period: FollowUpPeriod, comment: str = "", assessment: str = "", user=None
) -> GoalReport:
    """Report a goal's comment and assessment at a period. Unchanged input adds no row."""
    if goal.plan_id != period.plan_id:
        raise ValidationError(_("Perioden hör inte till målets plan."))
    if assessment and assessment not in Assessment.values:
        raise ValidationError(_("Okänd bedömning ”%(assessment)s”.") % {"assessment": assessment})
    period = _lock_open_period(period)
    current = goal_report_current(goal=goal, period=period)
    if current and current.comment == comment and current.assessment == assessment:
        return current
    report = GoalReport.objects.create(
        goal=goal, period=period, comment=comment, assessment=assessment, created_by=user
    )
    audit_log(
        municipality=goal.municipality,
        action="followup.goal_report.set",
        obj=goal,
        user=user,
        data={
            "period": period.code,
            "comment": [current.comment if current else None, comment],
            "assessment": [current.assessment if current else None, assessment],
        },
    )
    return report


@transaction.atomic
def period_close(*, period: FollowUpPeriod, user=None) -> FollowUpPeriod:
    period = _lock_open_period(period)
    period.closed_at = timezone.now()
    period.save(update_fields=["closed_at"])
    audit_log(municipality=period.plan.municipality, action="followup.period.closed", obj=period, user=user)
    return period


@transaction.atomic
def period_reopen(*, period: FollowUpPeriod, reason: str, user=None) -> FollowUpPeriod:
    if not reason.strip():
        raise ValidationError(_("Ange ett skäl till att perioden öppnas igen."))
    period = FollowUpPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_closed:
        raise ValidationError(_("Perioden %(period)s är redan öppen.") % {"period": period.name})
    period.closed_at = None
    period.save(update_fields=["closed_at"])
    audit_log(
        municipality=period.plan.municipality,
        action="followup.period.reopened",
        obj=period,
        user=user,
        data={"reason": reason.strip()},
    )
    return period
